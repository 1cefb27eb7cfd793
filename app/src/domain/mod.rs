//! Pure rules and types: no I/O, compiled for both the server and the browser.
pub mod password;
pub mod role;
pub mod session;
pub mod throttle;

pub use role::{Role, RoleSet};
