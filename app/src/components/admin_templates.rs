//! The partner's role templates for admin (GDAP) requests, on the admin relationships page:
//! each with its roles, changed or removed in place, and new ones. Requests start from them.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::code_choices::{toggled, CodeChoices};
use crate::components::editable_list::{EditableItem, Editing};
use crate::components::toast::use_toasts;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::admin_relationship::{AdminTemplate, AdminTemplateForm, EntraRole};
use shared::i18n::Msg;
use shared::Field;
use uuid::Uuid;

const TEMPLATE_ORDER: [Field; 2] = [Field::DisplayName, Field::Roles];

/// The form's values for a template (blank for a new one).
fn form_of(template: Option<&AdminTemplate>) -> AdminTemplateForm {
    template.map_or_else(AdminTemplateForm::default, |t| AdminTemplateForm {
        name: t.name.as_str().to_string(),
        roles: t.roles.iter().map(|r| r.as_str().to_string()).collect(),
    })
}

#[component]
pub fn AdminTemplatesCard() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let templates = LocalResource::new(api::admin_templates);
    let editing = RwSignal::new(None::<Editing>);
    let error = RwSignal::new(None::<String>);
    let removing = submit_with(move |id: Uuid| async move {
        match api::remove_admin_template(id).await {
            Ok(()) => {
                error.set(None);
                toasts.show(Msg::TemplateRemoved);
                templates.refetch();
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let busy = removing.pending();
    let done = Callback::new(move |saved: bool| {
        editing.set(None);
        if saved {
            toasts.show(Msg::TemplateSaved);
            templates.refetch();
        }
    });
    view! {
        <section class="card table-card admin-templates" aria-labelledby="templates-title">
            <div class="table-title-row">
                <h2 class="table-title" id="templates-title">{tr(Msg::TemplatesTitle)}</h2>
                <Show when=move || editing.get().is_none()>
                    <button type="button" class="btn btn-small" on:click=move |_| { editing.set(Some(Editing::New)); crate::ui::focus_element("display_name"); }>
                        {tr(Msg::TemplateNew)}
                    </button>
                </Show>
            </div>
            <p class="row-note table-intro">{tr(Msg::TemplatesIntro)}</p>
            <p class="row-note" aria-live="polite">{move || error.get()}</p>
            {move || (editing.get() == Some(Editing::New)).then(|| view! { <TemplateForm id=None values=form_of(None) on_done=done /> })}
            {move || templates.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::TemplatesEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="template-list">
                        {list.into_iter().map(|t| {
                            let id = t.id;
                            let name = t.name.as_str().to_string();
                            let question_name = name.clone();
                            let roles = t.roles.clone();
                            let values = form_of(Some(&t));
                            view! {
                                <EditableItem name busy
                                    summary=Signal::derive(move || roles.iter().map(|r| r.name(i18n.locale())).collect::<Vec<_>>().join(" · "))
                                    editing=Signal::derive(move || editing.get() == Some(Editing::Existing(id)))
                                    any_editing=Signal::derive(move || editing.get().is_some())
                                    on_edit=Callback::new(move |()| { editing.set(Some(Editing::Existing(id))); crate::ui::focus_element("display_name"); })
                                    on_remove=Callback::new(move |()| {
                                        let question = i18n.f(Msg::ConfirmRemoveTemplate, &[("name", &question_name)]);
                                        if crate::ui::confirmed(&question) {
                                            removing.dispatch(id);
                                        }
                                    })
                                    form=ViewFn::from(move || view! { <TemplateForm id=Some(id) values=values.clone() on_done=done /> }) />
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(f) => view! { <p class="row-note text-danger">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

/// A template's name and roles; `on_done` says whether it was saved (`false`: cancelled).
#[component]
fn TemplateForm(
    id: Option<Uuid>,
    values: AdminTemplateForm,
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(values, &TEMPLATE_ORDER, AdminTemplateForm::check);
    let failure = RwSignal::new(None::<ApiFailure>);
    let saving = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::save_admin_template(id, &body).await {
                Ok(_) => on_done.run(true),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = saving.pending();
    let send = form.on_submit(saving, failure);
    view! {
        <form class="template-form" novalidate=true on:submit=send>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <TextField id="display_name" label=Msg::LabelTemplateName value=form.text(|f| &f.name)
                on_input=Callback::new(move |v| form.update(|f| f.name = v))
                on_blur=form.on_blur(Field::DisplayName) required=true
                error=form.error_text(Field::DisplayName) />
            <CodeChoices id="roles" legend=Msg::LabelRoles
                choices=EntraRole::ALL
                    .iter()
                    .map(|&role| (role.as_str(), ViewFn::from(move || view! {
                        <span class="role-name">{move || role.name(i18n.locale())}</span>
                    })))
                    .collect()
                chosen=Signal::derive(move || form.with(|f| f.roles.clone()))
                on_toggle=Callback::new(move |(code, on): (&'static str, bool)| {
                    form.update(|f| toggled(&mut f.roles, code, on));
                    form.touch(Field::Roles);
                })
                error=form.error_text(Field::Roles) />
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::TemplateSave)}</button>
            </div>
        </form>
    }
}
