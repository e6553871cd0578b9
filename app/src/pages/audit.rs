//! The audit log (global admins): who changed what and when, filtered by date range, action,
//! user and customer; CSV export of the same filter.

use crate::api;
use crate::components::export_menu::ExportMenu;
use crate::i18n::{tr, use_i18n};
use crate::ui::failure_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use shared::audit::{AuditAction, AuditEntry, AuditQuery, FieldChange};
use shared::i18n::Msg;
use shared::import::ExportEncoding;

#[component]
pub fn AuditPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::AuditTitle);
    let i18n = use_i18n();
    let query_map = use_query_map();
    let initial_customer = query_map
        .get_untracked()
        .get("customer")
        .and_then(|c| uuid::Uuid::parse_str(&c).ok());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let user = RwSignal::new(String::new());
    let customer = RwSignal::new(initial_customer);
    let users = crate::session::page_data(api::list_users);

    let query = Memo::new(move |_| AuditQuery {
        from: from.get(),
        to: to.get(),
        action: AuditAction::parse(&action.get()),
        user: uuid::Uuid::parse_str(&user.get()).ok(),
        customer: customer.get(),
        before: None,
        lang: None,
        encoding: None,
    });
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let loading = RwSignal::new(true);
    let failure = RwSignal::new(None::<api::ApiFailure>);
    let load = move |more: bool| {
        let mut q = query.get_untracked();
        if more {
            q.before = next.get_untracked();
        }
        loading.set(true);
        spawn_local(async move {
            let result = api::audit(&q).await;
            loading.set(false);
            match result {
                Ok(page) => {
                    failure.set(None);
                    next.set(page.next);
                    if more {
                        entries.update(|e| e.extend(page.items));
                    } else {
                        entries.set(page.items);
                    }
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    Effect::new(move |_| {
        query.track();
        load(false);
    });
    let export_href = Callback::new(move |encoding: ExportEncoding| {
        let mut q = query.get();
        q.lang = Some(i18n.locale().tag().to_string());
        q.encoding = (encoding != ExportEncoding::ForExcel).then_some(encoding);
        format!("/api/audit/export.csv?{}", api::audit_query_string(&q))
    });
    let clear = move |_| {
        from.set(String::new());
        to.set(String::new());
        action.set(String::new());
        user.set(String::new());
        customer.set(None);
    };

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::AuditTitle)}</h1>
                <p class="page-intro">{tr(Msg::AuditIntro)}</p>
            </div>
            <div class="header-actions">
                <ExportMenu href=export_href filename="partnerdesk-audit-log.csv" />
            </div>
        </div>
        <div class="card filter-bar audit-filters">
            <div class="field">
                <label class="field-label" for="audit-from">{tr(Msg::LabelFrom)}</label>
                <input id="audit-from" type="date" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field-label" for="audit-to">{tr(Msg::LabelTo)}</label>
                <input id="audit-to" type="date" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label class="field-label" for="audit-action">{tr(Msg::LabelAction)}</label>
                <select id="audit-action" prop:value=move || action.get() on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{tr(Msg::AllActions)}</option>
                    {AuditAction::ALL.iter().map(|a| view! {
                        <option value=a.as_str() selected=move || action.get() == a.as_str()>{tr(a.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="field-label" for="audit-user">{tr(Msg::LabelUser)}</label>
                <select id="audit-user" prop:value=move || user.get() on:change=move |ev| user.set(event_target_value(&ev))>
                    <option value="">{tr(Msg::AllUsers)}</option>
                    {move || users.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|u| {
                        let id = u.id.to_string();
                        let selected_id = id.clone();
                        view! { <option value=id selected=move || user.get() == selected_id>{u.display_name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || customer.get().map(|c| view! {
                <div class="field">
                    <span class="field-label">{tr(Msg::LabelCustomer)}</span>
                    <a class="cell-mono" href=format!("/customers/{c}")>{c.to_string()}</a>
                </div>
            })}
            <button type="button" class="btn btn-quiet" on:click=clear>{tr(Msg::ClearFilters)}</button>
        </div>
        {move || failure.get().map(|f| view! { <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
        <div class="card table-card" aria-busy=move || loading.get().to_string()>
            <table class="data-table audit-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColWhen)}</th>
                        <th scope="col">{tr(Msg::ColWho)}</th>
                        <th scope="col">{tr(Msg::LabelAction)}</th>
                        <th scope="col">{tr(Msg::ColObject)}</th>
                        <th scope="col">{tr(Msg::ColChanges)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || entries.get() key=|e| e.id let:entry>
                        <AuditRow entry />
                    </For>
                </tbody>
            </table>
            <Show when=move || !loading.get() && entries.with(Vec::is_empty)>
                <p class="empty-state">{tr(Msg::AuditEmpty)}</p>
            </Show>
            <Show when=move || loading.get() && entries.with(Vec::is_empty)>
                <p class="loading">{tr(Msg::Loading)}</p>
            </Show>
        </div>
        <Show when=move || next.get().is_some()>
            <div class="form-actions">
                <button type="button" class="btn" disabled=move || loading.get() on:click=move |_| load(true)>{tr(Msg::LoadMore)}</button>
            </div>
        </Show>
    }
}

/// The object's country, for naming a province code: from the change itself, else from the
/// snapshots (an edit of the state alone leaves the country out of the changes).
fn object_country(entry: &AuditEntry) -> Option<shared::regions::CountryCode> {
    let from_change = entry
        .changes
        .iter()
        .find(|c| c.field == "country")
        .and_then(|c| c.after.clone().or_else(|| c.before.clone()));
    let from_snapshot = || {
        [&entry.after, &entry.before]
            .into_iter()
            .flatten()
            .find_map(|json| {
                serde_json::from_str::<serde_json::Value>(json)
                    .ok()?
                    .get("country")?
                    .as_str()
                    .map(str::to_string)
            })
    };
    from_change
        .or_else(from_snapshot)
        .and_then(|code| shared::regions::CountryCode::parse(&code).ok())
}

/// The kind of object, in the user's language.
fn object_type_label(object_type: &str) -> Option<Msg> {
    match object_type {
        "customer" => Some(Msg::LabelCustomer),
        "invitation" => Some(Msg::InvitationOfCustomer),
        "user" => Some(Msg::LabelUser),
        "subscription" => Some(Msg::ColOffer),
        "referral" => Some(Msg::NavReferrals),
        "link" => Some(Msg::NavLinks),
        "business-profile" => Some(Msg::NavBusinessProfile),
        _ => None,
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let actor = if entry.actor == "system" {
        Some(Msg::ActorSystem)
    } else {
        None
    };
    let actor_text = entry.actor.clone();
    let changes = entry.changes.clone();
    let label = entry
        .label
        .clone()
        .unwrap_or_else(|| entry.object_id.clone());
    let kind = object_type_label(&entry.object_type);
    let object_type = entry.object_type.clone();
    let country = object_country(&entry);
    let object = match entry.customer_id {
        Some(c) if entry.action != AuditAction::CustomerRemoved => view! {
            <a href=format!("/customers/{c}")>{label}</a>
        }
        .into_any(),
        _ => view! { <span>{label}</span> }.into_any(),
    };
    view! {
        <tr>
            <td class="cell-mono">{shared::audit::log_time(&entry.at)}</td>
            <td>{move || actor.map(|m| i18n.t(m).to_string()).unwrap_or_else(|| actor_text.clone())}</td>
            <td>{tr(entry.action.label())}</td>
            <td>
                {kind.map(|k| view! { <span class="row-note object-kind">{tr(k)}</span> })}
                {object}
            </td>
            <td>
                {(!changes.is_empty()).then(|| view! {
                    <details>
                        <summary>{changes.len()}" × "{tr(Msg::ColChanges)}</summary>
                        <dl class="changes">
                            {changes.into_iter().map(|change| view! {
                                <ChangeItem object_type=object_type.clone() change country=country.clone() />
                            }).collect_view()}
                        </dl>
                    </details>
                })}
            </td>
        </tr>
    }
}

/// One changed field: its name and the values before and after, read in the user's language.
#[component]
fn ChangeItem(
    object_type: String,
    change: FieldChange,
    country: Option<shared::regions::CountryCode>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = shared::audit::change_label(&object_type, &change.field);
    let FieldChange {
        field,
        before,
        after,
    } = change;
    let key = field.clone();
    let shown = move |value: &Option<String>| match value {
        Some(v) => {
            shared::audit::change_value(&object_type, &field, v, country.as_ref(), i18n.locale())
        }
        None => "–".to_string(),
    };
    let show_after = shown.clone();
    view! {
        <dt class:change-key=name.is_none()>
            {move || name.map(|m| i18n.t(m).to_string()).unwrap_or_else(|| key.clone())}
        </dt>
        <dd><del>{move || shown(&before)}</del>" → "<ins>{move || show_after(&after)}</ins></dd>
    }
}
