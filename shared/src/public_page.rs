//! The app's builds besides the workspace's, and which addresses each answers. The pages reached
//! without a partner sign-in — from an e-mail (an invitation, an admin-access request, a
//! password reset), from the sign-in page (asking for a reset), or by integrators (the API
//! reference) — and the workspace's settings and administration pages are builds of their own:
//! the server answers their addresses with their build's page, the e-mails link to them, and
//! each build picks the page by its address — all from these lists.

/// A build besides the workspace's: a Trunk target of its own, in `dist/<dir>/`, its assets
/// addressed under `/<dir>/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageBuild {
    /// What customers and locked-out users open from an e-mail: kept small for them.
    Public,
    /// The API reference, for integrators: its own, so the customers' build doesn't carry it.
    Reference,
    /// The signed-in settings and administration pages ([`ADMIN_PAGES`]): opened now and then,
    /// so the workspace used all day doesn't carry them. Going between the two is a page load.
    Admin,
}

impl PageBuild {
    pub const ALL: [PageBuild; 3] = [Self::Public, Self::Reference, Self::Admin];

    /// Its folder in `dist/` and its assets' path.
    pub const fn dir(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Reference => "reference",
            Self::Admin => "admin",
        }
    }

    /// The build that answers a page's address: `None` for the workspace's pages.
    pub fn of_path(path: &str) -> Option<PageBuild> {
        if ADMIN_PAGES.iter().any(|page| is_address_of(page, path)) {
            return Some(PageBuild::Admin);
        }
        PublicPage::at(path).map(PublicPage::build)
    }
}

/// Whether `path` is an address of `page`: the same segments, `{…}` standing for any one.
fn is_address_of(page: &str, path: &str) -> bool {
    let (mut pattern, mut actual) = (page.split('/'), path.split('/'));
    loop {
        match (pattern.next(), actual.next()) {
            (None, None) => return true,
            (Some(p), Some(a)) if p == a || (p.starts_with('{') && !a.is_empty()) => {}
            _ => return false,
        }
    }
}

/// The settings and administration pages, in the admin build: users, sign-in security, API
/// tokens, webhooks, the audit log, the outbox, the business profile, provider links, billing,
/// admin relationships across customers, importing customers, and referrals — pages opened now
/// and then (a referrals admin opens nothing else). Written as the server's routes: `{id}` is
/// any one segment.
pub const ADMIN_PAGES: [&str; 14] = [
    "/users",
    "/security",
    "/api-tokens",
    "/webhooks",
    "/audit",
    "/outbox",
    "/business-profile",
    "/links",
    "/billing",
    "/admin-relationships",
    "/customers/import",
    "/referrals",
    "/referrals/new",
    "/referrals/{id}",
];

/// A page without a partner sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicPage {
    AcceptInvitation,
    AdminApproval,
    ForgotPassword,
    ResetPassword,
    /// The API reference: what the OpenAPI document says, for people.
    ApiReference,
}

impl PublicPage {
    pub const ALL: [PublicPage; 5] = [
        Self::AcceptInvitation,
        Self::AdminApproval,
        Self::ForgotPassword,
        Self::ResetPassword,
        Self::ApiReference,
    ];

    /// The page's address (absolute path).
    pub const fn path(self) -> &'static str {
        match self {
            Self::AcceptInvitation => "/invitation",
            Self::AdminApproval => "/admin-approval",
            Self::ForgotPassword => "/forgot-password",
            Self::ResetPassword => "/reset-password",
            Self::ApiReference => "/developers",
        }
    }

    /// The build that has it.
    pub const fn build(self) -> PageBuild {
        match self {
            Self::ApiReference => PageBuild::Reference,
            _ => PageBuild::Public,
        }
    }

    /// The page at an address, if it is one of them.
    pub fn at(path: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|page| page.path() == path)
    }

    /// The link an e-mail carries: the page with a single-use token in the fragment, which the
    /// browser never sends to a server (nor writes to its logs).
    pub fn link_with_token(self, public_url: &str, token: &str) -> String {
        format!(
            "{}{}#{token}",
            public_url.trim_end_matches('/'),
            self.path()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::PublicPage;

    #[test]
    fn every_page_is_found_at_its_own_address() {
        for page in PublicPage::ALL {
            assert_eq!(PublicPage::at(page.path()), Some(page));
        }
        assert_eq!(PublicPage::at("/customers"), None);
        assert_eq!(PublicPage::at("/"), None);
        assert_eq!(PublicPage::at("/invitations"), None);
        assert_eq!(PublicPage::at("/invitation/x"), None);
    }

    #[test]
    fn admin_pages_are_found_by_their_addresses() {
        use super::PageBuild;
        for (path, build) in [
            ("/users", Some(PageBuild::Admin)),
            ("/referrals", Some(PageBuild::Admin)),
            ("/referrals/new", Some(PageBuild::Admin)),
            (
                "/referrals/7b0e6f4e-4a8e-4c55-9d43-0f5a3c9b1a01",
                Some(PageBuild::Admin),
            ),
            ("/referrals/", None),
            ("/referrals/x/y", None),
            ("/customers/import", Some(PageBuild::Admin)),
            ("/customers/7b0e6f4e", None),
            ("/customers", None),
            ("/invitation", Some(PageBuild::Public)),
        ] {
            assert_eq!(PageBuild::of_path(path), build, "{path}");
        }
    }

    #[test]
    fn links_carry_the_token_in_the_fragment() {
        assert_eq!(
            PublicPage::AcceptInvitation.link_with_token("https://desk.example/", "abc"),
            "https://desk.example/invitation#abc"
        );
        assert_eq!(
            PublicPage::ResetPassword.link_with_token("http://127.0.0.1:3000", "t"),
            "http://127.0.0.1:3000/reset-password#t"
        );
    }
}
