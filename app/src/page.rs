//! One page of a long list.
use serde::{Deserialize, Serialize};

/// Rows per page in every list.
pub const PAGE_SIZE: i64 = 25;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
}

/// The highest page anyone may ask for (25 million rows deep): far beyond any list, and its
/// offset cannot overflow.
pub const MAX_PAGE: i64 = 1_000_000;

/// The requested page, kept within 1…[`MAX_PAGE`] (servers refuse a larger one first, with
/// `ssr::forms::page`), and the SQL offset for it.
pub fn offset(page: Option<i64>) -> (i64, i64) {
    let page = page.unwrap_or(1).clamp(1, MAX_PAGE);
    (page, (page - 1) * PAGE_SIZE)
}
