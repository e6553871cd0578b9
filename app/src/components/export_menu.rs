//! "Export CSV" as a small menu of encodings: UTF-8 for Excel, or GB18030 for older Chinese
//! software. A native `<details>`: keyboard and screen readers get a disclosure for free.

use crate::i18n::tr;
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::import::ExportEncoding;
use wasm_bindgen::JsCast;

/// `href` gives the download's address in an encoding; `filename` names the saved file.
#[component]
pub fn ExportMenu(
    href: Callback<ExportEncoding, String>,
    filename: &'static str,
    /// The list toolbar's smaller buttons.
    #[prop(optional)]
    small: bool,
) -> impl IntoView {
    // A chosen download closes the menu again.
    let close = |ev: leptos::ev::MouseEvent| {
        let details = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("details").ok().flatten());
        if let Some(details) = details {
            let _ = details.remove_attribute("open");
        }
    };
    view! {
        <details class="export-menu">
            <summary class="btn" class:btn-small=small>{tr(Msg::ExportCsv)}</summary>
            <div class="export-menu-panel">
                {ExportEncoding::ALL.iter().map(|&encoding| view! {
                    <a href=move || href.run(encoding) download=filename on:click=close
                        data-encoding=encoding.as_str()>{tr(encoding.label())}</a>
                }).collect_view()}
            </div>
        </details>
    }
}
