//! The public build: the pages a customer or a locked-out user opens from an e-mail, without
//! the partner workspace's code (`app/public.html`, served under `/public/`).

fn main() {
    console_error_panic_hook::set_once();
    app::i18n::mount_in_language(app::PublicApp);
}
