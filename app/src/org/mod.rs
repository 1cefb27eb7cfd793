//! The organisation: institutions, units, positions (the staff list), employees and who holds
//! which position. This foundation holds the records the demo municipality needs; the full
//! personal-file features build on the same tables.
#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

/// A structural unit's level (DOMAIN.md §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    /// Primary structural unit (სამსახური).
    Service,
    /// Secondary structural unit (განყოფილება).
    Department,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Service => "service",
            UnitKind::Department => "department",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// Staff category of a position (DOMAIN.md §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmploymentType {
    /// Professional public servant (პროფესიული საჯარო მოხელე).
    Officer,
    AdminContract,
    LabourContract,
    /// Political official (mayor, deputies).
    Political,
    Intern,
}

impl EmploymentType {
    pub fn code(self) -> &'static str {
        match self {
            EmploymentType::Officer => "officer",
            EmploymentType::AdminContract => "admin_contract",
            EmploymentType::LabourContract => "labour_contract",
            EmploymentType::Political => "political",
            EmploymentType::Intern => "intern",
        }
    }
}

/// Why someone holds a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentBasis {
    Competition,
    Mobility,
    Promotion,
    Transfer,
    Acting,
    WithoutCompetition,
    Reorganization,
}

impl AssignmentBasis {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentBasis::Competition => "competition",
            AssignmentBasis::Mobility => "mobility",
            AssignmentBasis::Promotion => "promotion",
            AssignmentBasis::Transfer => "transfer",
            AssignmentBasis::Acting => "acting",
            AssignmentBasis::WithoutCompetition => "without_competition",
            AssignmentBasis::Reorganization => "reorganization",
        }
    }
}

/// A name in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub ka: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::Ka => &self.ka,
            crate::i18n::Locale::En => &self.en,
        }
    }
}
