//! Customer accounts, by concern: reading rows (`rows`), writing them (`writes`), the list and
//! its exports (`list`), the two-character search index (`search_index`), the keys that find similar customers
//! (`similar`) and the idempotency
//! keys of create requests (`idempotency`). Every function takes the asking `Ctx` and filters by
//! its partner (`rows::visible_to` for reads, `partner_id = $n` for changes).

/// The names of a channel customer's reseller and provider (both `NULL` for other customers).
macro_rules! channel_columns {
    () => {
        "(SELECT name FROM partners WHERE partners.id = customers.indirect_reseller_id)
            AS reseller_name,
        (SELECT name FROM partners WHERE partners.id = customers.partner_id
            AND customers.indirect_reseller_id IS NOT NULL) AS provider_name"
    };
}

mod idempotency;
mod list;
mod rows;
mod search_index;
mod similar;
mod writes;

pub use idempotency::*;
pub use list::*;
pub use rows::*;
pub use search_index::*;
pub use similar::*;
pub use writes::*;
