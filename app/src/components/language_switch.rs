//! The language switch: the top bar's on pages without a sign-in, the account menu's inside
//! the workspace.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::i18n::{Locale, Msg};

/// The two languages as pressed/unpressed buttons; `on_chosen` runs after a choice (the account
/// menu closes, so its panel doesn't stay over the page).
#[component]
pub fn LanguageSwitch(#[prop(optional)] on_chosen: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=tr(Msg::Language)>
            {Locale::ALL
                .iter()
                .map(|&locale| {
                    view! {
                        <button
                            type="button"
                            lang=locale.tag()
                            aria-pressed=move || (i18n.locale() == locale).to_string()
                            on:click=move |_| {
                                i18n.set_locale(locale);
                                if let Some(done) = on_chosen {
                                    done.run(());
                                }
                            }
                        >
                            {locale.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
