//! The page an invitation e-mail links to, for the customer's administrator: who asks, what
//! access it gets, and the acceptance. No partner sign-in. The token comes in the URL fragment
//! (never sent to a server by the browser) and goes to the API in a request body.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{dead_link_text, format_date, link_token_signal, submit};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::invitation::{AcceptInvitation, InvitationDetails};
use shared::Field;

/// The fields of the acceptance, in order.
const ACCEPT_ORDER: [Field; 3] = [
    Field::AgreementFirstName,
    Field::AgreementLastName,
    Field::Consent,
];

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::AcceptTitle);
    let i18n = use_i18n();
    let token = link_token_signal();
    let details = LocalResource::new(move || {
        let token = token.get();
        async move {
            if token.is_empty() {
                Err(ApiFailure::NotFound)
            } else {
                api::invitation_details(&token).await
            }
        }
    });
    let done = RwSignal::new(None::<InvitationDetails>);
    view! {
        <div class="narrow-page">
            <h1>{tr(Msg::AcceptTitle)}</h1>
            {move || match (done.get(), details.get()) {
                (Some(accepted), _) => view! {
                    <div class="card callout callout-success" role="status">
                        <p>{move || i18n.f(Msg::AcceptDone, &[("partner", &accepted.partner_name)])}</p>
                    </div>
                }.into_any(),
                (None, None) => view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }.into_any(),
                (None, Some(Err(failure))) => view! {
                    <div class="card alert alert-error" role="alert" data-testid="dead-link">{move || dead_link_text(&failure, i18n.locale())}</div>
                }.into_any(),
                (None, Some(Ok(d))) => view! { <AcceptForm details=d token=token.get_untracked() done /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn AcceptForm(
    details: InvitationDetails,
    token: String,
    done: RwSignal<Option<InvitationDetails>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(
        AcceptInvitation {
            token,
            ..AcceptInvitation::default()
        },
        &ACCEPT_ORDER,
        AcceptInvitation::check,
    );
    let failure = RwSignal::new(None::<String>);
    let error_of = move |field: Field| form.error_text(field);
    let partner = details.partner_name.clone();
    let company = details.company_name.to_string();
    let message = details.message.clone();
    let expires = details.expires_at.clone();

    let accepting = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::accept_invitation(&body).await {
                Ok(accepted) => done.set(Some(accepted)),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(dead_link_text(&other, i18n.locale()))),
            }
        }
    });
    let busy = accepting.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The same rules the server applies, first here.
        if form.ready_to_send() {
            failure.set(None);
            accepting.dispatch(());
        }
    };
    let (p1, p2, p3, c1, c2) = (
        partner.clone(),
        partner.clone(),
        partner.clone(),
        company.clone(),
        company.clone(),
    );
    view! {
        <section class="card">
            <p class="lead">{move || i18n.f(Msg::AcceptIntro, &[("partner", &p1), ("company", &c1)])}</p>
            <h2>{move || i18n.f(Msg::AcceptAccessHeading, &[("partner", &p2)])}</h2>
            <ul class="access-list">
                <li>{tr(Msg::AccessSubscriptions)}</li>
                <li>{tr(Msg::AccessBilling)}</li>
                <li>{tr(Msg::AccessSupport)}</li>
                <li>{tr(Msg::AccessAdmin)}</li>
            </ul>
            {(!message.is_empty()).then(|| view! {
                <h2>{move || i18n.f(Msg::AcceptMessageFrom, &[("partner", &p3)])}</h2>
                <blockquote class="quote">{message.clone()}</blockquote>
            })}
            <p class="row-note">{move || i18n.f(Msg::AcceptExpiresOn, &[("date", &format_date(&expires, i18n.locale()))])}</p>
        </section>
        <form class="card form-section" novalidate=true on:submit=submit>
            <h2>{move || i18n.f(Msg::AcceptYourName, &[("company", &c2)])}</h2>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
            <div class="form-grid">
                <TextField id="agreement_first_name" label=Msg::LabelFirstName value=form.text(|f| &f.first_name)
                    on_input=Callback::new(move |v| form.update(|f| f.first_name = v)) required=true error=error_of(Field::AgreementFirstName)
                    autocomplete="given-name" />
                <TextField id="agreement_last_name" label=Msg::LabelLastName value=form.text(|f| &f.last_name)
                    on_input=Callback::new(move |v| form.update(|f| f.last_name = v)) required=true error=error_of(Field::AgreementLastName)
                    autocomplete="family-name" />
            </div>
            <div class="field checkbox-field" class:field-invalid=move || error_of(Field::Consent).get().is_some()>
                <label>
                    <input type="checkbox" id="consent" prop:checked=move || form.with(|f| f.consent)
                        aria-invalid=move || error_of(Field::Consent).get().is_some().to_string()
                        aria-describedby="consent-error"
                        on:change=move |ev| form.update(|f| f.consent = event_target_checked(&ev)) />
                    " "{tr(Msg::AcceptConsent)}
                </label>
                <p class="field-error" id="consent-error">{move || error_of(Field::Consent).get()}</p>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::Accepting) } else { i18n.t(Msg::AcceptButton) }}
                </button>
            </div>
        </form>
    }
}
