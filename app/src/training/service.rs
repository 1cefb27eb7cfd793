//! Training records and needs: HR records, HR and the person's manager raise needs, an
//! unsatisfactory annual result raises one by itself; reads are scoped and logged.
use super::repo::{self, NeedRow, RecordRow};
use super::{TrainingBoard, TrainingForm, TrainingNeedView, TrainingRecordView};
use crate::domain::career::NeedSource;
use crate::domain::task::{Task, TaskKind};
use crate::domain::{PersonRef, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::forms;
use crate::ssr::{Actor, Db};
use chrono::{Days, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;

fn record_view(r: RecordRow) -> TrainingRecordView {
    TrainingRecordView {
        id: r.id,
        person: PersonRef::named(
            r.employee_id,
            &r.first_name_ka,
            &r.last_name_ka,
            &r.first_name_en,
            &r.last_name_en,
        ),
        course: r.course,
        provider: r.provider,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        hours: r.hours,
        certificate: r.certificate,
        qualification: r.qualification,
        need: r.need,
    }
}

fn need_view(n: NeedRow) -> TrainingNeedView {
    TrainingNeedView {
        id: n.id,
        person: PersonRef::named(
            n.employee_id,
            &n.first_name_ka,
            &n.last_name_ka,
            &n.first_name_en,
            &n.last_name_en,
        ),
        topic: n.topic,
        source: n.source,
        evaluation_id: n.evaluation_id,
        raised_on: n.raised_on,
        met_on: n.met_on,
        met_by: n.met_by,
    }
}

/// Whose training the actor may see: `None` everyone (HR, the mayor), else these people.
async fn scope(db: &Db, actor: &Actor) -> Result<Option<std::collections::HashSet<i64>>, AppError> {
    if actor.has(Role::Hr) || actor.has(Role::Mayor) {
        return Ok(None);
    }
    let mut people = std::collections::HashSet::new();
    if let Some(me) = actor.user.employee_id {
        people.insert(me);
        if actor.has(Role::Manager) {
            people.extend(
                crate::org::service::snapshot(db, actor.today())
                    .await?
                    .subordinates(me),
            );
        }
    }
    Ok(Some(people))
}

pub async fn board(
    db: &Db,
    actor: &Actor,
    employee: Option<i64>,
) -> Result<TrainingBoard, AppError> {
    let today = actor.today();
    let since = today.checked_sub_days(Days::new(3 * 366)).unwrap_or(today);
    let scope = scope(db, actor).await?;
    let filter = match (&scope, employee) {
        (None, e) => e,
        (Some(people), Some(e)) if people.contains(&e) => Some(e),
        (Some(_), Some(_)) => return Err(AppError::Forbidden),
        (Some(_), None) => None,
    };
    if actor.user.employee_id.is_none() || filter != actor.user.employee_id {
        log_read(
            db,
            actor,
            "training.read",
            "employee",
            filter.map_or_else(|| "all".to_string(), |e| e.to_string()),
            None,
        )
        .await?;
    }
    let visible = |id: i64| scope.as_ref().is_none_or(|s| s.contains(&id));
    let records = repo::records(&db.read, filter, since)
        .await?
        .into_iter()
        .filter(|r| visible(r.employee_id))
        .map(record_view)
        .collect();
    let needs = repo::needs(&db.read, filter, since)
        .await?
        .into_iter()
        .filter(|n| visible(n.employee_id))
        .map(need_view)
        .collect();
    let may_record = actor.has(Role::Hr);
    let may_raise = may_record || actor.has(Role::Manager);
    Ok(TrainingBoard {
        today,
        records,
        needs,
        may_record,
        may_raise,
    })
}

pub struct TrainingInput {
    /// The officer as HR named them (resolved in the transaction).
    pub person: String,
    pub course: String,
    pub provider: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i64,
    pub certificate: String,
    pub qualification: bool,
    pub need: Option<i64>,
}

impl TrainingInput {
    /// Every problem of the form at once.
    pub fn parse(form: &TrainingForm) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let person = p.take(forms::person("person", &form.person));
        let course = p.take(forms::required_text("course", &form.course));
        let provider = p.take(forms::required_text("provider", &form.provider));
        let from = p.take(forms::required_date("starts_on", &form.starts_on));
        let to = p.take(forms::required_date("ends_on", &form.ends_on));
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                p.add("ends_on", Key::ValidationAfterStart);
            }
        }
        let hours = p.take(forms::number("hours", &form.hours, 1..=2000));
        let certificate = p.take(forms::optional_text("certificate", &form.certificate, 200));
        let need = p.take(forms::optional_id("need_id", &form.need_id));
        p.finish()?;
        match (person, course, provider, from, to, hours, certificate, need) {
            (
                Some(person),
                Some(course),
                Some(provider),
                Some(starts_on),
                Some(ends_on),
                Some(hours),
                Some(certificate),
                Some(need),
            ) => Ok(TrainingInput {
                person,
                course,
                provider,
                starts_on,
                ends_on,
                hours,
                certificate,
                qualification: forms::checked(&form.qualification),
                need,
            }),
            _ => Err(AppError::invalid("course", Key::ValidationRequired)),
        }
    }
}

