//! Short confirmations of a change ("Changes saved."), announced politely and gone after a few
//! seconds; the user can dismiss one sooner.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::i18n::Msg;

/// A message with its `{placeholders}` filled, re-rendered when the language changes.
#[derive(Clone, Debug, PartialEq)]
pub struct ToastText {
    msg: Msg,
    args: Vec<(&'static str, String)>,
}

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<(u64, ToastText)>>);

/// The toast handle. Take it while the component is created: async tasks have no context.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    /// Shows `msg` as a toast.
    pub fn show(self, msg: Msg) {
        self.show_with(msg, &[])
    }

    /// Shows `msg` with its placeholders filled.
    pub fn show_with(self, msg: Msg, args: &[(&'static str, &str)]) {
        let args = args.iter().map(|(k, v)| (*k, v.to_string())).collect();
        show(self.0, ToastText { msg, args })
    }
}

fn show(current: RwSignal<Option<(u64, ToastText)>>, msg: ToastText) {
    let id = current.get_untracked().map(|(id, _)| id + 1).unwrap_or(1);
    current.set(Some((id, msg)));
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(5_000).await;
        // Only this toast: a newer one keeps its own time.
        if current
            .try_get_untracked()
            .flatten()
            .is_some_and(|(shown, _)| shown == id)
        {
            current.set(None);
        }
    });
}

pub fn provide_toasts() {
    provide_context(Toasts(RwSignal::new(None)));
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let Toasts(current) = expect_context::<Toasts>();
    let i18n = use_i18n();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || current.get().map(|(_, text)| view! {
                <div class="toast">
                    <span>{move || {
                        let args: Vec<(&str, &str)> =
                            text.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        i18n.f(text.msg, &args)
                    }}</span>
                    <button type="button" class="toast-close" on:click=move |_| current.set(None)
                        aria-label=tr(Msg::Dismiss)>"×"</button>
                </div>
            })}
        </div>
    }
}
