//! The root component: context (language, signed-in user), router and routes.

use crate::api::{self, ApiFailure};
use crate::components::Shell;
use crate::i18n::provide_i18n;
use crate::pages::{
    customer::CustomerPage, customers::CustomersPage, new_customer::NewCustomerPage,
    not_found::NotFound,
};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;
use shared::api::Me;
use shared::customer::RuleContext;
use shared::instance::CloudInstance;
use uuid::Uuid;

/// Who is signed in, loaded once per page load.
#[derive(Clone, Copy)]
pub struct MeResource(pub LocalResource<Result<Me, ApiFailure>>);

pub fn use_me() -> LocalResource<Result<Me, ApiFailure>> {
    expect_context::<MeResource>().0
}

/// The rules' view of the signed-in partner; before it is known, the most permissive one (the
/// server checks again on submit).
pub fn rule_context(me: Option<&Me>) -> RuleContext {
    me.map(|m| m.partner.rule_context()).unwrap_or(RuleContext {
        instance: CloudInstance::Global,
        partner_email_domain: None,
    })
}

/// The temporary password of the customer just created: kept in memory only, shown once on
/// that customer's page, never stored.
#[derive(Clone, Copy)]
pub struct JustCreated(pub RwSignal<Option<(Uuid, String)>>);

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_context(MeResource(LocalResource::new(api::me)));
    provide_context(JustCreated(RwSignal::new(None)));

    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/customers" /> } />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/new") view=NewCustomerPage />
                    <Route path=path!("/customers/:id") view=CustomerPage />
                </Routes>
            </Shell>
        </Router>
    }
}
