//! Evaluation rules with their transactions. Every step: load, check who may do it and that the
//! stage allows it (`domain::evaluation::next_stage`), validate, write, audit — in one
//! transaction. Reads of an evaluation are logged. By part: `method` (versions, competencies),
//! `cycle` (population, opening, finalizing, reminders, closing), `dashboard` (dashboard, my
//! lists, the inbox), `read` (one evaluation and who may see it), `steps` (the stage steps,
//! the result, appeals, HR's changes).
mod cycle;
mod dashboard;
mod method;
mod read;
mod steps;

pub use cycle::*;
pub use dashboard::*;
pub use method::*;
pub use read::*;
pub use steps::*;

use super::repo::{self, EvalFilter, EvalState, NewEvaluation, NewResult};
use super::{
    AppealView, Capabilities, Dashboard, EvalRow, EvaluationDetail, MethodPage, MethodVersion,
    MyEvaluationLists, ScoreLine, Task, UnitDistribution, UnitProgress,
};
use crate::domain::evaluation::{
    self as rules, final_mark, Exemption, MethodSettings, Rating, Stage, Step, Stint,
};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Key;
use crate::org::service::{audit, required_date, required_text};
use crate::org::Bilingual;
use crate::ssr::audit::{record, AuditEntry};
use crate::ssr::{state, Actor};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::{HashMap, HashSet};

/// Free text of a form (objectives, comments): required, at most 5,000 characters.
pub(super) fn long_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    if value.chars().count() > 5_000 {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

pub(super) fn optional_long_text(field: &str, value: &str) -> Result<Option<String>, AppError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        long_text(field, value).map(Some)
    }
}
