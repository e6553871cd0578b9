//! A button that copies a value (a one-time password, an id, a link) to the clipboard and says
//! so for a moment.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::i18n::Msg;
use wasm_bindgen::JsCast;

/// Copies `text`: the asynchronous clipboard where the page may use it (a secure context),
/// else the older copy command on a selected, off-screen field. False when neither worked.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // Absent outside secure contexts (plain http on a LAN): checked before it is used.
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if has_clipboard {
        let promise = navigator.clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    copy_with_command(&window, text)
}

fn copy_with_command(window: &web_sys::Window, text: &str) -> bool {
    let Some(document) = window.document() else {
        return false;
    };
    let Some(field) = document
        .create_element("textarea")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    else {
        return false;
    };
    field.set_value(text);
    let _ = field.set_attribute("style", "position:fixed;left:-9999px;top:0");
    let _ = field.set_attribute("aria-hidden", "true");
    let Some(body) = document.body() else {
        return false;
    };
    if body.append_child(&field).is_err() {
        return false;
    }
    field.select();
    let copied = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    field.remove();
    copied
}

#[derive(Clone, Copy, PartialEq)]
enum CopyState {
    Ready,
    Copied,
    Failed,
}

/// `label` names what is copied, for assistive technology ("Copy the temporary password").
#[component]
pub fn CopyButton(#[prop(into)] text: String, label: Msg) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(CopyState::Ready);
    let text = StoredValue::new(text);
    let copy = move |_| {
        let value = text.get_value();
        spawn_local(async move {
            let copied = copy_to_clipboard(&value).await;
            state.try_set(if copied {
                CopyState::Copied
            } else {
                CopyState::Failed
            });
            gloo_timers::future::TimeoutFuture::new(2_000).await;
            state.try_set(CopyState::Ready);
        });
    };
    view! {
        <button type="button" class="btn btn-small btn-copy" aria-label=tr(label) on:click=copy>
            {move || match state.get() {
                CopyState::Ready => i18n.t(Msg::Copy),
                CopyState::Copied => i18n.t(Msg::Copied),
                CopyState::Failed => i18n.t(Msg::CopyFailed),
            }}
        </button>
        <span class="visually-hidden" aria-live="polite">
            {move || match state.get() {
                CopyState::Ready => "",
                CopyState::Copied => i18n.t(Msg::Copied),
                CopyState::Failed => i18n.t(Msg::CopyFailed),
            }}
        </span>
    }
}
