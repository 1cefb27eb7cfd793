//! The vocabulary of the staff list (საშტატო ნუსხა): unit levels, employment types, why someone
//! holds a position, reorganization events and the groups of the staff report (DOMAIN.md §2).
use crate::i18n::Key;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// A structural unit's level (DOMAIN.md §2.1).
    pub enum UnitKind {
        /// Primary structural unit (სამსახური).
        Service = "service" => UnitService,
        /// Secondary structural unit (განყოფილება).
        Department = "department" => UnitDepartment,
    }
}

coded_enum! {
    pub enum Gender {
        Female = "female" => GenderFemale,
        Male = "male" => GenderMale,
    }
}

coded_enum! {
    /// Staff category of a position (DOMAIN.md §2.2).
    pub enum EmploymentType {
        /// Professional public servant (პროფესიული საჯარო მოხელე).
        Officer = "officer" => EmploymentOfficer,
        AdminContract = "admin_contract" => EmploymentAdminContract,
        LabourContract = "labour_contract" => EmploymentLabourContract,
        /// Political official (mayor, deputies).
        Political = "political" => EmploymentPolitical,
        Intern = "intern" => EmploymentIntern,
    }
}

coded_enum! {
    /// Why someone holds a position.
    pub enum AssignmentBasis {
        Competition = "competition" => BasisCompetition,
        Mobility = "mobility" => BasisMobility,
        Promotion = "promotion" => BasisPromotion,
        Transfer = "transfer" => BasisTransfer,
        /// Acting (მოვალეობის შემსრულებელი): on top of one's own position, for a limited time.
        Acting = "acting" => BasisActing,
        WithoutCompetition = "without_competition" => BasisWithoutCompetition,
        Reorganization = "reorganization" => BasisReorganization,
    }
}

coded_enum! {
    /// A step of a unit's history, each made by an order.
    pub enum UnitEventType {
        Create = "create" => UnitEventCreate,
        Rename = "rename" => UnitEventRename,
        Move = "move" => UnitEventMove,
        Merge = "merge" => UnitEventMerge,
        Abolish = "abolish" => UnitEventAbolish,
    }
}

coded_enum! {
    /// Whom the employee list shows, by their service today.
    pub enum EmployeeStatus {
        /// Holding a position today.
        Active = "active" => StatusActive,
        /// Served once, holds nothing today.
        Former = "former" => StatusFormer,
        /// A file without any appointment yet.
        Unassigned = "unassigned" => StatusUnassigned,
    }
}

coded_enum! {
    /// A list of a personal file that HR keeps by entries.
    pub enum FileSection {
        Education = "education" => TabEducation,
        Work = "work" => TabWork,
        Document = "document" => TabDocuments,
    }
}

/// A row of the staff report (seed 004 art. 35(3)(თ)): officers by rank, everyone else by
/// employment type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StaffGroup {
    /// Officers of rank I–IV.
    Rank(u8),
    /// Officers whose position has no rank.
    Employment(EmploymentType),
    /// Everyone.
    Total,
}

impl StaffGroup {
    /// The report's rows in the order the annual report prints them.
    pub const ORDER: [StaffGroup; 9] = [
        StaffGroup::Employment(EmploymentType::Political),
        StaffGroup::Rank(1),
        StaffGroup::Rank(2),
        StaffGroup::Rank(3),
        StaffGroup::Rank(4),
        StaffGroup::Employment(EmploymentType::Officer),
        StaffGroup::Employment(EmploymentType::AdminContract),
        StaffGroup::Employment(EmploymentType::LabourContract),
        StaffGroup::Employment(EmploymentType::Intern),
    ];

    /// The group a holder of such a position counts in.
    pub fn of(employment_type: EmploymentType, rank: Option<i64>) -> Self {
        match (employment_type, rank.and_then(|r| u8::try_from(r).ok())) {
            (EmploymentType::Officer, Some(rank @ 1..=4)) => StaffGroup::Rank(rank),
            (kind, _) => StaffGroup::Employment(kind),
        }
    }

    pub fn key(self) -> Key {
        match self {
            StaffGroup::Rank(1) => Key::ReportRank1,
            StaffGroup::Rank(2) => Key::ReportRank2,
            StaffGroup::Rank(3) => Key::ReportRank3,
            StaffGroup::Rank(_) => Key::ReportRank4,
            StaffGroup::Employment(kind) => kind.key(),
            StaffGroup::Total => Key::ReportTotal,
        }
    }

    /// Rank rows are always printed; the others only when someone is in them.
    pub fn always_shown(self) -> bool {
        matches!(self, StaffGroup::Rank(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officers_count_by_rank_and_others_by_type() {
        assert_eq!(
            StaffGroup::of(EmploymentType::Officer, Some(3)),
            StaffGroup::Rank(3)
        );
        assert_eq!(
            StaffGroup::of(EmploymentType::Officer, None),
            StaffGroup::Employment(EmploymentType::Officer)
        );
        assert_eq!(
            StaffGroup::of(EmploymentType::AdminContract, Some(1)),
            StaffGroup::Employment(EmploymentType::AdminContract)
        );
    }
}
