//! The root component: context (language, signed-in user), router and routes.

use crate::api::{self, ApiFailure};
use crate::components::role_gate::RoleGate;
use crate::components::Shell;
use crate::i18n::provide_i18n;
use crate::i18n::tr;
use crate::pages::dashboard::DashboardPage;
use crate::pages::{
    admin_relationships::AdminRelationshipsPage,
    api_tokens::ApiTokensPage,
    audit::AuditPage,
    billing::BillingPage,
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
    second_factor::{EnrolSecondFactorPage, SecondFactorPage},
    security::SecurityPage,
    sign_in::{ChangePasswordPage, SignInPage},
    support::{SupportPage, SupportRequestPage},
    users::UsersPage,
    webhooks::WebhooksPage,
};
use crate::session::{self, use_me, FlashMessage, MeResource, SessionEnded};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use shared::i18n::Msg;
use shared::second_factor::SignInStep;

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let me = LocalResource::new(api::session);
    provide_context(MeResource(me));
    // The opened page's data, requested with the session question rather than after it — when
    // this browser probably has a session, so a signed-out visit asks nothing that answers 401.
    if session::signed_in_hint() {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            crate::prefetch::start(
                &location.pathname().unwrap_or_default(),
                &location.search().unwrap_or_default(),
            );
        }
    }
    Effect::new(move || {
        if let Some(Err(ApiFailure::Unauthorized)) = me.get() {
            session::forget_signed_in();
        }
    });
    provide_context(FlashMessage(RwSignal::new(None)));
    crate::components::toast::provide_toasts();
    // A call refused for lack of a session while someone was signed in: the shell asks for the
    // password over the page (the page and what was typed stay). Without a known session the
    // gate shows sign-in by itself.
    let session_ended = RwSignal::new(false);
    provide_context(SessionEnded(session_ended));
    api::on_unauthorized(move || {
        if me.get_untracked().is_some_and(|answer| answer.is_ok()) {
            session_ended.set(true);
        }
    });
    // The session must pass (or set up) a second factor first — required since it signed in:
    // ask where it stands, and the gate shows that step.
    api::on_second_factor_required(move || me.refetch());

    view! {
        <Router>
            <Shell>
                <SignedIn>
                <RoleGate>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/new") view=|| view! { <NewCustomerPage /> } />
                    <Route path=path!("/customers/invite") view=|| view! { <NewCustomerPage invite=true /> } />
                    <Route path=path!("/customers/import") view=ImportPage />
                    <Route path=path!("/invitations") view=InvitationsPage />
                    <Route path=path!("/admin-relationships") view=AdminRelationshipsPage />
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
                    <Route path=path!("/security") view=SecurityPage />
                    <Route path=path!("/api-tokens") view=ApiTokensPage />
                    <Route path=path!("/billing") view=BillingPage />
                    <Route path=path!("/support") view=SupportPage />
                    <Route path=path!("/support/:id") view=SupportRequestPage />
                    <Route path=path!("/webhooks") view=WebhooksPage />
                </Routes>
                </RoleGate>
                </SignedIn>
            </Shell>
        </Router>
    }
}

/// What the gate shows. A memo of it, not `me` itself, decides when the gate re-renders: a
/// refetch of the same signed-in user (after the session-ended dialog, say) keeps the page and
/// its typed values instead of building it again.
#[derive(Clone, Debug, PartialEq)]
enum Gate {
    Loading,
    Open,
    SignIn,
    SecondFactor,
    EnrolSecondFactor,
    ChangePassword,
    Failed(ApiFailure),
}

/// Shows its children to a signed-in user; otherwise sign-in (or the forced password change).
#[component]
fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let me = use_me();
    let gate = Memo::new(move |_| {
        match me.get() {
            None => Gate::Loading,
            // The second factor first, then a forced password change, then the workspace.
            Some(Ok(m)) => match m.sign_in_step {
                SignInStep::SecondFactor => Gate::SecondFactor,
                SignInStep::EnrolSecondFactor => Gate::EnrolSecondFactor,
                SignInStep::Done if m.user.must_change_password => Gate::ChangePassword,
                SignInStep::Done => Gate::Open,
            },
            Some(Err(ApiFailure::Unauthorized)) => Gate::SignIn,
            Some(Err(failure)) => Gate::Failed(failure),
        }
    });
    move || {
        let gate = gate.get();
        if !matches!(gate, Gate::Open | Gate::Loading) {
            // The page the tab opened isn't shown now: its early answer would be stale by then.
            crate::prefetch::discard();
        }
        match gate {
            Gate::Open => children().into_any(),
            Gate::Loading => {
                view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }
                    .into_any()
            }
            Gate::SignIn => view! { <SignInPage /> }.into_any(),
            Gate::SecondFactor => view! { <SecondFactorPage /> }.into_any(),
            Gate::EnrolSecondFactor => view! { <EnrolSecondFactorPage /> }.into_any(),
            Gate::ChangePassword => view! { <ChangePasswordPage /> }.into_any(),
            Gate::Failed(failure) => {
                let i18n = crate::i18n::use_i18n();
                view! {
                    <div class="card alert alert-error" role="alert">
                        <p>{move || crate::ui::failure_text(&failure, i18n.locale())}</p>
                        <button class="btn" on:click=move |_| me.refetch()>{tr(Msg::Retry)}</button>
                    </div>
                }
                .into_any()
            }
        }
    }
}
