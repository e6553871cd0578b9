//! Billing's parts: the markup editor (the partner's on the Billing page, a customer's own on
//! its page) and a customer's billing card — its markup, this month, past months, upcoming
//! renewals and its latest charges.

use crate::api::{self, ApiFailure};
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, format_date, submit};
use leptos::prelude::*;
use shared::billing::{monthly_totals, CustomerBilling, MarkupForm, Month};
use shared::i18n::{field_error_text, Msg};
use shared::subscription::Subscription;
use shared::Field;
use uuid::Uuid;

/// How many of a customer's latest charges its card lists.
const LATEST_CHARGES: usize = 10;

/// A markup input with its save button. `current` is the markup shown; `save` sends the typed
/// text and answers the field's refusal, if any; `reset` (a customer's own markup) offers going
/// back to the partner's.
#[component]
pub fn MarkupEditor(
    id: &'static str,
    current: Signal<String>,
    save: Callback<String, ()>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] busy: Signal<bool>,
    reset: Option<Callback<()>>,
) -> impl IntoView {
    let text = RwSignal::new(current.get_untracked());
    Effect::new(move |_| text.set(current.get()));
    let error_id = format!("{id}-error");
    view! {
        <form class="inline-form markup-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            save.run(text.get_untracked());
        }>
            <div class="field" class:field-invalid=move || error.get().is_some()>
                <label class="field-label" for=id>{tr(Msg::LabelMarkup)}</label>
                <input id=id class="input" type="text" inputmode="decimal" autocomplete="off"
                    aria-invalid=move || error.get().is_some().to_string() aria-describedby=error_id.clone()
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
            </div>
            <div class="inline-form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::MarkupSave)}</button>
                {reset.map(|reset| view! {
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| reset.run(())>{tr(Msg::MarkupUsePartners)}</button>
                })}
            </div>
        </form>
    }
}

/// The text of a markup field's refusal.
pub fn markup_error(failure: &ApiFailure, locale: shared::i18n::Locale) -> String {
    match failure {
        ApiFailure::Validation(fields) => fields
            .get(&Field::Markup)
            .map(|e| field_error_text(locale, Field::Markup, e))
            .unwrap_or_else(|| failure_text(failure, locale)),
        other => failure_text(other, locale),
    }
}

/// A customer's billing card (billing admins and global admins).
#[component]
pub fn CustomerBillingPanel(
    customer: Uuid,
    subscriptions: LocalResource<Result<Vec<Subscription>, ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let billing = LocalResource::new(move || api::customer_billing(customer));
    // Charges change with the subscriptions: reload when they do.
    Effect::new(move |loaded_before: Option<bool>| {
        let loaded = subscriptions.with(|s| s.is_some());
        if loaded_before == Some(true) && loaded {
            billing.refetch();
        }
        loaded
    });
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<String>);
    let saving = submit(move || {
        let markup = pending.get_untracked().unwrap_or_default();
        async move {
            match api::set_customer_markup(customer, &MarkupForm { markup }).await {
                Ok(_) => {
                    error.set(None);
                    toasts.show(Msg::MarkupSaved);
                    billing.refetch();
                }
                Err(f) => error.set(Some(markup_error(&f, i18n.locale()))),
            }
        }
    });
    let save = Callback::new(move |text: String| {
        pending.set(Some(text));
        saving.dispatch(());
    });
    let reset = Callback::new(move |()| {
        pending.set(Some(String::new()));
        saving.dispatch(());
    });
    let busy = Signal::from(saving.pending());
    view! {
        <section class="card billing-card" aria-labelledby="billing-title">
            <h2 class="table-title" id="billing-title">{tr(Msg::NavBilling)}</h2>
            {move || billing.get().map(|result| match result {
                Ok(b) => view! { <CustomerBillingBody billing=b subscriptions save reset error busy /> }.into_any(),
                Err(f) => view! { <p class="row-note">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn CustomerBillingBody(
    billing: CustomerBilling,
    subscriptions: LocalResource<Result<Vec<Subscription>, ApiFailure>>,
    save: Callback<String, ()>,
    reset: Callback<()>,
    error: RwSignal<Option<String>>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let markup = billing.markup;
    let own = billing.markup_override.is_some();
    let current = Signal::derive(move || {
        billing
            .markup_override
            .map(|m| m.to_string())
            .unwrap_or_default()
    });
    let months = monthly_totals(&billing.charges);
    let this_month = Month::of(crate::components::subscriptions::today_of(
        js_sys::Date::now(),
    ));
    let now = months.iter().find(|(m, ..)| *m == this_month).cloned();
    let past: Vec<_> = months
        .into_iter()
        .filter(|(m, ..)| *m != this_month)
        .collect();
    let latest: Vec<_> = billing.charges.into_iter().take(LATEST_CHARGES).collect();
    let renewals = move || {
        subscriptions
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.status.is_live() && s.auto_renew)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="billing-body">
            <p class="markup-now">{move || i18n.f(if own { Msg::MarkupIsOwn } else { Msg::MarkupIsPartners }, &[("markup", &markup.to_string())])}</p>
            <MarkupEditor id="customer-markup" current save error busy reset=own.then_some(reset) />
            <dl class="props billing-summary">
                <dt>{tr(Msg::BillingThisMonth)}</dt>
                <dd class="amount">{now.map(|(_, cost, price)| format!("{} · {}", price.display(), cost.display())).unwrap_or_else(|| "—".into())}</dd>
            </dl>
            <p class="row-note">{tr(Msg::BillingPriceThenCost)}</p>
            {(!past.is_empty()).then(|| view! {
                <h3 class="subheading">{tr(Msg::BillingPastMonths)}</h3>
                <div class="table-wrap"><table class="data-table compact-table">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ColMonth)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColCost)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColPrice)}</th>
                    </tr></thead>
                    <tbody>
                        {past.into_iter().map(|(month, cost, price)| view! {
                            <tr><td>{month.to_string()}</td><td class="cell-number">{cost.display()}</td><td class="cell-number">{price.display()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
            <h3 class="subheading">{tr(Msg::BillingUpcomingRenewals)}</h3>
            {move || {
                let list = renewals();
                if list.is_empty() {
                    return view! { <p class="empty-inline">{tr(Msg::BillingNoRenewals)}</p> }.into_any();
                }
                view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|s| {
                            let day = s.renews_on.to_string();
                            view! { <li>{move || format_date(&day, i18n.locale())}" — "{s.offer.clone()}" · "{s.period_total.display()}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!latest.is_empty()).then(|| view! {
                <h3 class="subheading">{tr(Msg::BillingLatestCharges)}</h3>
                <div class="table-wrap"><table class="data-table compact-table">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ColChargedOn)}</th>
                        <th scope="col">{tr(Msg::ColOffer)}</th>
                        <th scope="col">{tr(Msg::ColChargeKind)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::LabelQuantity)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColCost)}</th>
                        <th scope="col" class="cell-number">{tr(Msg::ColPrice)}</th>
                    </tr></thead>
                    <tbody>
                        {latest.into_iter().map(|c| {
                            let day = c.charged_on.to_string();
                            view! {
                                <tr>
                                    <td>{move || format_date(&day, i18n.locale())}</td>
                                    <td>{c.offer.clone()}</td>
                                    <td>{tr(c.kind.label())}</td>
                                    <td class="cell-number">{c.quantity}</td>
                                    <td class="cell-number">{c.amount.display()}</td>
                                    <td class="cell-number">{c.price.display()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            })}
        </div>
    }
}
