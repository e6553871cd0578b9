//! A customer's admin (GDAP) relationships on the customer page: the list (roles, state, when
//! it ends, who approved), asking for admin access, and ending one.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::code_choices::{toggled, CodeChoices};
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, format_date, submit, submit_with};
use leptos::prelude::*;
use shared::access::Action;
use shared::admin_relationship::{
    AdminRelationship, AdminRelationshipForm, AdminRelationshipState, AdminTemplate, EntraRole,
};
use shared::date::CalendarDate;
use shared::i18n::Msg;
use shared::Field;
use uuid::Uuid;

/// The fields of a request, in order.
const REQUEST_ORDER: [Field; 4] = [
    Field::DisplayName,
    Field::Roles,
    Field::DurationDays,
    Field::AutoExtend,
];

/// A relationship's badge: its state, or "expiring" for an active one ending within 31 days.
pub fn state_badge(r: &AdminRelationship) -> (&'static str, Msg) {
    match r.state {
        AdminRelationshipState::Active if r.expiring => ("badge badge-expired", Msg::AdminExpiring),
        AdminRelationshipState::Active => ("badge badge-active", r.state.label()),
        AdminRelationshipState::ApprovalPending => ("badge badge-invited", r.state.label()),
        _ => ("badge badge-ended", r.state.label()),
    }
}

/// The day a relationship ends (active) or ended (expired, terminated): `YYYY-MM-DD`.
pub fn end_day(r: &AdminRelationship) -> Option<String> {
    match r.state {
        AdminRelationshipState::ApprovalPending => None,
        AdminRelationshipState::Active => r.ends_on.map(|d| d.to_string()),
        AdminRelationshipState::Expired | AdminRelationshipState::Terminated => r
            .ended_at
            .as_deref()
            .and_then(|at| at.get(..10))
            .map(str::to_string)
            .or_else(|| r.ends_on.map(|d| d.to_string())),
    }
}

/// A change to one relationship that a button asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminChange {
    Terminate,
    /// From the end shown.
    Extend(CalendarDate),
    AskAgain,
}

impl AdminChange {
    /// The extension of `r` from its current end, if it can be extended.
    pub fn extension_of(r: &AdminRelationship) -> Option<AdminChange> {
        r.extension().and(r.ends_on).map(AdminChange::Extend)
    }

    /// A new request for `r`, if it has expired.
    pub fn request_again_of(r: &AdminRelationship) -> Option<AdminChange> {
        r.terms()
            .can_request_again()
            .then_some(AdminChange::AskAgain)
    }

    /// The extension or the new request a bulk action makes of `r`, if `r` can take it.
    pub fn for_bulk(r: &AdminRelationship, extend: bool) -> Option<AdminChange> {
        if extend {
            Self::extension_of(r)
        } else {
            Self::request_again_of(r)
        }
    }

    pub async fn send(self, id: Uuid) -> Result<AdminRelationship, ApiFailure> {
        match self {
            AdminChange::Terminate => api::terminate_admin_relationship(id).await,
            AdminChange::Extend(from) => api::extend_admin_relationship(id, from).await,
            AdminChange::AskAgain => api::request_admin_relationship_again(id).await,
        }
    }
}

