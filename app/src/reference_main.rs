//! The API reference's build (`app/reference.html`, served under `/reference/`): for
//! integrators, apart from the customers' public pages and the workspace.

fn main() {
    console_error_panic_hook::set_once();
    app::i18n::mount_in_language(app::ReferenceApp);
}
