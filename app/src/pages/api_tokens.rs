//! API tokens (global admins): the partner's tokens, a new one (its secret shown once), revoke.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::code_choices::{toggled, CodeChoices};
use crate::components::shown_once::ShownOnce;
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::access::Role;
use shared::api_token::{ApiToken, CreatedApiToken, NewApiToken, TokenState, OFFERED_TOKEN_DAYS};
use shared::i18n::Msg;
use shared::Field;

/// The fields of "new token", in order.
const TOKEN_ORDER: [Field; 3] = [Field::Name, Field::Roles, Field::ExpiresInDays];

fn blank_token() -> NewApiToken {
    NewApiToken {
        expires_in_days: 90,
        ..NewApiToken::default()
    }
}

#[component]
pub fn ApiTokensPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavApiTokens);
    let i18n = use_i18n();
    let tokens = crate::session::page_data(api::api_tokens);
    let created = RwSignal::new(None::<CreatedApiToken>);
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavApiTokens)}</h1>
                <p class="page-intro">{tr(Msg::ApiTokensIntro)}</p>
            </div>
        </div>
        {move || created.get().map(|c| {
            let name = c.token.name.clone();
            let text = Signal::derive(move || i18n.f(Msg::TokenCreatedText, &[("name", &name)]));
            view! { <ShownOnce id="created-token" text secret=c.secret copy_label=Msg::CopyTokenSecret testid="token-secret" /> }
        })}
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || tokens.get().map(|result| match result {
                Ok(list) => view! { <TokenTable tokens=list on_change=Callback::new(move |()| tokens.refetch()) /> }.into_any(),
                Err(f) => view! {
                    <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
        <NewToken on_created=Callback::new(move |c: CreatedApiToken| {
            created.set(Some(c));
            tokens.refetch();
            crate::ui::focus_element("created-token");
        }) />
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiToken>, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<String>);
    let revoking = submit_with(move |id: uuid::Uuid| async move {
        match api::revoke_api_token(id).await {
            Ok(_) => {
                toasts.show(Msg::TokenRevokedDone);
                on_change.run(());
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    if tokens.is_empty() {
        return view! { <div class="card form-section"><p class="empty-note">{tr(Msg::NoTokens)}</p></div> }.into_any();
    }
    view! {
        {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
        <div class="card table-card">
            <table class="data-table" data-testid="tokens">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColThingName)}</th>
                        <th scope="col">{tr(Msg::ColToken)}</th>
                        <th scope="col">{tr(Msg::LabelTokenRoles)}</th>
                        <th scope="col">{tr(Msg::ColCreatedBy)}</th>
                        <th scope="col">{tr(Msg::ColExpires)}</th>
                        <th scope="col">{tr(Msg::ColLastUsed)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Msg::RevokeToken)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {tokens.into_iter().map(|token| {
                        let id = token.id;
                        let name = StoredValue::new(token.name.clone());
                        let roles = token.roles.clone();
                        let revoke = move |_| {
                            let question = i18n.f(Msg::RevokeTokenConfirm, &[("name", &name.get_value())]);
                            if crate::ui::confirmed(&question) {
                                error.set(None);
                                revoking.dispatch(id);
                            }
                        };
                        let badge = match token.state {
                            TokenState::Active => "badge badge-active",
                            _ => "badge badge-ended",
                        };
                        let active = token.state == TokenState::Active;
                        view! {
                            <tr class:row-disabled=!active>
                                <td class="cell-primary">{token.name.clone()}</td>
                                <td class="cell-mono" translate="no">{format!("{}…", token.prefix)}</td>
                                <td>{move || roles.iter().map(|r| i18n.t(r.label())).collect::<Vec<_>>().join(i18n.locale().list_separator())}</td>
                                <td>{token.created_by.clone()}</td>
                                <td class="cell-mono">{shared::audit::log_time(&token.expires_at)}</td>
                                <td class="cell-mono">{match token.last_used_at.as_deref() {
                                    Some(at) => shared::audit::log_time(at).into_any(),
                                    None => tr(Msg::TokenNeverUsed).into_any(),
                                }}</td>
                                <td><span class=badge>{tr(token.state.label())}</span></td>
                                <td class="cell-actions">
                                    <Show when=move || active>
                                        <button type="button" class="btn btn-small btn-danger" disabled=move || revoking.pending().get() on:click=revoke>
                                            {tr(Msg::RevokeToken)}
                                        </button>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewToken(on_created: Callback<CreatedApiToken>) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(blank_token(), &TOKEN_ORDER, NewApiToken::check);
    let failure = RwSignal::new(None::<ApiFailure>);
    let creating = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::create_api_token(&body).await {
                Ok(created) => {
                    form.reset(blank_token());
                    on_created.run(created);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = creating.pending();
    let send = form.on_submit(creating, failure);
    let day_options = Signal::derive(move || {
        OFFERED_TOKEN_DAYS
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    i18n.f(Msg::TokenDays, &[("days", &d.to_string())]),
                )
            })
            .collect()
    });
    view! {
        <form class="card form-section new-token" novalidate=true on:submit=send>
            <h2>{tr(Msg::NewTokenTitle)}</h2>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <div class="form-grid form-grid-2">
                <TextField id="name" label=Msg::LabelTokenName value=form.text(|f| &f.name) required=true
                    hint=Signal::derive(move || Some(i18n.t(Msg::TokenNameHint).to_string()))
                    on_input=Callback::new(move |v| form.update(|f| f.name = v))
                    on_blur=form.on_blur(Field::Name) error=form.error_text(Field::Name) />
                <SelectField id="expires_in_days" label=Msg::LabelTokenExpiry
                    value=Signal::derive(move || form.with(|f| f.expires_in_days.to_string()))
                    options=day_options required=true
                    on_change=Callback::new(move |v: String| form.update(|f| f.expires_in_days = v.parse().unwrap_or(0)))
                    error=form.error_text(Field::ExpiresInDays) />
            </div>
            <CodeChoices id="roles" legend=Msg::LabelTokenRoles class="token-roles"
                choices=Role::ALL
                    .iter()
                    .map(|&role| (role.as_str(), ViewFn::from(move || view! { <span class="role-name">{tr(role.label())}</span> })))
                    .collect()
                chosen=Signal::derive(move || form.with(|f| f.roles.clone()))
                on_toggle=Callback::new(move |(code, on): (&'static str, bool)| {
                    form.update(|f| toggled(&mut f.roles, code, on));
                    form.touch(Field::Roles);
                })
                error=form.error_text(Field::Roles) />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::CreateToken)}</button>
            </div>
        </form>
    }
}
