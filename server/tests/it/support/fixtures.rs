//! Builders of the forms the tests fill in: a valid form by default, changed where a test
//! needs something in particular.
use app::orders::OrderFields;
use app::org::{PositionForm, PositionTextsForm};
use app::people::{AppointForm, EmployeeForm};

/// The order a personnel change cites.
pub fn order(number: &str, date: &str) -> OrderFields {
    OrderFields {
        order_number: number.into(),
        order_date: date.into(),
        ..Default::default()
    }
}

/// A valid new employee: a woman born in 1990 with the given personal number and surname.
pub fn employee(personal_number: &str, last_name_ka: &str) -> EmployeeForm {
    EmployeeForm {
        personal_number: personal_number.into(),
        first_name_ka: "ნინო".into(),
        last_name_ka: last_name_ka.into(),
        first_name_en: "Nino".into(),
        last_name_en: "Tester".into(),
        gender: "female".into(),
        birth_date: "1990-04-02".into(),
        email: "nino@example.ge".into(),
        phone: String::new(),
        notes: String::new(),
    }
}

/// An appointment by the basis given, from `start`, by the order given.
pub fn appointment(position: i64, basis: &str, start: &str, by: OrderFields) -> AppointForm {
    AppointForm {
        position_id: position.to_string(),
        basis: basis.into(),
        start_date: start.into(),
        end_date: String::new(),
        acting_reason: String::new(),
        order: by,
    }
}

/// A new officer's position in a unit, with a salary (or empty for base × coefficient).
pub fn position(unit: i64, category: i64, salary: &str, valid_from: &str) -> PositionForm {
    PositionForm {
        unit_id: unit.to_string(),
        category_id: category.to_string(),
        employment_type: "officer".into(),
        salary: salary.into(),
        is_head: None,
        valid_from: valid_from.into(),
        texts: PositionTextsForm {
            title_ka: "სპეციალისტი".into(),
            title_en: "Specialist".into(),
            ..Default::default()
        },
    }
}

/// The confirmation box, ticked.
pub fn yes() -> Option<String> {
    Some("yes".into())
}

/// A unit under `parent` (a service when none), by order 2-1/1 of its first day.
pub fn unit(code: &str, parent: Option<i64>, valid_from: &str) -> app::org::UnitForm {
    app::org::UnitForm {
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        code: code.into(),
        name_ka: format!("ერთეული {code}"),
        name_en: format!("Unit {code}"),
        valid_from: valid_from.into(),
        order: order("2-1/1", valid_from),
    }
}
