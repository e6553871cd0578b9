//! Labelled form controls with hint and error text wired for assistive technology
//! (`aria-invalid`, `aria-describedby`).

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::i18n::Msg;

/// Ids of the hint and error paragraphs a control is described by.
fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_error {
        ids.push(format!("{id}-error"));
    }
    if has_hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldLabel(id: &'static str, label: Msg, required: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=id class="field-label">
            {tr(label)}
            {move || {
                if required.get() {
                    view! { <span class="field-required" aria-hidden="true" title=i18n.t(Msg::Required)>" *"</span> }
                        .into_any()
                } else {
                    view! { <span class="field-optional">" (" {i18n.t(Msg::Optional)} ")"</span> }
                        .into_any()
                }
            }}
        </label>
    }
}

#[component]
fn FieldMessages(
    id: &'static str,
    hint: MaybeProp<String>,
    error: MaybeProp<String>,
    code: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <Show when=move || hint.get().is_some()>
            <p class="field-hint" id=format!("{id}-hint")>{move || hint.get()}</p>
        </Show>
        <p class="field-error" id=format!("{id}-error") aria-live="polite" data-code=move || code.get()>
            {move || error.get()}
        </p>
    }
}

/// A text input. `id` is also the input's name (the wire name of the field).
#[component]
pub fn TextField(
    id: &'static str,
    label: Msg,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] on_blur: Option<Callback<()>>,
    #[prop(optional, into)] required: Signal<bool>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// The on-screen keyboard to offer (`numeric` for codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional, into)] suffix: MaybeProp<String>,
    #[prop(optional, into)] code: MaybeProp<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// For dates: the latest allowed (`YYYY-MM-DD`).
    #[prop(optional, into)]
    max: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <FieldLabel id label required />
            <div class="field-control">
                <input
                    id=id
                    name=id
                    type=input_type
                    autocomplete=autocomplete
                    inputmode=inputmode
                    disabled=move || disabled.get()
                    max=move || max.get()
                    prop:value=move || value.get()
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                    on:blur=move |_| {
                        // `try_`: a focused input removed by a navigation (Enter submits, the
                        // page changes) blurs after its page's signals are gone.
                        if let Some(cb) = on_blur {
                            cb.try_run(());
                        }
                    }
                    aria-required=move || required.get().to_string()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=move || described_by(id, hint.get().is_some(), error.get().is_some())
                />
                <Show when=move || suffix.get().is_some()>
                    <span class="field-suffix">{move || suffix.get()}</span>
                </Show>
            </div>
            <FieldMessages id hint error code />
        </div>
    }
}

/// A select. `options` are (value, label); an empty first option asks the user to choose.
#[component]
pub fn SelectField(
    id: &'static str,
    label: Msg,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] required: Signal<bool>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// Text of the empty option (defaults to "Select…").
    #[prop(optional, into)]
    empty_label: MaybeProp<String>,
    #[prop(optional, into)] code: MaybeProp<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <FieldLabel id label required />
            <div class="field-control">
                <select
                    id=id
                    name=id
                    disabled=move || disabled.get()
                    on:change=move |ev| on_change.run(event_target_value(&ev))
                    prop:value=move || value.get()
                    aria-required=move || required.get().to_string()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=move || described_by(id, hint.get().is_some(), error.get().is_some())
                >
                    <option value="">
                        {move || empty_label.get().unwrap_or_else(|| i18n.t(Msg::SelectPlaceholder).to_string())}
                    </option>
                    <For
                        each=move || options.get()
                        key=|(code, label)| (code.clone(), label.clone())
                        children=move |(code, label)| {
                            let selected_code = code.clone();
                            view! {
                                <option value=code selected=move || value.get() == selected_code>
                                    {label}
                                </option>
                            }
                        }
                    />
                </select>
            </div>
            <FieldMessages id hint error code />
        </div>
    }
}

/// A group of checkboxes for a list of codes (industries, offerings), in a `fieldset` whose
/// legend is the label. `options` are (code, label).
#[component]
pub fn CheckboxGroup(
    id: &'static str,
    label: Msg,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<Vec<String>>,
    /// Called with the code and whether it is now checked.
    #[prop(into)]
    on_toggle: Callback<(String, bool)>,
    #[prop(optional, into)] required: Signal<bool>,
    #[prop(optional, into)] error: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field check-group" class:field-invalid=move || error.get().is_some()
            id=id
            tabindex="-1"
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby=format!("{id}-error")>
            <legend class="field-label">
                {tr(label)}
                {move || if required.get() {
                    view! { <span class="field-required" aria-hidden="true" title=i18n.t(Msg::Required)>" *"</span> }.into_any()
                } else {
                    view! { <span class="field-optional">" (" {i18n.t(Msg::Optional)} ")"</span> }.into_any()
                }}
            </legend>
            <div class="check-grid">
                <For
                    each=move || options.get()
                    key=|(code, label)| (code.clone(), label.clone())
                    children=move |(code, text)| {
                        let input_id = format!("{id}-{code}");
                        let label_for = input_id.clone();
                        let for_checked = code.clone();
                        let value = code.clone();
                        view! {
                            <label class="check" for=label_for>
                                <input type="checkbox" id=input_id value=value
                                    prop:checked=move || selected.with(|s| s.contains(&for_checked))
                                    on:change=move |ev| on_toggle.run((code.clone(), event_target_checked(&ev))) />
                                <span>{text}</span>
                            </label>
                        }
                    }
                />
            </div>
            <p class="field-error" id=format!("{id}-error") aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}

/// Adds or removes `code` in a list of checked codes.
pub fn toggle_code(list: &mut Vec<String>, code: String, checked: bool) {
    list.retain(|c| *c != code);
    if checked {
        list.push(code);
    }
}
