//! A record's history as people read it (issue 16): each audited event by its name and, where
//! the audit row holds the record before and after, which details changed from what to what.
//! The personal file, a position, an order, a class order and an evaluation each show theirs.
use crate::i18n::Key;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

coded_enum! {
    /// What an audit row about a record records, coded by the row's action.
    pub enum HistoryEvent {
        Created = "employee.created" => HistoryCreated,
        Imported = "employee.imported" => HistoryImported,
        Updated = "employee.updated" => HistoryUpdated,
        /// A confidential read: who opened the file.
        Opened = "employee.read" => HistoryOpened,
        ClassesOpened = "employee_classes.read" => HistoryClassesOpened,
        ClassAssigned = "employee_class.assign" => HistoryClassAssigned,
        OldRankRecorded = "old_rank.record" => HistoryOldRankRecorded,
        OldRankConfirmed = "old_rank.confirm" => HistoryOldRankConfirmed,
        OldRankRemoved = "old_rank.remove" => HistoryOldRankRemoved,
        Appointed = "assignment.created" => HistoryAppointed,
        AssignmentEnded = "assignment.ended" => HistoryAssignmentEnded,
        MovedByMerge = "assignment.moved_by_merge" => HistoryMovedByMerge,
        EntryAdded = "file_entry.added" => HistoryEntryAdded,
        EntryRemoved = "file_entry.removed" => HistoryEntryRemoved,
        PositionCreated = "position.created" => HistoryPositionCreated,
        PositionImported = "position.imported" => HistoryPositionImported,
        PositionUpdated = "position.updated" => HistoryPositionUpdated,
        PositionTermsChanged = "position.terms_changed" => HistoryPositionTermsChanged,
        PositionSupervisorSet = "position.supervisor_override" => HistoryPositionSupervisorSet,
        PositionMovedByMerge = "position.moved_by_merge" => HistoryPositionMovedByMerge,
        PositionEnded = "position.ended" => HistoryPositionEnded,
        OrderCreated = "order.created" => HistoryOrderCreated,
        ClassOrderDrafted = "class_order.draft" => HistoryClassOrderDrafted,
        ClassOrderVisaed = "class_order.visa" => HistoryClassOrderVisaed,
        ClassOrderSigned = "class_order.sign" => HistoryClassOrderSigned,
        ClassOrderCancelled = "class_order.cancel" => HistoryClassOrderCancelled,
        EvaluationAdded = "evaluation.add" => HistoryEvaluationAdded,
        /// A confidential read: who opened the evaluation.
        EvaluationOpened = "evaluation.read" => HistoryEvaluationOpened,
        Planned = "evaluation.plan" => HistoryPlanned,
        PlanConfirmed = "evaluation.confirm_plan" => HistoryPlanConfirmed,
        SelfAssessed = "evaluation.self_assessment" => HistorySelfAssessed,
        Rated = "evaluation.rate" => HistoryRated,
        Acknowledged = "evaluation.acknowledge" => HistoryAcknowledged,
        Objected = "evaluation.object" => HistoryObjected,
        Finalized = "evaluation.finalize" => HistoryFinalized,
        Appealed = "evaluation.appeal" => HistoryAppealed,
        AppealDecided = "evaluation.appeal_decided" => HistoryAppealDecided,
        Exempted = "evaluation.exempt" => HistoryExempted,
        Included = "evaluation.include" => HistoryIncluded,
        Reassigned = "evaluation.reassign" => HistoryReassigned,
        Delivered = "evaluation.delivered" => HistoryDelivered,
        Delegated = "evaluation.delegate" => HistoryDelegated,
        GroundRaised = "evaluation.ground_raised" => HistoryGroundRaised,
        GroundDecided = "evaluation.ground_decided" => HistoryGroundDecided,
    }
}

/// How many events a history lists, newest first (the audit log has them all).
pub const HISTORY_ROWS: i64 = 200;

/// A record whose page shows its history, and the audit rows that are its history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryRecord {
    Position,
    Order,
    ClassOrder,
    Evaluation,
}

impl HistoryRecord {
    /// The audit log's name for the record (`audit_log.entity`).
    pub fn entity(self) -> &'static str {
        match self {
            HistoryRecord::Position => "position",
            HistoryRecord::Order => "order",
            HistoryRecord::ClassOrder => "class_order",
            HistoryRecord::Evaluation => "evaluation",
        }
    }

    /// The details whose changes the history spells out.
    pub fn details(self) -> &'static [Detail] {
        match self {
            HistoryRecord::Position => POSITION_DETAILS,
            HistoryRecord::Order => ORDER_DETAILS,
            HistoryRecord::ClassOrder => CLASS_ORDER_DETAILS,
            HistoryRecord::Evaluation => EVALUATION_DETAILS,
        }
    }
}

