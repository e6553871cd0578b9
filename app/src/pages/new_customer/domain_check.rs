//! The live availability check of the primary domain while it is typed: debounced, and a late
//! answer for an older value is dropped.

use crate::api::{self, ApiFailure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::customer::DomainPrefix;

/// The live availability check of the domain prefix.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum DomainCheck {
    Idle,
    Checking,
    Available(String),
    Taken,
    /// No answer: the network is down.
    Offline,
    /// The server answered with a failure (not the network's fault): checked again on create.
    Unchecked,
}

/// Checks each valid prefix the form holds, 350 ms after the typing stops.
pub(super) fn watch_domain(prefix_value: Memo<String>) -> RwSignal<DomainCheck> {
    let domain_check = RwSignal::new(DomainCheck::Idle);
    Effect::new(move |_| {
        let typed = prefix_value.get();
        let Ok(prefix) = DomainPrefix::parse(&typed) else {
            domain_check.set(DomainCheck::Idle);
            return;
        };
        domain_check.set(DomainCheck::Checking);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(350).await;
            if prefix_value.try_get_untracked().as_ref() != Some(&typed) {
                return;
            }
            let answer = api::domain_availability(prefix.as_str()).await;
            if prefix_value.try_get_untracked().as_ref() != Some(&typed) {
                return;
            }
            domain_check.set(match answer {
                Ok(a) if a.available => DomainCheck::Available(a.domain.unwrap_or_default()),
                Ok(_) => DomainCheck::Taken,
                Err(ApiFailure::Network) => DomainCheck::Offline,
                Err(_) => DomainCheck::Unchecked,
            });
        });
    });
    domain_check
}
