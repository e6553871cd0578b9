//! Selling subscriptions and new commerce's (NCE) lifecycle (docs/domain.md "Subscriptions"):
//! order, more or fewer seats, auto-renew, suspend and resume, cancel; the sweep that charges
//! later billing periods and renews or expires terms. Every change writes its ledger rows and
//! its audit entry in its own transaction. Times come from the server's clock (`Clock`), so
//! tests move them instead of editing rows.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use crate::store::charges::{self, NewCharge};
use crate::store::customers::{self, IdempotencyKey};
use crate::store::request_keys::{self, ORDER_KEYS};
use crate::store::subscriptions::{self, Stored};
use serde::Serialize;
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::billing::ChargeKind;
use shared::money::Currency;
use shared::relationship::Relationship;
use shared::subscription::{
    billing_period, check_cancel, check_quantity_change, check_suspension, prorated, renewal_date,
    ChangeRefusal, OrderRequest, Subscription, SubscriptionStatus,
};
use shared::Field;
use sqlx::AnyConnection;
use uuid::Uuid;

/// What an order did.
pub enum Ordered {
    Created(Subscription),
    /// Answered from an earlier request with the same Idempotency-Key.
    Replayed(Subscription),
}

impl From<ChangeRefusal> for AppError {
    fn from(refusal: ChangeRefusal) -> Self {
        match refusal {
            ChangeRefusal::NotAllowedIn(status) => AppError::state(
                ErrorCode::SubscriptionNotChangeable,
                format!(
                    "A {} subscription can't be changed that way.",
                    status.as_str()
                ),
            ),
            ChangeRefusal::WindowClosed { reopens_on } => AppError::WindowClosed { reopens_on },
            ChangeRefusal::Quantity(error) => AppError::field(Field::Quantity, error),
        }
    }
}

/// A customer's subscriptions; 404 for an unknown or foreign customer.
pub async fn of_customer(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
) -> Result<Vec<Subscription>, AppError> {
    customers::get(db.readers(), ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = clock.now();
    Ok(subscriptions::list(db, ctx, customer)
        .await?
        .iter()
        .map(|s| s.wire(now))
        .collect())
}

/// The answer to a request repeated with its key: the subscription it ordered, or 409 when the
/// key was used for another order.
async fn replay(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    key: &IdempotencyKey,
    request: &str,
) -> Result<Option<Ordered>, AppError> {
    let Some((prior, id)) =
        request_keys::prior(db, ctx, ORDER_KEYS, key, &request_keys::cutoff(clock)).await?
    else {
        return Ok(None);
    };
    if prior != request {
        return Err(AppError::Conflict(
            "This Idempotency-Key was already used for a different request.".into(),
        ));
    }
    let ordered = subscriptions::get(db.readers(), ctx.partner_id, customer, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("ordered subscription {id} vanished"))?;
    Ok(Some(Ordered::Replayed(ordered.wire(clock.now()))))
}

/// Orders a subscription for an active customer: the shared order rules (offer sold in the
/// partner's cloud, its terms and cycles, seats), priced in the customer's currency, the first
/// billing period charged at once.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer_id))]
pub async fn order(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer_id: Uuid,
    request: &OrderRequest,
    key: Option<&IdempotencyKey>,
) -> Result<Ordered, AppError> {
    let customer = customers::get(db.readers(), ctx, customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let order = request.check(ctx.instance).map_err(AppError::Validation)?;
    let canonical = serde_json::to_string(&(customer_id, request)).map_err(anyhow::Error::new)?;
    if let Some(key) = key {
        if let Some(answer) = replay(db, ctx, clock, customer_id, key, &canonical).await? {
            return Ok(answer);
        }
    }
    if customer.relationship != Relationship::Active {
        return Err(AppError::state(
            ErrorCode::CustomerNotActive,
            format!(
                "Subscriptions are sold to active customers only; this one is {}.",
                customer.relationship.as_str()
            ),
        ));
    }
    let now = clock.now();
    let today = crate::timestamp::date_of(now);
    let currency = Currency::of_country(&customer.country);
    let terms = order.terms(currency, today);
    let first_period = billing_period(today, order.billing_cycle(), today);
    let stamp = crate::timestamp::format(now);
    let stored = Stored {
        id: Uuid::new_v4(),
        partner_id: ctx.partner_id,
        customer_id,
        offer_id: order.offer().id.to_string(),
        offer: order.offer().name.to_string(),
        quantity: order.quantity(),
        status: SubscriptionStatus::Active,
        term: order.term(),
        billing_cycle: order.billing_cycle(),
        auto_renew: order.auto_renew(),
        currency,
        seat_price_minor: terms.seat_price.minor(),
        term_started_at: stamp.clone(),
        term_starts_on: today,
        renews_on: terms.renews_on,
        next_charge_on: first_period.1.min(terms.renews_on),
        created_at: stamp.clone(),
        updated_at: stamp,
    };
    let mut tx = db.write().await?;
    subscriptions::insert_in(&mut tx, &stored).await?;
    charge(
        &mut tx,
        &stored,
        ChargeKind::Purchase,
        i64::from(stored.quantity),
        first_period,
        today,
    )
    .await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action: AuditAction::SubscriptionOrdered,
            object_type: "subscription",
            object_id: stored.id.to_string(),
            customer_id: Some(customer_id),
            before: None::<&Stored>,
            after: Some(&stored),
        },
    )
    .await?;
    if let Some(key) = key {
        let cutoff = request_keys::cutoff(clock);
        if !request_keys::record_in(
            &mut tx, ctx, ORDER_KEYS, key, &canonical, stored.id, &cutoff,
        )
        .await?
        {
            // The same key raced in twice: the first one's order stands, this one orders nothing.
            drop(tx);
            return replay(db, ctx, clock, customer_id, key, &canonical)
                .await?
                .ok_or_else(|| anyhow::anyhow!("a taken order key without its order").into());
        }
    }
    tx.commit().await?;
    tracing::info!(offer = %stored.offer_id, quantity = stored.quantity, "subscription ordered");
    Ok(Ordered::Created(stored.wire(now)))
}

