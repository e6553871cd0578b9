//! Support requests on a customer's page: its requests and "open a support request" (the
//! customer's contact prefilled, told by e-mail once it is opened). Also the table both this
//! card and the Support page list requests in.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::i18n::format_date_time;
use shared::i18n::{Locale, Msg};
use shared::support::{
    Severity, SupportRequest, SupportRequestForm, SupportState, SupportTopic, DESCRIPTION_MAX,
};
use shared::Field;
use uuid::Uuid;

/// The request form's fields, in order.
const REQUEST_FIELDS: [Field; 6] = [
    Field::Title,
    Field::Severity,
    Field::Topic,
    Field::ContactName,
    Field::ContactEmail,
    Field::Description,
];

/// A code enum's choices for a select, labelled in `locale`.
pub fn choices<T: Copy + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    label: fn(T) -> Msg,
    locale: Locale,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&v| (code(v).to_string(), locale.text(label(v)).to_string()))
        .collect()
}

/// The badge class of a request's state.
pub fn state_badge(state: SupportState) -> &'static str {
    match state {
        SupportState::Open => "badge badge-invited",
        SupportState::InProgress | SupportState::WaitingForCustomer => "badge badge-active",
        SupportState::Resolved | SupportState::Closed => "badge badge-ended",
    }
}

