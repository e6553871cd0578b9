//! The data of the page a fresh tab opens, requested together with `/api/me` instead of after it.
//!
//! Routes render once the signed-in user is known (`SignedIn` in `app.rs`), so a page's own
//! request used to start only after `/api/me` had answered and the shell had rendered: about a
//! third of a fresh load of `/customers`. `start` sends the opened page's request at once; the
//! page takes that answer (`customers`, `dashboard`) if it asks for the same thing, or requests
//! its own. Only a successful answer is kept: a refusal (signed out, say) is asked again by the
//! page once the user can see it. `discard` drops whatever wasn't taken (the tab showed sign-in
//! or the password change instead of the page).

use crate::api::{self, ApiFailure};
use futures_channel::oneshot;
use shared::api::{CustomerList, CustomerListQuery, Dashboard};
use std::cell::RefCell;
use std::future::Future;
use std::thread::LocalKey;

/// An answer on its way, and what was asked (the list's query string).
struct Pending<T> {
    key: String,
    answer: oneshot::Receiver<Result<T, ApiFailure>>,
}

type Slot<T> = RefCell<Option<Pending<T>>>;

thread_local! {
    static CUSTOMERS: Slot<CustomerList> = const { RefCell::new(None) };
    static DASHBOARD: Slot<Dashboard> = const { RefCell::new(None) };
}

/// Sends the request of the page at `path` (with `search`, the URL's `?…`), if it has one.
pub fn start(path: &str, search: &str) {
    match path {
        "/customers" => {
            let query = list_query(search);
            begin(&CUSTOMERS, query.to_query_string(), async move {
                api::list_customers(&query).await
            });
        }
        "/" => begin(&DASHBOARD, String::new(), api::dashboard()),
        _ => {}
    }
}

/// Forgets answers no page took.
pub fn discard() {
    CUSTOMERS.with(|slot| slot.borrow_mut().take());
    DASHBOARD.with(|slot| slot.borrow_mut().take());
}

/// A page of the customer list: the one sent at the start if it is this one, else a new request.
pub async fn customers(query: &CustomerListQuery) -> Result<CustomerList, ApiFailure> {
    take_or(&CUSTOMERS, &query.to_query_string(), || {
        api::list_customers(query)
    })
    .await
}

/// The overview's figures, as `customers` does the list.
pub async fn dashboard() -> Result<Dashboard, ApiFailure> {
    take_or(&DASHBOARD, "", api::dashboard).await
}

/// The list query of a URL's `?…` (the same reading as the page's, through `from_params`).
fn list_query(search: &str) -> CustomerListQuery {
    let params = web_sys::UrlSearchParams::new_with_str(search).ok();
    CustomerListQuery::from_params(|k| params.as_ref().and_then(|p| p.get(k)))
}

fn begin<T: 'static>(
    slot: &'static LocalKey<Slot<T>>,
    key: String,
    request: impl Future<Output = Result<T, ApiFailure>> + 'static,
) {
    let (sender, answer) = oneshot::channel();
    slot.with(|s| *s.borrow_mut() = Some(Pending { key, answer }));
    leptos::task::spawn_local(async move {
        // Nobody waiting (discarded): nothing to do with the answer.
        let _ = sender.send(request.await);
    });
}

async fn take_or<T, F: Future<Output = Result<T, ApiFailure>>>(
    slot: &'static LocalKey<Slot<T>>,
    key: &str,
    request: impl FnOnce() -> F,
) -> Result<T, ApiFailure> {
    // Taken whatever it holds: an answer is used once, by the first page that asks.
    let pending = slot.with(|s| s.borrow_mut().take());
    if let Some(pending) = pending.filter(|p| p.key == key) {
        if let Ok(Ok(answer)) = pending.answer.await {
            return Ok(answer);
        }
    }
    request().await
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    thread_local! {
        static NUMBER: Slot<u32> = const { RefCell::new(None) };
    }

    fn answer(n: u32) -> impl Future<Output = Result<u32, ApiFailure>> {
        std::future::ready(Ok(n))
    }

    #[wasm_bindgen_test]
    async fn the_page_takes_the_early_answer_once_if_it_asks_the_same() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        begin(&NUMBER, "a".into(), answer(1));
        assert_eq!(take_or(&NUMBER, "a", || answer(2)).await, Ok(1));
        // Used once: the next page of the same kind asks the server itself.
        assert_eq!(take_or(&NUMBER, "a", || answer(3)).await, Ok(3));
    }

    #[wasm_bindgen_test]
    async fn another_question_or_a_failed_answer_is_asked_again() {
        let _ = any_spawner::Executor::init_wasm_bindgen();
        begin(&NUMBER, "a".into(), answer(1));
        assert_eq!(take_or(&NUMBER, "b", || answer(2)).await, Ok(2));
        assert_eq!(
            take_or(&NUMBER, "a", || answer(3)).await,
            Ok(3),
            "dropped by the miss"
        );

        begin(&NUMBER, "a".into(), async { Err(ApiFailure::Unauthorized) });
        assert_eq!(take_or(&NUMBER, "a", || answer(4)).await, Ok(4));

        begin(&NUMBER, "a".into(), answer(1));
        NUMBER.with(|slot| slot.borrow_mut().take());
        assert_eq!(
            take_or(&NUMBER, "a", || answer(5)).await,
            Ok(5),
            "discarded"
        );
    }
}
