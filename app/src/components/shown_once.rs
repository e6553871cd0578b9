//! A secret the server answers once (an API token's, a webhook endpoint's): what it is, the
//! value and a copy button, announced and focused so it isn't missed.

use crate::components::copy_button::CopyButton;
use leptos::prelude::*;
use shared::i18n::Msg;

#[component]
pub fn ShownOnce(
    /// The element's id (focused when the secret appears).
    id: &'static str,
    /// What the secret is for, in the UI's language.
    text: Signal<String>,
    secret: String,
    copy_label: Msg,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <section class="card callout callout-success" role="status" id=id tabindex="-1">
            <p>{text}</p>
            <p class="value-with-copy">
                <code class="cell-mono secret-value" data-testid=testid translate="no">{secret.clone()}</code>
                <CopyButton text=secret label=copy_label />
            </p>
        </section>
    }
}
