//! The workspace build: everything a partner user does after signing in.

fn main() {
    console_error_panic_hook::set_once();
    app::i18n::mount_in_language(app::App);
}
