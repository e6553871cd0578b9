//! One customer account. Right after creation it also shows the admin's temporary password,
//! once: it lives only in memory and is dropped when the page is left.

use crate::components::admin_password::AdminPasswordReset;
use crate::components::admin_relationships::AdminRelationshipsPanel;
use crate::components::billing::CustomerBillingPanel;
use crate::components::copy_button::CopyButton;
use crate::components::people_access::PeopleAccessCard;
use crate::components::relationship::RelationshipBadge;
use crate::components::relationship::{ending_text, InvitationPanel, RelationshipActions};
use crate::components::subscriptions::{blocking, SubscriptionsPanel};
use crate::components::support::CustomerSupportPanel;
use crate::i18n::{tr, use_i18n};
use crate::resources::customer_from_route;
use crate::session::{can, use_flash, Flash};
use crate::ui::{failure_text, format_date};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::api::Customer;
use shared::i18n::Msg;
use shared::relationship::Relationship;

#[component]
pub fn CustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let customer = customer_from_route();
    crate::resources::use_customer_title(customer, None);

    // A message from the page before (shown by `CustomerDetails` if it is about this
    // customer): shown once — a refetch after a change on this page must not repeat "Changes
    // saved." over that change's own message — and forgotten once the page is left.
    let flash = use_flash();
    let message = StoredValue::new(flash.get_untracked());
    on_cleanup(move || flash.set(None));

    view! {
        <p class="breadcrumb"><A href="/customers">{"← "}{tr(Msg::BackToList)}</A></p>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || {
                customer
                    .get()
                    .map(|result| match result {
                        Ok(c) => {
                            let message = message.try_update_value(Option::take).flatten();
                            view! {
                                <CustomerDetails customer=c message on_change=Callback::new(move |()| customer.refetch()) />
                            }.into_any()
                        }
                        Err(failure) => {
                            view! {
                                <div class="card alert alert-error" role="alert">
                                    {move || failure_text(&failure, i18n.locale())}
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

#[component]
fn CustomerDetails(
    customer: Customer,
    message: Option<Flash>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = customer;
    let subscriptions = crate::session::page_data({
        let id = c.id;
        move || crate::api::subscriptions(id)
    });

    let blocking_subscriptions = Signal::derive(move || {
        subscriptions
            .get()
            .and_then(|r| r.ok())
            .map(|list| blocking(&list))
            .unwrap_or_default()
    });
    let ended = c.relationship.is_read_only();
    // A reseller sees the customers its provider created for it; the provider keeps them.
    let served_for_provider = c.channel.as_ref().is_some_and(|ch| {
        crate::session::use_me()
            .get_untracked()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.id == ch.reseller.id)
    });
    let channel = c.channel.clone();
    let ending = ending_text(&c, i18n);
    let has_invitation = c.agreement.is_none() || c.relationship != Relationship::Active;
    let for_actions = c.clone();
    let admin_company = c.profile.company_name.to_string();
    let admin_contact = c.profile.contact_email.to_string();
    let admin_active = c.relationship.can_grant_admin_access();
    let admin_changed = RwSignal::new(0_u32);
    let support_contact = (
        shared::text::person_name(
            c.profile.contact_first_name.as_str(),
            c.profile.contact_last_name.as_str(),
        ),
        c.profile.contact_email.to_string(),
    );
    let message = message.filter(|f| match f {
        Flash::Created { id, .. } | Flash::Saved { id } => *id == c.id,
    });
    if matches!(message, Some(Flash::Saved { .. })) {
        crate::components::toast::use_toasts().show(Msg::ChangesSaved);
    }
    let country = c.country.clone();
    let state = c
        .profile
        .state
        .as_ref()
        .map(|s| c.country.state_display(s.as_str(), i18n.locale()));
    let created = c.created_at.clone();
    let address: Vec<String> = [
        Some(c.profile.address_line1.to_string()),
        c.profile.address_line2.as_ref().map(|l| l.to_string()),
        c.profile.address_line3.as_ref().map(|l| l.to_string()),
        Some(
            [
                Some(c.profile.city.to_string()),
                state,
                c.profile
                    .postal_code
                    .as_ref()
                    .map(|p| p.as_str().to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let contact_name = shared::text::person_name(
        c.profile.contact_first_name.as_str(),
        c.profile.contact_last_name.as_str(),
    );

    let agreement = c.agreement.clone();
    let id = c.id;
    view! {
        {match message {
            Some(Flash::Created { temporary_password: None, .. }) => Some(view! {
            <section class="card callout" role="status">
                <h2>{tr(Msg::CustomerCreated)}</h2>
                <p>{tr(Msg::CreatedEarlier)}</p>
            </section>
            }.into_any()),
            Some(Flash::Created { temporary_password: Some(password), .. }) => Some(view! {
            <section class="card callout callout-success" role="status">
                <h2>{tr(Msg::CustomerCreated)}</h2>
                <p>{tr(Msg::TempPasswordOnce)}</p>
                <dl class="secret">
                    <dt>{tr(Msg::AdminSignIn)}</dt>
                    <dd class="cell-mono">{c.admin_sign_in.clone()}</dd>
                    <dt>{tr(Msg::TempPassword)}</dt>
                    <dd class="value-with-copy">
                        <span class="cell-mono secret-value" data-testid="temporary-password">{password.clone()}</span>
                        <CopyButton text=password label=Msg::CopyTempPassword />
                    </dd>
                </dl>
            </section>
            }.into_any()),
            Some(Flash::Saved { .. }) | None => None,
        }}
        <div class="page-header">
            <div>
                <p class="eyebrow">{tr(Msg::CustomerDetails)}</p>
                <h1>{c.profile.company_name.to_string()}</h1>
                <p class="page-intro cell-mono">{c.domain.clone()}</p>
            </div>
            <div class="header-actions">
                <RelationshipBadge relationship=c.relationship />
                <Show when=move || can(Action::AuditLog)>
                    <a href=format!("/audit?customer={id}") class="btn">{tr(Msg::AuditTrail)}</a>
                </Show>
                <Show when=move || !ended && !served_for_provider && can(Action::EditBillingProfile)>
                    <A href=format!("/customers/{id}/edit") attr:class="btn">{tr(Msg::Edit)}</A>
                </Show>
            </div>
        </div>
        {channel.map(|ch| view! {
            <div class="card callout callout-info" role="note">
                <p>{move || i18n.f(Msg::ChannelCustomer, &[("provider", &ch.provider.name), ("reseller", &ch.reseller.name)])}</p>
                {served_for_provider.then(|| view! { <p><strong>{tr(Msg::ChannelReadOnly)}</strong></p> })}
            </div>
        })}
        {ended.then(|| view! {
            <div class="card callout callout-info" role="note">
                <p><strong>{tr(Msg::EndedReadOnly)}</strong></p>
                <p>{let ending = ending.clone(); move || ending.clone()}</p>
            </div>
        })}
        <div class="detail-grid">
            <section class="card">
                <h2>{tr(Msg::SectionAccount)}</h2>
                <dl class="props">
                    <dt>{tr(Msg::LabelCountry)}</dt>
                    <dd>{move || country.name(i18n.locale())}</dd>
                    <dt>{tr(Msg::CustomerId)}</dt>
                    <dd class="value-with-copy">
                        <span class="cell-mono">{c.id.to_string()}</span>
                        <CopyButton text=c.id.to_string() label=Msg::CopyCustomerId />
                    </dd>
                    <dt>{tr(Msg::TenantId)}</dt>
                    <dd class="value-with-copy">
                        <span class="cell-mono">{c.tenant_id.to_string()}</span>
                        <CopyButton text=c.tenant_id.to_string() label=Msg::CopyTenantId />
                    </dd>
                    <dt>{tr(Msg::AdminSignIn)}</dt>
                    <dd class="cell-mono">{c.admin_sign_in.clone()}</dd>
                    {(c.relationship == Relationship::Active && !served_for_provider).then(|| {
                        let company = c.profile.company_name.to_string();
                        view! {
                            <Show when=move || can(Action::CreateCustomers)>
                                <dd class="props-action">
                                    <AdminPasswordReset customer=id company=company.clone() />
                                </dd>
                            </Show>
                        }
                    })}
                    <dt>{tr(Msg::LabelLanguage)}</dt>
                    <dd>{c.profile.language.native_name()}</dd>
                    <dt>{tr(Msg::ColCreated)}</dt>
                    <dd>{move || format_date(&created, i18n.locale())}</dd>
                    {agreement.map(|agreement| view! {
                        <dt>{tr(Msg::SectionAgreement)}</dt>
                        <dd>{move || i18n.f(Msg::AgreementAcceptedBy, &[
                            ("name", &shared::text::person_name(agreement.first_name.as_str(), agreement.last_name.as_str())),
                            ("email", agreement.email.as_str()),
                            ("date", &format_date(&agreement.accepted_on.to_string(), i18n.locale())),
                        ])}</dd>
                    })}
                    {c.profile.registration_number.as_ref().map(|r| view! {
                        <dt>{tr(Msg::LabelRegistrationNumber)}</dt>
                        <dd>{r.to_string()}</dd>
                    })}
                </dl>
            </section>
            <section class="card">
                <h2>{tr(Msg::SectionAddress)}</h2>
                <address class="address">
                    {address.into_iter().map(|line| view! { <span>{line}</span> }).collect_view()}
                </address>
            </section>
            <section class="card">
                <h2>{tr(Msg::SectionContact)}</h2>
                <dl class="props">
                    <dt>{tr(Msg::Contact)}</dt>
                    <dd>{contact_name}</dd>
                    <dt>{tr(Msg::LabelEmail)}</dt>
                    <dd>{c.profile.contact_email.to_string()}</dd>
                    {c.profile.contact_phone.as_ref().map(|p| view! {
                        <dt>{tr(Msg::LabelPhone)}</dt>
                        <dd>{p.to_string()}</dd>
                    })}
                </dl>
            </section>
            {(has_invitation && !served_for_provider).then(|| view! { <InvitationPanel customer=id on_change /> })}
        </div>
        {(!served_for_provider).then(|| view! {
            <SubscriptionsPanel customer=id country=c.country.clone() sellable=c.relationship == Relationship::Active subscriptions read_only=ended />
            <Show when=move || can(Action::Billing)>
                <CustomerBillingPanel customer=id subscriptions />
            </Show>
            <Show when=move || can(Action::SupportRequests)>
                <CustomerSupportPanel customer=id contact_name=support_contact.0.clone() contact_email=support_contact.1.clone() />
            </Show>
            <AdminRelationshipsPanel customer=id company=admin_company.clone() contact_email=admin_contact.clone() active=admin_active changed=admin_changed />
            <PeopleAccessCard customer=id changed=admin_changed />
            <RelationshipActions customer=for_actions blocking_subscriptions on_change=Callback::new(move |()| {
                subscriptions.refetch();
                on_change.run(());
            }) />
        })}
    }
}
