//! Data scope: whose records a caller may read. HR and the mayor see everyone; a manager the
//! people they supervise directly or through their units (derived from the structure today);
//! everybody their own file.
use super::Actor;
use crate::domain::Role;
use crate::error::AppError;
use sqlx::SqlitePool;
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeopleScope {
    All,
    /// Subordinates (`ids`) and the caller's own employee record (`me`).
    Only {
        ids: HashSet<i64>,
        me: Option<i64>,
    },
}

impl PeopleScope {
    pub fn can_see(&self, employee_id: i64) -> bool {
        match self {
            PeopleScope::All => true,
            PeopleScope::Only { ids, me } => ids.contains(&employee_id) || *me == Some(employee_id),
        }
    }

    pub fn is_self(&self, employee_id: i64) -> bool {
        matches!(self, PeopleScope::Only { me: Some(me), .. } if *me == employee_id)
    }

    /// Opens a personal file: `Forbidden` outside the scope, else whether its pay is shown
    /// (HR and the mayor, and the person themself).
    pub fn open_file(&self, employee_id: i64) -> Result<bool, AppError> {
        if !self.can_see(employee_id) {
            return Err(AppError::Forbidden);
        }
        Ok(self.sees_salaries() || self.is_self(employee_id))
    }

    /// Salaries of others: HR and the mayor only. Managers see their people's files without
    /// pay (pay is not theirs to decide; DOMAIN.md §5 puts it with HR and the mayor).
    pub fn sees_salaries(&self) -> bool {
        matches!(self, PeopleScope::All)
    }
}

pub async fn people_scope(actor: &Actor, db: &SqlitePool) -> Result<PeopleScope, AppError> {
    if actor.has(Role::Hr) || actor.has(Role::Mayor) {
        return Ok(PeopleScope::All);
    }
    let me = actor.user.employee_id;
    let ids = match me {
        Some(employee) if actor.has(Role::Manager) => {
            crate::org::service::snapshot(db, crate::org::today())
                .await?
                .subordinates(employee)
        }
        _ => HashSet::new(),
    };
    Ok(PeopleScope::Only { ids, me })
}
