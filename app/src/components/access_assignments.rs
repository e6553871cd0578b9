//! One admin relationship's access assignments on the admin relationships page
//! (`?access={id}`): which groups may use which of its roles, a group given roles or its roles
//! changed (only among the relationship's, only while it is active), and an assignment removed.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::admin_relationships::described_roles;
use crate::components::code_choices::{toggled, CodeChoices};
use crate::components::toast::use_toasts;
use crate::components::SelectField;
use crate::form::FormState;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::access::Action;
use shared::admin_access::{takes_assignments, AccessAssignment, AssignmentForm};
use shared::admin_relationship::EntraRole;
use shared::i18n::Msg;
use shared::Field;
use uuid::Uuid;

const ASSIGNMENT_ORDER: [Field; 1] = [Field::Roles];

/// The roles a group has in the relationship now, as codes (none when it has no assignment).
fn roles_of(assignments: &[AccessAssignment], group: Uuid) -> Vec<String> {
    assignments
        .iter()
        .find(|a| a.group_id == group)
        .map(|a| a.roles.iter().map(|r| r.as_str().to_string()).collect())
        .unwrap_or_default()
}

#[component]
pub fn AccessPanel(
    relationship: Uuid,
    /// Where "close" goes: the list without the panel.
    close_href: String,
    /// Bumped when the partner's groups change (the choice of groups follows).
    groups_changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let admin = LocalResource::new(move || api::admin_relationship(relationship));
    let assignments = LocalResource::new(move || api::access_assignments(relationship));
    // The groups to choose from: only those who may assign see (or may read) them.
    let may_assign = can(Action::AdminRelationships);
    let groups = LocalResource::new(move || {
        groups_changed.track();
        async move {
            if may_assign {
                api::access_groups().await.ok()
            } else {
                None
            }
        }
    });
    let error = RwSignal::new(None::<String>);
    let removing = submit_with(move |(group, _name): (Uuid, String)| async move {
        match api::unassign_access(relationship, group).await {
            Ok(()) => {
                error.set(None);
                toasts.show(Msg::AccessRemoved);
                assignments.refetch();
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let removing_busy = removing.pending();
    let chosen_group = RwSignal::new(String::new());
    view! {
        <section class="card table-card access-panel" aria-labelledby="access-title">
            {move || admin.get().map(|result| match result {
                Ok(r) => {
                    let active = takes_assignments(r.state);
                    let may_change = may_assign && active;
                    let granted = r.roles.clone();
                    let title_name = r.display_name.as_str().to_string();
                    let title_company = r.company_name.clone();
                    let close_href = close_href.clone();
                    view! {
                        <div class="table-title-row">
                            <h2 class="table-title" id="access-title">
                                {move || i18n.f(Msg::AccessTitle, &[("name", &title_name)])}
                            </h2>
                            <a class="btn btn-small" href=close_href>{tr(Msg::AccessClose)}</a>
                        </div>
                        <p class="row-note table-intro">{move || i18n.f(Msg::AccessIntro, &[("company", &title_company)])}</p>
                        {(!active).then(|| view! { <p class="alert alert-info" role="status">{tr(Msg::RefusedAdminNotActive)}</p> })}
                        <p class="row-note" aria-live="polite">{move || error.get()}</p>
                        {move || assignments.get().map(|listed| match listed {
                            Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::AccessEmpty)}</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="data-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(Msg::LabelGroup)}</th>
                                            <th scope="col">{tr(Msg::ColRoles)}</th>
                                            <th scope="col"><span class="visually-hidden">{tr(Msg::ColActions)}</span></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|a| {
                                            let group = a.group_id;
                                            let name = a.group_name.as_str().to_string();
                                            let relationship_name = r.display_name.as_str().to_string();
                                            let roles = a.roles.clone();
                                            let remove = {
                                                let name = name.clone();
                                                move |_| {
                                                    let question = i18n.f(Msg::ConfirmRemoveAccess, &[("group", &name), ("name", &relationship_name)]);
                                                    if crate::ui::confirmed(&question) {
                                                        removing.dispatch((group, name.clone()));
                                                    }
                                                }
                                            };
                                            view! {
                                                <tr>
                                                    <td class="cell-primary">{name.clone()}</td>
                                                    <td>
                                                        <ul class="role-names">
                                                            {move || roles.iter().map(|role| view! { <li>{role.name(i18n.locale())}</li> }).collect_view()}
                                                        </ul>
                                                    </td>
                                                    <td class="cell-actions">
                                                        {may_change.then(|| view! {
                                                            <div class="row-actions">
                                                                <button type="button" class="btn btn-small"
                                                                    on:click=move |_| { chosen_group.set(group.to_string()); crate::ui::focus_element("access_group"); }>{tr(Msg::Edit)}</button>
                                                                <button type="button" class="btn btn-small btn-danger" disabled=move || removing_busy.get()
                                                                    on:click=remove.clone()>{tr(Msg::TemplateRemove)}</button>
                                                            </div>
                                                        })}
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(f) => view! { <p class="row-note text-danger">{failure_text(&f, i18n.locale())}</p> }.into_any(),
                        })}
                        {may_change.then(|| view! {
                            <AssignForm relationship granted=granted.clone() chosen_group
                                groups=Signal::derive(move || groups.get().flatten().map(|g| g.groups.into_iter().map(|g| (g.id.to_string(), g.name.as_str().to_string())).collect::<Vec<_>>()))
                                current=Signal::derive(move || assignments.get().and_then(|a| a.ok()).unwrap_or_default())
                                on_saved=Callback::new(move |()| { toasts.show(Msg::AccessSaved); assignments.refetch(); }) />
                        })}
                    }.into_any()
                }
                Err(f) => view! { <p class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}

/// A group chosen and its roles among the relationship's (`granted`); choosing a group that has
/// roles here already starts from them.
#[component]
fn AssignForm(
    relationship: Uuid,
    granted: Vec<EntraRole>,
    chosen_group: RwSignal<String>,
    /// The partner's groups as (id, name); `None` while loading.
    groups: Signal<Option<Vec<(String, String)>>>,
    current: Signal<Vec<AccessAssignment>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(FormState::new(AssignmentForm::default()));
    let check_granted = granted.clone();
    let all_errors = Signal::derive(move || state.with(|s| s.values.check(&check_granted)));
    let form = BoundForm::new(state, &ASSIGNMENT_ORDER, all_errors);
    // A group chosen (here or by a row's "Edit") starts from the roles it has.
    Effect::new(move |_| {
        let group = chosen_group.get();
        let roles = group
            .parse()
            .map(|id| roles_of(&current.get_untracked(), id))
            .unwrap_or_default();
        form.reset(AssignmentForm { roles });
    });
    let failure = RwSignal::new(None::<ApiFailure>);
    let group_error = RwSignal::new(None::<String>);
    let saving = submit(move || {
        let body = form.get_untracked();
        let group = chosen_group.get_untracked().parse::<Uuid>();
        async move {
            let Ok(group) = group else {
                group_error.set(Some(i18n.t(Msg::ErrRequired).to_string()));
                return;
            };
            group_error.set(None);
            match api::assign_access(relationship, group, &body).await {
                Ok(_) => {
                    failure.set(None);
                    on_saved.run(());
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = saving.pending();
    let send = form.on_submit(saving, failure);
    let no_groups = move || groups.get().is_some_and(|g| g.is_empty());
    view! {
        <form class="access-form" novalidate=true on:submit=send>
            <h3 class="section-title">{tr(Msg::AccessAssign)}</h3>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <Show when=move || !no_groups() fallback=|| view! { <p class="row-note">{tr(Msg::AccessNoGroups)}</p> }>
                <SelectField id="access_group" label=Msg::LabelGroup required=true
                    value=chosen_group
                    options=Signal::derive(move || groups.get().unwrap_or_default())
                    error=Signal::derive(move || group_error.get())
                    on_change=Callback::new(move |id: String| { group_error.set(None); chosen_group.set(id); }) />
                <CodeChoices id="roles" legend=Msg::LabelRoles
                    choices=described_roles(&granted)
                    chosen=Signal::derive(move || form.with(|f| f.roles.clone()))
                    on_toggle=Callback::new(move |(code, on): (&'static str, bool)| {
                        form.update(|f| toggled(&mut f.roles, code, on));
                        form.touch(Field::Roles);
                    })
                    error=form.error_text(Field::Roles) />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::AccessSave)}</button>
                </div>
            </Show>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_group_starts_from_its_roles_here() {
        let group = Uuid::from_u128(1);
        let assignments = vec![AccessAssignment {
            relationship_id: Uuid::from_u128(9),
            group_id: group,
            group_name: shared::admin_access::GroupName::parse("Helpdesk team").unwrap(),
            roles: vec![
                EntraRole::DirectoryReaders,
                EntraRole::HelpdeskAdministrator,
            ],
        }];
        assert_eq!(
            roles_of(&assignments, group),
            vec!["directory-readers", "helpdesk-administrator"]
        );
        assert!(roles_of(&assignments, Uuid::from_u128(2)).is_empty());
    }
}
