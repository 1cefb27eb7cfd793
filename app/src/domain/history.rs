//! A personal file's history as people read it (issue 16): each audited event by its name and,
//! for a change of details, which details changed from what to what.
use crate::i18n::Key;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

coded_enum! {
    /// What an audit row about a personal file records, coded by the row's action.
    pub enum FileEvent {
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

/// The details of a personal file as its audit rows name them, with their labels.
pub const FILE_DETAILS: &[(&str, Key)] = &[
    ("personal_number", Key::ColPersonalNumber),
    ("last_name_ka", Key::LastNameKa),
    ("first_name_ka", Key::FirstNameKa),
    ("last_name_en", Key::LastNameEn),
    ("first_name_en", Key::FirstNameEn),
    ("gender", Key::ColGender),
    ("birth_date", Key::BirthDate),
    ("email", Key::Email),
    ("phone", Key::Phone),
    ("notes", Key::Notes),
];

fn shown(field: &str, value: Option<&Value>) -> ShownValue {
    let text = match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if field == "gender" {
        if let Some(gender) = super::staff::Gender::parse(&text) {
            return ShownValue::Coded(gender.key());
        }
    }
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(date) => ShownValue::Text(super::common::date_text(date)),
        Err(_) => ShownValue::Text(text),
    }
}

/// The details of `fields` whose values differ between two snapshots, in the order of `fields`.
/// A detail missing from a snapshot counts as empty.
pub fn changed_details(before: &Value, after: &Value, fields: &[(&str, Key)]) -> Vec<FieldChange> {
    fields
        .iter()
        .filter_map(|(name, label)| {
            let (old, new) = (shown(name, before.get(name)), shown(name, after.get(name)));
            (old != new).then_some(FieldChange {
                field: *label,
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
}
