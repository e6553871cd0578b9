//! Data a route names: loaded from the route's parameters, for the pages that show it.

/// The customer named by the route's `:id`, loaded (a malformed id is simply not found).
pub fn customer_from_route(
) -> leptos::prelude::LocalResource<Result<shared::api::Customer, crate::api::ApiFailure>> {
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| uuid::Uuid::parse_str(&s).ok())
    });
    LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => crate::api::get_customer(id).await,
                None => Err(crate::api::ApiFailure::NotFound),
            }
        }
    })
}
