//! The relationship parts of a customer's page: its invitation, ending the
//! relationship (a confirmation dialog that names the company) and removing a customer that
//! never became active.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::invitation::{invitation_badge, InvitationActions};
use crate::components::toast::use_toasts;
use crate::components::SelectField;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, format_date, submit};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::access::Action;
use shared::api::Customer;
use shared::i18n::Msg;
use shared::invitation::InvitationState;
use shared::relationship::Relationship;
use shared::relationship::{EndReason, EndRelationshipForm, REASON_TEXT_MAX};
use shared::subscription::SubscriptionStatus;
use shared::Field;
use uuid::Uuid;

/// The fields of the end-relationship dialog, in order.
const END_ORDER: [Field; 2] = [Field::EndReason, Field::EndReasonText];

/// The customer's invitation, if it has one.
#[component]
pub fn InvitationPanel(customer: Uuid, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let invitation = crate::session::page_data(move || api::customer_invitation(customer));
    let changed = Callback::new(move |()| {
        invitation.refetch();
        on_change.run(());
    });
    move || {
        invitation.get().and_then(|r| r.ok()).map(|inv| {
            let sent = inv.last_sent_at.clone();
            let expires = inv.expires_at.clone();
            let state = inv.state;
            let email = inv.email.to_string();
            let admin_access = inv.admin_access.clone().filter(|_| state == InvitationState::Pending);
            view! {
                <section class="card">
                    <h2>{tr(Msg::InvitationOfCustomer)}</h2>
                    <dl class="props">
                        <dt>{tr(Msg::ColState)}</dt>
                        <dd><span class=invitation_badge(state)>{tr(state.label())}</span></dd>
                        <dt>{tr(Msg::ColEmail)}</dt>
                        <dd>{email}</dd>
                        <dt>{tr(Msg::ColSent)}</dt>
                        <dd>{move || format_date(&sent, i18n.locale())}</dd>
                        <Show when=move || state != InvitationState::Accepted>
                            <dt>{tr(Msg::ColExpires)}</dt>
                            <dd>{let expires = expires.clone(); move || format_date(&expires, i18n.locale())}</dd>
                        </Show>
                        {admin_access.map(|name| view! {
                            // Asked for when the customer accepts.
                            <dt>{tr(Msg::InvitationAdminAccess)}</dt>
                            <dd>{name}</dd>
                        })}
                    </dl>
                    <InvitationActions invitation=inv on_change=changed />
                </section>
            }
        })
    }
}

