//! HTTP-level tests against the real router and a real SQLite file per test.
mod auth;
mod classes;
mod demo;
mod evaluation;
mod helpers;
mod matrix;
mod org;
mod security;
