//! The pages reached without a partner sign-in — from an e-mail (an invitation, an admin-access
//! request, a password reset) or from the sign-in page (asking for a reset). They are a build of
//! their own: the server answers their addresses with it, the e-mails link to them, and the
//! public build picks the page by its address — all from this one list.

/// A page of the public build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicPage {
    AcceptInvitation,
    AdminApproval,
    ForgotPassword,
    ResetPassword,
}

impl PublicPage {
    pub const ALL: [PublicPage; 4] = [
        Self::AcceptInvitation,
        Self::AdminApproval,
        Self::ForgotPassword,
        Self::ResetPassword,
    ];

    /// The page's address (absolute path).
    pub const fn path(self) -> &'static str {
        match self {
            Self::AcceptInvitation => "/invitation",
            Self::AdminApproval => "/admin-approval",
            Self::ForgotPassword => "/forgot-password",
            Self::ResetPassword => "/reset-password",
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
