//! One item of a list edited in place (role templates, access groups): its name with a line
//! under it, Edit and Remove — or, while it is the one being edited, its form.

use crate::i18n::tr;
use leptos::prelude::*;
use shared::i18n::Msg;
use uuid::Uuid;

/// Which item a list's form edits: a new one, or one by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Editing {
    New,
    Existing(Uuid),
}

#[component]
pub fn EditableItem(
    name: String,
    /// The line under the name (roles, members).
    #[prop(into)]
    summary: Signal<String>,
    /// Whether this item's form is open.
    #[prop(into)]
    editing: Signal<bool>,
    /// Whether any form of the list is open: Edit waits for it.
    #[prop(into)]
    any_editing: Signal<bool>,
    /// A removal is on its way.
    #[prop(into)]
    busy: Signal<bool>,
    on_edit: Callback<()>,
    /// Asks first (naming the item), then removes.
    on_remove: Callback<()>,
    form: ViewFn,
) -> impl IntoView {
    view! {
        <li class="template-item">
            <Show when=move || editing.get()
                fallback=move || {
                    let name = name.clone();
                    view! {
                        <div class="template-summary">
                            <strong>{name}</strong>
                            <span class="row-note">{move || summary.get()}</span>
                        </div>
                        <div class="row-actions">
                            <button type="button" class="btn btn-small" disabled=move || any_editing.get()
                                on:click=move |_| on_edit.run(())>{tr(Msg::Edit)}</button>
                            <button type="button" class="btn btn-small btn-danger" disabled=move || busy.get()
                                on:click=move |_| on_remove.run(())>{tr(Msg::TemplateRemove)}</button>
                        </div>
                    }
                }>
                {form.run()}
            </Show>
        </li>
    }
}
