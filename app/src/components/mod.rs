pub mod admin_password;
pub mod admin_relationships;
pub mod copy_button;
pub mod customer_form;
pub mod export_menu;
pub mod field;
pub mod invitation;
pub mod language_switch;
pub mod public_shell;
pub mod relationship;
pub mod role_gate;
pub mod second_factor;
pub mod session_ended;
pub mod shell;
pub mod sign_in_form;
pub mod toast;

pub use field::{SelectField, TextField};
pub use shell::Shell;
