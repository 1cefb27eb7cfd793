//! Mokhele (მოხელე): HR, evaluation and class grading for Georgian municipal civil service.
//!
//! This crate is compiled twice: with `ssr` into the server and with `hydrate` into the
//! browser bundle. Layout:
//! - `domain/`: pure rules and types, no I/O.
//! - one module per feature (`auth`, `home`, `org`): shared types and server functions, with
//!   `repo` (SQL) and `service` (rules + transactions) modules compiled only for the server.
//! - `ui/`: pages and components; `ui/widgets.rs` holds the shared ones.
//! - `ssr/`: server-only plumbing (state, authorization, passwords, audit).
#![recursion_limit = "256"]

pub mod auth;
pub mod domain;
pub mod error;
pub mod home;
pub mod i18n;
pub mod org;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

pub use ui::{shell, App};
