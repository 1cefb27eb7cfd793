//! Evaluation rules with their transactions. Every step: load, check with
//! `domain::evaluation::check_step` who may take it now, validate, write, audit — in one
//! transaction. Reads of an evaluation are logged. By part: `method` (versions, competencies),
//! `cycle` (population, opening, finalizing, reminders, closing), `lists` (dashboard, my
//! lists, the inbox's tasks), `read` (one evaluation and who may see it), `steps` (the stage
//! steps, appeals, HR's changes), `result` (the computed mark with its inputs).
mod cycle;
mod lists;
mod method;
mod read;
mod result;
mod steps;

pub use cycle::*;
pub use lists::*;
pub use method::*;
pub use read::*;
pub use result::*;
pub use steps::*;
