//! Short confirmations of a change ("Changes saved."), announced politely and gone after a few
//! seconds; the user can dismiss one sooner.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::i18n::Msg;

#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Option<(u64, Msg)>>);

/// The toast handle. Take it while the component is created: async tasks have no context.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    /// Shows `msg` as a toast.
    pub fn show(self, msg: Msg) {
        show(self.0, msg)
    }
}

fn show(current: RwSignal<Option<(u64, Msg)>>, msg: Msg) {
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
            {move || current.get().map(|(_, msg)| view! {
                <div class="toast">
                    <span>{move || i18n.t(msg)}</span>
                    <button type="button" class="toast-close" on:click=move |_| current.set(None)
                        aria-label=tr(Msg::Dismiss)>"×"</button>
                </div>
            })}
        </div>
    }
}
