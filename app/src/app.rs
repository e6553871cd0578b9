//! The root component: context (language, signed-in user), router and routes.

use crate::api::{self, ApiFailure};
use crate::components::Shell;
use crate::i18n::provide_i18n;
use crate::i18n::tr;
use crate::pages::dashboard::DashboardPage;
use crate::pages::{
    accept_invitation::AcceptInvitationPage,
    audit::AuditPage,
    business_profile::BusinessProfilePage,
    customer::CustomerPage,
    customers::CustomersPage,
    edit_customer::EditCustomerPage,
    import::ImportPage,
    invitations::InvitationsPage,
    links::LinksPage,
    new_customer::NewCustomerPage,
    not_found::NotFound,
    outbox::OutboxPage,
    referrals::{ReferCustomerPage, ReferralPage, ReferralsPage},
    sign_in::{ChangePasswordPage, SignInPage},
    users::UsersPage,
};
use crate::session::{use_me, FlashMessage, MeResource};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use shared::i18n::Msg;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let me = LocalResource::new(api::me);
    provide_context(MeResource(me));
    // The opened page's data, requested with `/api/me` rather than after it.
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        crate::prefetch::start(
            &location.pathname().unwrap_or_default(),
            &location.search().unwrap_or_default(),
        );
    }
    provide_context(FlashMessage(RwSignal::new(None)));
    crate::components::toast::provide_toasts();
    // A call refused for lack of a session (expired, disabled) brings back the sign-in page.
    api::on_unauthorized(move || me.refetch());

    view! {
        <Router>
            <Shell>
                <SignedIn>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/new") view=|| view! { <NewCustomerPage /> } />
                    <Route path=path!("/customers/invite") view=|| view! { <NewCustomerPage invite=true /> } />
                    <Route path=path!("/customers/import") view=ImportPage />
                    <Route path=path!("/invitations") view=InvitationsPage />
                    <Route path=path!("/invitation") view=AcceptInvitationPage />
                    <Route path=path!("/outbox") view=OutboxPage />
                    <Route path=path!("/audit") view=AuditPage />
                    <Route path=path!("/customers/:id") view=CustomerPage />
                    <Route path=path!("/customers/:id/edit") view=EditCustomerPage />
                    <Route path=path!("/users") view=UsersPage />
                    <Route path=path!("/referrals") view=ReferralsPage />
                    <Route path=path!("/referrals/new") view=ReferCustomerPage />
                    <Route path=path!("/referrals/:id") view=ReferralPage />
                    <Route path=path!("/business-profile") view=BusinessProfilePage />
                    <Route path=path!("/links") view=LinksPage />
                </Routes>
                </SignedIn>
            </Shell>
        </Router>
    }
}

/// Pages anyone may open: the invitation link's page is for the customer, not a partner user.
const PUBLIC_PATHS: &[&str] = &["/invitation"];

/// Shows its children to a signed-in user; otherwise sign-in (or the forced password change).
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let me = use_me();
    let location = leptos_router::hooks::use_location();
    // A memo: the gate re-renders only when a page becomes public or private, not on every
    // navigation (which would rebuild the router's views).
    let public = Memo::new(move |_| PUBLIC_PATHS.contains(&location.pathname.get().as_str()));
    move || match me.get() {
        _ if public.get() => children().into_any(),
        None => {
            view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }.into_any()
        }
        Some(Ok(m)) if !m.user.must_change_password => children().into_any(),
        Some(other) => {
            // The page the tab opened isn't shown now: its early answer would be stale by then.
            crate::prefetch::discard();
            match other {
                Err(ApiFailure::Unauthorized) => view! { <SignInPage /> }.into_any(),
                Err(failure) => {
                    let i18n = crate::i18n::use_i18n();
                    view! {
                        <div class="card alert alert-error" role="alert">
                            <p>{move || crate::ui::failure_text(&failure, i18n.locale())}</p>
                            <button class="btn" on:click=move |_| me.refetch()>{tr(Msg::Retry)}</button>
                        </div>
                    }
                    .into_any()
                }
                Ok(_) => view! { <ChangePasswordPage /> }.into_any(),
            }
        }
    }
}
