//! The settings and administration build (`app/admin.html`, served for
//! `shared::public_page::ADMIN_PAGES`, its assets under `/admin/`): users, sign-in security,
//! API tokens, webhooks, the audit log, the outbox, the business profile, links, billing, admin
//! relationships across customers with access groups, importing customers, and referrals.

fn main() {
    console_error_panic_hook::set_once();
    app::i18n::mount_in_language(app::AdminApp);
}
