//! The organisation as of a date: which units existed and what they were called, who held
//! which position, which positions are vacant and who supervises whom (DOMAIN.md §1–2).
//! Pure: the repository loads the rows, these functions decide.
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A unit as stored now (the current state).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub is_service: bool,
    pub name_ka: String,
    pub name_en: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// The deputy mayor's position that supervises this service's head.
    pub supervisor_position_id: Option<i64>,
}

/// What a reorganization event changed: the unit's values before it took effect.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitBefore {
    pub name_ka: Option<String>,
    pub name_en: Option<String>,
    /// `Some(None)` would be a service; units never change level, so a move keeps a parent.
    pub parent_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitEvent {
    pub unit_id: i64,
    pub effective_date: NaiveDate,
    /// Entry order: breaks ties between events of one unit on one day.
    pub seq: i64,
    /// The values it replaced (names for a rename, the parent for a move).
    pub before: UnitBefore,
    /// The values it set, the same fields.
    pub after: UnitBefore,
}

/// True when a record valid `[from, to]` (to inclusive, open when None) covers `on`.
pub fn in_effect(from: NaiveDate, to: Option<NaiveDate>, on: NaiveDate) -> bool {
    from <= on && to.is_none_or(|to| on <= to)
}

/// The units that existed on `on`, with the names and parents they had then.
pub fn units_as_of(current: &[UnitRow], events: &[UnitEvent], on: NaiveDate) -> Vec<UnitRow> {
    current
        .iter()
        .filter(|u| in_effect(u.valid_from, u.valid_to, on))
        .map(|unit| unit_on(unit, events, on))
        .collect()
}

/// A unit's names and parent on `on`, from its events whatever order they were recorded in
/// (events are often entered after their date, and out of order): the values set by the latest
/// event in force on `on`; before its first event, the values that event replaced; with no
/// event, the unit's row.
pub fn unit_on(unit: &UnitRow, events: &[UnitEvent], on: NaiveDate) -> UnitRow {
    let mut mine: Vec<&UnitEvent> = events.iter().filter(|e| e.unit_id == unit.id).collect();
    mine.sort_by_key(|e| (e.effective_date, e.seq));
    let mut unit = unit.clone();
    let renames: Vec<&&UnitEvent> = mine.iter().filter(|e| e.after.name_ka.is_some()).collect();
    let named = match renames.iter().rev().find(|e| e.effective_date <= on) {
        Some(e) => Some(&e.after),
        None => renames.first().map(|e| &e.before),
    };
    if let Some(names) = named {
        if let Some(ka) = &names.name_ka {
            unit.name_ka = ka.clone();
        }
        if let Some(en) = &names.name_en {
            unit.name_en = en.clone();
        }
    }
    let moves: Vec<&&UnitEvent> = mine
        .iter()
        .filter(|e| e.after.parent_id.is_some())
        .collect();
    let placed = match moves.iter().rev().find(|e| e.effective_date <= on) {
        Some(e) => e.after.parent_id,
        None => moves.first().and_then(|e| e.before.parent_id),
    };
    if let Some(parent) = placed {
        unit.parent_id = Some(parent);
    }
    unit
}

/// A position in the staff list, as far as supervision is concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionNode {
    pub id: i64,
    pub unit_id: Option<i64>,
    pub is_head: bool,
    /// Explicit override of the derived supervisor.
    pub reports_to: Option<i64>,
}

/// Someone holding a position on the snapshot date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    pub employee_id: i64,
    pub position_id: i64,
    /// Acting (მოვალეობის შემსრულებელი): holds the position without being appointed to it.
    pub acting: bool,
}

/// The structure on one date: units, positions and holders.
#[derive(Clone, Debug, Default)]
pub struct OrgSnapshot {
    units: HashMap<i64, UnitRow>,
    positions: HashMap<i64, PositionNode>,
    holdings: Vec<Holding>,
    /// Indexes built once so a 50,000-position institution is walked in linear time.
    heads: HashMap<i64, i64>,
    institution_head: Option<i64>,
    holders: HashMap<i64, Vec<Holding>>,
}

