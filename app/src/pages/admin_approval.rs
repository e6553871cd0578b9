//! The page an admin-access request e-mail links to, for the customer's Global Administrator:
//! who asks, which roles and what each allows, for how long; approve or decline, and later end
//! an active relationship. No partner sign-in: the token comes in the URL fragment (never sent
//! to a server by the browser) and goes to the API in a request body.

use crate::api::{self, ApiFailure};
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{dead_link_text, format_date, link_token_signal, refusal_text, submit_with};
use leptos::prelude::*;
use shared::admin_relationship::{
    AdminApprovalDetails, AdminApprovalForm, AdminDecision, AdminRelationshipState,
};
use shared::i18n::Msg;
use shared::Field;

#[component]
pub fn AdminApprovalPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ApprovalTitle);
    let i18n = use_i18n();
    let token = link_token_signal();
    let details = crate::session::page_data(move || {
        let token = token.get();
        async move {
            if token.is_empty() {
                Err(ApiFailure::NotFound)
            } else {
                api::admin_approval_details(&token).await
            }
        }
    });
    // The answer given on this page, and the relationship as it then is.
    let answered = RwSignal::new(None::<(AdminDecision, AdminApprovalDetails)>);
    view! {
        <div class="narrow-page">
            <h1>{tr(Msg::ApprovalTitle)}</h1>
            {move || match (answered.get(), details.get()) {
                (Some((decision, now)), _) => {
                    let text = match decision {
                        AdminDecision::Approve => i18n.f(Msg::ApprovalApproved, &[("date", &now.ends_on.map(|d| format_date(&d.to_string(), i18n.locale())).unwrap_or_default())]),
                        AdminDecision::Decline => i18n.t(Msg::ApprovalDeclined).to_string(),
                        AdminDecision::Terminate => i18n.t(Msg::ApprovalTerminated).to_string(),
                    };
                    view! { <div class="card callout callout-success" role="status">{text}</div> }.into_any()
                }
                (None, None) => view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }.into_any(),
                (None, Some(Err(failure))) => view! {
                    <div class="card alert alert-error" role="alert" data-testid="dead-link">{move || dead_link_text(&failure, i18n.locale())}</div>
                }.into_any(),
                (None, Some(Ok(d))) => view! { <ApprovalForm details=d token=token.get_untracked() answered /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ApprovalForm(
    details: AdminApprovalDetails,
    token: String,
    answered: RwSignal<Option<(AdminDecision, AdminApprovalDetails)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let answering = submit_with(move |decision: AdminDecision| {
        let form = AdminApprovalForm {
            token: token.clone(),
            decision: decision.as_str().to_string(),
            name: name.get_untracked(),
        };
        async move {
            match api::answer_admin_approval(&form).await {
                Ok(now) => answered.set(Some((decision, now))),
                Err(ApiFailure::Validation(fields)) => {
                    name_error.set(fields.get(&Field::DisplayName).map(|e| {
                        shared::i18n::field_error_text(i18n.locale(), Field::DisplayName, e)
                    }))
                }
                Err(ApiFailure::Refused(code)) => {
                    failure.set(Some(refusal_text(code, i18n.locale())))
                }
                Err(other) => failure.set(Some(crate::ui::failure_text(&other, i18n.locale()))),
            }
        }
    });
    let busy = answering.pending();
    // The same rule as the server's: who answers must say who they are.
    let answer =
        move |decision: AdminDecision| {
            let check = AdminApprovalForm {
                decision: decision.as_str().to_string(),
                name: name.get_untracked(),
                ..Default::default()
            }
            .parse();
            match check {
                Err(fields) => {
                    name_error.set(fields.get(&Field::DisplayName).map(|e| {
                        shared::i18n::field_error_text(i18n.locale(), Field::DisplayName, e)
                    }));
                    crate::ui::focus_element("approver_name");
                }
                Ok(_) => {
                    name_error.set(None);
                    failure.set(None);
                    answering.dispatch(decision);
                }
            }
        };
    let AdminApprovalDetails {
        partner_name,
        company_name,
        display_name,
        roles,
        duration_days,
        auto_extend,
        state,
        ends_on,
    } = details;
    let intro_args = (
        partner_name,
        company_name.clone(),
        display_name.as_str().to_string(),
    );
    let active = state == AdminRelationshipState::Active;
    let ends = ends_on.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <section class="card">
            <p class="lead">{move || i18n.f(Msg::ApprovalIntro, &[("partner", &intro_args.0), ("company", &intro_args.1), ("name", &intro_args.2)])}</p>
            <h2>{tr(Msg::ApprovalRolesHeading)}</h2>
            <ul class="access-list role-descriptions">
                {roles.into_iter().map(|role| view! {
                    <li>
                        <strong>{move || role.name(i18n.locale())}</strong>
                        <span class="row-note">{move || role.description(i18n.locale())}</span>
                    </li>
                }).collect_view()}
            </ul>
            {if active {
                view! { <p>{move || i18n.f(Msg::ApprovalActive, &[("date", &format_date(&ends, i18n.locale()))])}</p> }.into_any()
            } else {
                view! {
                    <p>
                        {move || i18n.f(Msg::ApprovalDuration, &[("days", &duration_days.to_string())])}" "
                        {tr(if auto_extend { Msg::ApprovalAutoExtend } else { Msg::ApprovalNoAutoExtend })}
                    </p>
                }.into_any()
            }}
            <p class="row-note">{move || i18n.f(Msg::ApprovalOnlyGlobalAdmin, &[("company", &company_name)])}</p>
            {move || failure.get().map(|text| view! { <div class="alert alert-error" role="alert">{text}</div> })}
            <TextField id="approver_name" label=Msg::LabelYourName value=name
                on_input=Callback::new(move |v| name.set(v)) required=true autocomplete="name"
                error=name_error />
            <div class="form-actions">
                {if active {
                    view! {
                        <button type="button" class="btn btn-danger" disabled=move || busy.get()
                            on:click=move |_| answer(AdminDecision::Terminate)>{tr(Msg::ApprovalTerminate)}</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn" disabled=move || busy.get()
                            on:click=move |_| answer(AdminDecision::Decline)>{tr(Msg::Decline)}</button>
                        <button type="button" class="btn btn-primary" disabled=move || busy.get()
                            on:click=move |_| answer(AdminDecision::Approve)>{tr(Msg::Approve)}</button>
                    }.into_any()
                }}
            </div>
        </section>
    }
}
