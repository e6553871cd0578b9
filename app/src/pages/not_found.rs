use crate::i18n::tr;
use leptos::prelude::*;
use leptos_router::components::A;
use shared::i18n::Msg;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NotFoundTitle);
    view! {
        <section class="empty-state">
            <h1>{tr(Msg::NotFoundTitle)}</h1>
            <p>{tr(Msg::NotFoundText)}</p>
            <A href="/customers" attr:class="btn btn-primary">{tr(Msg::BackToList)}</A>
        </section>
    }
}