impl OrgSnapshot {
    pub fn new(units: Vec<UnitRow>, positions: Vec<PositionNode>, holdings: Vec<Holding>) -> Self {
        // The head of a unit is its first head position by id when the staff list has several;
        // the head of the institution is the head position outside any unit (the mayor).
        let mut heads: HashMap<i64, i64> = HashMap::new();
        let mut institution_head: Option<i64> = None;
        for p in positions.iter().filter(|p| p.is_head) {
            match p.unit_id {
                Some(unit) => {
                    let head = heads.entry(unit).or_insert(p.id);
                    *head = (*head).min(p.id);
                }
                None => institution_head = Some(institution_head.map_or(p.id, |h| h.min(p.id))),
            }
        }
        let holders = index_holders(&holdings);
        OrgSnapshot {
            units: units.into_iter().map(|u| (u.id, u)).collect(),
            positions: positions.into_iter().map(|p| (p.id, p)).collect(),
            holdings,
            heads,
            institution_head,
            holders,
        }
    }

    /// Changes the holders (tests build variations of one structure).
    #[cfg(test)]
    fn change_holdings(&mut self, change: impl FnOnce(&mut Vec<Holding>)) {
        change(&mut self.holdings);
        self.holders = index_holders(&self.holdings);
    }

    fn head_of(&self, unit_id: i64) -> Option<i64> {
        self.heads.get(&unit_id).copied()
    }

    fn institution_head(&self) -> Option<i64> {
        self.institution_head
    }

    /// The position that supervises `position_id` by the structure: the override; else the
    /// unit's head; for a department head, the service head; for a service head, the deputy
    /// assigned to the service, else the mayor. Climbs when a unit has no head position.
    pub fn supervising_position(&self, position_id: i64) -> Option<i64> {
        let position = self.positions.get(&position_id)?;
        if let Some(over) = position
            .reports_to
            .filter(|o| self.positions.contains_key(o))
        {
            return Some(over);
        }
        let Some(mut unit_id) = position.unit_id else {
            // Outside the units: deputies report to the mayor; the mayor to nobody here.
            return self.institution_head().filter(|h| *h != position_id);
        };
        if !position.is_head {
            if let Some(head) = self.head_of(unit_id).filter(|h| *h != position_id) {
                return Some(head);
            }
        }
        // A head (or staff of a unit without a head position): go up the units.
        loop {
            let unit = self.units.get(&unit_id)?;
            match unit.parent_id {
                Some(parent) => {
                    if let Some(head) = self.head_of(parent) {
                        return Some(head);
                    }
                    unit_id = parent;
                }
                None => {
                    return unit
                        .supervisor_position_id
                        .filter(|p| self.positions.contains_key(p))
                        .or_else(|| self.institution_head());
                }
            }
        }
    }

    /// Who occupies a position: the appointed holder, else an acting one.
    pub fn occupant(&self, position_id: i64) -> Option<i64> {
        self.holders
            .get(&position_id)
            .and_then(|list| list.first())
            .map(|h| h.employee_id)
    }

    /// The direct supervisor of whoever holds `position_id`: the occupant of the supervising
    /// position; when that is empty, the next one up.
    pub fn direct_supervisor(&self, position_id: i64) -> Option<i64> {
        let mut seen = HashSet::new();
        let mut current = position_id;
        while seen.insert(current) {
            let up = self.supervising_position(current)?;
            if let Some(employee) = self.occupant(up) {
                return Some(employee);
            }
            current = up;
        }
        None
    }

    /// The positions `employee_id` holds (an acting holder included).
    fn positions_held_by(&self, employee_id: i64) -> HashSet<i64> {
        self.holdings
            .iter()
            .filter(|h| h.employee_id == employee_id)
            .map(|h| h.position_id)
            .collect()
    }

    /// Does `position`'s supervisor chain reach one of `heads`?
    fn reports_to_any(&self, position: i64, heads: &HashSet<i64>) -> bool {
        let mut seen = HashSet::new();
        let mut current = position;
        while seen.insert(current) {
            match self.supervising_position(current) {
                Some(up) if heads.contains(&up) => return true,
                Some(up) => current = up,
                None => return false,
            }
        }
        false
    }

    /// Everyone `employee_id` supervises, directly or through the units they head: the
    /// holders of every position whose supervisor chain reaches one of their positions.
    pub fn subordinates(&self, employee_id: i64) -> HashSet<i64> {
        let own = self.positions_held_by(employee_id);
        if own.is_empty() {
            return HashSet::new();
        }
        self.holdings
            .iter()
            .filter(|h| h.employee_id != employee_id && self.reports_to_any(h.position_id, &own))
            .map(|h| h.employee_id)
            .collect()
    }

