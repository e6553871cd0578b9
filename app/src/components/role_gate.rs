//! A page the signed-in user's roles can't use says so when it opens, instead of showing a form
//! that is refused at the end. The server checks again on every call; this is only so nobody
//! fills in a form in vain.

use crate::i18n::{tr, use_static_title};
use crate::session::can;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::Msg;

/// Shows `children` when the user's roles allow any of `any_of`; otherwise a notice.
#[component]
pub fn RequiresRole(any_of: &'static [Action], children: ChildrenFn) -> impl IntoView {
    // A memo: the page is built once, not again on every refetch of who is signed in.
    let allowed = Memo::new(move |_| any_of.iter().any(|&action| can(action)));
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