/// Adds a ledger row for `seats` seats of the subscription over the part of `period` from
/// `from` on, at its seat price, pro rata. Nothing for a usage-billed offer or a zero amount.
async fn charge(
    conn: &mut AnyConnection,
    s: &Stored,
    kind: ChargeKind,
    seats: i64,
    period: (shared::date::CalendarDate, shared::date::CalendarDate),
    from: shared::date::CalendarDate,
) -> Result<(), AppError> {
    let amount = prorated(s.seat_price(), seats, period, from);
    if s.usage() || amount.minor() == 0 {
        return Ok(());
    }
    let markup = crate::store::billing::effective_markup(conn, s.partner_id, s.customer_id).await?;
    charges::insert_in(
        conn,
        &NewCharge {
            partner_id: s.partner_id,
            customer_id: s.customer_id,
            subscription_id: s.id,
            kind,
            offer: &s.offer,
            quantity: seats,
            period: (from.max(period.0), period.1),
            amount,
            markup,
            charged_on: from,
        },
    )
    .await
}

/// A change of one subscription by a partner user: `apply` judges it against the subscription
/// as it is (inside the transaction) and returns the audit action and ledger rows to write.
async fn change<F>(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    id: Uuid,
    apply: F,
) -> Result<Subscription, AppError>
where
    F: FnOnce(
        &mut Stored,
        time::OffsetDateTime,
    ) -> Result<Option<(AuditAction, Option<(ChargeKind, i64)>)>, AppError>,
{
    let now = clock.now();
    let today = crate::timestamp::date_of(now);
    let mut tx = db.write().await?;
    let before = subscriptions::get(&mut *tx, ctx.partner_id, customer, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut after = before.clone();
    let Some((action, ledger)) = apply(&mut after, now)? else {
        return Ok(before.wire(now));
    };
    after.updated_at = crate::timestamp::format(now);
    subscriptions::update_in(&mut tx, &after).await?;
    if let Some((kind, seats)) = ledger {
        let period = billing_period(after.term_starts_on, after.billing_cycle, today);
        charge(&mut tx, &after, kind, seats, period, today).await?;
    }
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action,
            object_type: "subscription",
            object_id: id.to_string(),
            customer_id: Some(customer),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(action = action.as_str(), "subscription changed");
    Ok(after.wire(now))
}

/// The offer a stored subscription was sold from (rows from before selling have none: they
/// can only be suspended and cancelled).
fn offer_of(s: &Stored) -> Result<&'static shared::offer::Offer, AppError> {
    shared::offer::offer(&s.offer_id).ok_or_else(|| {
        AppError::state(
            ErrorCode::SubscriptionNotChangeable,
            "This subscription wasn't sold from the offer catalog; its seats can't change.",
        )
    })
}

/// More seats at any time (charged pro rata for the rest of the billing period); fewer only
/// within the change window (refunded pro rata).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, subscription_id = %id))]
pub async fn change_quantity(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    id: Uuid,
    quantity: u32,
) -> Result<Subscription, AppError> {
    change(db, ctx, clock, customer, id, |s, now| {
        let offer = offer_of(s)?;
        let delta = check_quantity_change(offer, s.status, s.quantity, quantity, &s.window(now))?;
        if delta == 0 {
            return Ok(None);
        }
        s.quantity = quantity;
        let kind = if delta > 0 {
            ChargeKind::Increase
        } else {
            ChargeKind::Refund
        };
        Ok(Some((
            AuditAction::SubscriptionQuantityChanged,
            Some((kind, delta)),
        )))
    })
    .await
}

