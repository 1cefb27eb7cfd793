//! The evaluation method: versions adopted by order, the competency catalogue.
use super::super::repo::{self, NewCompetency, NewMethod};
use super::super::{CompetencyForm, MethodForm, MethodPage, MethodVersion};
use crate::domain::evaluation::{Bands, CompetencyKind, MethodProblem, MethodSettings, TermUnit};
use crate::domain::order::{Issuer, OrderType};
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::{Key, Locale};
use crate::orders::repo::NewOrder;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

/// The version in force on `today`, or the one asked for.
pub async fn method_page(
    db: &Db,
    version: Option<i64>,
    today: NaiveDate,
) -> Result<MethodPage, AppError> {
    let record = match version {
        Some(id) => repo::method(&mut *db.read.acquire().await?, id).await?,
        None => repo::method_on(&mut *db.read.acquire().await?, today).await?,
    }
    .ok_or(AppError::NotFound)?;
    let shown = MethodVersion {
        id: record.id,
        version: record.version,
        valid_from: record.valid_from,
        order_number: record.order_number.clone(),
        order_date: record.order_date,
        settings: record.settings()?,
        sources: record.sources()?,
        competencies: repo::competencies(&mut *db.read.acquire().await?, record.id).await?,
        in_use: repo::method_in_use(&mut *db.read.acquire().await?, record.id).await?,
        revision: record.revision,
    };
    Ok(MethodPage {
        versions: repo::method_versions(&db.read).await?,
        shown,
    })
}

/// A new version of the method, checked.
pub struct MethodInput {
    pub order_number: String,
    pub order_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub settings: MethodSettings,
}

impl MethodInput {
    pub fn parse(form: &MethodForm) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut p = Problems::default();
        let order_number = p.take(forms::required_text("order_number", &form.order_number));
        let order_date = p.take(forms::required_date("order_date", &form.order_date));
        let valid_from = p.take(forms::required_date("valid_from", &form.valid_from));
        let base = MethodSettings::default_1_4();
        let mut s = match form.scale.trim() {
            "1-4" => base,
            "1-5" => base.preset_1_5(),
            _ => {
                p.add("scale", Key::ValidationChoice);
                base
            }
        };
        let excellent = p.take(forms::decimal("excellent", &form.excellent));
        let good = p.take(forms::decimal("good", &form.good));
        let satisfactory = p.take(forms::decimal("satisfactory", &form.satisfactory));
        let texts = [
            &form.min_service_months,
            &form.periods_per_year,
            &form.planning_days,
            &form.rating_days,
            &form.summary_days,
            &form.acknowledge_days,
            &form.appeal_days,
            &form.appeal_decision_days,
        ];
        let mut numbers = [0u32; 8];
        for (i, (field, text)) in MethodSettings::NUMBER_FIELDS.iter().zip(texts).enumerate() {
            match text.trim().parse() {
                Ok(n) => numbers[i] = n,
                Err(_) => p.add(field, Key::ValidationNumber),
            }
        }
        let appeal_unit = p.take(match form.appeal_unit.trim() {
            "" => Ok(TermUnit::Days),
            code => forms::choice("appeal_unit", code),
        });
        p.finish()?;
        let (
            Some(order_number),
            Some(order_date),
            Some(valid_from),
            Some(excellent),
            Some(good),
            Some(satisfactory),
            Some(appeal_unit),
        ) = (
            order_number,
            order_date,
            valid_from,
            excellent,
            good,
            satisfactory,
            appeal_unit,
        )
        else {
            return Err(AppError::Request);
        };
        s.bands = Bands {
            excellent,
            good,
            satisfactory,
        };
        s.set_numbers(numbers);
        s.appeal_unit = appeal_unit;
        s.self_assessment = forms::checked(&form.self_assessment);
        s.comment_required_for_extremes = forms::checked(&form.comment_required_for_extremes);
        // The settings' own rules (scale, bands, ranges), every one that fails.
        let mut p = Problems::default();
        for (field, problem) in s.problems() {
            let key = match problem {
                MethodProblem::Scale => Key::EvalProblemScale,
                MethodProblem::Bands => Key::EvalProblemBands,
                MethodProblem::Range => Key::EvalProblemRange,
                MethodProblem::Order => Key::EvalProblemOrder,
            };
            p.add(field, key);
        }
        p.finish()?;
        Ok(MethodInput {
            order_number,
            order_date,
            valid_from,
            settings: s,
        })
    }
}

