//! The partner's customers at a glance.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use shared::access::Action;
use shared::api::{Dashboard, MonthCount, ReferralCounts};
use shared::relationship::Relationship;
use time::OffsetDateTime;

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/dashboard",
        Access::Allowed(Action::ViewCustomers),
        dashboard,
    )
    .doc(
        RouteDoc::new("The overview's figures").answers::<shared::api::Dashboard>(
            200,
            "Counts of customers, invitations, referrals and admin relationships.",
        ),
    )]
}

/// The last `n` months as `YYYY-MM`, oldest first, ending with the month of `now`.
pub fn last_months(now: OffsetDateTime, n: u32) -> Vec<String> {
    let (mut year, mut month) = (now.year(), u8::from(now.month()) as i32);
    let mut months = Vec::with_capacity(n as usize);
    for _ in 0..n {
        months.push(format!("{year:04}-{month:02}"));
        month -= 1;
        if month == 0 {
            month = 12;
            year -= 1;
        }
    }
    months.reverse();
    months
}

#[tracing::instrument(skip_all)]
async fn dashboard(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Dashboard>, AppError> {
    let months = last_months(OffsetDateTime::now_utc(), 12);
    let (by_state, by_month) = crate::store::customers::counts(&state.db, &ctx, &months[0]).await?;
    let count_of = |list: &[(String, i64)], key: &str| {
        list.iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| *n as u64)
            .unwrap_or(0)
    };
    let by_relationship: Vec<(Relationship, u64)> = Relationship::ALL
        .iter()
        .map(|r| (*r, count_of(&by_state, r.as_str())))
        .collect();
    let admin_relationships =
        crate::store::admin_relationships::counts(&state.db, &ctx, state.clock.today()).await?;
    Ok(Json(Dashboard {
        admin_relationships,
        total: by_relationship.iter().map(|(_, n)| n).sum(),
        by_relationship,
        per_month: months
            .iter()
            .map(|m| MonthCount {
                month: m.clone(),
                count: count_of(&by_month, m),
            })
            .collect(),
        referrals: if ctx.can(Action::Referrals) {
            let (new, overdue) = crate::store::referrals::counts(
                &state.db,
                &ctx,
                shared::referral::ReferralBox::Inbox,
            )
            .await?;
            Some(ReferralCounts { new, overdue })
        } else {
            None
        },
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_wrap_the_year() {
        let months = super::last_months(time::macros::datetime!(2026-02-10 00:00 UTC), 3);
        assert_eq!(months, ["2025-12", "2026-01", "2026-02"]);
        assert_eq!(
            super::last_months(time::macros::datetime!(2026-11-24 00:00 UTC), 12)[0],
            "2025-12"
        );
    }
}
