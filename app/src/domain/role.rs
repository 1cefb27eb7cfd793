//! Who a user is to the system. A user may hold several roles.
use serde::{Deserialize, Serialize};

super::coded_enum! {
    /// A system role (DOMAIN.md §1).
    pub enum Role {
        /// HR specialist (ადამიანური რესურსების სპეციალისტი): administers users and data, runs cycles.
        Hr = "hr" => RoleHr,
        /// Line manager (უშუალო ხელმძღვანელი): plans and scores their subordinates.
        Manager = "manager" => RoleManager,
        /// Employee (თანამშრომელი): sees their own file and evaluations.
        Employee = "employee" => RoleEmployee,
        /// Mayor (მერი): signs orders, decides appeals.
        Mayor = "mayor" => RoleMayor,
        /// Competition commission member (საკონკურსო კომისიის წევრი).
        Commission = "commission" => RoleCommission,
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

/// The signed-in user as every layer sees it: who they are, what roles they hold and which
/// employee record (if any) is theirs. No secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// The name in Latin script (from the linked employee record), shown in English.
    pub display_name_en: Option<String>,
    pub roles: RoleSet,
    pub must_change_password: bool,
    pub employee_id: Option<i64>,
}

impl CurrentUser {
    pub fn name(&self, locale: crate::i18n::Locale) -> &str {
        match (locale, &self.display_name_en) {
            (crate::i18n::Locale::En, Some(en)) => en,
            _ => &self.display_name,
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.has(role)
    }

    /// Where the user lands after signing in.
    pub fn landing_path(&self) -> &'static str {
        if self.must_change_password {
            "/account/password"
        } else {
            "/"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &role in Role::ALL {
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
