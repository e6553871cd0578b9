//! Billing (billing admins, global admins): a month's cost at list price, what customers pay
//! with their markups, and the margin — totals per currency, then per customer — the partner's
//! markup, and the month's invoice lines as CSV. The month is in the URL (`?month=2026-12`).

use crate::api;
use crate::components::billing::{markup_error, MarkupEditor};
use crate::components::pager::Pager;
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::billing::{BillingReport, MarkupForm, Month, BILLING_ROWS_PER_PAGE};
use shared::i18n::Msg;

/// The invoice lines' download address for `month` in the UI's language.
pub fn invoice_lines_href(month: Month, lang: &str) -> String {
    format!("/api/billing/invoice-lines.csv?month={month}&lang={lang}")
}

#[component]
pub fn BillingPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavBilling);
    let i18n = use_i18n();
    let params = use_query_map();
    let month = Memo::new(move |_| {
        params
            .read()
            .get("month")
            .and_then(|m| Month::parse(&m).ok())
    });
    let offset = RwSignal::new(0u32);
    let report = crate::session::page_data(move || {
        let (m, o) = (month.get(), offset.get());
        async move { api::billing_report(m, o).await }
    });
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavBilling)}</h1>
                <p class="page-intro">{tr(Msg::BillingIntro)}</p>
            </div>
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || report.get().map(|result| match result {
                Ok(r) => view! { <Report report=r offset on_markup=Callback::new(move |()| report.refetch()) /> }.into_any(),
                Err(f) => view! { <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Report(report: BillingReport, offset: RwSignal<u32>, on_markup: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let month = report.month;
    let error = RwSignal::new(None::<String>);
    let typed = RwSignal::new(String::new());
    let saving = submit(move || {
        let markup = typed.get_untracked();
        async move {
            match api::set_partner_markup(&MarkupForm { markup }).await {
                Ok(_) => {
                    error.set(None);
                    toasts.show(Msg::MarkupSaved);
                    on_markup.run(());
                }
                Err(f) => error.set(Some(markup_error(&f, i18n.locale()))),
            }
        }
    });
    let save = Callback::new(move |text: String| {
        typed.set(text);
        saving.dispatch(());
    });
    let current = Signal::stored(report.markup.to_string());
    let from = offset.get_untracked();
    let shown = report.rows.len() as u32;
    let total = report.total_rows;
    view! {
        <section class="card billing-settings">
            <MarkupEditor id="partner-markup" current save error busy=saving.pending() reset=None />
            <p class="row-note">{tr(Msg::BillingMarkupHint)}</p>
        </section>
        <nav class="month-nav" aria-label=move || i18n.t(Msg::ColMonth)>
            <A href=format!("/billing?month={}", month.previous()) on:click=move |_| offset.set(0)>{tr(Msg::BillingPreviousMonth)}</A>
            <h2 class="month-title">{month.to_string()}</h2>
            <A href=format!("/billing?month={}", month.next()) on:click=move |_| offset.set(0)>{tr(Msg::BillingNextMonth)}</A>
            <a class="btn btn-small" href=move || invoice_lines_href(month, i18n.locale().tag()) download="">{tr(Msg::BillingDownloadLines)}</a>
        </nav>
        {if report.totals.is_empty() {
            view! { <div class="card empty-state"><p>{tr(Msg::BillingEmpty)}</p></div> }.into_any()
        } else {
            view! {
                <div class="stat-grid billing-totals">
                    {report.totals.into_iter().map(|t| view! {
                        <div class="card stat" data-currency=t.cost.currency().as_str()>
                            <span class="stat-label">{t.cost.currency().as_str()}</span>
                            <dl class="props">
                                <dt>{tr(Msg::ColCost)}</dt><dd class="amount">{t.cost.display()}</dd>
                                <dt>{tr(Msg::ColPrice)}</dt><dd class="amount">{t.price.display()}</dd>
                                <dt>{tr(Msg::ColMargin)}</dt><dd class="amount">{t.margin.display()}</dd>
                            </dl>
                        </div>
                    }).collect_view()}
                </div>
                <section class="card table-card">
                    <div class="table-wrap">
                    <table class="data-table billing-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::ColCompany)}</th>
                            <th scope="col" class="cell-number">{tr(Msg::ColCost)}</th>
                            <th scope="col" class="cell-number">{tr(Msg::ColPrice)}</th>
                            <th scope="col" class="cell-number">{tr(Msg::ColMargin)}</th>
                        </tr></thead>
                        <tbody>
                            {report.rows.into_iter().map(|row| view! {
                                <tr>
                                    <td class="cell-primary"><A href=format!("/customers/{}", row.customer_id)>{row.company_name.clone()}</A></td>
                                    <td class="cell-number">{row.cost.display()}</td>
                                    <td class="cell-number">{row.price.display()}</td>
                                    <td class="cell-number">{row.margin.display()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <Pager from shown total page_size=BILLING_ROWS_PER_PAGE go=Callback::new(move |o| offset.set(o)) />
                </section>
            }.into_any()
        }}
    }
}
