//! The customer list: one page of the partner's customers; the page number is in the URL.

use crate::api::{self, ApiFailure};
use crate::app::can;
use crate::i18n::{tr, use_i18n};
use crate::pages::{failure_text, format_count, format_date};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::access::Action;
use shared::api::{CustomerSummary, Page};
use shared::customer::Relationship;
use shared::i18n::customer_count;
use shared::i18n::Msg;

pub const PER_PAGE: u32 = 25;

/// The page number from the query string; anything unusable means the first page.
pub fn page_from_query(raw: Option<&str>) -> u32 {
    raw.and_then(|p| p.parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

#[component]
pub fn RelationshipBadge(relationship: Relationship) -> impl IntoView {
    view! {
        <span class=format!("badge badge-{}", relationship.as_str())>{tr(relationship.label())}</span>
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Memo::new(move |_| page_from_query(query.read().get("page").as_deref()));
    let relationship = Memo::new(move |_| {
        query
            .read()
            .get("relationship")
            .and_then(|r| Relationship::parse(&r))
    });
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let customers = LocalResource::new(move || {
        let (page, relationship, search) = (page.get(), relationship.get(), search.get());
        async move { api::list_customers(page, PER_PAGE, relationship, &search).await }
    });

    // Search as you type: the URL follows the box after a pause (replacing, not stacking,
    // history entries); a newer query supersedes the list's older request.
    let typed = RwSignal::new(search.get_untracked());
    let navigate = leptos_router::hooks::use_navigate();
    let on_search = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(300).await;
            if typed.try_get_untracked().as_deref() == Some(value.as_str()) {
                let href = list_href(1, relationship.get_untracked(), &value);
                navigate(
                    &href,
                    leptos_router::NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        });
    };

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::CustomerListTitle)}</h1>
                <p class="page-intro">{tr(Msg::CustomerListIntro)}</p>
            </div>
            <Show when=move || can(Action::CreateCustomers)>
                <div class="header-actions">
                    <A href="/customers/import" attr:class="btn">{tr(Msg::ImportTitle)}</A>
                    <A href="/customers/invite" attr:class="btn">{tr(Msg::InviteCustomer)}</A>
                    <A href="/customers/new" attr:class="btn btn-primary">{tr(Msg::NavAddCustomer)}</A>
                </div>
            </Show>
        </div>
        // Plain links: the router's <A> marks every /customers?… link current, whatever the
        // query; the router still handles their clicks.
        <div class="list-tools">
            <input type="search" class="search-box" aria-label=tr(Msg::SearchCustomers)
                placeholder=tr(Msg::SearchPlaceholder) maxlength="100"
                prop:value=move || typed.get() on:input=on_search />
            <nav class="filter-chips" aria-label=tr(Msg::FilterRelationship)>
                <a href=move || list_href(1, None, &search.get()) class="chip"
                    aria-current=move || relationship.get().is_none().then_some("page")>{tr(Msg::FilterAll)}</a>
                {Relationship::ALL.iter().map(|&r| view! {
                    <a href=move || list_href(1, Some(r), &search.get()) class="chip"
                        aria-current=move || (relationship.get() == Some(r)).then_some("page")>{tr(r.label())}</a>
                }).collect_view()}
            </nav>
            <span class="spacer"></span>
            <a class="btn btn-small" download="partnerdesk-customers.csv"
                href=move || export_href(relationship.get(), &search.get(), i18n.locale().tag())>
                {tr(Msg::ExportCsv)}
            </a>
        </div>
        <Transition fallback=move || view! { <TableSkeleton /> }>
            {move || {
                customers
                    .get()
                    .map(|result| match result {
                        Ok(page) if page.total == 0 && (relationship.get().is_some() || !search.get().trim().is_empty()) => {
                            view! { <div class="card empty-state"><p>{tr(Msg::NoMatches)}</p></div> }.into_any()
                        }
                        Ok(page) if page.total == 0 => {
                            view! {
                                <div class="card empty-state">
                                    <p>{tr(Msg::CustomersEmpty)}</p>
                                    <Show when=move || can(Action::CreateCustomers)>
                                        <A href="/customers/new" attr:class="btn btn-primary">{tr(Msg::NavAddCustomer)}</A>
                                    </Show>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(page) => view! { <CustomerTable page relationship=relationship.get() search=search.get() /> }.into_any(),
                        Err(failure) => {
                            view! {
                                <div class="card alert alert-error" role="alert">
                                    <p>{
                                        let shown = failure.clone();
                                        move || failure_text(&shown, i18n.locale())
                                    }</p>
                                    // Retrying helps after a network or server fault, not a refusal.
                                    <Show when=move || failure != ApiFailure::Forbidden>
                                        <button class="btn" on:click=move |_| customers.refetch()>{tr(Msg::Retry)}</button>
                                    </Show>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

/// The list's URL for a page, filter and search (the URL carries them, so back and share work).
/// The CSV export of what the list shows (its filter and search), headers in `lang`.
pub fn export_href(relationship: Option<Relationship>, search: &str, lang: &str) -> String {
    let mut params = vec![format!("lang={lang}")];
    if !search.trim().is_empty() {
        params.push(format!("q={}", encode_query(search.trim())));
    }
    if let Some(r) = relationship {
        params.push(format!("relationship={}", r.as_str()));
    }
    format!("/api/customers/export.csv?{}", params.join("&"))
}

pub fn list_href(page: u32, relationship: Option<Relationship>, search: &str) -> String {
    let mut params = Vec::new();
    if !search.trim().is_empty() {
        params.push(format!("q={}", encode_query(search.trim())));
    }
    if let Some(r) = relationship {
        params.push(format!("relationship={}", r.as_str()));
    }
    if page > 1 {
        params.push(format!("page={page}"));
    }
    if params.is_empty() {
        "/customers".into()
    } else {
        format!("/customers?{}", params.join("&"))
    }
}

/// Percent-encodes a query value (UTF-8), leaving unreserved characters as they are.
fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Placeholder rows while the list loads.
#[component]
fn TableSkeleton() -> impl IntoView {
    view! {
        <div class="card table-card" aria-busy="true">
            <span class="visually-hidden">{tr(Msg::Loading)}</span>
            {(0..6).map(|_| view! { <div class="skeleton skeleton-row"></div> }).collect_view()}
        </div>
    }
}

#[component]
fn CustomerTable(
    page: Page<CustomerSummary>,
    relationship: Option<Relationship>,
    search: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page.page_count();
    let current = page.page;
    let total = page.total;
    let rows = page.items;
    view! {
        <div class="card table-card">
            <table class="data-table customer-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColCompany)}</th>
                        <th scope="col">{tr(Msg::ColPrimaryDomain)}</th>
                        <th scope="col">{tr(Msg::ColCountry)}</th>
                        <th scope="col">{tr(Msg::ColRelationship)}</th>
                        <th scope="col">{tr(Msg::ColCreated)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|c| {
                            let country = c.country.clone();
                            let created = c.created_at.clone();
                            let channel = c.channel.clone();
                            view! {
                                <tr>
                                    <td class="cell-primary">
                                        <A href=format!("/customers/{}", c.id)>{c.company_name.to_string()}</A>
                                        {channel.map(|ch| view! { <div class="row-note">{move || channel_note(&ch, i18n)}</div> })}
                                    </td>
                                    <td class="cell-mono">{c.domain.clone()}</td>
                                    <td>{move || country.name(i18n.locale())}</td>
                                    <td><RelationshipBadge relationship=c.relationship /></td>
                                    <td class="cell-nowrap">{move || format_date(&created, i18n.locale())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <nav class="pager" aria-label=tr(Msg::Pagination)>
                <span class="pager-count">
                    {move || customer_count(total, i18n.locale())}
                </span>
                <span class="pager-pages">
                    {move || i18n.f(Msg::PageOf, &[
                        ("page", &format_count(current.into(), i18n.locale())),
                        ("pages", &format_count(pages.into(), i18n.locale())),
                    ])}
                </span>
                <div class="pager-buttons">
                    {if current > 1 {
                        view! { <A href=list_href(current - 1, relationship, &search) attr:class="btn" attr:rel="prev">{tr(Msg::PagePrevious)}</A> }.into_any()
                    } else {
                        view! { <button class="btn" disabled=true>{tr(Msg::PagePrevious)}</button> }.into_any()
                    }}
                    {if current < pages {
                        view! { <A href=list_href(current + 1, relationship, &search) attr:class="btn" attr:rel="next">{tr(Msg::PageNext)}</A> }.into_any()
                    } else {
                        view! { <button class="btn" disabled=true>{tr(Msg::PageNext)}</button> }.into_any()
                    }}
                </div>
            </nav>
        </div>
    }
}

/// "via Provider" for the reseller that serves a provider's customer, "for Reseller" for the
/// provider that created it.
pub fn channel_note(channel: &shared::referral::Channel, i18n: crate::i18n::I18n) -> String {
    let me = crate::app::use_me()
        .get()
        .and_then(|r| r.ok())
        .map(|m| m.partner.id);
    if me == Some(channel.reseller.id) {
        i18n.f(Msg::ThroughProvider, &[("name", &channel.provider.name)])
    } else {
        i18n.f(Msg::ForReseller, &[("name", &channel.reseller.name)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_from_the_url() {
        assert_eq!(page_from_query(None), 1);
        assert_eq!(page_from_query(Some("3")), 3);
        assert_eq!(page_from_query(Some("0")), 1);
        assert_eq!(page_from_query(Some("x")), 1);
        assert_eq!(list_href(1, None, ""), "/customers");
        assert_eq!(
            list_href(2, Some(Relationship::Invited), ""),
            "/customers?relationship=invited&page=2"
        );
        assert_eq!(
            list_href(1, None, " 云帆 & co "),
            "/customers?q=%E4%BA%91%E5%B8%86%20%26%20co"
        );
    }

    #[test]
    fn the_export_link_carries_the_lists_filter() {
        assert_eq!(
            export_href(None, " ", "en-US"),
            "/api/customers/export.csv?lang=en-US"
        );
        assert_eq!(
            export_href(Some(Relationship::Ended), "云帆", "zh-CN"),
            "/api/customers/export.csv?lang=zh-CN&q=%E4%BA%91%E5%B8%86&relationship=ended"
        );
    }
}
