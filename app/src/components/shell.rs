//! The frame around every page: a top bar (navigation toggle, product name, the account menu
//! with the language switch and sign-out), the grouped navigation rail, and an offline notice.
//! On a wide screen the rail sits beside the page and can be collapsed (remembered); on a
//! narrow one it opens over the page as a drawer. The top bar holds a fixed, small number of
//! things, so it fits any width however many sections the rail gains.

use crate::components::language_switch::LanguageSwitch;
use crate::components::session_ended::SessionEndedDialog;
use crate::components::toast::ToastRegion;
use crate::i18n::{tr, use_i18n};
use crate::session::{can, use_me};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::Msg;

fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Below this width (CSS px) the rail is a drawer over the page; it matches `style/main.css`.
const DRAWER_BELOW_PX: f64 = 1024.0;
const RAIL_KEY: &str = "pd.rail";

fn narrow_window() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < DRAWER_BELOW_PX)
}

/// Whether a click landed inside the element with this id (the account menu, say).
fn click_inside(ev: &web_sys::Event, id: &str) -> bool {
    use wasm_bindgen::JsCast;
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let container = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id));
    match (target, container) {
        (Some(target), Some(container)) => container.contains(Some(&target)),
        _ => false,
    }
}

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let me = use_me();
    let online = RwSignal::new(browser_online());
    let narrow = RwSignal::new(narrow_window());
    let rail_collapsed =
        RwSignal::new(crate::storage::get(RAIL_KEY).as_deref() == Some("collapsed"));
    let drawer_open = RwSignal::new(false);
    let menu_open = RwSignal::new(false);

    let on_online = window_event_listener_untyped("online", move |_| online.set(true));
    let on_offline = window_event_listener_untyped("offline", move |_| online.set(false));
    let on_resize = window_event_listener_untyped("resize", move |_| {
        let now = narrow_window();
        if now != narrow.get_untracked() {
            narrow.set(now);
            drawer_open.set(false);
        }
    });
    // The account menu and the drawer close on a click elsewhere and on Escape.
    let on_click = window_event_listener_untyped("click", move |ev| {
        if menu_open.get_untracked() && !click_inside(&ev, "account-menu") {
            menu_open.set(false);
        }
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            if menu_open.get_untracked() {
                menu_open.set(false);
                crate::ui::focus_now("account-menu-button");
            }
            if drawer_open.get_untracked() {
                drawer_open.set(false);
                crate::ui::focus_now("nav-toggle");
            }
        }
    });
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
        on_resize.remove();
        on_click.remove();
        on_key.remove();
    });

    // After a client-side navigation, focus goes to the new page's heading, as a page load
    // would take a screen reader to the top; the drawer and the menu close.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            drawer_open.set(false);
            menu_open.set(false);
            crate::ui::focus_page_heading();
        }
        path
    });

    // Past every step of signing in: the workspace's navigation and account menu show.
    let signed_in = move || {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.sign_in_step == shared::second_factor::SignInStep::Done)
    };
    // Microsoft requires multi-factor of every partner user: say so where it is off.
    let multi_factor_off = move || {
        signed_in()
            && me
                .get()
                .and_then(|r| r.ok())
                .is_some_and(|m| !m.partner.multi_factor_required)
    };
    let toggle_nav = move |_| {
        if narrow.get_untracked() {
            drawer_open.update(|open| *open = !*open);
        } else {
            let collapsed = !rail_collapsed.get_untracked();
            rail_collapsed.set(collapsed);
            if collapsed {
                crate::storage::set(RAIL_KEY, "collapsed");
            } else {
                crate::storage::remove(RAIL_KEY);
            }
        }
    };
    let nav_shown = move || {
        if narrow.get() {
            drawer_open.get()
        } else {
            !rail_collapsed.get()
        }
    };

    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="appbar">
            <Show when=signed_in>
                <button type="button" id="nav-toggle" class="nav-toggle" aria-controls="sidenav"
                    aria-expanded=move || nav_shown().to_string() aria-label=tr(Msg::NavToggle)
                    on:click=toggle_nav>
                    <span class="nav-toggle-bars" aria-hidden="true"></span>
                </button>
            </Show>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true" translate="no">"PD"</span>
                <span class="brand-name">{tr(Msg::AppName)}</span>
            </A>
            <div class="appbar-end">
                <Show when=signed_in fallback=|| view! { <LanguageSwitch /> }>
                    <AccountMenu open=menu_open />
                </Show>
            </div>
        </header>
        <div class="app-body" class:rail-collapsed=move || rail_collapsed.get() class:no-rail=move || !signed_in()>
            <Show when=signed_in>
                // A plain box: the navigation inside is the landmark.
                <div id="sidenav" class="sidenav" class:drawer-open=move || drawer_open.get()>
                    <MainNav />
                </div>
                <Show when=move || narrow.get() && drawer_open.get()>
                    <div class="drawer-backdrop" on:click=move |_| drawer_open.set(false)></div>
                </Show>
            </Show>
            <div class="app-content">
                <Show when=move || !online.get()>
                    <div class="offline-banner" role="status">{tr(Msg::Offline)}</div>
                </Show>
                <Show when=multi_factor_off>
                    // A landmark of its own (everything on the page belongs to one).
                    <aside class="notice-banner" aria-label=tr(Msg::MultiFactorTitle)>{tr(Msg::MultiFactorOffBanner)}</aside>
                </Show>
                <main id="main" class="page" tabindex="-1">
                    {children()}
                </main>
            </div>
        </div>
        <SessionEndedDialog />
        <ToastRegion />
    }
}