/// Requests as a table: title (a link), customer (unless `with_customer` is false), severity,
/// state, assignee, first answer due (marked when overdue), opened.
#[component]
pub fn SupportTable(requests: Vec<SupportRequest>, with_customer: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
        <table class="data-table support-table">
            <thead><tr>
                <th scope="col">{tr(Msg::LabelTitle)}</th>
                {with_customer.then(|| view! { <th scope="col">{tr(Msg::ColCompany)}</th> })}
                <th scope="col">{tr(Msg::LabelSeverity)}</th>
                <th scope="col">{tr(Msg::ColStatus)}</th>
                <th scope="col">{tr(Msg::ColAssignee)}</th>
                <th scope="col">{tr(Msg::ColFirstResponseDue)}</th>
                <th scope="col">{tr(Msg::ColOpened)}</th>
            </tr></thead>
            <tbody>
                {requests.into_iter().map(|r| {
                    let (due, opened) = (r.first_response_due.clone(), r.opened_at.clone());
                    let answered = r.first_response_at.is_some();
                    view! {
                        <tr class:row-overdue=r.overdue>
                            <td class="cell-primary"><A href=format!("/support/{}", r.id)>{r.title.clone()}</A></td>
                            {with_customer.then(|| view! { <td><A href=format!("/customers/{}", r.customer_id)>{r.company_name.clone()}</A></td> })}
                            <td><span class=format!("severity severity-{}", r.severity.as_str())>{tr(r.severity.label())}</span></td>
                            <td><span class=state_badge(r.state)>{tr(r.state.label())}</span></td>
                            <td class="cell-nowrap">{r.assignee_name.clone().unwrap_or_else(|| i18n.t(Msg::SupportUnassigned).into())}</td>
                            <td>
                                <span class:text-muted=answered>{move || format_date_time(&due, i18n.locale())}</span>
                                {r.overdue.then(|| view! { " " <span class="badge badge-overdue">{tr(Msg::Overdue)}</span> })}
                            </td>
                            <td>{move || format_date_time(&opened, i18n.locale())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// A customer's support card: its requests and the form to open one.
#[component]
pub fn CustomerSupportPanel(
    customer: Uuid,
    contact_name: String,
    contact_email: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let requests = LocalResource::new(move || api::customer_support_requests(customer));
    let opening = RwSignal::new(false);
    let blank = SupportRequestForm {
        severity: Severity::Normal.as_str().into(),
        contact_name,
        contact_email,
        ..Default::default()
    };
    view! {
        <section class="card table-card support-card" aria-labelledby="support-title">
            <div class="table-title-row">
                <h2 class="table-title" id="support-title">{tr(Msg::NavSupport)}</h2>
                <Show when=move || !opening.get()>
                    <button type="button" class="btn btn-small" on:click=move |_| { opening.set(true); crate::ui::focus_element("title"); }>{tr(Msg::SupportNew)}</button>
                </Show>
            </div>
            <Show when=move || opening.get()>
                <OpenRequestForm customer blank=blank.clone() on_done=Callback::new(move |opened: bool| {
                    opening.set(false);
                    if opened {
                        requests.refetch();
                    }
                }) />
            </Show>
            {move || requests.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::SupportEmpty)}</p> }.into_any(),
                Ok(list) => view! { <SupportTable requests=list with_customer=false /> }.into_any(),
                Err(f) => view! { <p class="row-note">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn OpenRequestForm(
    customer: Uuid,
    blank: SupportRequestForm,
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let form = BoundForm::checked_by(blank, &REQUEST_FIELDS, SupportRequestForm::check);
    let failure = RwSignal::new(None::<ApiFailure>);
    let sending = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::open_support_request(customer, &body).await {
                Ok(opened) => {
                    toasts.show_with(Msg::SupportOpened, &[("email", &opened.contact_email)]);
                    on_done.run(true);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = sending.pending();
    let send = form.on_submit(sending, failure);
    let severities = Signal::derive(move || {
        choices(
            Severity::ALL,
            Severity::as_str,
            |s| s.label(),
            i18n.locale(),
        )
    });
    let topics = Signal::derive(move || {
        choices(
            SupportTopic::ALL,
            SupportTopic::as_str,
            |t| t.label(),
            i18n.locale(),
        )
    });
    let description_error = form.error_text(Field::Description);
    view! {
        <form class="admin-request support-form" novalidate=true on:submit=send>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <div class="form-grid">
                <TextField id=Field::Title.key() label=Msg::LabelTitle value=form.text(|f| &f.title) required=true
                    on_input=Callback::new(move |v| form.update(|f| f.title = v)) on_blur=form.on_blur(Field::Title)
                    error=form.error_text(Field::Title) />
                <SelectField id=Field::Severity.key() label=Msg::LabelSeverity value=form.text(|f| &f.severity) options=severities required=true
                    on_change=Callback::new(move |v| { form.update(|f| f.severity = v); form.touch(Field::Severity); })
                    error=form.error_text(Field::Severity) />
                <SelectField id=Field::Topic.key() label=Msg::LabelTopic value=form.text(|f| &f.topic) options=topics required=true
                    on_change=Callback::new(move |v| { form.update(|f| f.topic = v); form.touch(Field::Topic); })
                    error=form.error_text(Field::Topic) />
                <TextField id=Field::ContactName.key() label=Msg::LabelContactName value=form.text(|f| &f.contact_name) required=true
                    on_input=Callback::new(move |v| form.update(|f| f.contact_name = v)) on_blur=form.on_blur(Field::ContactName)
                    error=form.error_text(Field::ContactName) />
                <TextField id=Field::ContactEmail.key() label=Msg::LabelEmail value=form.text(|f| &f.contact_email) required=true
                    input_type="email" on_input=Callback::new(move |v| form.update(|f| f.contact_email = v))
                    on_blur=form.on_blur(Field::ContactEmail) error=form.error_text(Field::ContactEmail) />
            </div>
            <div class="field" class:field-invalid=move || description_error.get().is_some()>
                <label class="field-label" for="description">{tr(Msg::LabelDescription)}" "<span class="field-required">"*"</span></label>
                <textarea id="description" rows="5" maxlength=DESCRIPTION_MAX
                    aria-invalid=move || description_error.get().is_some().to_string()
                    aria-describedby="description-error"
                    prop:value=move || form.with(|f| f.description.clone())
                    on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                    on:blur=move |_| form.touch(Field::Description)></textarea>
                <p class="field-error" id="description-error">{move || description_error.get()}</p>
            </div>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::SupportCreate)}</button>
            </div>
        </form>
    }
}
