//! Mokhele (მოხელე): HR, evaluation and class grading for Georgian municipal civil service.
//!
//! This crate is compiled twice: with `ssr` into the server and with `hydrate` into the
//! browser bundle. Layout:
//! - `domain/`: pure rules and types, no I/O.
//! - one module per feature (`auth`, `home`, `org`, `people`, `orders`, `audit`, `evaluation`, `classes`): shared types and server functions, with
//!   `repo` (SQL) and `service` (rules + transactions) modules compiled only for the server.
//! - `ui/`: pages and components; `ui/widgets.rs` holds the shared ones.
//! - `ssr/`: server-only plumbing (state, authorization, passwords, audit).
#![recursion_limit = "256"]

pub mod audit;
pub mod auth;
pub mod classes;
pub mod domain;
pub mod error;
pub mod evaluation;
#[cfg(feature = "ssr")]
pub mod export;
pub mod home;
pub mod i18n;
pub mod orders;
pub mod org;
pub mod page;
pub mod people;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod ui;

pub use ui::{shell, App};
