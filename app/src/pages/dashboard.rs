//! Overview: counts by relationship state and new customers per month, each a way into the
//! matching list.

use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, format_count};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::api::{Dashboard, MonthCount};
use shared::i18n::{Locale, Msg};
use shared::relationship::Relationship;

/// `2026-11` as a short axis label: `Nov` / `11月`.
pub fn month_label(month: &str, locale: Locale) -> String {
    let number: usize = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    match locale {
        Locale::EnUs => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ][number.clamp(1, 12) - 1]
            .to_string(),
        Locale::ZhCn => format!("{number}月"),
    }
}

/// Bar heights for the chart, in pixels of `max_height` (the tallest month fills it).
pub fn bar_heights(months: &[MonthCount], max_height: f64) -> Vec<f64> {
    let top = months.iter().map(|m| m.count).max().unwrap_or(0).max(1) as f64;
    months
        .iter()
        .map(|m| m.count as f64 / top * max_height)
        .collect()
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::DashboardTitle);
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::DashboardTitle)}</h1>
                <p class="page-intro">{tr(Msg::DashboardIntro)}</p>
            </div>
            <Show when=move || can(Action::CreateCustomers)>
                <A href="/customers/new" attr:class="btn btn-primary">{tr(Msg::NavAddCustomer)}</A>
            </Show>
        </div>
        <Show
            when=move || can(Action::ViewCustomers)
            fallback=move || view! { <div class="card empty-state"><p>{tr(Msg::RoleHasNoCustomers)}</p></div> }
        >
            {
                let data = crate::session::page_data(crate::prefetch::dashboard);
                view! {
                    <Transition fallback=move || view! { <DashboardSkeleton /> }>
                        {move || data.get().map(|result| match result {
                            Ok(d) => view! { <DashboardView data=d /> }.into_any(),
                            Err(f) => view! {
                                <div class="card alert alert-error" role="alert">{move || failure_text(&f, i18n.locale())}</div>
                            }.into_any(),
                        })}
                    </Transition>
                }
            }
        </Show>
    }
}

#[component]
fn DashboardSkeleton() -> impl IntoView {
    view! {
        <div class="stat-grid" aria-busy="true">
            {(0..4).map(|_| view! { <div class="card stat skeleton"></div> }).collect_view()}
        </div>
        <div class="card chart-card skeleton skeleton-chart"></div>
    }
}

/// The performance mark `end2end/perf/interaction-timing.mjs` reads: the figures are on screen.
pub const RENDERED_MARK: &str = "overview-rendered";

