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

/// The requested page, clamped to 1…; the SQL offset for it.
pub fn offset(page: Option<i64>) -> (i64, i64) {
    let page = page.unwrap_or(1).max(1);
    (page, (page - 1) * PAGE_SIZE)
}
