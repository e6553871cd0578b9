//! Data access. Each function takes the asking `Ctx` and filters by its partner in SQL.

pub mod customers;
pub mod partners;
pub mod users;
