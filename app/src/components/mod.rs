pub mod admin_password;
pub mod customer_form;
pub mod field;
pub mod invitation;
pub mod relationship;
pub mod shell;
pub mod toast;

pub use field::{SelectField, TextField};
pub use shell::Shell;
