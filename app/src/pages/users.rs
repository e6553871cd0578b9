//! Users and roles of the partner organization (global admins).

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::copy_button::CopyButton;
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::access::Role;
use shared::api::{CreatedUser, NewUser, User};
use shared::i18n::Msg;
use shared::Field;

fn role_options(i18n: crate::i18n::I18n) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), i18n.t(r.label()).to_string()))
            .collect()
    })
}

#[component]
pub fn UsersPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::UsersTitle);
    let i18n = use_i18n();
    let users = crate::session::page_data(api::list_users);
    let created = RwSignal::new(None::<CreatedUser>);
    // A temporary password an administrator just gave someone: (their name, the password).
    let issued = RwSignal::new(None::<(String, String)>);

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::UsersTitle)}</h1>
                <p class="page-intro">{tr(Msg::UsersIntro)}</p>
            </div>
        </div>
        {move || created.get().map(|c| view! {
            <section class="card callout callout-success" role="status">
                <p>{tr(Msg::UserCreated)}</p>
                <dl class="secret">
                    <dt>{tr(Msg::LabelEmail)}</dt>
                    <dd>{c.user.email.to_string()}</dd>
                    <dt>{tr(Msg::TempPassword)}</dt>
                    <dd class="value-with-copy">
                        <span class="cell-mono secret-value" data-testid="temporary-password">{c.temporary_password.clone()}</span>
                        <CopyButton text=c.temporary_password label=Msg::CopyTempPassword />
                    </dd>
                </dl>
            </section>
        })}
        {move || issued.get().map(|(name, password)| view! {
            <section class="card callout callout-success" role="status" id="issued-password" tabindex="-1">
                <p>{move || i18n.f(Msg::UserPasswordIssued, &[("name", &name)])}</p>
                <dl class="secret">
                    <dt>{tr(Msg::TempPassword)}</dt>
                    <dd class="value-with-copy">
                        <span class="cell-mono secret-value" data-testid="issued-password">{password.clone()}</span>
                        <CopyButton text=password label=Msg::CopyTempPassword />
                    </dd>
                </dl>
            </section>
        })}
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || users.get().map(|result| match result {
                Ok(list) => view! {
                    <UserTable users=list on_change=Callback::new(move |()| users.refetch())
                        on_password=Callback::new(move |given: (String, String)| {
                            created.set(None);
                            issued.set(Some(given));
                            users.refetch();
                            // The callout is above the table: bring it into view.
                            crate::ui::focus_element("issued-password");
                        }) />
                }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
        <AddUser on_created=Callback::new(move |c: CreatedUser| {
            issued.set(None);
            created.set(Some(c));
            users.refetch();
        }) />
        <MultiFactorPolicy />
    }
}