/// `active`: whether the reseller relationship is active (only then may access be asked).
#[component]
pub fn AdminRelationshipsPanel(
    customer: Uuid,
    company: String,
    /// Where the request's link goes: the customer's contact.
    contact_email: String,
    active: bool,
    /// Bumped when a relationship ends or changes (who can do what here follows).
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let relationships = crate::session::page_data(move || api::admin_relationships(customer));
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let ending = submit_with(move |(id, change): (Uuid, AdminChange)| async move {
        match change.send(id).await {
            Ok(after) => {
                error.set(None);
                match change {
                    AdminChange::Terminate => toasts.show(Msg::AdminRelTerminated),
                    AdminChange::Extend(_) => {
                        let date = after
                            .ends_on
                            .map(|d| format_date(&d.to_string(), i18n.locale()))
                            .unwrap_or_default();
                        toasts.show_with(Msg::AdminRelExtended, &[("date", &date)]);
                    }
                    AdminChange::AskAgain => toasts.show(Msg::AdminRelAskedAgain),
                }
                relationships.refetch();
                changed.update(|n| *n += 1);
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let ending_pending = ending.pending();
    let may_change = move || can(Action::AdminRelationships);
    view! {
        <section class="card table-card admin-relationships" aria-labelledby="admin-relationships-title">
            <div class="table-title-row">
                <h2 class="table-title" id="admin-relationships-title">{tr(Msg::AdminRelTitle)}</h2>
                <Show when=move || active && may_change() && !asking.get()>
                    <button type="button" class="btn btn-small" on:click=move |_| asking.set(true)>{tr(Msg::AdminRelRequest)}</button>
                </Show>
            </div>
            <p class="row-note table-intro">{tr(Msg::AdminRelIntro)}</p>
            <p class="row-note" aria-live="polite">{move || error.get()}</p>
            <Show when=move || asking.get()>
                <RequestForm customer on_done=Callback::new({
                    let contact_email = contact_email.clone();
                    move |sent: bool| {
                        asking.set(false);
                        if sent {
                            toasts.show_with(Msg::AdminRelRequested, &[("email", &contact_email)]);
                            relationships.refetch();
                        }
                    }
                }) />
            </Show>
            {move || relationships.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::AdminRelEmpty)}</p> }.into_any(),
                Ok(list) => {
                    let company = company.clone();
                    view! {
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(Msg::ColThingName)}</th>
                                    <th scope="col">{tr(Msg::ColRoles)}</th>
                                    <th scope="col">{tr(Msg::ColStatus)}</th>
                                    <th scope="col">{tr(Msg::ColEnds)}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(Msg::ColActions)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|r| {
                                    let (badge, state) = state_badge(&r);
                                    let roles: Vec<EntraRole> = r.roles.clone();
                                    let open = matches!(r.state, AdminRelationshipState::ApprovalPending | AdminRelationshipState::Active);
                                    let name = r.display_name.as_str().to_string();
                                    let id = r.id;
                                    let question_company = company.clone();
                                    let end = move |_| {
                                        let question = i18n.f(Msg::ConfirmTerminateAdmin, &[("name", &name), ("company", &question_company)]);
                                        if crate::ui::confirmed(&question) {
                                            ending.dispatch((id, AdminChange::Terminate));
                                        }
                                    };
                                    let extend = AdminChange::extension_of(&r);
                                    let ask_again = AdminChange::request_again_of(&r).filter(|_| active);
                                    let ends = end_day(&r);
                                    let approved_by = r.approved_by.clone();
                                    view! {
                                        <tr>
                                            <td class="cell-primary">{r.display_name.as_str().to_string()}</td>
                                            <td>
                                                <ul class="role-names">
                                                    {move || roles.iter().map(|role| view! { <li>{role.name(i18n.locale())}</li> }).collect_view()}
                                                </ul>
                                            </td>
                                            <td>
                                                <span class=badge>{tr(state)}</span>
                                                {approved_by.map(|name| view! { <p class="row-note">{move || i18n.f(Msg::AdminApprovedBy, &[("name", &name)])}</p> })}
                                            </td>
                                            <td>{move || ends.as_ref().map(|d| format_date(d, i18n.locale())).unwrap_or_default()}</td>
                                            <td class="cell-actions">
                                                <Show when=move || may_change()>
                                                    <div class="row-actions">
                                                        {(r.state == AdminRelationshipState::Active).then(|| view! {
                                                            // The admin build's page: a page load.
                                                            <a class="btn btn-small" href=format!("/admin-relationships?access={id}")>{tr(Msg::AccessOpen)}</a>
                                                        })}
                                                        {extend.map(|change| view! {
                                                            <button type="button" class="btn btn-small" disabled=move || ending_pending.get()
                                                                on:click=move |_| { ending.dispatch((id, change)); }>{tr(Msg::AdminRelExtend)}</button>
                                                        })}
                                                        {ask_again.map(|change| view! {
                                                            <button type="button" class="btn btn-small" disabled=move || ending_pending.get()
                                                                on:click=move |_| { ending.dispatch((id, change)); }>{tr(Msg::AdminRelAskAgain)}</button>
                                                        })}
                                                        {open.then(|| view! {
                                                            <button type="button" class="btn btn-small btn-danger" disabled=move || ending_pending.get() on:click=end.clone()>{tr(Msg::AdminRelTerminate)}</button>
                                                        })}
                                                    </div>
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
                Err(failure) => view! { <p class="row-note text-danger">{move || failure_text(&failure, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

/// Role choices, each with what it allows (for `CodeChoices`).
pub fn described_roles(roles: &[EntraRole]) -> Vec<(&'static str, ViewFn)> {
    let i18n = use_i18n();
    roles
        .iter()
        .map(|&role| {
            (
                role.as_str(),
                ViewFn::from(move || {
                    view! {
                        <span>
                            <span class="role-name">{move || role.name(i18n.locale())}</span>
                            <span class="row-note">{move || role.description(i18n.locale())}</span>
                        </span>
                    }
                }),
            )
        })
        .collect()
}

/// The request form: a name, a template or roles chosen one by one (each with what it allows),
/// a duration and auto-extension (not with Global Administrator: the shared rule says so while
/// choosing). `on_done` says whether a request went out (`false`: cancelled).
#[component]
fn RequestForm(customer: Uuid, on_done: Callback<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(
        AdminRelationshipForm {
            duration_days: shared::admin_relationship::DEFAULT_DURATION_DAYS.to_string(),
            ..Default::default()
        },
        &REQUEST_ORDER,
        AdminRelationshipForm::check,
    );
    let failure = RwSignal::new(None::<ApiFailure>);
    let template = RwSignal::new(String::new());
    // The partner's templates; the choice is by id.
    let partner_templates = LocalResource::new(api::admin_templates);
    let loaded = move || {
        partner_templates
            .get()
            .and_then(|r| r.ok())
            .unwrap_or_default()
    };
    let templates = Signal::derive(move || {
        loaded()
            .into_iter()
            .map(|t| (t.id.to_string(), t.name.as_str().to_string()))
            .collect::<Vec<_>>()
    });
    let choose_template = move |id: String| {
        if let Some(chosen) = loaded().into_iter().find(|t| t.id.to_string() == id) {
            form.update(|f| {
                f.roles = chosen
                    .roles
                    .iter()
                    .map(|r| r.as_str().to_string())
                    .collect();
                if f.display_name.trim().is_empty() {
                    f.display_name = chosen.name.as_str().to_string();
                }
            });
        }
        template.set(id);
    };
    let sending = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::request_admin_relationship(customer, &body).await {
                Ok(_) => on_done.run(true),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = sending.pending();
    let send = form.on_submit(sending, failure);
    let roles_error = form.error_text(Field::Roles);
    let auto_error = form.error_text(Field::AutoExtend);
    view! {
        <form class="admin-request" novalidate=true on:submit=send>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <div class="form-grid form-grid-3">
                <TextField id="display_name" label=Msg::LabelRelName value=form.text(|f| &f.display_name)
                    on_input=Callback::new(move |v| form.update(|f| f.display_name = v))
                    on_blur=form.on_blur(Field::DisplayName) required=true
                    error=form.error_text(Field::DisplayName) />
                <SelectField id="template" label=Msg::LabelTemplate value=template options=templates
                    empty_label=Signal::derive(move || i18n.t(Msg::TemplateNone).to_string())
                    on_change=Callback::new(choose_template) />
                <TextField id="duration_days" label=Msg::LabelDurationDays value=form.text(|f| &f.duration_days)
                    input_type="number" on_input=Callback::new(move |v| form.update(|f| f.duration_days = v))
                    on_blur=form.on_blur(Field::DurationDays) required=true
                    error=form.error_text(Field::DurationDays) />
            </div>
            <CodeChoices id="roles" legend=Msg::LabelRoles
                choices=described_roles(EntraRole::ALL)
                chosen=Signal::derive(move || form.with(|f| f.roles.clone()))
                on_toggle=Callback::new(move |(code, on): (&'static str, bool)| {
                    form.update(|f| toggled(&mut f.roles, code, on));
                    form.touch(Field::Roles);
                    form.touch(Field::AutoExtend);
                })
                error=roles_error />
            <label class="checkbox-field" id="auto_extend">
                <input type="checkbox" prop:checked=move || form.with(|f| f.auto_extend)
                    on:change=move |ev| {
                        form.update(|f| f.auto_extend = event_target_checked(&ev));
                        form.touch(Field::AutoExtend);
                    } />
                <span>{tr(Msg::LabelAutoExtend)}</span>
            </label>
            <p class="field-error" aria-live="polite">{move || auto_error.get()}</p>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>{tr(Msg::AdminRelCancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::AdminRelSend)}</button>
            </div>
        </form>
    }
}

/// "Also request admin access" while adding or inviting a customer: off, or the partner's
/// template to ask from (`choice`). The request goes once the customer exists, or (`invite`)
/// once it accepts the invitation (`AdminRelationshipForm::from_template`); the customer's
/// contact gets the approval link.
#[component]
pub fn AlsoRequestAdmin(choice: RwSignal<Option<AdminTemplate>>, invite: bool) -> impl IntoView {
    let i18n = use_i18n();
    let templates = LocalResource::new(api::admin_templates);
    let loaded = move || templates.get().and_then(|r| r.ok()).unwrap_or_default();
    let options = Signal::derive(move || {
        loaded()
            .into_iter()
            .map(|t| (t.id.to_string(), t.name.as_str().to_string()))
            .collect::<Vec<_>>()
    });
    let none = Signal::derive(move || templates.get().is_some() && options.with(Vec::is_empty));
    view! {
        <section class="card form-section also-admin" aria-labelledby="also-admin-title">
            <h2 class="section-title" id="also-admin-title">{tr(Msg::AdminRelTitle)}</h2>
            <label class="checkbox-field">
                <input type="checkbox" id="also_admin" disabled=move || none.get()
                    prop:checked=move || choice.with(Option::is_some)
                    on:change=move |ev| choice.set(if event_target_checked(&ev) { loaded().into_iter().next() } else { None }) />
                <span>{tr(Msg::AlsoRequestAdmin)}</span>
            </label>
            <p class="row-note">{move || i18n.t(match (none.get(), invite) {
                (true, _) => Msg::AlsoRequestAdminNoTemplates,
                (false, true) => Msg::AlsoRequestAdminInviteHint,
                (false, false) => Msg::AlsoRequestAdminHint,
            })}</p>
            <Show when=move || choice.with(Option::is_some)>
                <SelectField id="also_admin_template" label=Msg::LabelTemplate required=true
                    value=Signal::derive(move || choice.get().map(|t| t.id.to_string()).unwrap_or_default())
                    options
                    on_change=Callback::new(move |id: String| choice.set(loaded().into_iter().find(|t| t.id.to_string() == id))) />
                <ul class="role-names">
                    {move || choice.get().map(|t| t.roles).unwrap_or_default().into_iter()
                        .map(|role| view! { <li>{role.name(i18n.locale())}</li> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