/// A value as the history shows it: text as written (dates already `dd.mm.yyyy`), or a coded
/// value by its translation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShownValue {
    Text(String),
    Coded(Key),
}

/// One detail that a change altered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: Key,
    pub before: ShownValue,
    pub after: ShownValue,
}

/// One event of a record's history, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When, in Georgia's time (dd.mm.yyyy hh:mm).
    pub at: String,
    /// Who, by name in both languages; `None` for the system itself (the first start, an
    /// import without a user).
    pub actor: Option<super::Bilingual>,
    /// `None` for an action this list has no name for yet.
    pub event: Option<HistoryEvent>,
    pub changes: Vec<FieldChange>,
}

impl HistoryEntry {
    /// An audit row read for a history: the event named by its action and, when the row holds
    /// the record before and after, the changed `details`.
    pub fn from_row(
        at: String,
        actor: Option<super::Bilingual>,
        action: &str,
        before: Option<&str>,
        after: Option<&str>,
        details: &[Detail],
    ) -> HistoryEntry {
        let json = |text: Option<&str>| text.and_then(|t| serde_json::from_str::<Value>(t).ok());
        let changes = match (json(before), json(after)) {
            (Some(before), Some(after)) => changed_details(&before, &after, details),
            _ => Vec::new(),
        };
        HistoryEntry {
            at,
            actor,
            event: HistoryEvent::parse(action),
            changes,
        }
    }
}

/// How a detail's stored value is read: as written, or as one of the coded states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Plain,
    /// An amount in GEL, written as every screen writes money.
    Money,
    Gender,
    Employment,
    Stage,
    Rating,
    ClassOrderStatus,
}

impl Coding {
    fn key(self, code: &str) -> Option<Key> {
        use super::{class::ClassOrderStatus, evaluation, staff};
        match self {
            Coding::Plain | Coding::Money => None,
            Coding::Gender => staff::Gender::parse(code).map(|c| c.key()),
            Coding::Employment => staff::EmploymentType::parse(code).map(|c| c.key()),
            Coding::Stage => evaluation::Stage::parse(code).map(|c| c.key()),
            Coding::Rating => evaluation::Rating::parse(code).map(|c| c.key()),
            Coding::ClassOrderStatus => ClassOrderStatus::parse(code).map(|c| c.key()),
        }
    }
}

/// A detail of a record as its audit rows name it, with its label.
#[derive(Clone, Copy, Debug)]
pub struct Detail {
    pub name: &'static str,
    pub label: Key,
    pub coding: Coding,
}

const fn plain(name: &'static str, label: Key) -> Detail {
    Detail {
        name,
        label,
        coding: Coding::Plain,
    }
}

const fn coded(name: &'static str, label: Key, coding: Coding) -> Detail {
    Detail {
        name,
        label,
        coding,
    }
}

/// The details of a personal file.
pub const FILE_DETAILS: &[Detail] = &[
    plain("personal_number", Key::ColPersonalNumber),
    plain("last_name_ka", Key::LastNameKa),
    plain("first_name_ka", Key::FirstNameKa),
    plain("last_name_en", Key::LastNameEn),
    plain("first_name_en", Key::FirstNameEn),
    coded("gender", Key::ColGender, Coding::Gender),
    plain("birth_date", Key::BirthDate),
    plain("email", Key::Email),
    plain("phone", Key::Phone),
    plain("notes", Key::Notes),
];

/// The details of a position: its texts and its pay terms.
pub const POSITION_DETAILS: &[Detail] = &[
    plain("title_ka", Key::TitleKa),
    plain("title_en", Key::TitleEn),
    plain("job_description_ka", Key::JobDescriptionKa),
    plain("job_description_en", Key::JobDescriptionEn),
    plain("requirements_min_ka", Key::RequirementsMinKa),
    plain("requirements_min_en", Key::RequirementsMinEn),
    plain("requirements_extra_ka", Key::RequirementsExtraKa),
    plain("requirements_extra_en", Key::RequirementsExtraEn),
    coded("employment_type", Key::OrgEmployment, Coding::Employment),
    coded("salary", Key::ColSalary, Coding::Money),
    plain("coefficient", Key::HistoryCoefficient),
    plain("valid_from", Key::ValidFrom),
    plain("valid_to", Key::EndDate),
];

/// The details of an order in the registry.
pub const ORDER_DETAILS: &[Detail] = &[
    plain("number", Key::OrderNumber),
    plain("order_date", Key::OrderDate),
    plain("effective_date", Key::EffectiveDate),
];

/// The details of a class order.
pub const CLASS_ORDER_DETAILS: &[Detail] = &[
    coded("status", Key::ClassStatus, Coding::ClassOrderStatus),
    plain("number", Key::OrderNumber),
    plain("order_date", Key::OrderDate),
    plain("effective_date", Key::EffectiveDate),
];

