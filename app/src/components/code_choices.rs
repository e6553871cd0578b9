//! A required choice of several codes as checkboxes — an API token's roles, an admin
//! relationship's Entra roles, a webhook endpoint's events: a fieldset named by its legend, one
//! labelled checkbox per code, and the field's error under them.

use crate::i18n::tr;
use leptos::prelude::*;
use shared::i18n::Msg;

#[component]
pub fn CodeChoices(
    /// The field's key: the fieldset's id, its error's `{id}-error`.
    id: &'static str,
    legend: Msg,
    /// Classes beside `role-choices` (layout).
    #[prop(optional)]
    class: &'static str,
    /// Each code with what its label shows.
    choices: Vec<(&'static str, ViewFn)>,
    /// The codes chosen now.
    chosen: Signal<Vec<String>>,
    /// A code checked (`true`) or unchecked.
    on_toggle: Callback<(&'static str, bool)>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class=format!("role-choices {class}") id=id aria-describedby=described_by
            class:field-invalid=move || error.get().is_some()>
            <legend>{tr(legend)}<span class="field-required" aria-hidden="true">" *"</span></legend>
            {choices.into_iter().map(|(code, label)| {
                let checked = move || chosen.with(|c| c.iter().any(|x| x == code));
                view! {
                    <label class="role-choice">
                        <input type="checkbox" value=code prop:checked=checked
                            on:change=move |ev| on_toggle.run((code, event_target_checked(&ev))) />
                        {label.run()}
                    </label>
                }
            }).collect_view()}
            <p class="field-error" id=error_id aria-live="polite">{move || error.get()}</p>
        </fieldset>
    }
}

/// A list of codes with `code` in or out (each once, in the order chosen).
pub fn toggled(codes: &mut Vec<String>, code: &str, on: bool) {
    codes.retain(|c| c != code);
    if on {
        codes.push(code.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::toggled;

    #[test]
    fn a_code_is_in_once_or_out() {
        let mut codes = vec!["a".to_string()];
        toggled(&mut codes, "b", true);
        toggled(&mut codes, "b", true);
        assert_eq!(codes, ["a", "b"]);
        toggled(&mut codes, "a", false);
        assert_eq!(codes, ["b"]);
    }
}
