//! The frame of the pages reached from an e-mail without a partner sign-in (the public build):
//! the product name, which leads to the workspace's sign-in, and the language switch — no
//! navigation, account menu or session.

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::tr;
use leptos::prelude::*;
use shared::i18n::Msg;

#[component]
pub fn PublicShell(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr(Msg::SkipToContent)}</a>
        <header class="appbar">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true" translate="no">"PD"</span>
                <span class="brand-name">{tr(Msg::AppName)}</span>
            </a>
            <div class="appbar-end">
                <LanguageSwitch />
            </div>
        </header>
        <div class="app-body no-rail">
            <div class="app-content">
                <main id="main" class="page" tabindex="-1">
                    {children()}
                </main>
            </div>
        </div>
    }
}
