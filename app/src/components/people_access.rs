//! "Who of us can do what here" on the customer page: each of the partner's people's roles in
//! the customer's tenant — the union over their access groups over its active admin
//! relationships, as the server judges it (`shared::admin_access::effective_access`).

use crate::api;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::failure_text;
use leptos::prelude::*;
use shared::access::Action;
use shared::i18n::Msg;
use uuid::Uuid;

#[component]
pub fn PeopleAccessCard(
    customer: Uuid,
    /// Bumped when one of the customer's admin relationships changes.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let people = crate::session::page_data(move || {
        changed.track();
        api::customer_access(customer)
    });
    view! {
        <section class="card table-card people-access" aria-labelledby="people-access-title">
            <div class="table-title-row">
                <h2 class="table-title" id="people-access-title">{tr(Msg::PeopleAccessTitle)}</h2>
                {can(Action::AdminRelationships).then(|| view! {
                    // The admin build's page: a page load.
                    <a class="btn btn-small" href=format!("/admin-relationships?customer={customer}")>{tr(Msg::PeopleAccessManage)}</a>
                })}
            </div>
            <p class="row-note table-intro">{tr(Msg::PeopleAccessIntro)}</p>
            {move || people.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="empty-inline">{tr(Msg::PeopleAccessEmpty)}</p> }.into_any(),
                Ok(list) => view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(Msg::ColPerson)}</th>
                                <th scope="col">{tr(Msg::ColRoles)}</th>
                                <th scope="col">{tr(Msg::ColThrough)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|access| {
                                let roles = access.roles;
                                let through = access.through.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(" · ");
                                view! {
                                    <tr>
                                        <td class="cell-primary">{access.person.display_name}</td>
                                        <td>
                                            <ul class="role-names">
                                                {move || roles.iter().map(|role| view! { <li>{role.name(i18n.locale())}</li> }).collect_view()}
                                            </ul>
                                        </td>
                                        <td>{through}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
                Err(failure) => view! { <p class="row-note text-danger">{move || failure_text(&failure, i18n.locale())}</p> }.into_any(),
            })}
        </section>
    }
}