    /// The positions `employee_id` holds or supervises through the structure, vacant ones
    /// included (a manager's units are theirs even where nobody holds a post yet).
    pub fn supervised_positions(&self, employee_id: i64) -> HashSet<i64> {
        let own = self.positions_held_by(employee_id);
        if own.is_empty() {
            return own;
        }
        let below: Vec<i64> = self
            .positions
            .keys()
            .copied()
            .filter(|&p| self.reports_to_any(p, &own))
            .collect();
        own.into_iter().chain(below).collect()
    }

    /// Would "`position` reports to `target`" make a loop (or point at itself)?
    pub fn override_creates_cycle(&self, position: i64, target: i64) -> bool {
        let mut seen = HashSet::new();
        let mut current = Some(target);
        while let Some(p) = current {
            if p == position || !seen.insert(p) {
                return true;
            }
            current = self.supervising_position(p);
        }
        false
    }

    /// Positions nobody is appointed to (an acting holder does not fill a vacancy).
    pub fn vacant_positions(&self) -> Vec<i64> {
        let filled: HashSet<i64> = self
            .holdings
            .iter()
            .filter(|h| !h.acting)
            .map(|h| h.position_id)
            .collect();
        let mut vacant: Vec<i64> = self
            .positions
            .keys()
            .filter(|id| !filled.contains(id))
            .copied()
            .collect();
        vacant.sort_unstable();
        vacant
    }
}

/// Holders by position, the appointed one first (then acting), by employee id.
fn index_holders(holdings: &[Holding]) -> HashMap<i64, Vec<Holding>> {
    let mut holders: HashMap<i64, Vec<Holding>> = HashMap::new();
    for h in holdings {
        holders.entry(h.position_id).or_default().push(*h);
    }
    for list in holders.values_mut() {
        list.sort_by_key(|h| (h.acting, h.employee_id));
    }
    holders
}

/// An assignment already on record for the position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExistingAssignment {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub acting: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignmentProblem {
    /// The position has an appointed holder in the period.
    PositionOccupied,
    /// Acting is limited (`acting.max_months`, 3 under seed 004).
    ActingTooLong,
    /// An acting assignment needs its end date.
    ActingNeedsEnd,
    EndBeforeStart,
}

/// Checks a new assignment against the position's record: one appointed holder at a time;
/// acting on a position lasts at most `max_acting_months` (a rule setting, counted by DOMAIN
/// §0.2) from the first of the acting terms that follow each other without a gap, and may
/// overlap an appointment (standing in for an absent holder).
pub fn check_new_assignment(
    existing: &[ExistingAssignment],
    start: NaiveDate,
    end: Option<NaiveDate>,
    acting: bool,
    max_acting_months: u32,
) -> Result<(), AssignmentProblem> {
    if end.is_some_and(|end| end < start) {
        return Err(AssignmentProblem::EndBeforeStart);
    }
    if acting {
        let Some(end) = end else {
            return Err(AssignmentProblem::ActingNeedsEnd);
        };
        // The limit is per vacancy, not per assignment (seed 004): acting terms on this
        // position that run back to back, or overlap, with the new one count from the first.
        let mut run_start = start;
        loop {
            let earlier = existing
                .iter()
                .filter(|o| o.acting && o.start < run_start)
                .filter(|o| o.end.is_none_or(|e| e + Duration::days(1) >= run_start))
                .map(|o| o.start)
                .min();
            match earlier {
                Some(s) => run_start = s,
                None => break,
            }
        }
        let limit = crate::domain::common::term_end(run_start, max_acting_months).unwrap_or(start);
        if end > limit {
            return Err(AssignmentProblem::ActingTooLong);
        }
        return Ok(());
    }
    let overlaps = |other: &ExistingAssignment| {
        let starts_before_other_ends = other.end.is_none_or(|e| start <= e);
        let other_starts_before_end = end.is_none_or(|e| other.start <= e);
        starts_before_other_ends && other_starts_before_end
    };
    if existing.iter().any(|o| !o.acting && overlaps(o)) {
        return Err(AssignmentProblem::PositionOccupied);
    }
    Ok(())
}

/// Where a position stands for the acting rule: the service (top unit) it belongs to, whether
/// it heads its unit, and whether that unit is the service itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionPlace {
    pub service_id: i64,
    pub is_head: bool,
    pub heads_service: bool,
}

