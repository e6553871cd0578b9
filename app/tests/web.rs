//! Components mounted in headless Chromium: typing into the real DOM shows the `shared` rules'
//! messages, in the chosen language, with the ARIA wiring.
#![cfg(target_arch = "wasm32")]

use app::components::TextField;
use app::form::FormState;
use app::i18n::{provide_i18n, use_i18n};
use leptos::prelude::*;
use leptos::task::tick;
use shared::customer::CompanyName;
use shared::i18n::{field_error_text, Locale, Msg};
use shared::Field;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount(view: impl FnOnce() -> AnyView + 'static) -> HtmlElement {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), view);
    handle.forget();
    container
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

/// A company-name field wired as the add-customer page wires it.
#[component]
fn CompanyField(locale: Locale) -> impl IntoView {
    let i18n = provide_i18n();
    i18n.set_locale(locale);
    let value = RwSignal::new(String::new());
    let error = Signal::derive(move || {
        CompanyName::parse(&value.get())
            .err()
            .filter(|_| !value.get().is_empty())
            .map(|e| field_error_text(use_i18n().locale(), Field::CompanyName, &e))
    });
    view! {
        <TextField id="company_name" label=Msg::LabelCompanyName value=value
            on_input=Callback::new(move |v| value.set(v)) required=true error=error />
    }
}

#[wasm_bindgen_test]
async fn text_field_shows_the_rule_while_typing() {
    let root = mount(|| view! { <CompanyField locale=Locale::EnUs /> }.into_any());
    let input: HtmlInputElement = root
        .query_selector("#company_name")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let error = root.query_selector("#company_name-error").unwrap().unwrap();
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    assert_eq!(error.text_content().unwrap_or_default(), "");

    type_into(&input, "999");
    tick().await;
    assert_eq!(
        error.text_content().unwrap(),
        "Enter a real name, not only digits or symbols."
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some("company_name-error")
    );

    type_into(&input, "Contoso");
    tick().await;
    assert_eq!(error.text_content().unwrap_or_default(), "");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn text_field_speaks_chinese() {
    let root = mount(|| view! { <CompanyField locale=Locale::ZhCn /> }.into_any());
    // Switching language is a task (the app may have to fetch the catalog first).
    tick().await;
    let input: HtmlInputElement = root
        .query_selector("#company_name")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let label = root.query_selector("label").unwrap().unwrap();
    assert!(label.text_content().unwrap().contains("公司名称"));
    type_into(&input, &"中".repeat(101));
    tick().await;
    let error = root.query_selector("#company_name-error").unwrap().unwrap();
    assert_eq!(error.text_content().unwrap(), "最多 100 个字符。");
    root.remove();
}

#[wasm_bindgen_test]
fn form_state_runs_the_shared_rules_in_wasm() {
    let mut state = FormState::default();
    state.edit(Field::Country, "UK".into());
    let ctx = shared::customer::RuleContext {
        instance: shared::instance::CloudInstance::Germany,
        partner_email_domain: None,
        today: app::local_today(),
    };
    let errors = state.visible_errors(state.values.check(&ctx));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[&Field::Country].code(), "invalid_format");
    state.edit(Field::Country, "US".into());
    assert_eq!(
        state.visible_errors(state.values.check(&ctx))[&Field::Country].code(),
        "not_allowed_in_instance"
    );
}

/// A save button wired as every page wires its submits: `ui::submit`, disabled while pending.
#[component]
fn SaveButton(runs: RwSignal<u32>) -> impl IntoView {
    let save = app::ui::submit(move || async move {
        gloo_timers::future::TimeoutFuture::new(40).await;
        runs.update(|n| *n += 1);
    });
    let busy = save.pending();
    view! {
        <button type="button" disabled=move || busy.get() on:click=move |_| { save.dispatch(()); }>
            "Save"
        </button>
    }
}

#[wasm_bindgen_test]
async fn a_submit_is_busy_while_it_runs_and_runs_once_per_click() {
    let runs = RwSignal::new(0);
    let root = mount(move || view! { <SaveButton runs /> }.into_any());
    let button: HtmlElement = root
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    tick().await;
    assert!(
        button.has_attribute("disabled"),
        "pending disables the button"
    );
    // A second click while it runs does nothing: the button is disabled.
    button.click();
    gloo_timers::future::TimeoutFuture::new(120).await;
    tick().await;
    assert_eq!(runs.get_untracked(), 1);
    assert!(!button.has_attribute("disabled"), "done: enabled again");
    button.click();
    gloo_timers::future::TimeoutFuture::new(120).await;
    assert_eq!(runs.get_untracked(), 2);
    root.remove();
}
