//! The root components of the signed-in builds — the workspace (`App`) and the settings and
//! administration pages (`AdminApp`, `shared::public_page::ADMIN_PAGES`): context (language,
//! signed-in user), router, the sign-in gate and each build's routes. An address of the other
//! build is loaded from the server, which answers it with that build.

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
use shared::public_page::PageBuild;
use shared::second_factor::SignInStep;

/// What both signed-in builds set up before their routes.
fn provide_signed_in_context(build: Option<PageBuild>) {
    provide_context(ThisBuild(build));
    forget_reload_if_arrived(build);
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
}

/// The workspace: everything a partner user does all day.
#[component]
pub fn App() -> impl IntoView {
    provide_signed_in_context(None);
    view! {
        <Router>
            <Shell>
                <SignedIn>
                <RoleGate>
                <Routes fallback=|| view! { <Elsewhere here=None /> }>
                    <Route path=path!("/") view=DashboardPage />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/new") view=|| view! { <NewCustomerPage /> } />
                    <Route path=path!("/customers/invite") view=|| view! { <NewCustomerPage invite=true /> } />
                    <Route path=path!("/invitations") view=InvitationsPage />
                    <Route path=path!("/customers/:id") view=CustomerPage />
                    <Route path=path!("/customers/:id/edit") view=EditCustomerPage />
                    <Route path=path!("/support") view=SupportPage />
                    <Route path=path!("/support/:id") view=SupportRequestPage />
                </Routes>
                </RoleGate>
                </SignedIn>
            </Shell>
        </Router>
    }
}

/// The settings and administration pages (`ADMIN_PAGES`), a build of their own.
#[component]
pub fn AdminApp() -> impl IntoView {
    provide_signed_in_context(Some(PageBuild::Admin));
    view! {
        <Router>
            <Shell>
                <SignedIn>
                <RoleGate>
                <Routes fallback=|| view! { <Elsewhere here=Some(PageBuild::Admin) /> }>
                    <Route path=path!("/users") view=UsersPage />
                    <Route path=path!("/security") view=SecurityPage />
                    <Route path=path!("/api-tokens") view=ApiTokensPage />
                    <Route path=path!("/webhooks") view=WebhooksPage />
                    <Route path=path!("/audit") view=AuditPage />
                    <Route path=path!("/outbox") view=OutboxPage />
                    <Route path=path!("/business-profile") view=BusinessProfilePage />
                    <Route path=path!("/links") view=LinksPage />
                    <Route path=path!("/billing") view=BillingPage />
                    <Route path=path!("/admin-relationships") view=AdminRelationshipsPage />
                    <Route path=path!("/customers/import") view=ImportPage />
                    <Route path=path!("/referrals") view=ReferralsPage />
                    <Route path=path!("/referrals/new") view=ReferCustomerPage />
                    <Route path=path!("/referrals/:id") view=ReferralPage />
                </Routes>
                </RoleGate>
                </SignedIn>
            </Shell>
        </Router>
    }
}

/// Which build this is (`None`: the workspace), for links and the fallback route.
#[derive(Clone, Copy)]
pub struct ThisBuild(pub Option<PageBuild>);

/// Session storage's note of the address `Elsewhere` last loaded from the server.
const RELOADED: &str = "partnerdesk.reloaded";

/// A load `Elsewhere` started has arrived when this build answers the address: forget it.
fn forget_reload_if_arrived(build: Option<PageBuild>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if PageBuild::of_path(&path) == build {
        if let Ok(Some(storage)) = window.session_storage() {
            let _ = storage.remove_item(RELOADED);
        }
    }
}

/// The fallback route: an address of another build is loaded from the server (which answers it
/// with that build's page); anything else is not found here. A reload that came back to the
/// same build (a server without that build) shows "not found" instead of loading again.
#[component]
fn Elsewhere(here: Option<PageBuild>) -> impl IntoView {
    // The router's address: the window's may not show the new one yet.
    let routed = leptos_router::hooks::use_location();
    let path = routed.pathname.get_untracked();
    // The router's query has no `?`; its fragment keeps its `#`.
    let search = routed.search.get_untracked();
    let mark = if search.is_empty() { "" } else { "?" };
    let target = format!("{path}{mark}{search}{}", routed.hash.get_untracked());
    let window = web_sys::window();
    let location = window.as_ref().map(|w| w.location());
    let storage = window.and_then(|w| w.session_storage().ok().flatten());
    let reloaded_here = storage
        .as_ref()
        .and_then(|s| s.get_item(RELOADED).ok().flatten())
        .is_some_and(|p| p == path);
    if PageBuild::of_path(&path) != here && !reloaded_here {
        if let Some(s) = &storage {
            let _ = s.set_item(RELOADED, &path);
        }
        if let Some(l) = location {
            let _ = l.assign(&target);
        }
        return view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }
            .into_any();
    }
    if let Some(s) = &storage {
        let _ = s.remove_item(RELOADED);
    }
    view! { <NotFound /> }.into_any()
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
