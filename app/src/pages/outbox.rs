//! The outbox: every e-mail sent for the partner, its status, and its text (with the link,
//! for when no mail server is configured).

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, format_date};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::outbox::{MailStatus, OutboxMessage};

fn status_badge(status: MailStatus) -> &'static str {
    match status {
        MailStatus::Queued => "badge badge-invited",
        MailStatus::Sent => "badge badge-active",
        MailStatus::Failed => "badge badge-expired",
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::OutboxTitle);
    let i18n = use_i18n();
    let outbox = crate::session::page_data(api::outbox);
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::OutboxTitle)}</h1>
                <p class="page-intro">{tr(Msg::OutboxIntro)}</p>
            </div>
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || outbox.get().map(|result| match result {
                Ok(outbox) => view! {
                    <Show when=move || !outbox.smtp_configured>
                        <div class="card callout callout-info" role="note">{tr(Msg::OutboxNoSmtp)}</div>
                    </Show>
                    {if outbox.messages.is_empty() {
                        view! { <div class="card empty-state"><p>{tr(Msg::OutboxEmpty)}</p></div> }.into_any()
                    } else {
                        view! {
                            <ul class="message-list">
                                {outbox.messages.into_iter().map(|m| view! { <MessageItem message=m /> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn MessageItem(message: OutboxMessage) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let created = message.created_at.clone();
    let body_id = format!("message-{}", message.id);
    let failure = message
        .last_error
        .clone()
        .filter(|_| message.status != MailStatus::Sent);
    let attempts = message.attempts;
    let links = links_in(&message.text_body);
    view! {
        <li class="card message">
            <div class="message-head">
                <div>
                    <p class="message-subject">{message.subject.clone()}</p>
                    <p class="row-note">{tr(Msg::ColRecipient)}": "{message.recipient.clone()}" · "{move || format_date(&created, i18n.locale())}</p>
                </div>
                <span class=status_badge(message.status)>{tr(message.status.label())}</span>
                <button type="button" class="btn btn-small" aria-expanded=move || open.get().to_string()
                    aria-controls=body_id.clone() on:click=move |_| open.update(|o| *o = !*o)>
                    {move || if open.get() { i18n.t(Msg::HideMessage) } else { i18n.t(Msg::ShowMessage) }}
                </button>
            </div>
            {failure.map(|error| view! {
                <p class="row-note text-danger">{move || i18n.f(Msg::MailAttempts, &[("count", &attempts.to_string()), ("error", &error)])}</p>
            })}
            <div id=body_id hidden=move || !open.get()>
                {(!links.is_empty()).then(|| view! {
                    <ul class="message-links" aria-label=tr(Msg::MessageLinks)>
                        {links.into_iter().map(|link| view! {
                            <li class="value-with-copy">
                                <a href=link.clone() class="cell-mono">{link.clone()}</a>
                                <CopyButton text=link label=Msg::CopyLink />
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {if message.confidential {
                    view! { <p class="row-note">{tr(Msg::OutboxConfidential)}</p> }.into_any()
                } else {
                    view! { <pre class="message-body">{message.text_body.clone()}</pre> }.into_any()
                }}
            </div>
        </li>
    }
}

/// The web addresses in a message's text, in order, each once: what a tester opens or copies
/// (the invitation link). Trailing punctuation of the sentence isn't part of the address.
pub fn links_in(text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_start_matches(['<', '(', '"', '\'']);
        if !(word.starts_with("https://") || word.starts_with("http://")) {
            continue;
        }
        let link = word.trim_end_matches(['.', ',', ';', ':', ')', '>', '"', '\'', '!', '?']);
        if !links.iter().any(|l| l == link) {
            links.push(link.to_string());
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::links_in;

    #[test]
    fn links_are_found_without_the_sentence_around_them() {
        let text = "Open https://pd.example/invitation#token=abc. Or (http://a.example/x), \
                    again https://pd.example/invitation#token=abc\nhttps: not a link";
        assert_eq!(
            links_in(text),
            [
                "https://pd.example/invitation#token=abc",
                "http://a.example/x"
            ]
        );
        assert!(links_in("no links here").is_empty());
    }
}