#[component]
fn DashboardView(data: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    crate::ui::mark_when_rendered(RENDERED_MARK);
    let count = |r: Relationship| {
        data.by_relationship
            .iter()
            .find(|(s, _)| *s == r)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let mut cards: Vec<(Msg, u64, String)> = vec![
        (Msg::AllCustomers, data.total, "/customers".to_string()),
        (
            Msg::RelActive,
            count(Relationship::Active),
            "/customers?relationship=active".into(),
        ),
        (
            Msg::PendingInvitations,
            count(Relationship::Invited),
            "/customers?relationship=invited".into(),
        ),
        (
            Msg::RelEnded,
            count(Relationship::Ended),
            "/customers?relationship=ended".into(),
        ),
    ];
    let admin = data.admin_relationships;
    let admin_href = |query: shared::admin_relationship::AdminRelationshipQuery| {
        crate::hrefs::admin_relationship_list(&query)
    };
    use shared::admin_relationship::{AdminRelationshipQuery as Q, AdminRelationshipState as S};
    cards.push((
        Msg::StatPendingAdmin,
        admin.pending,
        admin_href(Q {
            state: Some(S::ApprovalPending),
            ..Default::default()
        }),
    ));
    cards.push((
        Msg::StatActiveAdmin,
        admin.active,
        admin_href(Q {
            state: Some(S::Active),
            ..Default::default()
        }),
    ));
    cards.push((
        Msg::StatExpiringAdmin,
        admin.expiring,
        admin_href(Q {
            expiring_within: Some(shared::admin_relationship::EXPIRING_DAYS),
            ..Default::default()
        }),
    ));
    if let Some(referrals) = data.referrals {
        cards.push((
            Msg::NewReferrals,
            u64::from(referrals.new),
            crate::hrefs::referral_list(
                shared::referral::ReferralBox::Inbox,
                Some(shared::referral::ReferralState::New),
                false,
            ),
        ));
        cards.push((
            Msg::OverdueReferrals,
            u64::from(referrals.overdue),
            crate::hrefs::referral_list(shared::referral::ReferralBox::Inbox, None, true),
        ));
    }
    view! {
        <div class="stat-grid">
            {cards.into_iter().map(|(label, n, href)| view! {
                <A href=href attr:class="card stat">
                    <span class="stat-value">{move || format_count(n, i18n.locale())}</span>
                    <span class="stat-label">{tr(label)}</span>
                </A>
            }).collect_view()}
        </div>
        <MonthlyChart months=data.per_month />
    }
}

/// New customers per month as an SVG bar chart, drawn here (no chart library or CDN). The
/// summary sentence is its text alternative.
#[component]
fn MonthlyChart(months: Vec<MonthCount>) -> impl IntoView {
    let i18n = use_i18n();
    const WIDTH: f64 = 720.0;
    const HEIGHT: f64 = 220.0;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 28.0;
    let plot = HEIGHT - TOP - BOTTOM;
    let slot = WIDTH / months.len().max(1) as f64;
    let heights = bar_heights(&months, plot);
    let total: u64 = months.iter().map(|m| m.count).sum();
    let busiest = months.iter().max_by_key(|m| m.count).cloned();
    let summary = move || {
        let (month, n) = busiest
            .as_ref()
            .map(|m| (month_label(&m.month, i18n.locale()), m.count))
            .unwrap_or_default();
        i18n.f(
            Msg::ChartSummary,
            &[
                ("total", &total.to_string()),
                ("month", &month),
                ("count", &n.to_string()),
            ],
        )
    };
    let bars = months
        .into_iter()
        .zip(heights)
        .enumerate()
        .map(|(i, (m, h))| {
            let x = i as f64 * slot + slot * 0.2;
            let width = slot * 0.6;
            let y = TOP + plot - h;
            let month = m.month.clone();
            view! {
                <g>
                    <rect x=x y=y width=width height=h.max(1.0) rx="3" class="bar" />
                    <text x=x + width / 2.0 y=y - 6.0 class="bar-value" text-anchor="middle">{m.count}</text>
                    <text x=x + width / 2.0 y=HEIGHT - 8.0 class="bar-label" text-anchor="middle">
                        {move || month_label(&month, i18n.locale())}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <section class="card chart-card">
            <h2 id="chart-title">{tr(Msg::NewCustomersPerMonth)}</h2>
            <p class="chart-summary" id="chart-summary">{summary}</p>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="chart" role="img"
                aria-labelledby="chart-title chart-summary" preserveAspectRatio="xMidYMid meet">
                <line x1="0" x2=WIDTH y1=TOP + plot y2=TOP + plot class="axis" />
                {bars}
            </svg>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_heights() {
        assert_eq!(month_label("2026-11", Locale::EnUs), "Nov");
        assert_eq!(month_label("2026-01", Locale::ZhCn), "1月");
        let months = vec![
            MonthCount {
                month: "2026-01".into(),
                count: 0,
            },
            MonthCount {
                month: "2026-02".into(),
                count: 5,
            },
            MonthCount {
                month: "2026-03".into(),
                count: 10,
            },
        ];
        assert_eq!(bar_heights(&months, 100.0), vec![0.0, 50.0, 100.0]);
        let empty = vec![MonthCount {
            month: "2026-01".into(),
            count: 0,
        }];
        assert_eq!(bar_heights(&empty, 100.0), vec![0.0]);
    }
}
