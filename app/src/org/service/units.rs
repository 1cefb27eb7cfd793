//! Creating units and reorganizing them by order: rename, move, abolish, merge. The past stays
//! as it was: every change takes effect from a date and is recorded as an event of the unit.
use super::super::repo::{self, NewAssignment, NewUnit, NewUnitEvent};
use super::super::{MergeForm, UnitChangeForm, UnitForm};
use crate::domain::order::OrderType;
use crate::domain::staff::{AssignmentBasis, UnitEventType, UnitKind};
use crate::domain::structure::{unit_on, UnitBefore};
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;

/// A new service (no parent) or department.
pub struct UnitInput {
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: Bilingual,
    pub valid_from: NaiveDate,
    pub order: OrderInput,
}

impl UnitInput {
    pub fn parse(form: &UnitForm) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let code = problems.take(forms::code(
            "code",
            &form.code,
            '-',
            20,
            Key::ValidationUnitCode,
        ));
        let parent_id = problems.take(forms::optional_id("parent_id", &form.parent_id));
        let name = problems.take(forms::bilingual("name", &form.name_ka, &form.name_en));
        let valid_from = problems.take(forms::required_date("valid_from", &form.valid_from));
        let order = problems.take(OrderInput::parse(&form.order));
        problems.finish()?;
        match (parent_id, code, name, valid_from, order) {
            (Some(parent_id), Some(code), Some(name), Some(valid_from), Some(order)) => {
                Ok(UnitInput {
                    parent_id,
                    code,
                    name,
                    valid_from,
                    order,
                })
            }
            _ => Err(AppError::Request),
        }
    }
}

