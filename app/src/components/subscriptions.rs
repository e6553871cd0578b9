//! A customer's subscriptions on its page: ordering (offer → term and billing → seats → review),
//! and new commerce's changes — seats, auto-renew, suspend and resume, cancel — each row saying
//! whether fewer seats or a cancellation are possible now and, if not, from when.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::form::FormState;
use crate::i18n::{tr, use_i18n};
use crate::session::{can, use_me};
use crate::ui::{failure_text, format_date, new_idempotency_key, submit, submit_with};
use leptos::prelude::*;
use shared::access::Action;
use shared::date::{timestamp_text, CalendarDate};
use shared::i18n::{format_date_time, Locale, Msg};
use shared::instance::CloudInstance;
use shared::money::Currency;
use shared::regions::CountryCode;
use shared::subscription::{
    BillingCycle, ChangeWindow, OrderForm, Subscription, SubscriptionStatus, Term,
};
use shared::Field;
use uuid::Uuid;

/// The order form's fields, in order.
const ORDER_FIELDS: [Field; 4] = [
    Field::Offer,
    Field::Term,
    Field::BillingCycle,
    Field::Quantity,
];

/// Subscriptions in a loaded list that keep the relationship from ending (`blocks_ending`): their
/// offers and states.
pub fn blocking(subscriptions: &[Subscription]) -> Vec<(String, SubscriptionStatus)> {
    subscriptions
        .iter()
        .filter(|s| s.status.blocks_ending())
        .map(|s| (s.offer.clone(), s.status))
        .collect()
}

/// Why a seat count typed into a subscription's row would be refused — judged by the shared
/// rule the server applies, with the row's change window as the server last reported it — or
/// `None` to send it.
pub fn seats_refusal(sub: &Subscription, typed: &str, locale: Locale) -> Option<String> {
    use shared::subscription::{check_quantity_change, ChangeRefusal};
    let Ok(seats) = typed.trim().parse::<u32>() else {
        return Some(shared::i18n::field_error_text(
            locale,
            Field::Quantity,
            &shared::FieldError::InvalidFormat { hint: None },
        ));
    };
    let offer = shared::offer::offer(&sub.offer_id)?;
    match check_quantity_change(offer, sub.status, sub.quantity, seats, &sub.change_window) {
        Ok(_) => None,
        Err(ChangeRefusal::Quantity(e)) => {
            Some(shared::i18n::field_error_text(locale, Field::Quantity, &e))
        }
        Err(ChangeRefusal::WindowClosed { .. }) => Some(format!(
            "{} {}",
            locale.text(Msg::RefusedWindowClosed),
            window_text(&sub.change_window, locale).unwrap_or_default()
        )),
        Err(ChangeRefusal::NotAllowedIn(_)) => {
            Some(locale.text(Msg::RefusedSubscriptionNotChangeable).into())
        }
    }
}

/// What a live subscription's row says about fewer seats and cancellation.
pub fn window_text(window: &ChangeWindow, locale: Locale) -> Option<String> {
    match window {
        ChangeWindow::Open { closes_at: None } => None,
        ChangeWindow::Open {
            closes_at: Some(at),
        } => Some(locale.format(
            Msg::WindowOpenUntil,
            &[("time", &format_date_time(&timestamp_text(*at), locale))],
        )),
        ChangeWindow::Closed {
            reopens_on: Some(day),
        } => Some(locale.format(
            Msg::WindowReopens,
            &[("date", &format_date(&day.to_string(), locale))],
        )),
        ChangeWindow::Closed { reopens_on: None } => Some(locale.text(Msg::WindowNone).into()),
    }
}

fn badge_class(status: SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Active => "badge badge-active",
        SubscriptionStatus::Suspended => "badge badge-expired",
        SubscriptionStatus::Cancelled | SubscriptionStatus::Expired => "badge badge-ended",
    }
}

/// The partner's cloud instance (offers are sold per instance).
fn partner_instance() -> CloudInstance {
    use_me()
        .get_untracked()
        .and_then(|r| r.ok())
        .map_or(CloudInstance::Global, |me| me.partner.instance)
}

