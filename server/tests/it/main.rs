//! Tests against the real router and a real SQLite file per test: over HTTP through a typed
//! client (`support`), and services called directly (`services`).
mod attestation;
mod auth;
mod classes;
mod competitions;
mod demo;
mod discipline;
mod duties;
mod evaluation;
mod matrix;
mod org;
mod probation;
mod promotion;
mod robustness;
mod search;
mod security;
mod services;
mod support;
mod terms;
mod work_plans;
