//! Webhooks (global admins): the partner's endpoints with the events they hear of, a new one
//! (its secret shown once), a renewed secret, a test event, removal; each endpoint's delivery
//! log, where a delivery can be sent again.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::code_choices::{toggled, CodeChoices};
use crate::components::shown_once::ShownOnce;
use crate::components::toast::use_toasts;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit, submit_with, SubmitWith};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::webhook::{
    DeliveryStatus, EventType, NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookSecret,
};
use shared::Field;
use uuid::Uuid;

/// The fields of "new endpoint", in order.
const ENDPOINT_ORDER: [Field; 2] = [Field::Url, Field::Events];

/// Codes in a list, as the API and the receiver's code spell them.
fn codes(events: &[EventType]) -> String {
    events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn WebhooksPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavWebhooks);
    let i18n = use_i18n();
    let endpoints = crate::session::page_data(api::webhooks);
    // The secret just made (a new endpoint or a renewed secret), shown once.
    let secret = RwSignal::new(None::<WebhookSecret>);
    let on_secret = Callback::new(move |made: WebhookSecret| {
        secret.set(Some(made));
        endpoints.refetch();
        crate::ui::focus_element("webhook-secret");
    });
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavWebhooks)}</h1>
                <p class="page-intro">{tr(Msg::WebhooksIntro)}</p>
            </div>
        </div>
        {move || secret.get().map(|made| {
            let url = made.endpoint.url.clone();
            let text = Signal::derive(move || i18n.f(Msg::WebhookSecretText, &[("url", &url)]));
            view! { <ShownOnce id="webhook-secret" text secret=made.secret copy_label=Msg::CopyWebhookSecret testid="webhook-secret" /> }
        })}
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || endpoints.get().map(|result| match result {
                Ok(list) => view! {
                    <EndpointList endpoints=list on_secret
                        on_change=Callback::new(move |()| endpoints.refetch()) />
                }.into_any(),
                Err(f) => view! {
                    <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
        <NewEndpoint on_created=on_secret />
    }
}

#[component]
fn EndpointList(
    endpoints: Vec<WebhookEndpoint>,
    on_secret: Callback<WebhookSecret>,
    on_change: Callback<()>,
) -> impl IntoView {
    if endpoints.is_empty() {
        return view! { <div class="card form-section"><p class="empty-note">{tr(Msg::NoEndpoints)}</p></div> }
            .into_any();
    }
    view! {
        <div class="endpoint-list" data-testid="endpoints">
            {endpoints.into_iter().map(|endpoint| view! { <EndpointCard endpoint on_secret on_change /> }).collect_view()}
        </div>
    }
    .into_any()
}

/// What a row's buttons ask the server.
#[derive(Clone, Copy)]
enum EndpointAction {
    Test,
    Renew,
    Remove,
}

#[component]
fn EndpointCard(
    endpoint: WebhookEndpoint,
    on_secret: Callback<WebhookSecret>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = endpoint.id;
    let url = StoredValue::new(endpoint.url.clone());
    let error = RwSignal::new(None::<String>);
    let log_open = RwSignal::new(false);
    // Bumped after a test event or a replay, so an open log shows it.
    let log_version = RwSignal::new(0u32);
    let acting = submit_with(move |action: EndpointAction| async move {
        let outcome = match action {
            EndpointAction::Test => api::send_webhook_test(id).await.map(|_| {
                toasts.show(Msg::TestEventQueued);
                log_version.update(|v| *v += 1);
            }),
            EndpointAction::Renew => api::renew_webhook_secret(id)
                .await
                .map(|made| on_secret.run(made)),
            EndpointAction::Remove => api::remove_webhook(id).await.map(|()| {
                toasts.show(Msg::EndpointRemoved);
                on_change.run(());
            }),
        };
        if let Err(f) = outcome {
            error.set(Some(failure_text(&f, i18n.locale())));
        }
    });
    let ask = move |action: EndpointAction, question: Option<Msg>| {
        let confirmed =
            question.is_none_or(|q| crate::ui::confirmed(&i18n.f(q, &[("url", &url.get_value())])));
        if confirmed {
            error.set(None);
            acting.dispatch(action);
        }
    };
    let busy = acting.pending();
    view! {
        <section class="card endpoint" aria-label=endpoint.url.clone()>
            <div class="endpoint-head">
                <div class="endpoint-what">
                    <code class="endpoint-url" translate="no">{endpoint.url.clone()}</code>
                    <p class="endpoint-events">
                        {tr(Msg::ColEvents)}": "
                        <code translate="no">{codes(&endpoint.events)}</code>
                    </p>
                </div>
                <div class="endpoint-actions">
                    <button type="button" class="btn btn-small" disabled=move || busy.get()
                        on:click=move |_| ask(EndpointAction::Test, None)>{tr(Msg::SendTestEvent)}</button>
                    <button type="button" class="btn btn-small" disabled=move || busy.get()
                        on:click=move |_| ask(EndpointAction::Renew, Some(Msg::RenewSecretConfirm))>{tr(Msg::RenewSecret)}</button>
                    <button type="button" class="btn btn-small btn-danger" disabled=move || busy.get()
                        on:click=move |_| ask(EndpointAction::Remove, Some(Msg::RemoveEndpointConfirm))>{tr(Msg::RemoveEndpoint)}</button>
                    <button type="button" class="btn btn-small" aria-expanded=move || log_open.get().to_string()
                        on:click=move |_| log_open.update(|open| *open = !*open)>
                        {move || i18n.t(if log_open.get() { Msg::HideDeliveries } else { Msg::ShowDeliveries })}
                    </button>
                </div>
            </div>
            {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
            <Show when=move || log_open.get()>
                <DeliveryLog endpoint=id version=log_version />
            </Show>
        </section>
    }
}

#[component]
fn DeliveryLog(endpoint: Uuid, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let log = LocalResource::new(move || {
        version.track();
        api::webhook_deliveries(endpoint)
    });
    let error = RwSignal::new(None::<String>);
    let replaying = submit_with(move |id: Uuid| async move {
        match api::replay_webhook_delivery(id).await {
            Ok(_) => {
                toasts.show(Msg::DeliveryQueuedAgain);
                log.refetch();
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    view! {
        {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
        {move || match log.get() {
            None => view! { <div class="loading" aria-busy="true">{tr(Msg::Loading)}</div> }.into_any(),
            Some(Ok(deliveries)) if deliveries.is_empty() => view! { <p class="empty-note">{tr(Msg::NoDeliveries)}</p> }.into_any(),
            Some(Ok(deliveries)) => view! { <DeliveryTable deliveries replaying /> }.into_any(),
            Some(Err(f)) => view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> }.into_any(),
        }}
    }
}

#[component]
fn DeliveryTable(deliveries: Vec<WebhookDelivery>, replaying: SubmitWith<Uuid>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table delivery-log" data-testid="deliveries">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColWhen)}</th>
                        <th scope="col">{tr(Msg::ColEvent)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col">{tr(Msg::ColAttempts)}</th>
                        <th scope="col">{tr(Msg::ColAnswer)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Msg::SendAgain)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {deliveries.into_iter().map(|delivery| {
                        let id = delivery.id;
                        let badge = match delivery.status {
                            DeliveryStatus::Delivered => "badge badge-active",
                            DeliveryStatus::Pending => "badge badge-invited",
                            DeliveryStatus::Failed => "badge badge-overdue",
                        };
                        let answer: Signal<String> = match (delivery.failure, delivery.response_code) {
                            (Some(failure), _) => Signal::derive(move || tr(failure.label())().to_string()),
                            (None, code) => {
                                let text = delivery.last_result.unwrap_or_default();
                                let shown = match code {
                                    Some(code) if !text.is_empty() => format!("{code} · {text}"),
                                    Some(code) => code.to_string(),
                                    None => text,
                                };
                                Signal::stored(shown)
                            }
                        };
                        view! {
                            <tr>
                                <td class="cell-mono">{shared::audit::log_time(&delivery.created_at)}</td>
                                <td><code translate="no">{delivery.event_type.as_str()}</code></td>
                                <td><span class=badge>{tr(delivery.status.label())}</span></td>
                                <td class="cell-number">{delivery.attempts}</td>
                                <td class="delivery-answer" title=answer>{answer}</td>
                                <td class="cell-actions">
                                    {(delivery.status != DeliveryStatus::Pending).then(|| view! {
                                        <button type="button" class="btn btn-small" disabled=move || replaying.pending().get()
                                            on:click=move |_| { replaying.dispatch(id); }>{tr(Msg::SendAgain)}</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn NewEndpoint(on_created: Callback<WebhookSecret>) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(
        NewWebhookEndpoint::default(),
        &ENDPOINT_ORDER,
        NewWebhookEndpoint::check,
    );
    let failure = RwSignal::new(None::<ApiFailure>);
    let creating = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::create_webhook(&body).await {
                Ok(created) => {
                    form.reset(NewWebhookEndpoint::default());
                    on_created.run(created);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = creating.pending();
    let send = form.on_submit(creating, failure);
    view! {
        <form class="card form-section new-endpoint" novalidate=true on:submit=send>
            <h2>{tr(Msg::NewEndpointTitle)}</h2>
            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
            <TextField id="url" label=Msg::LabelEndpointUrl value=form.text(|f| &f.url) required=true
                input_type="url" autocomplete="off"
                hint=Signal::derive(move || Some(i18n.t(Msg::EndpointUrlHint).to_string()))
                on_input=Callback::new(move |v| form.update(|f| f.url = v))
                on_blur=form.on_blur(Field::Url) error=form.error_text(Field::Url) />
            <CodeChoices id="events" legend=Msg::LabelEndpointEvents class="event-choices"
                choices=EventType::subscribable()
                    .map(|event| (event.as_str(), ViewFn::from(move || view! { <code translate="no">{event.as_str()}</code> })))
                    .collect()
                chosen=Signal::derive(move || form.with(|f| f.events.clone()))
                on_toggle=Callback::new(move |(code, on): (&'static str, bool)| {
                    form.update(|f| toggled(&mut f.events, code, on));
                    form.touch(Field::Events);
                })
                error=form.error_text(Field::Events) />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{tr(Msg::AddEndpoint)}</button>
            </div>
        </form>
    }
}