/// Whether a page's address is this build's (else following a link to it loads another build).
fn in_this_build(href: &str) -> bool {
    let here = use_context::<crate::app::ThisBuild>().and_then(|b| b.0);
    shared::public_page::PageBuild::of_path(href) == here
}

/// A link of the navigation: the router's within this build (the current page marked), a page
/// load into another build.
#[component]
fn NavLink(href: &'static str, label: Msg, #[prop(optional)] exact: bool) -> impl IntoView {
    if in_this_build(href) {
        view! { <A href=href exact=exact>{tr(label)}</A> }.into_any()
    } else {
        view! { <a href=href rel="external">{tr(label)}</a> }.into_any()
    }
}

/// The sections, grouped; each group shows when the user's roles allow one of its pages.
#[component]
fn MainNav() -> impl IntoView {
    let me = use_me();
    // Links are between indirect providers and indirect resellers only.
    let in_channel = move || {
        me.get()
            .and_then(|r| r.ok())
            .is_some_and(|m| m.partner.program != shared::instance::ProgramRole::DirectReseller)
    };
    let customers = move || can(Action::ViewCustomers);
    let channel = move || can(Action::Referrals) || (can(Action::IndirectLinks) && in_channel());
    let admin = move || can(Action::ManageUsers) || can(Action::AuditLog);
    view! {
        <nav class="mainnav" aria-label=tr(Msg::NavMain)>
            <ul class="nav-list">
                <li><NavLink href="/" label=Msg::NavDashboard exact=true /></li>
            </ul>
            <Show when=customers>
                <h2 class="nav-group" id="nav-group-customers">{tr(Msg::NavGroupCustomers)}</h2>
                <ul class="nav-list" aria-labelledby="nav-group-customers">
                    <li><NavLink href="/customers" label=Msg::NavCustomers exact=true /></li>
                    <Show when=move || can(Action::CreateCustomers)>
                        <li><NavLink href="/customers/new" label=Msg::NavAddCustomer /></li>
                    </Show>
                    <li><NavLink href="/invitations" label=Msg::NavInvitations /></li>
                    <li><NavLink href="/admin-relationships" label=Msg::NavAdminRelationships /></li>
                    <Show when=move || can(Action::SupportRequests)>
                        <li><NavLink href="/support" label=Msg::NavSupport /></li>
                    </Show>
                    <Show when=move || can(Action::Billing)>
                        <li><NavLink href="/billing" label=Msg::NavBilling /></li>
                    </Show>
                </ul>
            </Show>
            <Show when=channel>
                <h2 class="nav-group" id="nav-group-channel">{tr(Msg::NavGroupChannel)}</h2>
                <ul class="nav-list" aria-labelledby="nav-group-channel">
                    <Show when=move || can(Action::Referrals)>
                        <li><NavLink href="/referrals" label=Msg::NavReferrals /></li>
                        <li><NavLink href="/business-profile" label=Msg::NavBusinessProfile /></li>
                    </Show>
                    <Show when=move || can(Action::IndirectLinks) && in_channel()>
                        <li><NavLink href="/links" label=Msg::NavLinks /></li>
                    </Show>
                </ul>
            </Show>
            <Show when=admin>
                <h2 class="nav-group" id="nav-group-admin">{tr(Msg::NavGroupAdmin)}</h2>
                <ul class="nav-list" aria-labelledby="nav-group-admin">
                    <Show when=move || can(Action::ManageUsers)>
                        <li><NavLink href="/users" label=Msg::NavUsers /></li>
                        <li><NavLink href="/api-tokens" label=Msg::NavApiTokens /></li>
                        <li><NavLink href="/webhooks" label=Msg::NavWebhooks /></li>
                        // A page of the public build (no sign-in needed): a full page load.
                        <li><a href="/developers" rel="external">{tr(Msg::NavApiReference)}</a></li>
                    </Show>
                    <Show when=move || can(Action::AuditLog)>
                        <li><NavLink href="/audit" label=Msg::NavAudit /></li>
                    </Show>
                </ul>
            </Show>
        </nav>
    }
}

