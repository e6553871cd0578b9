//! Support (helpdesk agents, admin agents, global admins): every customer's requests, filtered
//! by state, severity, overdue first answer, assignee and customer — all in the URL — and one
//! request with its thread, its moves, its assignee.

use crate::api::{self, ApiFailure};
use crate::components::pager::Pager;
use crate::components::support::{choices, state_badge, SupportTable};
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit_with};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::i18n::{field_error_text, format_date_time, Msg};
use shared::support::{
    Assignee, NoteForm, Severity, SupportQuery, SupportRequest, SupportState, NOTE_MAX,
    SUPPORT_PAGE_SIZE,
};
use uuid::Uuid;

fn list_href(query: &SupportQuery) -> String {
    match query.to_params() {
        p if p.is_empty() => "/support".into(),
        p => format!("/support?{p}"),
    }
}

#[component]
pub fn SupportPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavSupport);
    let i18n = use_i18n();
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| SupportQuery::from_params(|k| params.read().get(k)));
    let requests = crate::session::page_data(move || {
        let q = query.get();
        async move { api::support_requests(&q).await }
    });
    let assignees = LocalResource::new(api::support_assignees);
    let go = move |change: &dyn Fn(&mut SupportQuery)| {
        // Another filter starts at the first page; turning a page sets its offset.
        let mut q = SupportQuery {
            offset: None,
            ..query.get_untracked()
        };
        change(&mut q);
        navigate(&list_href(&q), Default::default());
    };
    let go = StoredValue::new_local(go);
    let state_chip = move |state: Option<SupportState>| {
        let target = SupportQuery {
            state,
            offset: None,
            ..query.get_untracked()
        };
        let current = move || query.get().state == state;
        let label = state.map_or(Msg::AllStates, |s| s.label());
        view! {
            <a href=list_href(&target) class="chip" aria-current=move || current().then_some("page")>{tr(label)}</a>
        }
    };
    let me = use_me()
        .get_untracked()
        .and_then(|r| r.ok())
        .map(|m| m.user.id);
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavSupport)}</h1>
                <p class="page-intro">{tr(Msg::SupportIntro)}</p>
            </div>
        </div>
        {move || {
            // Rebuilt with the query, so each chip's link keeps the other filters.
            let _ = query.get();
            view! {
                <nav class="filter-chips" aria-label=move || i18n.t(Msg::ColStatus)>
                    {state_chip(None)}
                    {SupportState::ALL.iter().map(|s| state_chip(Some(*s))).collect_view()}
                </nav>
            }
        }}
        <div class="list-filters">
            <label class="filter">{tr(Msg::LabelSeverity)}
                <select on:change=move |ev| { let v = event_target_value(&ev); go.with_value(|go| go(&|q| q.severity = Severity::from_code(&v))); }
                    prop:value=move || query.get().severity.map(|s| s.as_str()).unwrap_or_default()>
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {move || choices(Severity::ALL, Severity::as_str, |s| s.label(), i18n.locale()).into_iter()
                        .map(|(code, label)| view! { <option value=code>{label}</option> }).collect_view()}
                </select>
            </label>
            <label class="filter">{tr(Msg::ColAssignee)}
                <select on:change=move |ev| { let v = event_target_value(&ev); go.with_value(|go| go(&|q| q.assignee = (!v.is_empty()).then(|| v.clone()))); }
                    prop:value=move || query.get().assignee.unwrap_or_default()>
                    <option value="">{tr(Msg::FilterAll)}</option>
                    <option value="none">{tr(Msg::SupportUnassigned)}</option>
                    {move || assignees.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|a: Assignee| {
                        let mine = Some(a.id) == me;
                        view! { <option value=a.id.to_string()>{a.display_name}{mine.then_some(" ✓")}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="filter filter-check">
                <input type="checkbox" prop:checked=move || query.get().overdue == Some(true)
                    on:change=move |ev| { let on = event_target_checked(&ev); go.with_value(|go| go(&|q| q.overdue = on.then_some(true))); } />
                {tr(Msg::SupportOverdueOnly)}
            </label>
            {move || query.get().customer.map(|_| view! {
                <button type="button" class="chip chip-clear" on:click=move |_| go.with_value(|go| go(&|q| q.customer = None))>
                    {tr(Msg::FilterAll)}" · "{tr(Msg::ColCompany)}
                </button>
            })}
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || requests.get().map(|result| match result {
                Ok(page) if page.total == 0 => view! { <div class="card empty-state"><p>{tr(Msg::SupportEmpty)}</p></div> }.into_any(),
                Ok(page) => {
                    let from = query.get_untracked().offset.unwrap_or(0);
                    let shown = page.items.len() as u32;
                    let turn = Callback::new(move |offset: u32| go.with_value(|go| go(&|q| q.offset = Some(offset))));
                    view! {
                        <section class="card table-card">
                            <SupportTable requests=page.items with_customer=true />
                            <Pager from shown total=page.total page_size=SUPPORT_PAGE_SIZE go=turn />
                        </section>
                    }.into_any()
                }
                Err(f) => view! { <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> }.into_any(),
            })}
        </Transition>
    }
}