/// The partner's "require multi-factor", with what it means.
#[component]
fn MultiFactorPolicy() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = use_me();
    let required = move || {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.multi_factor_required)
    };
    let error = RwSignal::new(None::<String>);
    let saving = crate::ui::submit_with(move |wanted: bool| async move {
        match api::set_multi_factor_policy(wanted).await {
            Ok(()) => {
                error.set(None);
                toasts.show(if wanted {
                    Msg::MultiFactorOn
                } else {
                    Msg::MultiFactorOff
                });
                // The partner's setting is part of who is signed in; a user without a second
                // factor is now taken to enrolment.
                me.refetch();
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    view! {
        <section class="card form-section" aria-labelledby="multi-factor-title">
            <h2 id="multi-factor-title">{tr(Msg::MultiFactorTitle)}</h2>
            <label class="checkbox-field">
                <input type="checkbox" id="multi-factor-required" prop:checked=required
                    disabled=move || saving.pending().get()
                    on:change=move |ev| { saving.dispatch(event_target_checked(&ev)); } />
                <span>{tr(Msg::MultiFactorRequire)}</span>
            </label>
            <p class="field-hint">{tr(Msg::MultiFactorHint)}</p>
            {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
        </section>
    }
}

#[component]
fn UserTable(
    users: Vec<User>,
    on_change: Callback<()>,
    on_password: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = use_me();
    let my_id = move || me.get().and_then(|r| r.ok()).map(|m| m.user.id);
    view! {
        <div class="card table-card">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColName)}</th>
                        <th scope="col">{tr(Msg::LabelEmail)}</th>
                        <th scope="col">{tr(Msg::ColRole)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col">{tr(Msg::ColSecondFactor)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Msg::Disable)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().map(|user| {
                        let id = user.id;
                        let name = user.display_name.clone();
                        let role = RwSignal::new(user.roles.first().map(|r| r.as_str().to_string()).unwrap_or_default());
                        let saved_role = RwSignal::new(role.get_untracked());
                        let row_error = RwSignal::new(None::<String>);
                        let saving_role = submit_with(move |new_role: Role| {
                            async move {
                                match api::set_roles(id, &[new_role]).await {
                                    Ok(_) => {
                                        saved_role.set(new_role.as_str().to_string());
                                        row_error.set(None);
                                        toasts.show(Msg::RoleSaved);
                                    }
                                    Err(f) => row_error.set(Some(failure_text(&f, i18n.locale()))),
                                }
                            }
                        });
                        let role_pending = saving_role.pending();
                        let save_role = move |_| {
                            let Some(new_role) = Role::parse(&role.get_untracked()) else { return };
                            saving_role.dispatch(new_role);
                        };
                        let disabling = submit(move || async move {
                            match api::disable_user(id).await {
                                Ok(_) => {
                                    toasts.show(Msg::UserDisabled);
                                    on_change.run(());
                                }
                                Err(f) => row_error.set(Some(failure_text(&f, i18n.locale()))),
                            }
                        });
                        let disable_pending = disabling.pending();
                        let disable_name = name.clone();
                        let disable = move |_| {
                            let question = i18n.f(Msg::ConfirmDisable, &[("name", &disable_name)]);
                            if !crate::ui::confirmed(&question) {
                                return;
                            }
                            disabling.dispatch(());
                        };
                        let enabling = submit(move || async move {
                            match api::enable_user(id).await {
                                Ok(_) => {
                                    toasts.show(Msg::UserEnabled);
                                    on_change.run(());
                                }
                                Err(f) => row_error.set(Some(failure_text(&f, i18n.locale()))),
                            }
                        });
                        let enable_pending = enabling.pending();
                        let reset_name = name.clone();
                        let resetting = submit(move || {
                            let name = reset_name.clone();
                            async move {
                                match api::reset_user_password(id).await {
                                    Ok(given) => on_password.run((name, given.temporary_password)),
                                    Err(f) => row_error.set(Some(failure_text(&f, i18n.locale()))),
                                }
                            }
                        });
                        let reset_pending = resetting.pending();
                        let confirm_name = name.clone();
                        let reset = move |_| {
                            let question = i18n.f(Msg::ConfirmResetUserPassword, &[("name", &confirm_name)]);
                            if crate::ui::confirmed(&question) {
                                resetting.dispatch(());
                            }
                        };
                        let factor_name = name.clone();
                        let clearing = submit(move || {
                            let name = factor_name.clone();
                            async move {
                                match api::reset_second_factors(id).await {
                                    Ok(()) => {
                                        toasts.show_with(Msg::SecondFactorsResetDone, &[("name", &name)]);
                                        on_change.run(());
                                    }
                                    Err(f) => row_error.set(Some(failure_text(&f, i18n.locale()))),
                                }
                            }
                        });
                        let clear_pending = clearing.pending();
                        // Kept in the arena: the click handler is then `Copy`, as the row's views need.
                        let clear_name = StoredValue::new(name.clone());
                        let clear = move |_| {
                            let question = i18n.f(Msg::ResetSecondFactorsConfirm, &[("name", &clear_name.get_value())]);
                            if crate::ui::confirmed(&question) {
                                clearing.dispatch(());
                            }
                        };
                        let has_factor = user.second_factor;
                        let status = if user.disabled {
                            Msg::StatusDisabled
                        } else if user.must_change_password {
                            Msg::StatusMustChangePassword
                        } else {
                            Msg::StatusActive
                        };
                        let is_me = move || my_id() == Some(id);
                        let disabled = user.disabled;
                        let select_label = format!("{} – {}", name, i18n.t(Msg::ColRole));
                        view! {
                            <tr class:row-disabled=disabled>
                                <td class="cell-primary">{name.clone()}</td>
                                <td>{user.email.to_string()}</td>
                                <td>
                                    <div class="inline-edit">
                                        <select aria-label=select_label prop:value=move || role.get()
                                            disabled=move || disabled || is_me()
                                            on:change=move |ev| role.set(event_target_value(&ev))>
                                            {Role::ALL.iter().map(|r| {
                                                let code = r.as_str();
                                                view! { <option value=code selected=move || role.get() == code>{tr(r.label())}</option> }
                                            }).collect_view()}
                                        </select>
                                        <Show when=move || role.get() != saved_role.get()>
                                            <button type="button" class="btn btn-small" disabled=move || role_pending.get() on:click=save_role>{tr(Msg::SaveRole)}</button>
                                        </Show>
                                    </div>
                                    <p class="row-note" aria-live="polite">{move || row_error.get()}</p>
                                </td>
                                <td><span class=if disabled { "badge badge-ended" } else { "badge badge-active" }>{tr(status)}</span></td>
                                <td>{tr(if has_factor { Msg::SecondFactorSetUp } else { Msg::SecondFactorMissing })}</td>
                                <td class="cell-actions">
                                    <Show when=move || !is_me()>
                                        <div class="row-actions">
                                            <button type="button" class="btn btn-small" disabled=move || reset_pending.get() on:click=reset.clone()>{tr(Msg::ResetUserPassword)}</button>
                                            <Show when=move || has_factor>
                                                <button type="button" class="btn btn-small" disabled=move || clear_pending.get() on:click=clear>{tr(Msg::ResetSecondFactors)}</button>
                                            </Show>
                                            {if disabled {
                                                view! { <button type="button" class="btn btn-small" disabled=move || enable_pending.get() on:click=move |_| { enabling.dispatch(()); }>{tr(Msg::Enable)}</button> }.into_any()
                                            } else {
                                                view! { <button type="button" class="btn btn-small btn-danger" disabled=move || disable_pending.get() on:click=disable.clone()>{tr(Msg::Disable)}</button> }.into_any()
                                            }}
                                        </div>
                                    </Show>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The fields of "add user", in order.
const ADD_USER_ORDER: [Field; 3] = [Field::Email, Field::DisplayName, Field::Roles];

/// An empty "add user" form with `role` chosen.
fn new_user(role: Role) -> NewUser {
    NewUser {
        role: role.as_str().to_string(),
        ..NewUser::default()
    }
}

#[component]
fn AddUser(on_created: Callback<CreatedUser>) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(new_user(Role::SalesAgent), &ADD_USER_ORDER, NewUser::check);
    let failure = RwSignal::new(None::<ApiFailure>);
    let error_of = move |field: Field| form.error_text(field);

    let adding = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::create_user(&body).await {
                Ok(created) => {
                    // Ready for the next colleague, with the role just used.
                    let role = Role::parse(&body.role).unwrap_or(Role::SalesAgent);
                    form.reset(new_user(role));
                    on_created.run(created);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = adding.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The rules the server applies, checked here first.
        if form.ready_to_send() {
            failure.set(None);
            adding.dispatch(());
        }
    };

    view! {
        <form class="card form-section add-user" novalidate=true on:submit=submit>
            <h2>{tr(Msg::AddUser)}</h2>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <div class="form-grid form-grid-3">
                <TextField id="email" label=Msg::LabelEmail value=form.text(|f| &f.email) input_type="email"
                    on_input=Callback::new(move |v| form.update(|f| f.email = v)) required=true error=error_of(Field::Email) />
                <TextField id="display_name" label=Msg::LabelDisplayName value=form.text(|f| &f.display_name)
                    on_input=Callback::new(move |v| form.update(|f| f.display_name = v)) required=true error=error_of(Field::DisplayName) />
                <SelectField id="roles" label=Msg::ColRole value=form.text(|f| &f.role) options=role_options(i18n)
                    on_change=Callback::new(move |v| form.update(|f| f.role = v)) required=true error=error_of(Field::Roles) />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::AddUser)}</button>
            </div>
        </form>
    }
}
