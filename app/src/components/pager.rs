//! The foot of a paged table: which rows are shown of how many, and the previous and next
//! pages.

use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::i18n::Msg;

/// The offsets of the previous and next pages, `None` where there is no such page.
pub fn neighbours(from: u32, shown: u32, total: u64, page_size: u32) -> (Option<u32>, Option<u32>) {
    let previous = (from > 0).then(|| from.saturating_sub(page_size));
    let next = (u64::from(from) + u64::from(shown) < total).then(|| from + page_size);
    (previous, next)
}

/// Rows `from`+1 to `from`+`shown` of `total`; `go` is asked for the offset of another page.
#[component]
pub fn Pager(
    from: u32,
    shown: u32,
    total: u64,
    page_size: u32,
    go: Callback<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (previous, next) = neighbours(from, shown, total, page_size);
    let first = if shown == 0 { from } else { from + 1 };
    view! {
        <div class="pager">
            <span>{move || i18n.f(Msg::RowsShown, &[("from", &first.to_string()), ("to", &(from + shown).to_string()), ("total", &total.to_string())])}</span>
            <div class="pager-buttons">
                <button type="button" class="btn btn-small" disabled=previous.is_none()
                    on:click=move |_| if let Some(p) = previous { go.run(p) }>{tr(Msg::PagePrevious)}</button>
                <button type="button" class="btn btn-small" disabled=next.is_none()
                    on:click=move |_| if let Some(n) = next { go.run(n) }>{tr(Msg::PageNext)}</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::neighbours;

    #[test]
    fn pages_have_neighbours_only_where_there_are_rows() {
        assert_eq!(neighbours(0, 50, 53, 50), (None, Some(50)));
        assert_eq!(neighbours(50, 3, 53, 50), (Some(0), None));
        assert_eq!(neighbours(0, 50, 50, 50), (None, None));
        assert_eq!(neighbours(100, 50, 500, 50), (Some(50), Some(150)));
        assert_eq!(neighbours(0, 0, 0, 50), (None, None));
    }
}
