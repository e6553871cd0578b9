//! The frame around every page: header with the product name, navigation, language switch,
//! who is signed in, and an offline notice.

use crate::components::toast::ToastRegion;
use crate::i18n::{tr, use_i18n};
use crate::session::{can, use_me};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::{Locale, Msg};

fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let online = RwSignal::new(browser_online());
    let on_online = window_event_listener_untyped("online", move |_| online.set(true));
    let on_offline = window_event_listener_untyped("offline", move |_| online.set(false));
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });

    // After a client-side navigation, focus goes to the new page's heading, as a page load
    // would take a screen reader to the top.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            crate::ui::focus_page_heading();
        }
        path
    });

    let user_name = move || me.get().and_then(|r| r.ok()).map(|m| m.user.display_name);
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            // Signed out either way: a failure here means the session is already gone.
            let _ = crate::api::sign_out().await;
            me.refetch();
        });
    };
    let partner_name = move || me.get().and_then(|r| r.ok()).map(|m| m.partner.name);
    // Links are between indirect providers and indirect resellers only.
    let in_channel = move || {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.program != shared::instance::ProgramRole::DirectReseller)
    };

    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="topbar">
            <div class="topbar-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"PD"</span>
                    <span class="brand-name">{tr(Msg::AppName)}</span>
                </A>
                <Show when=move || user_name().is_some()>
                    <nav class="mainnav" aria-label=tr(Msg::NavMain)>
                        <A href="/" exact=true>{tr(Msg::NavDashboard)}</A>
                        <Show when=move || can(Action::ViewCustomers)>
                            <A href="/customers" exact=true>{tr(Msg::NavCustomers)}</A>
                        </Show>
                        <Show when=move || can(Action::CreateCustomers)>
                            <A href="/customers/new">{tr(Msg::NavAddCustomer)}</A>
                        </Show>
                        <Show when=move || can(Action::ViewCustomers)>
                            <A href="/invitations">{tr(Msg::NavInvitations)}</A>
                        </Show>
                        <Show when=move || can(Action::Referrals)>
                            <A href="/referrals">{tr(Msg::NavReferrals)}</A>
                            <A href="/business-profile">{tr(Msg::NavBusinessProfile)}</A>
                        </Show>
                        <Show when=move || can(Action::IndirectLinks) && in_channel()>
                            <A href="/links">{tr(Msg::NavLinks)}</A>
                        </Show>
                        <Show when=move || can(Action::ManageUsers)>
                            <A href="/users">{tr(Msg::NavUsers)}</A>
                        </Show>
                        <Show when=move || can(Action::AuditLog)>
                            <A href="/audit">{tr(Msg::NavAudit)}</A>
                        </Show>
                    </nav>
                </Show>
                <div class="topbar-end">
                    <div class="lang-switch" role="group" aria-label=tr(Msg::Language)>
                        {Locale::ALL
                            .iter()
                            .map(|&locale| {
                                view! {
                                    <button
                                        type="button"
                                        lang=locale.tag()
                                        aria-pressed=move || (i18n.locale() == locale).to_string()
                                        on:click=move |_| i18n.set_locale(locale)
                                    >
                                        {locale.native_name()}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <Show when=move || user_name().is_some()>
                        <div class="whoami">
                            <span class="whoami-name">
                                {move || i18n.f(Msg::SignedInAs, &[("name", &user_name().unwrap_or_default())])}
                            </span>
                            <span class="whoami-partner">{partner_name}</span>
                        </div>
                        <button type="button" class="btn btn-small btn-on-dark" on:click=sign_out>
                            {tr(Msg::SignOut)}
                        </button>
                    </Show>
                </div>
            </div>
        </header>
        <Show when=move || !online.get()>
            <div class="offline-banner" role="status">{tr(Msg::Offline)}</div>
        </Show>
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
        <ToastRegion />
    }
}