/// End relationship / remove customer, for those whose role allows it.
#[component]
pub fn RelationshipActions(
    customer: Customer,
    /// The subscriptions that aren't cancelled or expired: their offers and states.
    blocking_subscriptions: Signal<Vec<(String, SubscriptionStatus)>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let form = BoundForm::checked_by(
        EndRelationshipForm::default(),
        &END_ORDER,
        EndRelationshipForm::check,
    );
    let failure = RwSignal::new(None::<String>);
    let id = customer.id;
    let company = customer.profile.company_name.to_string();
    let relationship = customer.relationship;

    let open_dialog = move || {
        form.reset(EndRelationshipForm::default());
        failure.set(None);
        if let Some(d) = dialog.get_untracked() {
            let _ = d.show_modal();
        }
        crate::ui::focus_now("end_reason");
    };
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let company_for_end = company.clone();
    let end = submit(move || {
        let body = form.get_untracked();
        let company = company_for_end.clone();
        async move {
            match api::end_relationship(id, &body).await {
                Ok(_) => {
                    close();
                    toasts.show_with(Msg::RelationshipEnded, &[("company", &company)]);
                    on_change.run(());
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(f) => failure.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let busy = end.pending();
    let end_submitted = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.ready_to_send() {
            end.dispatch(());
        }
    };
    let company_for_remove = company.clone();
    let company_removed = company_for_remove.clone();
    let send_remove = submit(move || {
        let company = company_removed.clone();
        let navigate = navigate.clone();
        async move {
            match api::remove_customer(id).await {
                Ok(()) => {
                    toasts.show_with(Msg::CustomerRemoved, &[("company", &company)]);
                    navigate("/customers", Default::default());
                }
                Err(f) => failure.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let remove = Callback::new(move |()| {
        let question = i18n.f(Msg::ConfirmRemove, &[("company", &company_for_remove)]);
        if !crate::ui::confirmed(&question) {
            return;
        }
        send_remove.dispatch(());
    });
    let removing = send_remove.pending();
    let error_of = move |field: Field| form.error_text(field);
    let reason_options = Signal::derive(move || {
        EndReason::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), i18n.t(r.label()).to_string()))
            .collect::<Vec<_>>()
    });
    let (title_company, button_company) = (company.clone(), company.clone());
    let text_company = company.clone();
    // The state machine the server checks too (shared::relationship).
    let (may_end, removable) = (relationship.can_end(), relationship.can_remove());

    view! {
        <Show when=move || can(Action::EndRelationship) && (may_end || removable)>
            <section class="card danger-zone">
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
                <Show when=move || may_end>
                    <Show when=move || blocking_subscriptions.with(|b| !b.is_empty())>
                        <p class="row-note">{move || i18n.f(Msg::EndBlockedBySubscriptions, &[("count", &blocking_subscriptions.with(Vec::len).to_string())])}</p>
                        // Each one links to its row in the subscriptions above (an in-page link).
                        <ul class="plain-list blocking-list">
                            {move || blocking_subscriptions.get().into_iter().map(|(offer, status)| view! {
                                <li><a href="#subscriptions" rel="external">{offer}" ("{tr(status.label())}")"</a></li>
                            }).collect_view()}
                        </ul>
                    </Show>
                    <button type="button" class="btn btn-danger" aria-haspopup="dialog" disabled=move || blocking_subscriptions.with(|b| !b.is_empty()) on:click=move |_| open_dialog()>
                        {tr(Msg::EndRelationship)}
                    </button>
                </Show>
                <Show when=move || removable>
                    <button type="button" class="btn btn-danger" disabled=move || removing.get() on:click=move |_| remove.run(())>{tr(Msg::RemoveCustomer)}</button>
                </Show>
            </section>
        </Show>
        <dialog node_ref=dialog class="dialog" aria-labelledby="end-title">
            <form novalidate=true on:submit=end_submitted>
                <h2 id="end-title">{move || i18n.f(Msg::EndRelationshipTitle, &[("company", &title_company)])}</h2>
                <p>{move || i18n.f(Msg::EndRelationshipText, &[("company", &text_company)])}</p>
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{f}</div> })}
                <SelectField id="end_reason" label=Msg::LabelEndReason
                    value=Signal::derive(move || form.with(|f| f.reason.clone()))
                    options=reason_options
                    on_change=Callback::new(move |v| form.update(|f| f.reason = v))
                    required=true error=error_of(Field::EndReason) />
                <div class="field" class:field-invalid=move || error_of(Field::EndReasonText).get().is_some()>
                    <label class="field-label" for="end_reason_text">{tr(Msg::LabelEndReasonText)}</label>
                    <textarea id="end_reason_text" rows="3" maxlength=REASON_TEXT_MAX
                        aria-invalid=move || error_of(Field::EndReasonText).get().is_some().to_string()
                        aria-describedby="end_reason_text-hint end_reason_text-error"
                        prop:value=move || form.with(|f| f.reason_text.clone())
                        on:input=move |ev| form.update(|f| f.reason_text = event_target_value(&ev))></textarea>
                    <p class="field-hint" id="end_reason_text-hint">{tr(Msg::HintEndReasonText)}</p>
                    <p class="field-error" id="end_reason_text-error">{move || error_of(Field::EndReasonText).get()}</p>
                </div>
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| close()>{tr(Msg::Cancel)}</button>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-danger-solid" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(Msg::Ending).to_string() } else { i18n.f(Msg::ConfirmEnd, &[("company", &button_company)]) }}
                    </button>
                </div>
            </form>
        </dialog>
    }
}

/// When and why an ended relationship ended.
pub fn ending_text(customer: &Customer, i18n: crate::i18n::I18n) -> Option<String> {
    customer.ending.as_ref().map(|e| {
        let mut reason = i18n.t(e.reason.label()).to_string();
        if let Some(text) = &e.reason_text {
            reason = format!("{reason} – {text}");
        }
        i18n.f(
            Msg::EndedOn,
            &[
                ("date", &format_date(&e.ended_at, i18n.locale())),
                ("reason", &reason),
            ],
        )
    })
}

#[component]
pub fn RelationshipBadge(relationship: Relationship) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{}", relationship.as_str())>{tr(relationship.label())}</span>
    }
}
