//! The root of the public build: the pages reached without a partner sign-in, chosen by the
//! address (`shared::public_page`, the list the server serves this build for). No
//! router: each is opened by a full page load, and the links between them are plain ones.

use crate::components::public_shell::PublicShell;
use crate::i18n::{provide_i18n, tr};
use crate::pages::{
    accept_invitation::AcceptInvitationPage,
    admin_approval::AdminApprovalPage,
    password_reset::{ForgotPasswordPage, ResetPasswordPage},
};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::public_page::PublicPage;

#[component]
pub fn PublicApp() -> impl IntoView {
    provide_i18n();
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let page = match PublicPage::at(&path) {
        Some(PublicPage::AcceptInvitation) => view! { <AcceptInvitationPage /> }.into_any(),
        Some(PublicPage::AdminApproval) => view! { <AdminApprovalPage /> }.into_any(),
        Some(PublicPage::ForgotPassword) => view! { <ForgotPasswordPage /> }.into_any(),
        Some(PublicPage::ResetPassword) => view! { <ResetPasswordPage /> }.into_any(),
        // The server sends this build for the addresses above only.
        Some(PublicPage::ApiReference) | None => view! {
            <section class="empty-state">
                <h1>{tr(Msg::NotFoundTitle)}</h1>
                <a href="/" class="btn btn-primary">{tr(Msg::SignIn)}</a>
            </section>
        }
        .into_any(),
    };
    view! { <PublicShell>{page}</PublicShell> }
}

/// The root of the API reference's build: the reference in the pages' frame.
#[component]
pub fn ReferenceApp() -> impl IntoView {
    provide_i18n();
    view! { <PublicShell><crate::pages::api_reference::ApiReferencePage /></PublicShell> }
}
