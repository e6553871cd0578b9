//! The language in use: a signal in context, remembered in localStorage, first taken from the
//! browser's language. Texts come from `shared::i18n`'s catalog.

use leptos::prelude::*;
use shared::i18n::{Locale, Msg};

const STORAGE_KEY: &str = "partnerdesk.locale";

#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The current language, outside any reactive scope (an event's handler).
    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    /// Switches the language (and remembers it); Chinese once its catalog is loaded.
    pub fn set_locale(&self, locale: Locale) {
        let this = *self;
        leptos::task::spawn_local(async move {
            if load_catalog(locale).await {
                crate::storage::set(STORAGE_KEY, locale.tag());
                set_document_lang(locale);
                this.locale.set(locale);
            }
        });
    }

    /// The text of `msg` in the current language (reactive).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.locale.get())
    }

    /// The text of `msg` with placeholders filled (reactive).
    pub fn f(&self, msg: Msg, args: &[(&str, &str)]) -> String {
        self.locale.get().format(msg, args)
    }
}

/// Mounts `root` to the page's body in the language the visitor uses: a Chinese UI fetches its
/// catalog first (not compiled into the app: one request, cached for good), so the first screen
/// is already in Chinese. Both builds (the workspace and the public pages) start through it.
pub fn mount_in_language<V: IntoView + 'static>(root: fn() -> V) {
    let locale = startup_locale();
    if locale == Locale::ZhCn {
        // Not Leptos' spawner: it is set up by mounting, which comes after.
        wasm_bindgen_futures::spawn_local(async move {
            load_catalog(locale).await;
            leptos::mount::mount_to_body(root);
        });
    } else {
        leptos::mount::mount_to_body(root);
    }
}

/// The saved choice, else the browser's preferred language, else English.
pub fn initial_locale(saved: Option<&str>, browser_languages: &[String]) -> Locale {
    saved
        .and_then(Locale::from_tag)
        .or_else(|| browser_languages.iter().find_map(|l| Locale::from_tag(l)))
        .unwrap_or_default()
}

fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default()
}

fn set_document_lang(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.tag());
    }
}

/// The language the app opens in: the saved choice, else the browser's.
pub fn startup_locale() -> Locale {
    initial_locale(
        crate::storage::get(STORAGE_KEY).as_deref(),
        &browser_languages(),
    )
}

/// Makes `locale`'s texts available: the Chinese catalog is fetched the first time (it isn't
/// compiled into the app). False when it couldn't be (offline, or an app older than the
/// server): the app stays in English.
pub async fn load_catalog(locale: Locale) -> bool {
    if locale != Locale::ZhCn || shared::i18n::chinese_installed() {
        return true;
    }
    match crate::api::chinese_catalog().await {
        Ok(catalog) => shared::i18n::install_chinese(catalog),
        Err(_) => false,
    }
}

pub fn provide_i18n() -> I18n {
    let wanted = startup_locale();
    // `main` loads the catalog before mounting; without it, English.
    let locale = if wanted == Locale::ZhCn && !shared::i18n::chinese_installed() {
        Locale::EnUs
    } else {
        wanted
    };
    set_document_lang(locale);
    let i18n = I18n {
        locale: RwSignal::new(locale),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A reactive text for views: `{tr(Msg::NavCustomers)}`.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || i18n.t(msg)
}

/// A browser tab's title: the page's own parts, most specific first, then the product —
/// "Alpine Ski House · Customers · PartnerDesk". Empty parts (data still loading) are left out.
pub fn document_title(parts: &[String], locale: Locale) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .chain([locale.text(Msg::AppName)])
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Keeps `document.title` to the page's parts as they change (language, loaded data), so tabs
/// and history entries can be told apart.
pub fn use_page_title(parts: impl Fn() -> Vec<String> + 'static) {
    // Boxed: one effect compiled for every page's title, not one per page (bundle size).
    title_effect(Box::new(parts));
}

fn title_effect(parts: Box<dyn Fn() -> Vec<String>>) {
    let i18n = use_i18n();
    Effect::new(move || {
        let title = document_title(&parts(), i18n.locale());
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
}

/// `use_page_title` for a page whose title is one catalog text.
pub fn use_static_title(msg: Msg) {
    let i18n = use_i18n();
    use_page_title(move || vec![i18n.t(msg).to_string()]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_runs_from_the_page_to_the_product() {
        let parts = ["Alpine Ski House".to_string(), "Customers".to_string()];
        assert_eq!(
            document_title(&parts, Locale::EnUs),
            "Alpine Ski House · Customers · PartnerDesk"
        );
        assert_eq!(
            document_title(&[String::new(), "客户".into()], Locale::ZhCn),
            "客户 · PartnerDesk",
            "a part still loading is left out"
        );
        assert_eq!(document_title(&[], Locale::EnUs), "PartnerDesk");
    }

    #[test]
    fn choice_beats_browser_language() {
        let zh = vec!["zh-CN".to_string(), "en".to_string()];
        assert_eq!(initial_locale(None, &zh), Locale::ZhCn);
        assert_eq!(initial_locale(Some("en-US"), &zh), Locale::EnUs);
        assert_eq!(initial_locale(None, &["fr".to_string()]), Locale::EnUs);
        assert_eq!(
            initial_locale(Some("garbage"), &["de".into(), "zh-TW".into()]),
            Locale::ZhCn
        );
    }
}