/// What a request page's buttons ask for.
#[derive(Clone)]
enum RequestChange {
    Move(SupportState),
    Assign(Option<Uuid>),
    Note(String),
}

/// The button that moves a request to `state`.
fn move_label(from: SupportState, to: SupportState) -> Msg {
    match to {
        SupportState::InProgress => Msg::SupportActStart,
        SupportState::WaitingForCustomer => Msg::SupportActWait,
        SupportState::Resolved => Msg::SupportActResolve,
        SupportState::Closed => Msg::SupportActClose,
        SupportState::Open if !from.is_open() => Msg::SupportActReopen,
        SupportState::Open => Msg::SupportActStart,
    }
}

#[component]
pub fn SupportRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let request = crate::resources::loaded_from_route(api::support_request);
    // Kept above the request's view: a note being typed survives its reload after a change.
    let note = RwSignal::new(String::new());
    view! {
        <p class="back-link"><A href="/support">"← "{tr(Msg::SupportBack)}</A></p>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || request.get().map(|result| match result {
                Ok(r) => view! { <RequestView request=r note on_change=Callback::new(move |()| request.refetch()) /> }.into_any(),
                Err(f) => view! { <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn RequestView(
    request: SupportRequest,
    note: RwSignal<String>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let title = request.title.clone();
    crate::i18n::use_page_title(move || vec![title.clone(), i18n.t(Msg::NavSupport).to_string()]);
    let id = request.id;
    let error = RwSignal::new(None::<String>);
    let assignees = LocalResource::new(api::support_assignees);
    let send = submit_with(move |change: RequestChange| async move {
        let answer = match &change {
            RequestChange::Move(state) => api::move_support_request(id, *state).await,
            RequestChange::Assign(who) => api::assign_support_request(id, *who).await,
            RequestChange::Note(text) => {
                api::add_support_note(id, &NoteForm { text: text.clone() }).await
            }
        };
        match answer {
            Ok(updated) => {
                error.set(None);
                match change {
                    RequestChange::Move(_) => {
                        let state = i18n.t(updated.state.label()).to_string();
                        toasts.show_with(Msg::SupportMoved, &[("state", &state)]);
                    }
                    RequestChange::Assign(_) => toasts.show(Msg::SupportAssigned),
                    RequestChange::Note(_) => note.set(String::new()),
                }
                on_change.run(());
            }
            Err(ApiFailure::Validation(fields)) => error.set(
                fields
                    .iter()
                    .next()
                    .map(|(f, e)| field_error_text(i18n.locale(), *f, e)),
            ),
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let busy = send.pending();
    let state = request.state;
    let opened_at = request.opened_at.clone();
    let opened_by = request.opened_by.clone();
    let due = request.first_response_due.clone();
    let answered = request.first_response_at.clone();
    let assignee = request.assignee.map(|a| a.to_string()).unwrap_or_default();
    view! {
        <div class="page-header">
            <div>
                <p class="eyebrow"><A href=format!("/customers/{}", request.customer_id)>{request.company_name.clone()}</A></p>
                <h1>{request.title.clone()}</h1>
                <p class="page-intro">{move || i18n.f(Msg::SupportOpenedBy, &[("name", &opened_by), ("time", &format_date_time(&opened_at, i18n.locale()))])}</p>
            </div>
            <span class=state_badge(state)>{tr(state.label())}</span>
        </div>
        <p class="row-note" role="alert" aria-live="polite">{move || error.get()}</p>
        <div class="support-layout">
            <section class="card support-detail" aria-labelledby="request-details">
                <h2 class="visually-hidden" id="request-details">{tr(Msg::LabelDescription)}</h2>
                <dl class="props">
                    <dt>{tr(Msg::LabelSeverity)}</dt><dd><span class=format!("severity severity-{}", request.severity.as_str())>{tr(request.severity.label())}</span></dd>
                    <dt>{tr(Msg::LabelTopic)}</dt><dd>{tr(request.topic.label())}</dd>
                    <dt>{tr(Msg::LabelContactName)}</dt><dd>{format!("{} <{}>", request.contact_name, request.contact_email)}</dd>
                    <dt>{tr(Msg::ColFirstResponseDue)}</dt>
                    <dd>
                        {move || match &answered {
                            Some(at) => i18n.f(Msg::SupportFirstAnswered, &[("time", &format_date_time(at, i18n.locale()))]),
                            None => format_date_time(&due, i18n.locale()),
                        }}
                        {request.overdue.then(|| view! { " " <span class="badge badge-overdue">{tr(Msg::Overdue)}</span> })}
                    </dd>
                    <dt><label for="assignee">{tr(Msg::SupportAssign)}</label></dt>
                    <dd>
                        <select id="assignee" class="input" disabled=move || busy.get()
                            prop:value=move || { let _ = assignees.get(); assignee.clone() }
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                send.dispatch(RequestChange::Assign(Uuid::parse_str(&v).ok()));
                            }>
                            <option value="">{tr(Msg::SupportUnassigned)}</option>
                            {move || assignees.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                                .map(|a| view! { <option value=a.id.to_string()>{a.display_name}</option> }).collect_view()}
                        </select>
                    </dd>
                </dl>
                <p class="support-description">{request.description.clone()}</p>
                <div class="form-actions support-moves">
                    {state.next().iter().map(|&to| view! {
                        <button type="button" class="btn" class:btn-primary=to == SupportState::Resolved disabled=move || busy.get()
                            on:click=move |_| send.dispatch(RequestChange::Move(to))>{tr(move_label(state, to))}</button>
                    }).collect_view()}
                </div>
            </section>
            <section class="card support-thread" aria-labelledby="notes-title">
                <h2 class="table-title" id="notes-title">{tr(Msg::SupportNotes)}</h2>
                {if request.notes.is_empty() {
                    view! { <p class="empty-inline">{tr(Msg::SupportNoNotes)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="notes">
                            {request.notes.into_iter().map(|n| {
                                let at = n.at.clone();
                                view! {
                                    <li class="note">
                                        <p class="note-meta"><strong>{n.author.clone()}</strong>" · "{move || format_date_time(&at, i18n.locale())}</p>
                                        <p class="note-text">{n.text.clone()}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <form class="note-form" novalidate=true on:submit=move |ev| {
                    ev.prevent_default();
                    send.dispatch(RequestChange::Note(note.get_untracked()));
                }>
                    <label class="field-label" for="note">{tr(Msg::SupportNote)}</label>
                    <textarea id="note" rows="3" maxlength=NOTE_MAX prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::SupportAddNote)}</button>
                    </div>
                </form>
            </section>
        </div>
    }
}