pub async fn record(db: &Db, actor: &Actor, t: TrainingInput) -> Result<i64, AppError> {
    if t.ends_on > actor.today() {
        return Err(AppError::invalid("ends_on", Key::ValidationNotFuture));
    }
    let mut tx = db.write.begin().await?;
    let employee = crate::people::service::resolve_person(&mut tx, "person", &t.person).await?;
    if let Some(need) = t.need {
        if repo::open_need(&mut tx, need).await? != Some(employee) {
            return Err(AppError::invalid("need_id", Key::TrainingNeedNotOpen));
        }
    }
    let certificate = Some(t.certificate.as_str()).filter(|c| !c.is_empty());
    let id = repo::insert(
        &mut tx,
        &repo::NewTraining {
            employee: employee,
            course: &t.course,
            provider: &t.provider,
            starts_on: t.starts_on,
            ends_on: t.ends_on,
            hours: t.hours,
            certificate,
            qualification: t.qualification,
            need: t.need,
        },
        actor.user.id,
        actor.at,
    )
    .await?;
    if let Some(need) = t.need {
        repo::meet_need(&mut tx, need, id, t.ends_on).await?;
    }
    audit(
        &mut tx,
        actor,
        "training.recorded",
        "training",
        id,
        None,
        Some(
            json!({"employee_id": employee, "course": t.course, "provider": t.provider,
            "starts_on": t.starts_on, "ends_on": t.ends_on, "hours": t.hours,
            "qualification": t.qualification, "need_id": t.need}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// HR, or the person's manager, records a need.
pub async fn raise(db: &Db, actor: &Actor, person: &str, topic: &str) -> Result<i64, AppError> {
    let mut conn = db.read.acquire().await?;
    let employee = crate::people::service::resolve_person(&mut conn, "person", person).await?;
    drop(conn);
    if actor.user.employee_id == Some(employee) {
        return Err(AppError::Forbidden);
    }
    // Someone outside the manager's people is answered as nobody: the form does not tell
    // who works elsewhere.
    if scope(db, actor)
        .await?
        .is_some_and(|people| !people.contains(&employee))
    {
        return Err(AppError::invalid("person", Key::ValidationNoSuchPerson));
    }
    let mut tx = db.write.begin().await?;
    let id = repo::insert_need(
        &mut tx,
        &repo::NewNeed {
            employee,
            topic,
            source: NeedSource::Hr,
            evaluation: None,
            raised_on: actor.today(),
            rule_valid_from: None,
        },
        actor.at,
    )
    .await?
    .ok_or_else(|| AppError::internal("need not inserted"))?;
    audit(
        &mut tx,
        actor,
        "training.need_raised",
        "training_need",
        id,
        None,
        Some(json!({"employee_id": employee, "topic": topic, "source": NeedSource::Hr})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An unsatisfactory annual result raises a training need (once per evaluation), inside the
/// result's transaction.
pub async fn raise_from_evaluation(
    tx: &mut SqliteConnection,
    actor: &Actor,
    employee: i64,
    evaluation: i64,
    rule_valid_from: NaiveDate,
) -> Result<Option<i64>, AppError> {
    let id = repo::insert_need(
        tx,
        &repo::NewNeed {
            employee,
            topic: "",
            source: NeedSource::Evaluation,
            evaluation: Some(evaluation),
            raised_on: actor.today(),
            rule_valid_from: Some(rule_valid_from),
        },
        actor.at,
    )
    .await?;
    if let Some(id) = id {
        audit(
            tx,
            actor,
            "training.need_raised",
            "training_need",
            id,
            None,
            Some(json!({"employee_id": employee, "evaluation_id": evaluation,
                "source": NeedSource::Evaluation, "rule_valid_from": rule_valid_from})),
        )
        .await?;
    }
    Ok(id)
}

/// HR: the open needs an evaluation raised, waiting for a training.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    if !actor.has(Role::Hr) {
        return Ok(Vec::new());
    }
    let today = actor.today();
    let open: Vec<NeedRow> = repo::needs(&db.read, None, today)
        .await?
        .into_iter()
        .filter(|n| n.met_on.is_none() && n.source == NeedSource::Evaluation)
        .collect();
    if open.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![Task {
        kind: TaskKind::TrainingNeed,
        person: None,
        subject: crate::domain::Bilingual::same(""),
        count: open.len() as i64,
        link: "/training".into(),
        due: None,
        overdue: false,
        reminded: None,
    }])
}