/// Whether HR must record why someone acts on `target` (seed 004 art. 18(3)): the acting person
/// normally comes from the same service, and for a service head's vacancy is one of the heads of
/// its departments. `own` are the places of the positions the person holds. Positions outside
/// any unit (the mayor's, the deputies') have no such rule.
pub fn acting_needs_reason(target: Option<PositionPlace>, own: &[PositionPlace]) -> bool {
    let Some(target) = target else {
        return false;
    };
    !own.iter().any(|p| {
        p.service_id == target.service_id
            && (!target.heads_service || (p.is_head && !p.heads_service))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn unit(id: i64, parent: Option<i64>, deputy: Option<i64>) -> UnitRow {
        UnitRow {
            id,
            parent_id: parent,
            is_service: parent.is_none(),
            name_ka: format!("ერთეული {id}"),
            name_en: format!("Unit {id}"),
            valid_from: d(2019, 9, 1),
            valid_to: None,
            supervisor_position_id: deputy,
        }
    }

    fn pos(id: i64, unit: Option<i64>, head: bool) -> PositionNode {
        PositionNode {
            id,
            unit_id: unit,
            is_head: head,
            reports_to: None,
        }
    }

    fn held(employee: i64, position: i64) -> Holding {
        Holding {
            employee_id: employee,
            position_id: position,
            acting: false,
        }
    }

    /// Mayor (pos 1, emp 100), deputy (pos 2, emp 200) assigned to service 10; service 10
    /// head (pos 11, emp 111) with department 20 (head pos 21 emp 121; staff pos 22 emp 122,
    /// pos 23 emp 123); service 30 without a deputy (head pos 31 emp 131; staff pos 32 emp 132).
    fn municipality() -> OrgSnapshot {
        OrgSnapshot::new(
            vec![
                unit(10, None, Some(2)),
                unit(20, Some(10), None),
                unit(30, None, None),
            ],
            vec![
                pos(1, None, true),
                pos(2, None, false),
                pos(11, Some(10), true),
                pos(21, Some(20), true),
                pos(22, Some(20), false),
                pos(23, Some(20), false),
                pos(31, Some(30), true),
                pos(32, Some(30), false),
            ],
            vec![
                held(100, 1),
                held(200, 2),
                held(111, 11),
                held(121, 21),
                held(122, 22),
                held(123, 23),
                held(131, 31),
                held(132, 32),
            ],
        )
    }

    #[test]
    fn supervisors_follow_the_structure() {
        let org = municipality();
        assert_eq!(
            org.direct_supervisor(22),
            Some(121),
            "department staff → department head"
        );
        assert_eq!(
            org.direct_supervisor(21),
            Some(111),
            "department head → service head"
        );
        assert_eq!(
            org.direct_supervisor(11),
            Some(200),
            "service head → assigned deputy"
        );
        assert_eq!(
            org.direct_supervisor(31),
            Some(100),
            "no deputy → the mayor"
        );
        assert_eq!(
            org.direct_supervisor(32),
            Some(131),
            "service staff → service head"
        );
        assert_eq!(org.direct_supervisor(2), Some(100), "deputy → mayor");
        assert_eq!(
            org.direct_supervisor(1),
            None,
            "the mayor has no supervisor here"
        );
    }

    #[test]
    fn an_override_wins() {
        let mut org = municipality();
        org.positions.get_mut(&23).expect("pos").reports_to = Some(11);
        assert_eq!(org.direct_supervisor(23), Some(111));
        assert_eq!(org.direct_supervisor(22), Some(121));
    }

    #[test]
    fn an_empty_head_position_passes_to_the_acting_holder_or_upwards() {
        let mut org = municipality();
        org.change_holdings(|h| h.retain(|h| h.employee_id != 121));
        assert_eq!(
            org.direct_supervisor(22),
            Some(111),
            "vacant head → next up"
        );
        org.change_holdings(|h| {
            h.push(Holding {
                employee_id: 123,
                position_id: 21,
                acting: true,
            })
        });
        assert_eq!(
            org.direct_supervisor(22),
            Some(123),
            "acting head supervises"
        );
    }

    #[test]
    fn subordinates_are_everyone_below() {
        let org = municipality();
        let mut dept: Vec<_> = org.subordinates(121).into_iter().collect();
        dept.sort_unstable();
        assert_eq!(dept, vec![122, 123]);
        let mut service: Vec<_> = org.subordinates(111).into_iter().collect();
        service.sort_unstable();
        assert_eq!(service, vec![121, 122, 123]);
        assert!(org.subordinates(122).is_empty());
        assert!(org.subordinates(999).is_empty());
        assert_eq!(org.subordinates(100).len(), 7);
    }

    #[test]
    fn vacancies_ignore_acting_holders() {
        let mut org = municipality();
        assert!(org.vacant_positions().is_empty());
        org.holdings.retain(|h| h.employee_id != 122);
        org.holdings.push(Holding {
            employee_id: 123,
            position_id: 22,
            acting: true,
        });
        assert_eq!(org.vacant_positions(), vec![22]);
    }

    #[test]
    fn past_structures_are_rebuilt_from_events() {
        let abolished = UnitRow {
            valid_to: Some(d(2021, 12, 31)),
            ..unit(40, None, None)
        };
        let created = UnitRow {
            valid_from: d(2022, 1, 1),
            ..unit(50, None, None)
        };
        let named = |en: &str| UnitBefore {
            name_ka: Some(format!("{en} ka")),
            name_en: Some(en.into()),
            parent_id: None,
        };
        let placed = |parent: i64| UnitBefore {
            parent_id: Some(parent),
            ..Default::default()
        };
        let rename_2021 = UnitEvent {
            unit_id: 20,
            effective_date: d(2021, 1, 1),
            seq: 1,
            before: named("Old name"),
            after: named("Middle name"),
        };
        let rename_2022 = UnitEvent {
            unit_id: 20,
            effective_date: d(2022, 6, 1),
            seq: 2,
            before: named("Middle name"),
            after: named("New name"),
        };
        let move_2022 = UnitEvent {
            unit_id: 20,
            effective_date: d(2022, 6, 1),
            seq: 3,
            before: placed(10),
            after: placed(30),
        };
        // The row holds today's values; the same history entered in any order rebuilds
        // every date the same way.
        let mut today = unit(20, Some(30), None);
        today.name_en = "New name".into();
        let current = vec![unit(10, None, None), today, abolished, created];
        for events in [
            vec![rename_2021.clone(), rename_2022.clone(), move_2022.clone()],
            vec![move_2022.clone(), rename_2022.clone(), rename_2021.clone()],
        ] {
            let find = |on: NaiveDate, id: i64| {
                units_as_of(&current, &events, on)
                    .into_iter()
                    .find(|u| u.id == id)
            };
            let in_2020 = find(d(2020, 5, 1), 20).expect("exists");
            assert_eq!(
                (in_2020.name_en.as_str(), in_2020.parent_id),
                ("Old name", Some(10))
            );
            let in_2021 = find(d(2021, 5, 1), 20).expect("exists");
            assert_eq!(in_2021.name_en, "Middle name");
            // On the day of the events, they are in force.
            let on_the_day = find(d(2022, 6, 1), 20).expect("exists");
            assert_eq!(
                (on_the_day.name_en.as_str(), on_the_day.parent_id),
                ("New name", Some(30))
            );
            assert!(find(d(2021, 12, 31), 40).is_some());
            assert!(find(d(2022, 1, 1), 40).is_none());
            assert!(find(d(2021, 12, 31), 50).is_none());
            assert!(find(d(2019, 8, 31), 10).is_none(), "before it was created");
        }
    }

    #[test]
    fn one_appointed_holder_at_a_time() {
        let existing = [ExistingAssignment {
            start: d(2020, 1, 1),
            end: Some(d(2022, 12, 31)),
            acting: false,
        }];
        assert_eq!(
            check_new_assignment(&existing, d(2022, 6, 1), None, false, 3),
            Err(AssignmentProblem::PositionOccupied)
        );
        assert_eq!(
            check_new_assignment(&existing, d(2023, 1, 1), None, false, 3),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&existing, d(2019, 1, 1), Some(d(2019, 12, 31)), false, 3),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&existing, d(2022, 1, 1), Some(d(2022, 3, 31)), true, 3),
            Ok(()),
            "acting may stand in"
        );
    }

    #[test]
    fn acting_is_at_most_three_months() {
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), Some(d(2024, 4, 14)), true, 3),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), Some(d(2024, 4, 15)), true, 3),
            Err(AssignmentProblem::ActingTooLong)
        );
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), None, true, 3),
            Err(AssignmentProblem::ActingNeedsEnd)
        );
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), Some(d(2024, 1, 14)), false, 3),
            Err(AssignmentProblem::EndBeforeStart)
        );
    }

    #[test]
    fn back_to_back_acting_terms_add_up_per_vacancy() {
        let first = ExistingAssignment {
            start: d(2024, 1, 15),
            end: Some(d(2024, 3, 14)),
            acting: true,
        };
        // Two months, then another person from the next day: one more month is left.
        assert_eq!(
            check_new_assignment(&[first], d(2024, 3, 15), Some(d(2024, 4, 14)), true, 3),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&[first], d(2024, 3, 15), Some(d(2024, 4, 15)), true, 3),
            Err(AssignmentProblem::ActingTooLong)
        );
        // A chain of three counts from its first.
        let second = ExistingAssignment {
            start: d(2024, 3, 15),
            end: Some(d(2024, 4, 1)),
            acting: true,
        };
        assert_eq!(
            check_new_assignment(
                &[second, first],
                d(2024, 4, 2),
                Some(d(2024, 4, 20)),
                true,
                3
            ),
            Err(AssignmentProblem::ActingTooLong)
        );
        // After a gap (the position was filled, or nobody acted) the count starts again.
        assert_eq!(
            check_new_assignment(&[first], d(2024, 3, 16), Some(d(2024, 6, 15)), true, 3),
            Ok(())
        );
        // A month-end start: 31 Aug + 3 months ends 30 Nov.
        assert_eq!(
            check_new_assignment(&[], d(2026, 8, 31), Some(d(2026, 11, 30)), true, 3),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&[], d(2026, 8, 31), Some(d(2026, 12, 1)), true, 3),
            Err(AssignmentProblem::ActingTooLong)
        );
    }

    #[test]
    fn acting_comes_from_the_same_service_and_a_department_head_for_its_head() {
        let place = |service_id, is_head, heads_service| PositionPlace {
            service_id,
            is_head,
            heads_service,
        };
        let specialist_in = |s| place(s, false, false);
        let department_head_in = |s| place(s, true, false);
        let department_post = Some(specialist_in(1));
        let service_head_post = Some(place(1, true, true));
        assert!(!acting_needs_reason(department_post, &[specialist_in(1)]));
        assert!(acting_needs_reason(department_post, &[specialist_in(2)]));
        assert!(acting_needs_reason(department_post, &[]));
        assert!(!acting_needs_reason(
            service_head_post,
            &[department_head_in(1)]
        ));
        assert!(acting_needs_reason(service_head_post, &[specialist_in(1)]));
        assert!(acting_needs_reason(
            service_head_post,
            &[department_head_in(2)]
        ));
        assert!(!acting_needs_reason(None, &[]));
    }

    #[test]
    fn the_acting_limit_is_a_setting() {
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), Some(d(2024, 7, 14)), true, 6),
            Ok(())
        );
        assert_eq!(
            check_new_assignment(&[], d(2024, 1, 15), Some(d(2024, 7, 15)), true, 6),
            Err(AssignmentProblem::ActingTooLong)
        );
    }

    #[test]
    fn an_override_that_would_loop_is_detected() {
        let org = municipality();
        assert!(
            org.override_creates_cycle(11, 22),
            "service head under a specialist below them"
        );
        assert!(org.override_creates_cycle(22, 22), "oneself");
        assert!(!org.override_creates_cycle(22, 11));
        assert!(!org.override_creates_cycle(32, 21));
    }

    proptest! {
        /// Whatever the structure, nobody supervises themself and the chain ends.
        #[test]
        fn supervision_has_no_cycles(
            parents in proptest::collection::vec(proptest::option::of(0usize..6), 6),
            heads in proptest::collection::vec(any::<bool>(), 12),
            overrides in proptest::collection::vec(proptest::option::of(0usize..12), 12),
        ) {
            let units: Vec<UnitRow> = (0..6)
                .map(|i| unit(i as i64, parents[i].filter(|p| *p < i).map(|p| p as i64), None))
                .collect();
            let positions: Vec<PositionNode> = (0..12)
                .map(|i| PositionNode {
                    id: 100 + i as i64,
                    unit_id: Some((i % 6) as i64),
                    is_head: heads[i],
                    reports_to: overrides[i].filter(|o| *o != i).map(|o| 100 + o as i64),
                })
                .collect();
            let holdings: Vec<Holding> = (0..12).map(|i| held(1000 + i as i64, 100 + i as i64)).collect();
            let org = OrgSnapshot::new(units, positions, holdings);
            for i in 0..12 {
                let supervisor = org.direct_supervisor(100 + i);
                prop_assert_ne!(supervisor, Some(1000 + i));
                prop_assert!(!org.subordinates(1000 + i).contains(&(1000 + i)));
            }
        }
    }
}