/// Who is signed in, for which partner, the language, and sign-out: a disclosure button and
/// its panel.
#[component]
fn AccountMenu(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let user = move || me.get().and_then(|r| r.ok());
    let name = move || user().map(|m| m.user.display_name).unwrap_or_default();
    let signing_out = crate::ui::submit(move || async move {
        // Signed out either way: a failure here means the session is already gone.
        let _ = crate::api::sign_out().await;
        me.refetch();
    });
    let sign_out = move |_| {
        open.set(false);
        signing_out.dispatch(());
    };
    view! {
        <div class="account-menu" id="account-menu">
            <button type="button" id="account-menu-button" class="account-button"
                aria-expanded=move || open.get().to_string() aria-controls="account-menu-panel"
                on:click=move |_| open.update(|o| *o = !*o)>
                <span class="account-initials" aria-hidden="true" translate="no">{move || initials(&name())}</span>
                <span class="account-name">{name}</span>
                <span class="account-chevron" aria-hidden="true"></span>
            </button>
            <div id="account-menu-panel" class="menu-panel" hidden=move || !open.get()>
                <p class="menu-who">
                    <span class="menu-who-name">{move || i18n.f(Msg::SignedInAs, &[("name", &name())])}</span>
                    <span class="menu-who-detail">{move || user().map(|m| m.user.email.to_string())}</span>
                    <span class="menu-who-detail">{move || user().map(|m| m.partner.name)}</span>
                    <span class="menu-who-detail">{move || user().map(|m| i18n.t(m.partner.instance.label()))}</span>
                </p>
                <div class="menu-section">
                    <p class="menu-label" aria-hidden="true">{tr(Msg::Language)}</p>
                    <LanguageSwitch on_chosen=Callback::new(move |()| open.set(false)) />
                </div>
                {if in_this_build("/security") {
                    view! { <A href="/security" attr:class="menu-link" on:click=move |_| open.set(false)>{tr(Msg::NavSecurity)}</A> }.into_any()
                } else {
                    view! { <a href="/security" class="menu-link" rel="external">{tr(Msg::NavSecurity)}</a> }.into_any()
                }}
                <button type="button" class="btn btn-block" on:click=sign_out>{tr(Msg::SignOut)}</button>
            </div>
        </div>
    }
}

/// The first letters of a display name, for the account button's badge: "Alex Wu" → "AW",
/// "张伟" → "张".
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = |w: &str| w.chars().next();
    match words.as_slice() {
        [] => String::new(),
        [only] => first(only).into_iter().collect(),
        [head, .., last] => {
            let (h, l) = (first(head), first(last));
            if h.is_some_and(|c| c.is_ascii_alphabetic()) {
                [h, l]
                    .into_iter()
                    .flatten()
                    .flat_map(char::to_uppercase)
                    .collect()
            } else {
                h.into_iter().collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_and_last_word() {
        assert_eq!(initials("Alex Wu"), "AW");
        assert_eq!(initials("maría josé garcía"), "MG");
        assert_eq!(initials("Nina"), "N");
        assert_eq!(initials("张伟"), "张");
        assert_eq!(initials(""), "");
    }
}