/// The details of an evaluation: where it stands and its marks.
pub const EVALUATION_DETAILS: &[Detail] = &[
    coded("stage", Key::EvalStage, Coding::Stage),
    plain("mean", Key::StageMean),
    plain("final_mark", Key::EvalFinalMark),
    coded("rating", Key::EvalRating, Coding::Rating),
];

fn shown(detail: &Detail, value: Option<&Value>) -> ShownValue {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if let Some(key) = detail.coding.key(&text) {
        return ShownValue::Coded(key);
    }
    if detail.coding == Coding::Money {
        if let Ok(amount) = text.parse::<rust_decimal::Decimal>() {
            return ShownValue::Text(super::common::format_money(&amount));
        }
    }
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(date) => ShownValue::Text(super::common::date_text(date)),
        Err(_) => ShownValue::Text(text),
    }
}

/// The `details` whose values differ between two snapshots, in the order of `details`.
/// A detail missing from a snapshot counts as empty.
pub fn changed_details(before: &Value, after: &Value, details: &[Detail]) -> Vec<FieldChange> {
    details
        .iter()
        .filter_map(|detail| {
            let (old, new) = (
                shown(detail, before.get(detail.name)),
                shown(detail, after.get(detail.name)),
            );
            (old != new).then_some(FieldChange {
                field: detail.label,
                before: old,
                after: new,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_changed_details_are_named_in_the_form_order() {
        let before = json!({"personal_number": "01001011111", "first_name_ka": "ნინო", "phone": null,
            "birth_date": "1985-03-02", "gender": "female", "revision": 3});
        let after = json!({"personal_number": "01001011111", "first_name_ka": "ნინა", "phone": "599123456",
            "birth_date": "1985-03-20", "gender": "female", "revision": 4});
        let changes = changed_details(&before, &after, FILE_DETAILS);
        let fields: Vec<Key> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, [Key::FirstNameKa, Key::BirthDate, Key::Phone]);
        assert_eq!(changes[1].before, ShownValue::Text("02.03.1985".into()));
        assert_eq!(changes[1].after, ShownValue::Text("20.03.1985".into()));
        assert_eq!(changes[2].before, ShownValue::Text(String::new()));
    }

    #[test]
    fn a_coded_detail_is_shown_by_its_translation() {
        let changes = changed_details(
            &json!({"gender": "male"}),
            &json!({"gender": "female"}),
            FILE_DETAILS,
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].after,
            ShownValue::Coded(crate::domain::staff::Gender::Female.key())
        );
    }

    #[test]
    fn identical_snapshots_change_nothing() {
        let file = json!({"personal_number": "01001011111", "notes": "x"});
        assert!(changed_details(&file, &file, FILE_DETAILS).is_empty());
    }

    #[test]
    fn the_same_amount_at_another_scale_is_no_change() {
        let before = json!({"salary": "1500.00", "employment_type": "officer"});
        let after = json!({"salary": "1500", "employment_type": "officer"});
        assert!(changed_details(&before, &after, POSITION_DETAILS).is_empty());
        let raised = changed_details(
            &before,
            &json!({"salary": "1650.5", "employment_type": "officer"}),
            POSITION_DETAILS,
        );
        assert_eq!(raised.len(), 1);
        assert_eq!(
            raised[0].after,
            ShownValue::Text(super::super::common::format_money(
                &rust_decimal::Decimal::new(165050, 2)
            ))
        );
    }

    #[test]
    fn an_evaluation_step_names_the_stages_and_the_new_marks() {
        let entry = HistoryEntry::from_row(
            "01.12.2026 10:00".into(),
            Some(crate::domain::Bilingual::new("მენეჯერი", "Manager")),
            "evaluation.rate",
            Some(r#"{"stage":"rating"}"#),
            Some(r#"{"stage":"acknowledgement","mean":"3.50","rating":"good","scores":[]}"#),
            HistoryRecord::Evaluation.details(),
        );
        assert_eq!(entry.event, Some(HistoryEvent::Rated));
        let fields: Vec<Key> = entry.changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, [Key::EvalStage, Key::StageMean, Key::EvalRating]);
        assert_eq!(
            entry.changes[0].after,
            ShownValue::Coded(crate::domain::evaluation::Stage::Acknowledgement.key())
        );
    }

    #[test]
    fn a_row_without_both_snapshots_or_with_an_unknown_action_names_no_change() {
        let entry = HistoryEntry::from_row(
            String::new(),
            None,
            "something.new",
            None,
            Some(r#"{"number":"2-1/7"}"#),
            ORDER_DETAILS,
        );
        assert_eq!(entry.event, None);
        assert!(entry.changes.is_empty());
    }
}
