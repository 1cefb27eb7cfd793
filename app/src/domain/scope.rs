//! Data scope: whose records a caller may read. HR and the mayor see everyone; a manager the
//! people they supervise directly or through their units; everybody their own file. The
//! organisation feature works out the subordinates from the structure on a date.
use crate::error::AppError;
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeopleScope {
    All,
    /// Subordinates (`ids`), the caller's own employee record (`me`) and the positions the
    /// caller holds or supervises, vacant ones too (`positions`: whose units they may open).
    Only {
        ids: HashSet<i64>,
        me: Option<i64>,
        positions: HashSet<i64>,
    },
}

impl PeopleScope {
    pub fn can_see(&self, employee_id: i64) -> bool {
        match self {
            PeopleScope::All => true,
            PeopleScope::Only { ids, me, .. } => {
                ids.contains(&employee_id) || *me == Some(employee_id)
            }
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

    /// May the caller open the staff list of a unit with these positions? HR and the mayor any;
    /// a manager one whose every position they hold or supervise (an empty unit: nobody).
    pub fn can_open_unit(&self, unit_positions: &[i64]) -> bool {
        match self {
            PeopleScope::All => true,
            PeopleScope::Only { positions, .. } => {
                !unit_positions.is_empty() && unit_positions.iter().all(|p| positions.contains(p))
            }
        }
    }

    /// Salaries of others: HR and the mayor only. Managers see their people's files without
    /// pay (pay is not theirs to decide; DOMAIN.md §5 puts it with HR and the mayor).
    pub fn sees_salaries(&self) -> bool {
        matches!(self, PeopleScope::All)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manager_sees_their_people_and_themself_without_pay_of_others() {
        let scope = PeopleScope::Only {
            positions: HashSet::new(),
            ids: HashSet::from([2, 3]),
            me: Some(1),
        };
        assert!(scope.can_see(1) && scope.can_see(2) && !scope.can_see(4));
        assert_eq!(scope.open_file(1), Ok(true), "own pay");
        assert_eq!(
            scope.open_file(2),
            Ok(false),
            "a subordinate's file, no pay"
        );
        assert_eq!(scope.open_file(4), Err(AppError::Forbidden));
        assert_eq!(PeopleScope::All.open_file(4), Ok(true));
    }
}
