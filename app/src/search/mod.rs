//! The search in the menu (ძიება): people by name or personal number, units, positions and
//! orders by number, each within what the caller may open. A GET form, so it works without
//! JavaScript and its address can be shared.
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::orders::OrderRow;
use crate::page::Page;
use crate::people::EmployeeRow;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many units, positions and orders a search lists (people come a page at a time).
pub const SEARCH_LIMIT: i64 = 10;

/// Everything a search found, by kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The first page of matching people, in the caller's data scope.
    pub people: Page<EmployeeRow>,
    pub units: Vec<UnitHit>,
    pub positions: Vec<PositionHit>,
    /// Orders by number or title: for those who keep the registry (HR, the mayor).
    pub orders: Option<Page<OrderRow>>,
}

/// A structural unit in force today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitHit {
    pub id: i64,
    pub name: Bilingual,
    /// The service a department belongs to.
    pub parent: Option<Bilingual>,
}

/// A position of the staff list in force today, shown on its unit's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionHit {
    pub id: i64,
    pub title: Bilingual,
    pub unit_id: Option<i64>,
    pub unit: Option<Bilingual>,
}

/// Access: HR, the mayor and managers; people within the caller's scope, orders for HR and
/// the mayor only.
#[server(prefix = "/api", endpoint = "search")]
pub async fn search(q: String) -> Result<SearchResults, AppError> {
    serve(Access::READERS, |call| async move {
        let q = service::parse(&q)?;
        service::search(&call.db, &call.actor, &q).await
    })
    .await
}

#[cfg(feature = "ssr")]
pub mod repo;

#[cfg(feature = "ssr")]
pub mod service {
    //! One query per kind, each small: a search never reads more than it lists.
    use super::{repo, SearchResults, SEARCH_LIMIT};
    use crate::domain::Role;
    use crate::error::AppError;
    use crate::i18n::Key;
    use crate::orders::OrderFilter;
    use crate::people::EmployeeFilter;
    use crate::ssr::{Actor, Db};

    /// The searched text: 2 to 100 characters once trimmed.
    pub fn parse(q: &str) -> Result<String, AppError> {
        let q = q.trim();
        match q.chars().count() {
            0..=1 => Err(AppError::invalid("q", Key::SearchTooShort)),
            101.. => Err(AppError::invalid("q", Key::ValidationTooLong)),
            _ => Ok(q.to_string()),
        }
    }

    pub async fn search(db: &Db, actor: &Actor, q: &str) -> Result<SearchResults, AppError> {
        let today = actor.today();
        let people = crate::people::service::list(
            db,
            actor,
            &EmployeeFilter {
                q: Some(q.to_string()),
                ..Default::default()
            },
        )
        .await?;
        let orders = if actor.has(Role::Hr) || actor.has(Role::Mayor) {
            let filter = OrderFilter {
                q: Some(q.to_string()),
                ..Default::default()
            };
            Some(crate::orders::repo::list(&db.read, &filter).await?)
        } else {
            None
        };
        Ok(SearchResults {
            people,
            units: repo::units(&db.read, q, today, SEARCH_LIMIT).await?,
            positions: repo::positions(&db.read, q, today, SEARCH_LIMIT).await?,
            orders,
        })
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::service::parse;
    use crate::ssr::repo::like_pattern;

    #[test]
    fn a_search_is_two_to_a_hundred_characters_trimmed() {
        assert!(parse(" ა ").is_err());
        assert_eq!(parse("  ნინო ").as_deref(), Ok("ნინო"));
        assert!(parse(&"ა".repeat(100)).is_ok());
        assert!(parse(&"ა".repeat(101)).is_err());
    }

    #[test]
    fn typed_wildcards_are_searched_for_literally() {
        assert_eq!(like_pattern("50%_A\\", false), "%50\\%\\_a\\\\%");
        assert_eq!(like_pattern("0100", true), "0100%");
    }
}
