//! Who a user is to the system. A user may hold several roles.
use serde::{Deserialize, Serialize};

/// A system role (DOMAIN.md §1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// HR specialist (ადამიანური რესურსების სპეციალისტი): administers users and data, runs cycles.
    Hr,
    /// Line manager (უშუალო ხელმძღვანელი): plans and scores their subordinates.
    Manager,
    /// Employee (თანამშრომელი): sees their own file and evaluations.
    Employee,
    /// Mayor (მერი): signs orders, decides appeals.
    Mayor,
    /// Competition commission member (საკონკურსო კომისიის წევრი).
    Commission,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Hr,
        Role::Manager,
        Role::Employee,
        Role::Mayor,
        Role::Commission,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Hr => "hr",
            Role::Manager => "manager",
            Role::Employee => "employee",
            Role::Mayor => "mayor",
            Role::Commission => "commission",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// The roles one user holds, kept sorted and without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSet(Vec<Role>);

impl RoleSet {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let mut v: Vec<Role> = roles.into_iter().collect();
        v.sort();
        v.dedup();
        RoleSet(v)
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert_eq!(Role::parse("HR"), None);
    }

    #[test]
    fn role_set_is_sorted_and_deduplicated() {
        let set = RoleSet::new([Role::Mayor, Role::Hr, Role::Mayor]);
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Role::Hr, Role::Mayor]);
        assert!(set.has_any(&[Role::Employee, Role::Hr]));
        assert!(!set.has_any(&[Role::Employee, Role::Commission]));
        assert!(!set.has_any(&[]));
    }
}