pub async fn adopt_method(db: &Db, actor: &Actor, input: MethodInput) -> Result<i64, AppError> {
    let MethodInput {
        order_number,
        order_date,
        valid_from,
        settings,
    } = input;
    let mut tx = db.write.begin().await?;
    let current = repo::method_on(&mut tx, valid_from)
        .await?
        .ok_or(AppError::NotFound)?;
    if valid_from <= current.valid_from {
        return Err(AppError::invalid("valid_from", Key::EvalMethodDateTooEarly));
    }
    let version = repo::next_method_version(&mut tx).await?;
    let settings_json = serde_json::to_string(&settings).map_err(AppError::internal)?;
    let id = repo::insert_method(
        &mut tx,
        NewMethod {
            version,
            valid_from,
            order_number: &order_number,
            order_date,
            settings_json: &settings_json,
            sources_json: &current.sources_json,
            created_by: actor.user.id,
            created_at: actor.at,
        },
    )
    .await?;
    repo::copy_competencies(&mut tx, current.id, id).await?;
    // The adopting order goes into the registry as a main order, unless already there.
    if crate::orders::repo::find_in_year(&mut tx, &order_number, order_date)
        .await?
        .is_none()
    {
        crate::orders::service::register(
            &mut tx,
            actor,
            &NewOrder {
                number: &order_number,
                order_date,
                issuer: Issuer::Mayor,
                order_type: OrderType::Main,
                title: Key::EvalMethodOrderTitle.text(Locale::Ka),
                effective_date: valid_from,
            },
        )
        .await?;
    }
    audit(
        &mut tx,
        actor,
        "evaluation_method.adopt",
        "evaluation_method",
        id,
        Some(json!({ "version": current.version, "settings": current.settings()? })),
        Some(json!({ "version": version, "valid_from": valid_from, "order": order_number, "settings": settings })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn editable_method(conn: &mut SqliteConnection, method_id: i64) -> Result<(), AppError> {
    repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::method_in_use(conn, method_id).await? {
        return Err(AppError::Conflict(Key::EvalMethodInUse));
    }
    Ok(())
}

/// A new competency, checked.
pub struct CompetencyInput {
    pub code: String,
    pub kind: CompetencyKind,
    /// "1,2" as stored.
    pub ranks: String,
    pub name: Bilingual,
    pub descriptor: Bilingual,
}

impl CompetencyInput {
    pub fn parse(form: &CompetencyForm) -> Result<Self, AppError> {
        let mut p = Problems::default();
        let code = p.take(forms::code(
            "code",
            &form.code,
            '_',
            30,
            Key::EvalCompetencyCode,
        ));
        let kind = p.take(forms::choice("kind", &form.kind));
        let ranks: Option<Vec<i64>> = form
            .ranks
            .split(',')
            .map(|r| r.trim().parse::<i64>())
            .collect::<Result<_, _>>()
            .ok()
            .filter(|r: &Vec<i64>| !r.is_empty() && r.iter().all(|n| (1..=4).contains(n)));
        if ranks.is_none() {
            p.add("ranks", Key::EvalRanks);
        }
        let name = p.take(forms::bilingual("name", &form.name_ka, &form.name_en));
        let descriptor_ka = p.take(forms::long_text("descriptor_ka", &form.descriptor_ka));
        let descriptor_en = p.take(forms::long_text("descriptor_en", &form.descriptor_en));
        p.finish()?;
        match (code, kind, ranks, name, descriptor_ka, descriptor_en) {
            (Some(code), Some(kind), Some(ranks), Some(name), Some(ka), Some(en)) => {
                Ok(CompetencyInput {
                    code,
                    kind,
                    ranks: ranks
                        .iter()
                        .map(|r| r.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                    name,
                    descriptor: Bilingual::new(ka, en),
                })
            }
            _ => Err(AppError::Request),
        }
    }
}

/// Adds a competency to a method version loaded at `revision`.
pub async fn add_competency(
    db: &Db,
    actor: &Actor,
    method_id: i64,
    revision: i64,
    input: CompetencyInput,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    editable_method(&mut tx, method_id).await?;
    let next = advance(&mut tx, Revised::Method, method_id, revision).await?;
    if repo::competency_code_taken(&mut tx, method_id, &input.code).await? {
        return Err(AppError::invalid("code", Key::EvalCompetencyCodeTaken));
    }
    let id = repo::insert_competency(
        &mut tx,
        NewCompetency {
            method_id,
            code: &input.code,
            kind: input.kind,
            ranks: &input.ranks,
            name: &input.name,
            descriptor: &input.descriptor,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "competency.create",
        "evaluation_method",
        method_id,
        None,
        Some(json!({ "competency_id": id, "code": input.code, "kind": input.kind, "ranks": input.ranks, "name": input.name, "revision": next })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a competency from its method version loaded at `revision`; returns the version.
pub async fn remove_competency(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let owner = repo::competency_owner(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    editable_method(&mut tx, owner.method_id).await?;
    let next = advance(&mut tx, Revised::Method, owner.method_id, revision).await?;
    repo::delete_competency(&mut tx, id).await?;
    audit(
        &mut tx,
        actor,
        "competency.delete",
        "evaluation_method",
        owner.method_id,
        Some(json!({ "competency_id": id, "code": owner.code })),
        Some(json!({ "removed": id, "revision": next })),
    )
    .await?;
    tx.commit().await?;
    Ok(owner.method_id)
}
