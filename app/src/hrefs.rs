//! URLs of the app's pages that more than one page links to, with their query.

use shared::referral::{ReferralBox, ReferralState};

/// The partner-wide admin relationships page with a filter.
pub fn admin_relationship_list(
    query: &shared::admin_relationship::AdminRelationshipQuery,
) -> String {
    match query.to_query_string() {
        params if params.is_empty() => "/admin-relationships".into(),
        params => format!("/admin-relationships?{params}"),
    }
}

/// The URL of a referral list view.
pub fn referral_list(b: ReferralBox, state: Option<ReferralState>, overdue: bool) -> String {
    let mut parts = Vec::new();
    if b == ReferralBox::Sent {
        parts.push("box=sent".to_string());
    }
    if let Some(state) = state {
        parts.push(format!("state={}", state.as_str()));
    }
    if overdue {
        parts.push("overdue=true".to_string());
    }
    if parts.is_empty() {
        "/referrals".into()
    } else {
        format!("/referrals?{}", parts.join("&"))
    }
}
