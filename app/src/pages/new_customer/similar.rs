//! The review step's warning about customers that may be the same company (same name once
//! case, width, punctuation and legal form are set aside, or a contact at the same company
//! e-mail domain). It never blocks: two companies may share a name.

use crate::api;
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::similar::SimilarCustomers;

/// Asks once, for the values the review shows; says nothing when nothing is similar or the
/// question fails (the warning is a help, not a step).
#[component]
pub fn SimilarCustomersWarning(company_name: String, contact_email: String) -> impl IntoView {
    let i18n = use_i18n();
    let found = crate::session::page_data(move || {
        let (name, email) = (company_name.clone(), contact_email.clone());
        async move { api::similar_customers(&name, &email).await }
    });
    let items = move || {
        found
            .get()
            .and_then(Result::ok)
            .filter(|s: &SimilarCustomers| !s.items.is_empty())
    };
    move || {
        items().map(|similar| {
            view! {
                <div class="alert alert-warning similar-customers" role="status" data-testid="similar-customers">
                    <p><strong>{tr(shared::i18n::Msg::SimilarHeading)}</strong></p>
                    <p>{tr(shared::i18n::Msg::SimilarIntro)}</p>
                    <ul>
                        {similar.items.into_iter().map(|c| view! {
                            <li>
                                <a href=format!("/customers/{}", c.id) target="_blank" rel="noopener">{c.company_name}</a>
                                " · "{move || i18n.t(c.reason.label())}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
