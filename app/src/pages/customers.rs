//! The customer list: filters, search, sort by any column and keyset paging, all in the URL
//! (shareable; back and forward work). Search-as-you-type is debounced; a newer query
//! supersedes an older request's answer.

use crate::api::{self, ApiFailure};
use crate::components::export_menu::ExportMenu;
use crate::components::relationship::RelationshipBadge;
use crate::i18n::{tr, use_i18n};
use crate::session::{can, use_me};
use crate::ui::{failure_text, format_date};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use shared::access::Action;
use shared::api::{CustomerList, CustomerListQuery, CustomerSort, SortDir};
use shared::i18n::customer_range_of;
use shared::i18n::Msg;
use shared::import::ExportEncoding;
use shared::instance::ProgramRole;
use shared::relationship::Relationship;

/// `None` for a cleared control.
fn non_empty(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

/// The list's URL for a query.
/// The page sizes offered (each within `CustomerListQuery::MAX_PER_PAGE`).
const PAGE_SIZES: [u32; 3] = [25, 50, 100];

/// The sizes to choose from, with the current one if a link asked for another (`per_page=5`).
pub fn page_sizes(current: u32) -> Vec<u32> {
    let mut sizes = PAGE_SIZES.to_vec();
    if !sizes.contains(&current) {
        sizes.push(current);
        sizes.sort_unstable();
    }
    sizes
}

pub fn list_href(query: &CustomerListQuery) -> String {
    let qs = query.to_query_string();
    if qs.is_empty() {
        "/customers".into()
    } else {
        format!("/customers?{qs}")
    }
}

/// The CSV export of what the list shows (its filters, search and sort), headers in `lang`,
/// in `encoding` (left out for the default, UTF-8 for Excel).
pub fn export_href(query: &CustomerListQuery, lang: &str, encoding: ExportEncoding) -> String {
    let export = CustomerListQuery {
        lang: Some(lang.to_string()),
        encoding: (encoding != ExportEncoding::ForExcel).then_some(encoding),
        per_page: CustomerListQuery::DEFAULT_PER_PAGE,
        ..query.first_page()
    };
    format!("/api/customers/export.csv?{}", export.to_query_string())
}

/// The first page sorted by `column`: the current column flips its direction; another starts
/// ascending (newest first for the creation date).
pub fn sort_href(query: &CustomerListQuery, column: CustomerSort) -> String {
    let dir = if query.sort == column {
        query.dir.flip()
    } else if column == CustomerSort::Created {
        SortDir::Desc
    } else {
        SortDir::Asc
    };
    list_href(&CustomerListQuery {
        sort: column,
        dir,
        ..query.first_page()
    })
}

/// `aria-sort` of a column header.
fn aria_sort(query: &CustomerListQuery, column: CustomerSort) -> &'static str {
    match (query.sort == column, query.dir) {
        (false, _) => "none",
        (true, SortDir::Asc) => "ascending",
        (true, SortDir::Desc) => "descending",
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavCustomers);
    let i18n = use_i18n();
    let me = use_me();
    let params = use_query_map();
    let query = Memo::new(move |_| CustomerListQuery::from_params(|k| params.read().get(k)));
    // Which row the page starts at, for "51–100 of N": carried in the URL by the pager's links
    // (cursors don't tell); the first page starts at 1, a shared later page is unknown.
    let first = Memo::new(move |_| {
        let q = query.get();
        if q.after.is_none() && q.before.is_none() {
            Some(1)
        } else {
            params
                .read()
                .get("from")
                .and_then(|f| f.parse::<u64>().ok())
                .filter(|&f| f >= 1)
        }
    });
    let customers = crate::session::page_data(move || {
        let q = query.get();
        async move { crate::prefetch::customers(&q).await }
    });
    let navigate = use_navigate();
    let go = StoredValue::new(move |q: CustomerListQuery, replace: bool| {
        navigate(
            &list_href(&q),
            NavigateOptions {
                replace,
                ..Default::default()
            },
        )
    });

    // Search as you type: the URL follows the box after a pause (replacing, not stacking,
    // history entries).
    let typed = RwSignal::new(query.get_untracked().q);
    let on_search = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(SEARCH_PAUSE_MS).await;
            if typed.try_get_untracked().as_deref() == Some(value.as_str()) {
                let q = CustomerListQuery {
                    q: value,
                    ..query.get_untracked().first_page()
                };
                go.with_value(|go| go(q, true));
            }
        });
    };
    let refreshing = RwSignal::new(false);
    let filters_open = RwSignal::new(false);
    let more_filters = move || {
        let q = query.get();
        let active = [
            q.country.is_some(),
            q.created_from.is_some(),
            q.created_to.is_some(),
            q.reseller.is_some(),
        ]
        .into_iter()
        .filter(|&on| on)
        .count();
        if active == 0 {
            i18n.t(Msg::MoreFilters).to_string()
        } else {
            i18n.f(Msg::MoreFiltersActive, &[("count", &active.to_string())])
        }
    };
    let is_provider = Memo::new(move |_| {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.program == ProgramRole::IndirectProvider)
    });

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
                <a href=move || list_href(&CustomerListQuery { relationship: None, ..query.get().first_page() }) class="chip"
                    aria-current=move || query.get().relationship.is_none().then_some("page")>{tr(Msg::FilterAll)}</a>
                {Relationship::ALL.iter().map(|&r| view! {
                    <a href=move || list_href(&CustomerListQuery { relationship: Some(r), ..query.get().first_page() }) class="chip"
                        aria-current=move || (query.get().relationship == Some(r)).then_some("page")>{tr(r.label())}</a>
                }).collect_view()}
            </nav>
            <button type="button" class="btn btn-small filters-toggle" aria-controls="list-filters"
                aria-expanded=move || filters_open.get().to_string()
                on:click=move |_| filters_open.update(|open| *open = !*open)>
                {more_filters}
            </button>
            <span class="spacer"></span>
            <ExportMenu small=true filename="partnerdesk-customers.csv"
                href=Callback::new(move |encoding| export_href(&query.get(), i18n.locale().tag(), encoding)) />
        </div>
        // On a phone the filters beyond search and state fold away behind one button, so the
        // first rows are on the first screen.
        <div id="list-filters" class="list-filters-wrap" class:open=move || filters_open.get()>
            <ListFilters query is_provider go=Callback::new(move |q| go.with_value(|go| go(q, false))) />
        </div>
        // The rows shown stay until the next ones arrive (no skeleton flash on every page or
        // keystroke), marked busy meanwhile so the wait is visible.
        <div class="list-results" class:refreshing=move || refreshing.get()
            aria-busy=move || refreshing.get().to_string()>
        <Transition fallback=move || view! { <TableSkeleton /> } set_pending=refreshing.write_only()>
            {move || {
                customers
                    .get()
                    .map(|result| match result {
                        Ok(list) if list.total == 0 && query.get().is_filtered() => {
                            view! { <div class="card empty-state"><p>{tr(Msg::NoMatches)}</p></div> }.into_any()
                        }
                        Ok(list) if list.total == 0 => {
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
                        Ok(list) => {
                            let go = Callback::new(move |q| go.with_value(|go| go(q, false)));
                            view! { <CustomerTable list query=query.get() first=first.get() go /> }.into_any()
                        }
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
        </div>
    }
}

/// Country, creation dates and (providers) indirect reseller: each change starts a new first
/// page, kept in the URL.
#[component]
fn ListFilters(
    query: Memo<CustomerListQuery>,
    is_provider: Memo<bool>,
    go: Callback<CustomerListQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let countries = Signal::derive(move || {
        let instance = me
            .get()
            .and_then(|r| r.ok())
            .map(|m| m.partner.instance)
            .unwrap_or(shared::instance::CloudInstance::Global);
        crate::form::country_options(instance, i18n.locale())
    });
    let resellers = LocalResource::new(move || async move {
        if is_provider.get() {
            api::links().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let change = move |edit: fn(&mut CustomerListQuery, String), value: String| {
        let mut q = query.get_untracked().first_page();
        edit(&mut q, value);
        go.run(q);
    };
    view! {
        <div class="list-filters">
            <label class="filter">
                <span>{tr(Msg::LabelCountry)}</span>
                <select on:change=move |ev| change(|q, v| q.country = non_empty(v), event_target_value(&ev))
                    prop:value=move || query.get().country.unwrap_or_default()>
                    <option value="">{tr(Msg::AnyCountry)}</option>
                    {move || countries.get().into_iter().map(|(code, name)| {
                        let selected = query.get_untracked().country.as_deref() == Some(code);
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="filter">
                <span>{tr(Msg::CreatedFrom)}</span>
                <input type="date" prop:value=move || query.get().created_from.unwrap_or_default()
                    on:change=move |ev| change(|q, v| q.created_from = non_empty(v), event_target_value(&ev)) />
            </label>
            <label class="filter">
                <span>{tr(Msg::CreatedTo)}</span>
                <input type="date" prop:value=move || query.get().created_to.unwrap_or_default()
                    on:change=move |ev| change(|q, v| q.created_to = non_empty(v), event_target_value(&ev)) />
            </label>
            <Show when=move || is_provider.get()>
                <label class="filter">
                    <span>{tr(Msg::LabelReseller)}</span>
                    <select on:change=move |ev| change(|q, v| q.reseller = uuid::Uuid::parse_str(&v).ok(), event_target_value(&ev))
                        prop:value=move || query.get().reseller.map(|r| r.to_string()).unwrap_or_default()>
                        <option value="">{tr(Msg::AnyReseller)}</option>
                        {move || resellers.get().unwrap_or_default().into_iter().map(|l| {
                            let id = l.reseller.id;
                            let selected = query.get_untracked().reseller == Some(id);
                            view! { <option value=id.to_string() selected=selected>{l.reseller.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <Show when=move || {
                let q = query.get();
                q.country.is_some() || q.created_from.is_some() || q.created_to.is_some() || q.reseller.is_some()
            }>
                <a class="btn btn-small btn-quiet" href=move || list_href(&CustomerListQuery {
                    country: None, created_from: None, created_to: None, reseller: None,
                    ..query.get().first_page()
                })>{tr(Msg::ClearFilters)}</a>
            </Show>
        </div>
    }
}

/// How long the search box waits for the next keystroke before it asks. 300 ms made every search
/// take 316 ms from the last keystroke to the rows at 100,000 customers, of which the server and
/// the render took 16 (`end2end/perf/interaction-timing.mjs`); a typist's next key comes within
/// ~100 ms, and a query a keystroke overtakes is superseded anyway.
const SEARCH_PAUSE_MS: u32 = 100;

/// The performance mark `scripts/bench` (end2end/perf/nav-timing.mjs, interaction-timing.mjs)
/// reads: the list's rows are in the DOM.
pub const RENDERED_MARK: &str = "customers-rendered";

#[component]
fn CustomerTable(
    list: CustomerList,
    query: CustomerListQuery,
    first: Option<u64>,
    go: Callback<CustomerListQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    crate::ui::mark_when_rendered(RENDERED_MARK);
    let (total, capped) = (list.total, list.total_capped);
    let rows = list.items;
    let shown = rows.len();
    let per_page = u64::from(query.per_page);
    let prev = list.prev.map(|cursor| {
        let href = list_href(&CustomerListQuery {
            before: Some(cursor),
            ..query.first_page()
        });
        match first {
            Some(first) => format!("{href}&from={}", first.saturating_sub(per_page).max(1)),
            None => href,
        }
    });
    let next = list.next.map(|cursor| {
        let href = list_href(&CustomerListQuery {
            after: Some(cursor),
            ..query.first_page()
        });
        match first {
            Some(first) => format!("{href}&from={}", first + shown as u64),
            None => href,
        }
    });
    let page_size_query = query.clone();
    let choose_page_size = move |ev: leptos::ev::Event| {
        if let Ok(per_page) = event_target_value(&ev).parse::<u32>() {
            go.run(CustomerListQuery {
                per_page,
                ..page_size_query.first_page()
            });
        }
    };
    let header = |column: CustomerSort, label: Msg| {
        view! {
            <th scope="col" aria-sort=aria_sort(&query, column)>
                <a class="sort-link" href=sort_href(&query, column)>
                    {tr(label)}
                    <span class="sort-mark" aria-hidden="true">{match aria_sort(&query, column) {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "",
                    }}</span>
                </a>
            </th>
        }
    };
    view! {
        <div class="card table-card">
            <table class="data-table customer-table">
                <thead>
                    <tr>
                        {header(CustomerSort::Company, Msg::ColCompany)}
                        {header(CustomerSort::Domain, Msg::ColPrimaryDomain)}
                        {header(CustomerSort::Country, Msg::ColCountry)}
                        {header(CustomerSort::Relationship, Msg::ColRelationship)}
                        {header(CustomerSort::Created, Msg::ColCreated)}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|c| {
                            let country = c.country.clone();
                            let created = c.created_at.clone();
                            let channel = c.channel.clone();
                            let href = format!("/customers/{}", c.id);
                            // Anywhere on the row opens the customer; the name stays the link
                            // for the keyboard and for opening in a new tab.
                            let open = {
                                let navigate = navigate.clone();
                                let href = href.clone();
                                move |ev: leptos::ev::MouseEvent| {
                                    if crate::ui::row_click_opens(&ev) {
                                        navigate(&href, NavigateOptions::default());
                                    }
                                }
                            };
                            view! {
                                <tr class="row-link" on:click=open>
                                    <td class="cell-primary">
                                        <A href=href attr:class="cell-clip">{c.company_name.to_string()}</A>
                                        {channel.map(|ch| view! { <div class="row-note">{move || channel_note(&ch, i18n)}</div> })}
                                    </td>
                                    <td class="cell-mono"><span class="cell-clip">{c.domain.clone()}</span></td>
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
                    {move || customer_range_of(first, shown, total, capped, i18n.locale())}
                </span>
                <label class="pager-size">
                    <span>{tr(Msg::RowsPerPage)}</span>
                    <select on:change=choose_page_size prop:value=query.per_page.to_string()>
                        {page_sizes(query.per_page).into_iter().map(|n| view! {
                            <option value=n.to_string() selected=n == query.per_page>{n.to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="pager-buttons">
                    {match prev {
                        Some(href) => view! { <a href=href class="btn" rel="prev">{tr(Msg::PagePrevious)}</a> }.into_any(),
                        None => view! { <button class="btn" disabled=true>{tr(Msg::PagePrevious)}</button> }.into_any(),
                    }}
                    {match next {
                        Some(href) => view! { <a href=href class="btn" rel="next">{tr(Msg::PageNext)}</a> }.into_any(),
                        None => view! { <button class="btn" disabled=true>{tr(Msg::PageNext)}</button> }.into_any(),
                    }}
                </div>
            </nav>
        </div>
    }
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

/// "via Provider" for the reseller that serves a provider's customer, "for Reseller" for the
/// provider that created it.
pub fn channel_note(channel: &shared::referral::Channel, i18n: crate::i18n::I18n) -> String {
    let me = crate::session::use_me()
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
    fn the_page_size_choice_holds_the_current_size() {
        assert_eq!(page_sizes(50), [25, 50, 100]);
        assert_eq!(page_sizes(5), [5, 25, 50, 100]);
    }

    #[test]
    fn list_urls_carry_filters_search_sort_and_position() {
        assert_eq!(list_href(&CustomerListQuery::default()), "/customers");
        let q = CustomerListQuery {
            relationship: Some(Relationship::Invited),
            q: " 云帆 & co ".into(),
            country: Some("CN".into()),
            sort: CustomerSort::Company,
            dir: SortDir::Asc,
            after: Some("6162.0123".into()),
            ..Default::default()
        };
        let href = list_href(&q);
        assert_eq!(
            href,
            "/customers?q=%E4%BA%91%E5%B8%86%20%26%20co&relationship=invited&country=CN&sort=company&dir=asc&after=6162.0123"
        );
        // Back from the URL (the router hands over decoded values).
        let params: Vec<(String, String)> = vec![
            ("q".into(), "云帆 & co".into()),
            ("relationship".into(), "invited".into()),
            ("country".into(), "CN".into()),
            ("sort".into(), "company".into()),
            ("dir".into(), "asc".into()),
            ("after".into(), "6162.0123".into()),
        ];
        let read = CustomerListQuery::from_params(|k| {
            params
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(
            read,
            CustomerListQuery {
                q: "云帆 & co".into(),
                ..q.clone()
            }
        );
        // Sorting starts over on the first page; the same column flips.
        assert_eq!(
            sort_href(&q, CustomerSort::Company),
            "/customers?q=%E4%BA%91%E5%B8%86%20%26%20co&relationship=invited&country=CN&sort=company"
        );
        assert!(sort_href(&q, CustomerSort::Domain).contains("sort=domain&dir=asc"));
        assert!(!sort_href(&q, CustomerSort::Created).contains("sort="));
    }

    #[test]
    fn the_export_link_carries_the_lists_view_but_not_its_position() {
        assert_eq!(
            export_href(
                &CustomerListQuery::default(),
                "en-US",
                ExportEncoding::ForExcel
            ),
            "/api/customers/export.csv?lang=en-US"
        );
        assert_eq!(
            export_href(
                &CustomerListQuery::default(),
                "zh-CN",
                ExportEncoding::Gb18030
            ),
            "/api/customers/export.csv?lang=zh-CN&encoding=gb18030"
        );
        let q = CustomerListQuery {
            relationship: Some(Relationship::Ended),
            q: "云帆".into(),
            before: Some("61.01".into()),
            per_page: 10,
            ..Default::default()
        };
        assert_eq!(
            export_href(&q, "zh-CN", ExportEncoding::ForExcel),
            "/api/customers/export.csv?q=%E4%BA%91%E5%B8%86&relationship=ended&lang=zh-CN"
        );
    }

    #[test]
    fn unusable_url_values_are_dropped() {
        let read = CustomerListQuery::from_params(|k| match k {
            "per_page" => Some("1000".into()),
            "country" => Some("Atlantis".into()),
            "created_from" => Some("yesterday".into()),
            "sort" => Some("size".into()),
            _ => None,
        });
        assert_eq!(read, CustomerListQuery::default());
    }
}
