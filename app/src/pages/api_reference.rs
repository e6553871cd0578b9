//! The API reference (`/developers`): how programs sign their requests and read errors, and
//! every operation of the OpenAPI document grouped by resource, searchable, with a link to the
//! document itself.

use crate::api;
use crate::api_reference::{groups, ApiDocument};
use crate::i18n::{tr, use_i18n};
use crate::ui::failure_text;
use leptos::prelude::*;
use shared::i18n::Msg;

const DOCUMENT_URL: &str = "/api/openapi.json";

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavApiReference);
    let i18n = use_i18n();
    let document = crate::session::page_data(api::api_reference);
    let query = RwSignal::new(String::new());
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavApiReference)}</h1>
                <p class="page-intro">{tr(Msg::ApiReferenceIntro)}</p>
            </div>
            <div class="page-header-actions">
                <a class="btn" href=DOCUMENT_URL target="_blank" rel="external noopener">
                    {tr(Msg::ApiReferenceDocument)}
                </a>
            </div>
        </div>
        <section class="card reference-notes">
            <h2>{tr(Msg::ApiReferenceAuthTitle)}</h2>
            <p>{tr(Msg::ApiReferenceAuthText)}</p>
            <pre class="code-block" translate="no"><code>{move || example_request()}</code></pre>
            <h2>{tr(Msg::ApiReferenceErrorsTitle)}</h2>
            <p>{tr(Msg::ApiReferenceErrorsText)}</p>
        </section>
        <section class="card">
            <div class="reference-head">
                <h2>{tr(Msg::ApiReferenceOperationsTitle)}</h2>
                <input type="search" class="search-box" aria-label=tr(Msg::ApiReferenceSearch)
                    placeholder=tr(Msg::ApiReferenceSearch) maxlength="100"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <p class="field-hint">{tr(Msg::ApiReferenceOperationsNote)}</p>
            <Transition fallback=move || view! { <div class="loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
                {move || document.get().map(|result| match result {
                    Ok(document) => view! { <Operations document query /> }.into_any(),
                    Err(f) => view! {
                        <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// A request as a program sends it, with this server's address.
fn example_request() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!(
        "curl -H \"Authorization: Bearer $PARTNERDESK_TOKEN\" \\\n     \"{origin}/api/customers?per_page=10\""
    )
}

#[component]
fn Operations(document: ApiDocument, query: RwSignal<String>) -> impl IntoView {
    let shown = Memo::new(move |_| groups(&document, &query.get()));
    move || {
        let shown = shown.get();
        if shown.is_empty() {
            return view! { <p class="empty-note">{tr(Msg::ApiReferenceNoMatch)}</p> }.into_any();
        }
        // The document's own words are English: said so to assistive technology and the browser.
        view! {
            <div lang="en" translate="no">
                {shown.into_iter().map(|group| view! {
                    <h3 class="reference-resource" id=format!("resource-{}", group.resource)>{group.resource.clone()}</h3>
                    <ul class="reference-operations">
                        {group.operations.into_iter().map(|operation| {
                            let method_class = format!("method method-{}", operation.method.to_ascii_lowercase());
                            view! {
                                <li>
                                    <div class="reference-line">
                                        <span class=method_class>{operation.method}</span>
                                        <code class="reference-path">{operation.path}</code>
                                        <span class="reference-summary">{operation.summary}</span>
                                    </div>
                                    <p class="reference-access">{operation.access}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}
