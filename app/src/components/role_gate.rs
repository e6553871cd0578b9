//! A page the signed-in user's roles can't use says so when it opens, instead of showing a form
//! that is refused at the end. The server checks again on every call; this is only so nobody
//! fills in a form in vain.

use crate::i18n::{tr, use_static_title};
use crate::session::can;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::Msg;

const VIEW: &[Action] = &[Action::ViewCustomers];
const CREATE: &[Action] = &[Action::CreateCustomers];
const EDIT: &[Action] = &[Action::EditCompanyProfile, Action::EditBillingProfile];

/// What the page at `path` needs: any one of these actions (those its API calls are allowed
/// by). Empty for pages every signed-in user may open.
pub fn page_needs(path: &str) -> &'static [Action] {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["customers"] | ["invitations"] | ["admin-relationships"] => VIEW,
        ["customers", "new" | "invite" | "import"] | ["outbox"] => CREATE,
        ["customers", _, "edit"] => EDIT,
        ["customers", _] => VIEW,
        ["audit"] => &[Action::AuditLog],
        ["users"] | ["api-tokens"] | ["webhooks"] => &[Action::ManageUsers],
        ["referrals", ..] | ["business-profile"] => &[Action::Referrals],
        ["links"] => &[Action::IndirectLinks],
        _ => &[],
    }
}

/// Shows `children` (the routes) when the user's roles allow the current page; otherwise a
/// notice in its place.
#[component]
pub fn RoleGate(children: ChildrenFn) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    // A memo: the routes are rebuilt only when the answer changes, not on every navigation.
    let allowed = Memo::new(move |_| {
        let needs = page_needs(&location.pathname.get());
        needs.is_empty() || needs.iter().any(|&action| can(action))
    });
    move || {
        if allowed.get() {
            children().into_any()
        } else {
            view! { <NotForYourRole /> }.into_any()
        }
    }
}

#[component]
fn NotForYourRole() -> impl IntoView {
    use_static_title(Msg::NotForRoleTitle);
    view! {
        <div class="narrow-page">
            <h1 tabindex="-1">{tr(Msg::NotForRoleTitle)}</h1>
            <div class="card">
                <p>{tr(Msg::NotForRoleText)}</p>
                <A href="/" attr:class="btn">{tr(Msg::BackToOverview)}</A>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_needs_what_its_api_needs() {
        assert_eq!(page_needs("/"), &[] as &[Action]);
        assert_eq!(page_needs("/customers"), VIEW);
        assert_eq!(page_needs("/customers/new"), CREATE);
        assert_eq!(page_needs("/customers/import"), CREATE);
        assert_eq!(
            page_needs("/customers/6bb7f5b9-bcf0-44ba-a0d1-ab55094727f5"),
            VIEW
        );
        assert_eq!(
            page_needs("/customers/6bb7f5b9-bcf0-44ba-a0d1-ab55094727f5/edit"),
            EDIT
        );
        assert_eq!(page_needs("/referrals/new"), &[Action::Referrals]);
        assert_eq!(page_needs("/users"), &[Action::ManageUsers]);
        assert_eq!(page_needs("/invitation"), &[] as &[Action]);
        assert_eq!(page_needs("/no/such/page"), &[] as &[Action]);
    }
}
