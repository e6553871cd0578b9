//! The partner's access groups on the admin relationships page: each with its members, changed
//! or removed in place, and new ones. A group is given roles in a relationship on that
//! relationship's access panel (`access_assignments`).

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::editable_list::{EditableItem, Editing};
use crate::components::toast::use_toasts;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::admin_access::{AccessGroup, AccessGroupForm, Person};
use shared::i18n::Msg;
use shared::Field;
use uuid::Uuid;

const GROUP_ORDER: [Field; 2] = [Field::Name, Field::Members];

/// The form's values for a group (blank for a new one).
fn form_of(group: Option<&AccessGroup>) -> AccessGroupForm {
    group.map_or_else(AccessGroupForm::default, |g| AccessGroupForm {
        name: g.name.as_str().to_string(),
        members: g.members.iter().map(|m| m.user_id).collect(),
    })
}

/// The members' names, joined (or "no members yet").
fn member_names(group: &AccessGroup) -> Option<String> {
    (!group.members.is_empty()).then(|| {
        group
            .members
            .iter()
            .map(|m| m.display_name.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    })
}

#[component]
pub fn AccessGroupsCard(
    /// Bumped when a group changes, so the access panel's choice of groups follows.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let groups = LocalResource::new(api::access_groups);
    let editing = RwSignal::new(None::<Editing>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        groups.refetch();
        changed.update(|n| *n += 1);
    };
    let removing = submit_with(move |id: Uuid| async move {
        match api::remove_access_group(id).await {
            Ok(()) => {
                error.set(None);
                toasts.show(Msg::AccessGroupRemoved);
                reload();
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let busy = removing.pending();
    let done = Callback::new(move |saved: bool| {
        editing.set(None);
        if saved {
            toasts.show(Msg::AccessGroupSaved);
            reload();
        }
    });
    let people = Signal::derive(move || {
        groups
            .get()
            .and_then(|r| r.ok())
            .map(|g| g.people)
            .unwrap_or_default()
    });
    view! {
        <section class="card table-card access-groups" aria-labelledby="groups-title">
            <div class="table-title-row">
                <h2 class="table-title" id="groups-title">{tr(Msg::AccessGroupsTitle)}</h2>
                <Show when=move || editing.get().is_none()>
                    <button type="button" class="btn btn-small" on:click=move |_| { editing.set(Some(Editing::New)); crate::ui::focus_element("name"); }>
                        {tr(Msg::AccessGroupNew)}
                    </button>
                </Show>
            </div>
            <p class="row-note table-intro">{tr(Msg::AccessGroupsIntro)}</p>
            <p class="row-note" aria-live="polite">{move || error.get()}</p>
            {move || (editing.get() == Some(Editing::New)).then(|| view! { <GroupForm id=None values=form_of(None) people on_done=done /> })}
            {move || groups.get().map(|result| match result {
                Ok(list) if list.groups.is_empty() => view! { <p class="empty-inline">{tr(Msg::AccessGroupsEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="template-list">
                        {list.groups.into_iter().map(|g| {
                            let id = g.id;
                            let name = g.name.as_str().to_string();
                            let question_name = name.clone();
                            let members = member_names(&g);
                            let values = form_of(Some(&g));
                            view! {
                                <EditableItem name busy
                                    summary=Signal::derive(move || members.clone().unwrap_or_else(|| i18n.t(Msg::AccessGroupNoMembers).to_string()))
                                    editing=Signal::derive(move || editing.get() == Some(Editing::Existing(id)))
                                    any_editing=Signal::derive(move || editing.get().is_some())
                                    on_edit=Callback::new(move |()| { editing.set(Some(Editing::Existing(id))); crate::ui::focus_element("name"); })
                                    on_remove=Callback::new(move |()| {
                                        let question = i18n.f(Msg::ConfirmRemoveGroup, &[("name", &question_name)]);
                                        if crate::ui::confirmed(&question) {
                                            removing.dispatch(id);
                                        }
                                    })
                                    form=ViewFn::from(move || view! { <GroupForm id=Some(id) values=values.clone() people on_done=done /> }) />
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(f) => view! { <p class="row-note text-danger">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

/// A group's name and members; `on_done` says whether it was saved (`false`: cancelled).
#[component]
fn GroupForm(
    id: Option<Uuid>,
    values: AccessGroupForm,
    people: Signal<Vec<Person>>,
    on_done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(values, &GROUP_ORDER, AccessGroupForm::check);
    let failure = RwSignal::new(None::<ApiFailure>);
    let saving = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::save_access_group(id, &body).await {
                Ok(_) => on_done.run(true),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = saving.pending();
    let send = form.on_submit(saving, failure);
    let members_error = form.error_text(Field::Members);
    view! {
        <form class="template-form" novalidate=true on:submit=send>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <TextField id="name" label=Msg::LabelGroupName value=form.text(|f| &f.name)
                on_input=Callback::new(move |v| form.update(|f| f.name = v))
                on_blur=form.on_blur(Field::Name) required=true
                error=form.error_text(Field::Name) />
            <fieldset class="role-choices" id="members" aria-describedby="members-error"
                class:field-invalid=move || members_error.get().is_some()>
                <legend>{tr(Msg::LabelMembers)}</legend>
                {move || people.get().into_iter().map(|person| {
                    let user = person.user_id;
                    view! {
                        <label class="role-choice">
                            <input type="checkbox" prop:checked=move || form.with(|f| f.members.contains(&user))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    form.update(|f| {
                                        f.members.retain(|m| *m != user);
                                        if on { f.members.push(user); }
                                    });
                                    form.touch(Field::Members);
                                } />
                            <span class="role-name">{person.display_name}</span>
                        </label>
                    }
                }).collect_view()}
                <p class="field-error" id="members-error" aria-live="polite">{move || members_error.get()}</p>
            </fieldset>
            <div class="form-actions">
                <button type="button" class="btn" on:click=move |_| on_done.run(false)>{tr(Msg::Cancel)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::AccessGroupSave)}</button>
            </div>
        </form>
    }
}
