//! Mokhele (მოხელე): HR, evaluation and class grading for Georgian municipal civil service.
//!
//! This crate is compiled twice: with `ssr` into the server and with `hydrate` into the
//! browser bundle. Layers, each importing only those above it:
//! - `domain/`: pure rules and shared types, no I/O (with `error`, `i18n` and `page`, the
//!   kernel every layer uses).
//! - `ssr/`: server-only plumbing (state and clock, authorization, the body of server
//!   functions, forms, audit, rule settings, exports, passwords). It imports no feature.
//! - one folder per feature (`auth`, `org`, `orders`, `people`, `audit`, `evaluation`,
//!   `classes`, `home`): wire types and thin server functions in `mod.rs`; `service/` (rules and
//!   transactions), `repo` (every query) and `export` (downloads) compiled only for the server.
//! - `ui/`: pages and components by feature; `ui/widgets.rs` holds the shared ones.
//!
//! ARCHITECTURE.md walks through it with the evaluation feature as the example.
#![recursion_limit = "256"]

pub mod attestation;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod classes;
pub mod competitions;
pub mod discipline;
pub mod domain;
pub mod error;
pub mod evaluation;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod home;
pub mod i18n;
pub mod orders;
pub mod org;
pub mod page;
pub mod people;
pub mod probation;
pub mod promotion;
pub mod search;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod training;
pub mod ui;
pub mod work_plans;

pub use ui::{shell, App};