/// Auto-renew on or off, while the subscription is live.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, subscription_id = %id))]
pub async fn set_auto_renew(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    id: Uuid,
    auto_renew: bool,
) -> Result<Subscription, AppError> {
    change(db, ctx, clock, customer, id, |s, _| {
        if !s.status.is_live() {
            return Err(ChangeRefusal::NotAllowedIn(s.status).into());
        }
        if s.auto_renew == auto_renew {
            return Ok(None);
        }
        s.auto_renew = auto_renew;
        Ok(Some((AuditAction::SubscriptionAutoRenewChanged, None)))
    })
    .await
}

/// Suspends (still billed) or resumes a subscription.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, subscription_id = %id))]
pub async fn set_suspended(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    id: Uuid,
    suspended: bool,
) -> Result<Subscription, AppError> {
    let (to, action) = if suspended {
        (
            SubscriptionStatus::Suspended,
            AuditAction::SubscriptionSuspended,
        )
    } else {
        (SubscriptionStatus::Active, AuditAction::SubscriptionResumed)
    };
    change(db, ctx, clock, customer, id, |s, _| {
        check_suspension(s.status, to)?;
        s.status = to;
        Ok(Some((action, None)))
    })
    .await
}

/// Cancels a subscription within the change window, refunding the rest of the billing period
/// pro rata.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, subscription_id = %id))]
pub async fn cancel(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    id: Uuid,
) -> Result<Subscription, AppError> {
    change(db, ctx, clock, customer, id, |s, now| {
        check_cancel(s.status, &s.window(now))?;
        s.status = SubscriptionStatus::Cancelled;
        let seats = -i64::from(s.quantity);
        Ok(Some((
            AuditAction::SubscriptionCancelled,
            Some((ChargeKind::Refund, seats)),
        )))
    })
    .await
}

/// What one run of the sweep did.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct SweepCounts {
    pub periods_charged: u32,
    pub renewed: u32,
    pub expired: u32,
}

/// Brings every live subscription up to `clock`'s today: charges the billing periods that
/// began, renews terms that ended with auto-renew on (a new term at the current list price, its
/// first period charged, the change window open again) and expires those with it off. Each
/// subscription in its own transaction, audited as the system; a day missed is caught up.
pub async fn sweep(db: &Db, clock: &Clock) -> Result<SweepCounts, AppError> {
    let today = clock.today();
    let mut counts = SweepCounts::default();
    for (partner_id, customer, id) in subscriptions::due(db, today).await? {
        let mut tx = db.write().await?;
        let Some(mut s) = subscriptions::get(&mut *tx, partner_id, customer, id).await? else {
            continue;
        };
        let mut events = Vec::new();
        while s.status.is_live() && s.next_charge_on <= today {
            if s.next_charge_on < s.renews_on {
                let period = billing_period(s.term_starts_on, s.billing_cycle, s.next_charge_on);
                let seats = i64::from(s.quantity);
                charge(&mut tx, &s, ChargeKind::Period, seats, period, period.0).await?;
                s.next_charge_on = period.1.min(s.renews_on);
                counts.periods_charged += 1;
                continue;
            }
            let before = s.clone();
            if s.auto_renew {
                let start = s.renews_on;
                if let Some(offer) = shared::offer::offer(&s.offer_id) {
                    s.seat_price_minor = offer
                        .seat_price_per_period(s.term, s.billing_cycle, s.currency)
                        .minor();
                }
                s.term_starts_on = start;
                s.term_started_at = crate::timestamp::format(
                    time::OffsetDateTime::from_unix_timestamp(start.days_since_epoch() * 86_400)
                        .map_err(anyhow::Error::new)?,
                );
                s.renews_on = renewal_date(start, s.term);
                let period = billing_period(start, s.billing_cycle, start);
                let seats = i64::from(s.quantity);
                charge(&mut tx, &s, ChargeKind::Renewal, seats, period, start).await?;
                s.next_charge_on = period.1.min(s.renews_on);
                counts.renewed += 1;
                events.push((AuditAction::SubscriptionRenewed, before));
            } else {
                s.status = SubscriptionStatus::Expired;
                counts.expired += 1;
                events.push((AuditAction::SubscriptionExpired, before));
            }
        }
        s.updated_at = crate::timestamp::now();
        subscriptions::update_in(&mut tx, &s).await?;
        for (action, before) in events {
            audit::record(
                &mut tx,
                &Actor::System { partner_id },
                Change {
                    action,
                    object_type: "subscription",
                    object_id: id.to_string(),
                    customer_id: Some(customer),
                    before: Some(&before),
                    after: Some(&s),
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(counts)
}
