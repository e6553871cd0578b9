fn main() {
    console_error_panic_hook::set_once();
    // A Chinese UI fetches its catalog first (not compiled into the app: one request, cached
    // for good), so the first screen is already in Chinese.
    let locale = app::i18n::startup_locale();
    if locale == shared::i18n::Locale::ZhCn {
        wasm_bindgen_futures::spawn_local(async move {
            app::i18n::load_catalog(locale).await;
            leptos::mount::mount_to_body(app::App);
        });
    } else {
        leptos::mount::mount_to_body(app::App);
    }
}