pub async fn create_unit(db: &Db, actor: &Actor, input: UnitInput) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    if repo::unit_code_taken(&mut tx, &input.code, input.valid_from).await? {
        return Err(AppError::invalid("code", Key::ValidationUnitCodeTaken));
    }
    let (institution_id, kind) = match input.parent_id {
        Some(parent) => match repo::current_unit(&mut tx, parent).await? {
            Some(p) if p.kind == UnitKind::Service => (p.institution_id, UnitKind::Department),
            _ => return Err(AppError::invalid("parent_id", Key::ValidationParentService)),
        },
        None => (repo::institution_id(&mut tx).await?, UnitKind::Service),
    };
    let title = format!("{} — {}", input.name.ka, input.code);
    let order_id = input
        .order
        .resolve(&mut tx, actor, &title, input.valid_from, OrderType::Main)
        .await?;
    let id = repo::insert_unit(
        &mut tx,
        NewUnit {
            institution_id,
            parent_id: input.parent_id,
            kind,
            code: &input.code,
            name: &input.name,
            sort_order: 100,
            valid_from: input.valid_from,
        },
    )
    .await?;
    let after = json!({"code": input.code, "name_ka": input.name.ka, "name_en": input.name.en,
        "parent_id": input.parent_id, "kind": kind, "valid_from": input.valid_from});
    repo::insert_unit_event(
        &mut tx,
        NewUnitEvent {
            unit_id: id,
            event_type: UnitEventType::Create,
            effective_date: input.valid_from,
            order_id,
            successor_unit_id: None,
            before: None,
            after: Some(after.clone()),
            created_at: actor.at,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "unit.created",
        "org_unit",
        id,
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What a reorganization step does to a unit.
pub enum UnitChange {
    Rename(Bilingual),
    /// A department moves under another service.
    Move(i64),
    Abolish,
}

pub struct UnitChangeInput {
    pub change: UnitChange,
    pub effective: NaiveDate,
    pub order: OrderInput,
}

impl UnitChangeInput {
    pub fn parse(form: &UnitChangeForm) -> Result<Self, AppError> {
        forms::confirmed(&form.confirm)?;
        let mut problems = Problems::default();
        let change = match form.change.trim() {
            "rename" => problems
                .take(forms::bilingual("name", &form.name_ka, &form.name_en))
                .map(UnitChange::Rename),
            "move" => problems
                .take(forms::required_id("parent_id", &form.parent_id))
                .map(UnitChange::Move),
            "abolish" => Some(UnitChange::Abolish),
            _ => {
                problems.add("change", Key::ValidationChoice);
                None
            }
        };
        let effective = problems.take(forms::required_date("effective_date", &form.effective_date));
        let order = problems.take(OrderInput::parse(&form.order));
        problems.finish()?;
        match (change, effective, order) {
            (Some(change), Some(effective), Some(order)) => Ok(UnitChangeInput {
                change,
                effective,
                order,
            }),
            _ => Err(AppError::Request),
        }
    }
}

/// A reorganization step on a unit loaded at `revision`.
pub async fn change_unit(
    db: &Db,
    actor: &Actor,
    unit_id: i64,
    revision: i64,
    input: UnitChangeInput,
) -> Result<(), AppError> {
    let UnitChangeInput {
        change,
        effective,
        order,
    } = input;
    let mut tx = db.write.begin().await?;
    let unit = repo::current_unit(&mut tx, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Unit, unit_id, revision).await?;
    if effective <= unit.valid_from {
        return Err(AppError::invalid(
            "effective_date",
            Key::ValidationAfterStart,
        ));
    }
    let before =
        json!({"name_ka": unit.name_ka, "name_en": unit.name_en, "parent_id": unit.parent_id});
    let (event_type, action) = match &change {
        UnitChange::Rename(_) => (UnitEventType::Rename, "unit.renamed"),
        UnitChange::Move(_) => (UnitEventType::Move, "unit.moved"),
        UnitChange::Abolish => (UnitEventType::Abolish, "unit.abolished"),
    };
    let title = format!("{} — {}", unit.name_ka, unit.code);
    let order_id = order
        .resolve(&mut tx, actor, &title, effective, OrderType::Main)
        .await?;
    // Events are often recorded after their date and out of order: what the change replaces is
    // the value in force the day before it, whatever was recorded since.
    let history = repo::events_of_unit(&mut tx, unit_id).await?;
    let then = unit_on(
        &unit.row(),
        &history,
        effective.pred_opt().unwrap_or(effective),
    );
    let (event_before, after) = match change {
        UnitChange::Rename(name) => (
            UnitBefore {
                name_ka: Some(then.name_ka.clone()),
                name_en: Some(then.name_en.clone()),
                parent_id: None,
            },
            json!({"name_ka": name.ka, "name_en": name.en, "parent_id": then.parent_id}),
        ),
        UnitChange::Move(new_parent) => {
            let target = repo::current_unit(&mut tx, new_parent).await?;
            if unit.kind != UnitKind::Department
                || target.map(|t| t.kind) != Some(UnitKind::Service)
                || Some(new_parent) == then.parent_id
            {
                return Err(AppError::invalid("parent_id", Key::ValidationParentService));
            }
            (
                UnitBefore {
                    name_ka: None,
                    name_en: None,
                    parent_id: then.parent_id,
                },
                json!({"name_ka": then.name_ka, "name_en": then.name_en, "parent_id": new_parent}),
            )
        }
        UnitChange::Abolish => {
            // Positions must be ended or moved first: an abolished unit keeps nobody.
            let contents = repo::unit_contents(&mut tx, unit_id, effective).await?;
            if contents.positions > 0 || contents.children > 0 {
                return Err(AppError::invalid("change", Key::ValidationUnitNotEmpty));
            }
            let last_day = effective.pred_opt().unwrap_or(effective);
            repo::end_unit(&mut tx, unit_id, last_day).await?;
            (UnitBefore::default(), json!({"valid_to": last_day}))
        }
    };
    repo::insert_unit_event(
        &mut tx,
        NewUnitEvent {
            unit_id,
            event_type,
            effective_date: effective,
            order_id,
            successor_unit_id: None,
            before: Some(serde_json::to_value(&event_before).map_err(AppError::internal)?),
            after: Some(after.clone()),
            created_at: actor.at,
        },
    )
    .await?;
    // The unit's row holds the values in force today: a future-dated change shows nowhere
    // before its date.
    let history = repo::events_of_unit(&mut tx, unit_id).await?;
    let today = unit_on(&unit.row(), &history, actor.today());
    repo::rename_unit(
        &mut tx,
        unit_id,
        &Bilingual::new(today.name_ka.clone(), today.name_en.clone()),
    )
    .await?;
    if let Some(parent) = today.parent_id {
        repo::set_unit_parent(&mut tx, unit_id, parent).await?;
    }
    audit(
        &mut tx,
        actor,
        action,
        "org_unit",
        unit_id,
        Some(before),
        Some(with_revision(after, Revised::Unit, next)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct MergeInput {
    pub target: i64,
    pub effective: NaiveDate,
    pub order: OrderInput,
}

impl MergeInput {
    pub fn parse(form: &MergeForm) -> Result<Self, AppError> {
        forms::confirmed(&form.confirm)?;
        let mut problems = Problems::default();
        let target = problems.take(forms::required_id("target_id", &form.target_id));
        let effective = problems.take(forms::required_date("effective_date", &form.effective_date));
        let order = problems.take(OrderInput::parse(&form.order));
        problems.finish()?;
        match (target, effective, order) {
            (Some(target), Some(effective), Some(order)) => Ok(MergeInput {
                target,
                effective,
                order,
            }),
            _ => Err(AppError::Request),
        }
    }
}

/// See [`super::super::merge_unit`]. One transaction; one audit row for the merge and one for
/// each position and assignment it ends or creates.
pub async fn merge_unit(
    db: &Db,
    actor: &Actor,
    source: i64,
    revision: i64,
    input: MergeInput,
) -> Result<(), AppError> {
    let MergeInput {
        target,
        effective,
        order,
    } = input;
    let mut tx = db.write.begin().await?;
    let unit = repo::current_unit(&mut tx, source)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Unit, source, revision).await?;
    match repo::current_unit(&mut tx, target).await? {
        Some(t) if t.kind == unit.kind && target != source => {}
        _ => return Err(AppError::invalid("target_id", Key::ValidationMergeTarget)),
    }
    if effective <= unit.valid_from {
        return Err(AppError::invalid(
            "effective_date",
            Key::ValidationAfterStart,
        ));
    }
    let last_day = effective.pred_opt().unwrap_or(effective);
    // A merge moves the holders as well: a personnel order by default.
    let order_id = order
        .resolve(
            &mut tx,
            actor,
            &unit.name_ka,
            effective,
            OrderType::Personnel,
        )
        .await?;
    let target_heads = repo::heads_from(&mut tx, target, effective).await?;
    for old in repo::unit_positions_from(&mut tx, source, effective).await? {
        // The same line of the staff list, in the other unit; a head position stays a head
        // only when the other unit has none.
        let new = repo::copy_position(
            &mut tx,
            old.id,
            target,
            old.is_head && target_heads == 0,
            effective,
        )
        .await?;
        repo::end_position(&mut tx, old.id, last_day).await?;
        audit(&mut tx, actor, "position.moved_by_merge", "position", new, None,
            Some(json!({"from_position_id": old.id, "unit_id": target, "valid_from": effective, "order_id": order_id}))).await?;
        // Holders move with their position.
        for held in repo::assignments_from(&mut tx, old.id, effective).await? {
            if held.start_date >= effective {
                // Not begun yet: it simply belongs to the new line.
                repo::move_assignment(&mut tx, held.id, new).await?;
                continue;
            }
            let reorganization = AssignmentBasis::Reorganization;
            repo::close_assignment(&mut tx, held.id, last_day, reorganization.code(), order_id)
                .await?;
            let moved = repo::insert_assignment(
                &mut tx,
                NewAssignment {
                    employee_id: held.employee_id,
                    position_id: new,
                    start: effective,
                    end: held.end_date,
                    basis: reorganization,
                    order_id: Some(order_id),
                    acting_reason: None,
                },
            )
            .await?;
            audit(&mut tx, actor, "assignment.moved_by_merge", "assignment", moved,
                Some(json!({"assignment_id": held.id, "position_id": old.id, "end_date": held.end_date})),
                Some(json!({"position_id": new, "start_date": effective, "end_date": held.end_date, "basis": reorganization}))).await?;
        }
    }
    // A merged service's departments go under the other service.
    for child in repo::current_children(&mut tx, source).await? {
        repo::set_unit_parent(&mut tx, child, target).await?;
        let before = UnitBefore {
            name_ka: None,
            name_en: None,
            parent_id: Some(source),
        };
        repo::insert_unit_event(
            &mut tx,
            NewUnitEvent {
                unit_id: child,
                event_type: UnitEventType::Move,
                effective_date: effective,
                order_id,
                successor_unit_id: None,
                before: Some(serde_json::to_value(before).map_err(AppError::internal)?),
                after: Some(json!({"parent_id": target})),
                created_at: actor.at,
            },
        )
        .await?;
    }
    repo::end_unit(&mut tx, source, last_day).await?;
    repo::insert_unit_event(
        &mut tx,
        NewUnitEvent {
            unit_id: source,
            event_type: UnitEventType::Merge,
            effective_date: effective,
            order_id,
            successor_unit_id: Some(target),
            before: Some(json!({"parent_id": unit.parent_id})),
            after: Some(json!({"valid_to": last_day, "successor_unit_id": target})),
            created_at: actor.at,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "unit.merged",
        "org_unit",
        source,
        Some(json!({"valid_to": null})),
        Some(with_revision(
            json!({"valid_to": last_day, "successor_unit_id": target, "order_id": order_id}),
            Revised::Unit,
            next,
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Brings each unit's row to the names and parent in force on `today`: a rename or move recorded
/// for a later date takes effect in the row on its day (the server runs this at start and
/// hourly; the history itself never depends on it). Returns how many rows changed.
pub async fn bring_units_up_to(db: &Db, today: NaiveDate) -> Result<usize, AppError> {
    let records = repo::units(&db.read).await?;
    let events = repo::unit_events(&db.read).await?;
    let mut tx = db.write.begin().await?;
    let mut changed = 0;
    for record in records
        .iter()
        .filter(|r| events.iter().any(|e| e.unit_id == r.id))
    {
        let row = record.row();
        let now = unit_on(&row, &events, today);
        if (&now.name_ka, &now.name_en, now.parent_id)
            != (&row.name_ka, &row.name_en, row.parent_id)
        {
            repo::rename_unit(&mut tx, row.id, &Bilingual::new(now.name_ka, now.name_en)).await?;
            if let Some(parent) = now.parent_id {
                repo::set_unit_parent(&mut tx, row.id, parent).await?;
            }
            changed += 1;
        }
    }
    tx.commit().await?;
    Ok(changed)
}
