//! Data a route names: loaded from the route's parameters, for the pages that show it.

/// What the route's `:id` names, loaded by `load` (a malformed id is simply not found).
pub fn loaded_from_route<T, Fut>(
    load: fn(uuid::Uuid) -> Fut,
) -> leptos::prelude::LocalResource<Result<T, crate::api::ApiFailure>>
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, crate::api::ApiFailure>> + 'static,
{
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| uuid::Uuid::parse_str(&s).ok())
    });
    crate::session::page_data(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => load(id).await,
                None => Err(crate::api::ApiFailure::NotFound),
            }
        }
    })
}

/// The customer named by the route's `:id`, loaded.
pub fn customer_from_route(
) -> leptos::prelude::LocalResource<Result<shared::api::Customer, crate::api::ApiFailure>> {
    loaded_from_route(crate::api::get_customer)
}

/// Names the tab after the route's customer: `first` (a task such as "Edit", if any), then the
/// company once loaded, then the section.
pub fn use_customer_title(
    customer: leptos::prelude::LocalResource<Result<shared::api::Customer, crate::api::ApiFailure>>,
    first: Option<shared::i18n::Msg>,
) {
    use leptos::prelude::*;
    use shared::i18n::Msg;
    let i18n = crate::i18n::use_i18n();
    crate::i18n::use_page_title(move || {
        let company = customer
            .get()
            .and_then(|r| r.ok())
            .map(|c| c.profile.company_name.to_string());
        first
            .map(|m| i18n.t(m).to_string())
            .into_iter()
            .chain([
                company.unwrap_or_default(),
                i18n.t(Msg::NavCustomers).to_string(),
            ])
            .collect()
    });
}
