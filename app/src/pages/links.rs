//! The channel: an indirect provider's resellers (invite one, end a link) or an indirect
//! reseller's providers (answer a request, end a link). Each side sees only its own links.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::toast::use_toasts;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, format_count, format_date, submit, submit_with};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::instance::ProgramRole;
use shared::referral::{LinkRequestForm, LinkState, PartnerLink};
use shared::Field;
use uuid::Uuid;

/// The badge class of a link state.
pub fn link_badge(state: LinkState) -> &'static str {
    match state {
        LinkState::Pending => "badge badge-invited",
        LinkState::Active => "badge badge-active",
        LinkState::Declined => "badge badge-revoked",
        LinkState::Ended => "badge badge-ended",
    }
}

#[component]
pub fn LinksPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let program = Memo::new(move |_| me.get().and_then(|r| r.ok()).map(|m| m.partner.program));
    let partner_id = Memo::new(move |_| me.get().and_then(|r| r.ok()).map(|m| m.partner.id));
    let links = crate::session::page_data(api::links);
    let refresh = Callback::new(move |()| links.refetch());
    let title = move || match program.get() {
        Some(ProgramRole::IndirectReseller) => i18n.t(Msg::LinksTitleReseller),
        _ => i18n.t(Msg::LinksTitleProvider),
    };
    crate::i18n::use_page_title(move || vec![title().to_string()]);
    let intro = move || match program.get() {
        Some(ProgramRole::IndirectReseller) => i18n.t(Msg::LinksIntroReseller),
        Some(ProgramRole::DirectReseller) => i18n.t(Msg::LinksNotForProgram),
        _ => i18n.t(Msg::LinksIntroProvider),
    };
    view! {
        <div class="page-header">
            <div>
                <h1>{title}</h1>
                <p class="page-intro">{intro}</p>
            </div>
        </div>
        <Show when=move || program.get() == Some(ProgramRole::IndirectProvider)>
            <LinkRequest on_sent=refresh />
        </Show>
        <Show when=move || program.get() == Some(ProgramRole::IndirectReseller)>
            <section class="card partner-id">
                <h2>{tr(Msg::YourPartnerId)}</h2>
                <p><code class="cell-mono" id="partner-id">{move || partner_id.get().map(|id| id.to_string())}</code></p>
            </section>
        </Show>
        <Show when=move || matches!(program.get(), Some(ProgramRole::IndirectProvider | ProgramRole::IndirectReseller))>
            <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
                {move || links.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! {
                        <div class="card empty-state">
                            <p>{move || if program.get() == Some(ProgramRole::IndirectReseller) { i18n.t(Msg::NoLinksReseller) } else { i18n.t(Msg::NoLinksProvider) }}</p>
                        </div>
                    }.into_any(),
                    Ok(list) => view! { <LinkTable links=list me=partner_id.get_untracked().unwrap_or_default() on_change=refresh /> }.into_any(),
                    Err(failure) => view! {
                        <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                    }.into_any(),
                })}
            </Transition>
        </Show>
    }
}

/// The provider's "invite a reseller" form.
#[component]
fn LinkRequest(on_sent: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let form = BoundForm::checked_by(
        LinkRequestForm::default(),
        &[Field::Reseller],
        LinkRequestForm::check,
    );
    let failure = RwSignal::new(None::<ApiFailure>);
    let sending = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::request_link(&body).await {
                Ok(link) => {
                    form.reset(LinkRequestForm::default());
                    toasts.show_with(Msg::LinkRequested, &[("name", &link.reseller.name)]);
                    on_sent.run(());
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = sending.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.ready_to_send() {
            failure.set(None);
            sending.dispatch(());
        }
    };
    view! {
        <form class="card form-section inline-form" novalidate=true on:submit=submit>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <TextField id=Field::Reseller.key() label=Msg::LabelResellerKey required=true
                value=form.text(|f| &f.reseller)
                on_input=Callback::new(move |v| form.update(|f| f.reseller = v))
                hint=Signal::derive(move || Some(i18n.t(Msg::HintResellerKey).to_string()))
                error=form.error_text(Field::Reseller) />
            <div class="inline-form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::SendLinkRequest)}</button>
            </div>
        </form>
    }
}

#[component]
fn LinkTable(links: Vec<PartnerLink>, me: Uuid, on_change: Callback<()>) -> impl IntoView {
    view! {
        <div class="card table-card">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColPartner)}</th>
                        <th scope="col">{tr(Msg::ColState)}</th>
                        <th scope="col">{tr(Msg::ColSince)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::NavCustomers)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColReferrals)}</th>
                        <th scope="col">{tr(Msg::ColActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {links.into_iter().map(|link| view! { <LinkRow link me on_change /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn LinkRow(link: PartnerLink, me: Uuid, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<String>);
    let i_am_reseller = link.reseller.id == me;
    let other = if i_am_reseller {
        link.provider.clone()
    } else {
        link.reseller.clone()
    };
    let (id, state) = (link.id, link.state);
    let since = link
        .responded_at
        .clone()
        .filter(|_| state == LinkState::Active)
        .unwrap_or(link.created_at.clone());
    let ended = link.ended_at.clone();
    let name = other.name.clone();
    let answer_name = name.clone();
    let answering = submit_with(move |answer: &'static str| {
        let name = answer_name.clone();
        async move {
            match api::answer_link(id, answer).await {
                Ok(_) => {
                    let toast = match answer {
                        "accept" => Msg::LinkAcceptedToast,
                        "decline" => Msg::LinkDeclinedToast,
                        _ => Msg::LinkEndedToast,
                    };
                    toasts.show_with(toast, &[("name", &name)]);
                    on_change.run(());
                }
                Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let busy = answering.pending();
    let act = Callback::new(move |answer: &'static str| {
        if answer == "end"
            && !crate::ui::confirmed(&i18n.f(Msg::EndLinkConfirm, &[("name", &name)]))
        {
            return;
        }
        answering.dispatch(answer);
    });
    view! {
        <tr>
            <td class="cell-primary">{other.name.clone()}</td>
            <td><span class=link_badge(state)>{tr(state.label())}</span></td>
            <td>
                {move || format_date(&since, i18n.locale())}
                {ended.clone().map(|at| view! { <div class="row-note">{move || format!("{} {}", i18n.t(Msg::LinkEnded), format_date(&at, i18n.locale()))}</div> })}
            </td>
            <td class="cell-number">{move || format_count(u64::from(link.customers), i18n.locale())}</td>
            <td class="cell-number">{move || format_count(u64::from(link.referrals), i18n.locale())}</td>
            <td class="cell-actions">
                <div class="row-actions">
                    <Show when=move || i_am_reseller && state == LinkState::Pending>
                        <button type="button" class="btn btn-small btn-primary" disabled=move || busy.get() on:click=move |_| act.run("accept")>{tr(Msg::AcceptLink)}</button>
                        <button type="button" class="btn btn-small" disabled=move || busy.get() on:click=move |_| act.run("decline")>{tr(Msg::DeclineLink)}</button>
                    </Show>
                    <Show when=move || state.is_open() && !(i_am_reseller && state == LinkState::Pending)>
                        <button type="button" class="btn btn-small btn-danger" disabled=move || busy.get() on:click=move |_| act.run("end")>{tr(Msg::EndLink)}</button>
                    </Show>
                </div>
                <p class="row-note" aria-live="polite">{move || error.get()}</p>
            </td>
        </tr>
    }
}
