//! Class rules with their transactions. By part: `settings` (rates and rules from a future
//! date), `eligibility` (who qualifies for the next class, from finalized ratings), `orders`
//! (draft → visa → signature → registry, each audited in its transaction, and the inbox's
//! tasks), `equalization` (old class ranks), `pay` (the monthly register with arrears, the
//! reports, an officer's classes).
mod eligibility;
mod equalization;
mod orders;
mod pay;
mod settings;

pub use eligibility::*;
pub use equalization::*;
pub use orders::*;
pub use pay::*;
pub use settings::*;

use crate::domain::class::MAX_CLASS;
use crate::error::AppError;
use crate::i18n::Key;

/// A class number I–XII from a form.
pub fn class_number(field: &str, text: &str) -> Result<u8, AppError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|c| (1..=MAX_CLASS).contains(c))
        .ok_or_else(|| AppError::invalid(field, Key::ValidationChoice))
}
