//! Pure rules and types: no I/O, compiled for both the server and the browser.
pub mod class;
pub mod csv_import;
pub mod evaluation;
pub mod password;
pub mod pay;
pub mod personal_number;
pub mod role;
pub mod session;
pub mod structure;
pub mod throttle;

pub use role::{Role, RoleSet};