/// A change a row's button asks for.
#[derive(Clone, Copy)]
enum RowChange {
    Status(&'static str),
    AutoRenew(bool),
    Seats(u32),
}

/// The customer's subscriptions; ordering for active customers, changes for those who sell.
#[component]
pub fn SubscriptionsPanel(
    customer: Uuid,
    country: CountryCode,
    /// Whether the customer can be sold to (an active relationship).
    sellable: bool,
    subscriptions: LocalResource<Result<Vec<Subscription>, ApiFailure>>,
    read_only: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<String>);
    let ordering = RwSignal::new(false);
    let editing = RwSignal::new(None::<Uuid>);
    let seats = RwSignal::new(String::new());
    let send = submit_with(move |(sub, change): (Subscription, RowChange)| async move {
        let answer = match change {
            RowChange::Status(action) => api::change_subscription(customer, sub.id, action).await,
            RowChange::AutoRenew(on) => api::set_auto_renew(customer, sub.id, on).await,
            RowChange::Seats(n) => api::change_seats(customer, sub.id, n).await,
        };
        match answer {
            Ok(updated) => {
                error.set(None);
                editing.set(None);
                let status = i18n.t(updated.status.label()).to_string();
                toasts.show_with(
                    Msg::SubscriptionChanged,
                    &[("offer", &updated.offer), ("status", &status)],
                );
                subscriptions.refetch();
            }
            Err(ApiFailure::Validation(fields)) => error.set(
                fields
                    .get(&Field::Quantity)
                    .map(|e| shared::i18n::field_error_text(i18n.locale(), Field::Quantity, e)),
            ),
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let change = move |sub: Subscription, change: RowChange| {
        if matches!(change, RowChange::Status("cancel")) {
            let question = i18n.f(Msg::ConfirmCancelSubscription, &[("offer", &sub.offer)]);
            if !crate::ui::confirmed(&question) {
                return;
            }
        }
        send.dispatch((sub, change));
    };
    let changing = send.pending();
    let may = move || !read_only && can(Action::SellSubscriptions);
    let currency = Currency::of_country(&country);
    view! {
        <section class="card table-card subscriptions" id="subscriptions">
            <div class="table-title-row">
                <h2 class="table-title">{tr(Msg::SubscriptionsTitle)}</h2>
                <Show when=move || may() && sellable && !ordering.get()>
                    <button type="button" class="btn btn-small btn-primary" id="order-subscription"
                        on:click=move |_| { ordering.set(true); crate::ui::focus_element("offer"); }>{tr(Msg::OrderSubscription)}</button>
                </Show>
            </div>
            <Show when=move || ordering.get()>
                <OrderSubscriptionForm customer currency on_done=Callback::new(move |ordered: bool| {
                    ordering.set(false);
                    if ordered {
                        subscriptions.refetch();
                    }
                }) />
            </Show>
            <Show when=move || may() && !sellable>
                <p class="row-note not-sellable">{tr(Msg::OrderNotSellable)}</p>
            </Show>
            <p class="row-note" role="alert" aria-live="polite">{move || error.get()}</p>
            {move || subscriptions.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::SubscriptionsEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <div class="table-wrap">
                    <table class="data-table subscription-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(Msg::ColOffer)}</th>
                                <th scope="col">{tr(Msg::LabelQuantity)}</th>
                                <th scope="col">{tr(Msg::ColPeriodTotal)}</th>
                                <th scope="col">{tr(Msg::ColRenews)}</th>
                                <th scope="col">{tr(Msg::ColStatus)}</th>
                                <th scope="col">{tr(Msg::ColActions)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|sub| {
                                let status = sub.status;
                                let live = status.is_live();
                                let id = sub.id;
                                let window_open = sub.change_window.is_open();
                                let window = sub.change_window.clone();
                                let renews = sub.renews_on.to_string();
                                let auto_renew = sub.auto_renew;
                                let has_offer = !sub.offer_id.is_empty();
                                let row = StoredValue::new(sub.clone());
                                let act = move |c: RowChange| change(row.get_value(), c);
                                let quantity = sub.quantity;
                                view! {
                                    <tr data-offer=sub.offer_id.clone()>
                                        <td class="cell-primary">
                                            {sub.offer.clone()}
                                            <span class="row-note">{move || format!("{} · {}", i18n.t(sub.term.label()), i18n.t(sub.billing_cycle.label()))}</span>
                                        </td>
                                        <td class="cell-number">
                                            <Show when=move || editing.get() == Some(id) fallback=move || quantity>
                                                <form class="inline-form" novalidate=true on:submit=move |ev| {
                                                    ev.prevent_default();
                                                    let typed = seats.get_untracked();
                                                    match (row.with_value(|sub| seats_refusal(sub, &typed, i18n.locale())), typed.trim().parse::<u32>()) {
                                                        (None, Ok(n)) => act(RowChange::Seats(n)),
                                                        (refusal, _) => error.set(refusal),
                                                    }
                                                }>
                                                    <label class="visually-hidden" for="seats">{tr(Msg::LabelQuantity)}</label>
                                                    <input id="seats" type="number" min="1" class="input input-seats" prop:value=move || seats.get()
                                                        on:input=move |ev| seats.set(event_target_value(&ev)) />
                                                    <button type="submit" class="btn btn-small btn-primary" disabled=move || changing.get()>{tr(Msg::SeatsSave)}</button>
                                                    <button type="button" class="btn btn-small" on:click=move |_| editing.set(None)>{tr(Msg::Cancel)}</button>
                                                </form>
                                            </Show>
                                        </td>
                                        <td class="cell-number">{sub.period_total.display()}</td>
                                        <td>
                                            {move || format_date(&renews, i18n.locale())}
                                            <span class="row-note">{move || if !live { String::new() } else if auto_renew { i18n.t(Msg::AutoRenewOn).into() } else { i18n.t(Msg::AutoRenewOff).into() }}</span>
                                        </td>
                                        <td>
                                            <span class=badge_class(status)>{tr(status.label())}</span>
                                            {(status == SubscriptionStatus::Suspended).then(|| view! { <span class="row-note">{tr(Msg::SuspendedStillBilled)}</span> })}
                                        </td>
                                        <td class="cell-actions">
                                            <Show when=move || may() && live>
                                                <div class="row-actions">
                                                    {(status == SubscriptionStatus::Active && has_offer).then(|| view! {
                                                        <button type="button" class="btn btn-small" disabled=move || changing.get()
                                                            on:click=move |_| { seats.set(quantity.to_string()); editing.set(Some(id)); crate::ui::focus_element("seats"); }>{tr(Msg::ChangeSeats)}</button>
                                                    })}
                                                    <button type="button" class="btn btn-small" disabled=move || changing.get()
                                                        on:click=move |_| act(RowChange::AutoRenew(!auto_renew))>
                                                        {if auto_renew { tr(Msg::TurnAutoRenewOff) } else { tr(Msg::TurnAutoRenewOn) }}
                                                    </button>
                                                    {if status == SubscriptionStatus::Active {
                                                        view! { <button type="button" class="btn btn-small" disabled=move || changing.get() on:click=move |_| act(RowChange::Status("suspend"))>{tr(Msg::Suspend)}</button> }.into_any()
                                                    } else {
                                                        view! { <button type="button" class="btn btn-small" disabled=move || changing.get() on:click=move |_| act(RowChange::Status("resume"))>{tr(Msg::ResumeSubscription)}</button> }.into_any()
                                                    }}
                                                    {window_open.then(|| view! {
                                                        <button type="button" class="btn btn-small btn-danger" disabled=move || changing.get() on:click=move |_| act(RowChange::Status("cancel"))>{tr(Msg::CancelSubscription)}</button>
                                                    })}
                                                </div>
                                                <span class="row-note window-note">{let w = window.clone(); move || window_text(&w, i18n.locale())}</span>
                                            </Show>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any(),
                Err(f) => view! { <p class="row-note">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

/// Options of a select: (code, label) in the reader's language.
fn labelled<T: Copy>(
    items: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> Msg,
    locale: Locale,
) -> Vec<(String, String)> {
    items
        .iter()
        .map(|&i| (code(i).to_string(), locale.text(label(i)).to_string()))
        .collect()
}

/// The order form: offer, term, billing, seats, auto-renew, and a review of what it costs and
/// when it renews — priced by the same rules the server charges with. `on_done` says whether
/// an order went through.
#[component]
fn OrderSubscriptionForm(
    customer: Uuid,
    currency: Currency,
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let instance = partner_instance();
    let state = RwSignal::new(FormState::new(OrderForm {
        term: Term::P1Y.as_str().into(),
        billing_cycle: BillingCycle::Monthly.as_str().into(),
        quantity: "1".into(),
        auto_renew: true,
        ..Default::default()
    }));
    let verdict = Signal::derive(move || state.with(|s| s.values.check(instance)));
    let form = BoundForm::new(
        state,
        &ORDER_FIELDS,
        Signal::derive(move || verdict.with(|v| v.clone().err().unwrap_or_default())),
    );
    // One key per order being made: a retry after a lost answer orders nothing twice.
    let key = StoredValue::new(new_idempotency_key());
    let failure = RwSignal::new(None::<ApiFailure>);
    let today = today_of(js_sys::Date::now());
    let offer = Signal::derive(move || form.with(|f| shared::offer::offer(&f.offer)));
    let offers = Signal::derive(move || {
        shared::offer::offers_in(instance)
            .map(|o| (o.id.to_string(), o.name.to_string()))
            .collect::<Vec<_>>()
    });
    let terms = Signal::derive(move || {
        let terms = offer.get().map_or(&[][..], |o| o.terms);
        labelled(terms, Term::as_str, |t| t.label(), i18n.locale())
    });
    let cycles = Signal::derive(move || {
        let cycles = form
            .with(|f| Term::from_code(&f.term))
            .map_or(&[][..], |t| t.billing_cycles());
        labelled(cycles, BillingCycle::as_str, |c| c.label(), i18n.locale())
    });
    let choose_offer = move |id: String| {
        form.update(|f| {
            if let Some(o) = shared::offer::offer(&id) {
                if !o.terms.iter().any(|t| t.as_str() == f.term) {
                    f.term = o.terms[0].as_str().into();
                }
                if o.usage {
                    f.quantity = "1".into();
                }
            }
            f.offer = id;
        });
        form.touch(Field::Offer);
    };
    let choose_term = move |code: String| {
        form.update(|f| {
            if let Some(t) = Term::from_code(&code) {
                if !t
                    .billing_cycles()
                    .iter()
                    .any(|c| c.as_str() == f.billing_cycle)
                {
                    f.billing_cycle = t.billing_cycles()[0].as_str().into();
                }
            }
            f.term = code;
        });
        form.touch(Field::Term);
    };
    let sending = submit(move || {
        let order = verdict.get_untracked().ok().map(|o| o.request());
        async move {
            let Some(order) = order else { return };
            match api::order_subscription(customer, &order, &key.get_value()).await {
                Ok(sub) => {
                    toasts.show_with(Msg::OrderPlaced, &[("offer", &sub.offer)]);
                    on_done.run(true);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = sending.pending();
    let send = form.on_submit(sending, failure);
    let usage = Signal::derive(move || offer.get().is_some_and(|o| o.usage));
    view! {
        <form class="order-form admin-request" novalidate=true on:submit=send aria-labelledby="order-title">
            <h3 id="order-title" class="form-title">{tr(Msg::OrderSubscription)}</h3>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <div class="form-grid">
                <SelectField id=Field::Offer.key() label=Msg::LabelOffer value=form.text(|f| &f.offer) options=offers
                    on_change=Callback::new(choose_offer) required=true error=form.error_text(Field::Offer) />
                <TextField id=Field::Quantity.key() label=Msg::LabelQuantity value=form.text(|f| &f.quantity)
                    input_type="number" inputmode="numeric" disabled=usage
                    on_input=Callback::new(move |v| form.update(|f| f.quantity = v))
                    on_blur=form.on_blur(Field::Quantity) required=true error=form.error_text(Field::Quantity) />
                <SelectField id=Field::Term.key() label=Msg::LabelTerm value=form.text(|f| &f.term) options=terms
                    on_change=Callback::new(choose_term) required=true error=form.error_text(Field::Term) />
                <SelectField id=Field::BillingCycle.key() label=Msg::LabelBillingCycle value=form.text(|f| &f.billing_cycle) options=cycles
                    on_change=Callback::new(move |v| { form.update(|f| f.billing_cycle = v); form.touch(Field::BillingCycle); })
                    required=true error=form.error_text(Field::BillingCycle) />
            </div>
            <label class="checkbox-field" id=Field::AutoRenew.key()>
                <input type="checkbox" prop:checked=move || form.with(|f| f.auto_renew)
                    on:change=move |ev| form.update(|f| f.auto_renew = event_target_checked(&ev)) />
                <span>{tr(Msg::LabelAutoRenew)}</span>
            </label>
            {move || verdict.get().ok().map(|order| {
                let terms = order.terms(currency, today);
                let renews = terms.renews_on.to_string();
                let starts = terms.starts_on.to_string();
                let ends_label = if order.auto_renew() { Msg::ReviewRenews } else { Msg::ReviewEnds };
                view! {
                    <section class="order-review" aria-labelledby="order-review-title">
                        <h4 id="order-review-title">{tr(Msg::OrderReview)}</h4>
                        <dl class="props">
                            <dt>{tr(Msg::ReviewSeatPrice)}</dt><dd class="amount">{terms.seat_price.display()}</dd>
                            <dt>{tr(Msg::ReviewPeriodTotal)}</dt><dd class="amount" id="order-period-total">{terms.period_total.display()}</dd>
                            <dt>{tr(Msg::ReviewStarts)}</dt><dd>{move || format_date(&starts, i18n.locale())}</dd>
                            <dt>{tr(ends_label)}</dt><dd>{move || format_date(&renews, i18n.locale())}</dd>
                        </dl>
                        <p class="row-note">{tr(Msg::OrderNceNote)}</p>
                    </section>
                }
            })}
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::OrderPlace)}</button>
            </div>
        </form>
    }
}

/// Today's date in the browser, for the order's review (the server dates the order itself).
pub fn today_of(now_ms: f64) -> CalendarDate {
    let days = (now_ms / 86_400_000.0).floor() as i64;
    CalendarDate::from_days_since_epoch(days)
        .unwrap_or_else(|| CalendarDate::new(2000, 1, 1).expect("a valid date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::money::Money;

    fn subscription(window: ChangeWindow) -> Subscription {
        Subscription {
            id: Uuid::nil(),
            offer_id: "CFQ7TTC0LDPB".into(),
            offer: "Microsoft 365 Business Standard".into(),
            quantity: 20,
            status: SubscriptionStatus::Active,
            term: Term::P1Y,
            billing_cycle: BillingCycle::Monthly,
            auto_renew: true,
            seat_price: Money::new(1250, Currency::Usd),
            period_total: Money::new(25000, Currency::Usd),
            term_starts_on: CalendarDate::parse("2026-12-01").unwrap(),
            renews_on: CalendarDate::parse("2027-12-01").unwrap(),
            change_window: window,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn fewer_seats_are_refused_in_the_browser_once_the_window_has_closed() {
        let closed = subscription(ChangeWindow::Closed {
            reopens_on: CalendarDate::parse("2027-12-01").ok(),
        });
        let refusal = seats_refusal(&closed, "15", Locale::EnUs).unwrap();
        assert!(
            refusal.starts_with("The 7 days for fewer seats"),
            "{refusal}"
        );
        assert!(refusal.contains("again from"), "{refusal}");
        // More seats are fine at any time; typing nonsense or too many is a field error.
        assert_eq!(seats_refusal(&closed, "25", Locale::EnUs), None);
        assert!(seats_refusal(&closed, "x", Locale::EnUs).is_some());
        assert!(seats_refusal(&closed, "301", Locale::EnUs)
            .unwrap()
            .contains("1 to 300"));
        let open = subscription(ChangeWindow::Open {
            closes_at: Some(1_800_000_000),
        });
        assert_eq!(seats_refusal(&open, "15", Locale::EnUs), None);
    }
}
