//! Applications: the public form with its receipt code, amendments until the deadline, the
//! applicant's status page, HR's formal check, the logged detail view and the purge of
//! unsuccessful applications after the retention period.
use super::super::repo::{self, ApplicantDetails, ApplicationRecord};
use super::super::{
    ApplicationDetail, ApplicationForm, ApplicationStatus, OwnStage, PublicVacancy,
    PublicVacancyRow,
};
use super::{announcement_of, load, role_of};
use crate::domain::common::georgia_date;
use crate::domain::competition::{
    blind_code, normalize_receipt, receipt_code, ApplicationState, CompetitionState, FormalReason,
};
use crate::domain::personal_number::PersonalNumber;
use crate::domain::staff::Gender;
use crate::domain::{Bilingual, Role};
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db, PublicCall};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde_json::json;
use sha2::Digest;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// The stored form of a receipt code: a hash of its normalized text (the code itself has 80
/// random bits, so a fast hash is enough).
fn receipt_hash(code: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(normalize_receipt(code).as_bytes()))
}

fn new_receipt() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut random = [0u8; 10];
    OsRng.fill_bytes(&mut random);
    receipt_code(&random)
}

fn is_open(c: &repo::CompetitionRecord, today: NaiveDate) -> bool {
    c.state.takes_applications() && today <= c.applications_until
}

pub async fn public_list(db: &Db, today: NaiveDate) -> Result<Vec<PublicVacancyRow>, AppError> {
    Ok(repo::competitions(&db.read, &[CompetitionState::Announced])
        .await?
        .into_iter()
        .filter(|c| today <= c.applications_until)
        .map(|c| {
            Ok(PublicVacancyRow {
                id: c.id,
                title: Bilingual::new(c.title_ka, c.title_en),
                unit: c
                    .unit_ka
                    .zip(c.unit_en)
                    .map(|(ka, en)| Bilingual::new(ka, en)),
                kind: c.kind,
                salary: repo::decimal(&c.salary)?,
                applications_until: c.applications_until,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
}

pub async fn public_vacancy(db: &Db, id: i64, today: NaiveDate) -> Result<PublicVacancy, AppError> {
    let mut conn = db.read.acquire().await?;
    let c = load(&mut conn, id).await?;
    if c.announced_on.is_none() {
        return Err(AppError::NotFound);
    }
    let stages = repo::stages(&mut conn, id).await?;
    Ok(PublicVacancy {
        id,
        open: is_open(&c, today),
        announcement: announcement_of(&c, &stages)?,
    })
}

/// A checked application.
struct Applicant {
    personal_number: PersonalNumber,
    first_name: (String, String),
    last_name: (String, String),
    gender: Gender,
    birth_date: NaiveDate,
    email: String,
    phone: Option<String>,
    education: String,
    experience: String,
    answers: String,
    relations: String,
    accommodation: String,
}

impl Applicant {
    /// Every field at once, each problem next to its field.
    fn parse(
        form: &ApplicationForm,
        answers: &Option<HashMap<String, String>>,
        questions: usize,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let mut p = Problems::default();
        let personal_number = PersonalNumber::parse(&form.personal_number).ok();
        if personal_number.is_none() {
            p.add("personal_number", Key::ValidationPersonalNumber);
        }
        let name = |p: &mut Problems, field: &str, value: &str| {
            p.take(forms::required_text(field, value))
                .unwrap_or_default()
        };
        let first_name = (
            name(&mut p, "first_name_ka", &form.first_name_ka),
            name(&mut p, "first_name_en", &form.first_name_en),
        );
        let last_name = (
            name(&mut p, "last_name_ka", &form.last_name_ka),
            name(&mut p, "last_name_en", &form.last_name_en),
        );
        let gender = forms::choice::<Gender>("gender", &form.gender).ok();
        if gender.is_none() {
            p.add("gender", Key::ValidationGender);
        }
        let birth_date = p.take(forms::required_date("birth_date", &form.birth_date));
        if birth_date.is_some_and(|b| !(16..=100).contains(&today.years_since(b).unwrap_or(0))) {
            p.add("birth_date", Key::ValidationBirthDate);
        }
        let email = form.email.trim().to_string();
        if !email.contains('@') || email.len() > 200 || email.contains(char::is_whitespace) {
            p.add("email", Key::ValidationEmail);
        }
        let phone = p
            .take(
                crate::domain::common::phone(&form.phone)
                    .map_err(|k| AppError::invalid("phone", k)),
            )
            .flatten();
        let education = p
            .take(forms::long_text("education", &form.education))
            .unwrap_or_default();
        let experience = p
            .take(forms::long_text("experience", &form.experience))
            .unwrap_or_default();
        let mut given = Vec::new();
        for i in 1..=questions {
            let field = format!("answer[{i}]");
            let text = answers
                .as_ref()
                .and_then(|a| a.get(&i.to_string()))
                .cloned()
                .unwrap_or_default();
            given.push(p.take(forms::long_text(&field, &text)).unwrap_or_default());
        }
        let relations = p
            .take(forms::optional_text("relations", &form.relations, 2_000))
            .unwrap_or_default();
        let accommodation = p
            .take(forms::optional_text(
                "accommodation",
                &form.accommodation,
                2_000,
            ))
            .unwrap_or_default();
        if !forms::checked(&form.truthful) {
            p.add("truthful", Key::ValidationConfirm);
        }
        p.finish()?;
        match (personal_number, gender, birth_date) {
            (Some(personal_number), Some(gender), Some(birth_date)) => Ok(Applicant {
                personal_number,
                first_name,
                last_name,
                gender,
                birth_date,
                email,
                phone,
                education,
                experience,
                answers: serde_json::to_string(&given).map_err(AppError::internal)?,
                relations,
                accommodation,
            }),
            _ => Err(AppError::invalid(
                "personal_number",
                Key::ValidationRequired,
            )),
        }
    }

    fn details(&self) -> ApplicantDetails<'_> {
        ApplicantDetails {
            personal_number: self.personal_number.as_str(),
            first_name: (&self.first_name.0, &self.first_name.1),
            last_name: (&self.last_name.0, &self.last_name.1),
            gender: self.gender,
            birth_date: self.birth_date,
            email: &self.email,
            phone: self.phone.as_deref(),
            education: &self.education,
            experience: &self.experience,
            answers: &self.answers,
            relations: &self.relations,
            accommodation: &self.accommodation,
        }
    }
}

/// Records an anonymous action on an application (applying, amending) with the address.
pub(crate) async fn audit_public(
    conn: &mut SqliteConnection,
    call: &PublicCall,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    crate::ssr::audit::record(
        conn,
        crate::ssr::audit::AuditEntry {
            at: call.now,
            actor_user_id: None,
            action,
            entity: "application",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            client_addr: Some(&call.auth.client_addr),
        },
    )
    .await?;
    Ok(())
}

/// Inserts a checked application (a second one by the same personal number is refused) with
/// a new receipt code and blind code; returns its id and the receipt code.
async fn insert_new(
    tx: &mut SqliteConnection,
    competition: i64,
    applicant: &Applicant,
    entered: bool,
    at: DateTime<Utc>,
) -> Result<(i64, String), AppError> {
    if repo::personal_number_applied(tx, competition, applicant.personal_number.as_str()).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationAlreadyApplied,
        ));
    }
    let code = new_receipt();
    let blind = {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        blind_code(OsRng.next_u32())
    };
    let id = repo::insert_application(
        tx,
        competition,
        &receipt_hash(&code),
        &blind,
        entered,
        &applicant.details(),
        at,
    )
    .await?;
    Ok((id, code))
}

/// Applies to an open competition; returns the receipt code (the only time it is shown).
pub async fn apply(
    db: &Db,
    call: &PublicCall,
    competition: i64,
    form: &ApplicationForm,
    answers: &Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    let today = georgia_date(call.now);
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, competition).await?;
    if c.announced_on.is_none() {
        return Err(AppError::NotFound);
    }
    if !is_open(&c, today) {
        return Err(AppError::Conflict(Key::ConflictApplicationsClosed));
    }
    let questions = super::questions(&c.questions_ka, &c.questions_en).len();
    let applicant = Applicant::parse(form, answers, questions, today)?;
    let (id, code) = insert_new(&mut tx, competition, &applicant, false, call.now).await?;
    audit_public(
        &mut tx,
        call,
        "application.submitted",
        id,
        json!({"competition_id": competition}),
    )
    .await?;
    tx.commit().await?;
    Ok(code)
}

pub(crate) async fn by_code(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<ApplicationRecord, AppError> {
    if normalize_receipt(code).len() != 16 {
        return Err(AppError::invalid("code", Key::ValidationReceiptCode));
    }
    repo::application_by_receipt(conn, &receipt_hash(code))
        .await?
        .ok_or_else(|| AppError::invalid("code", Key::ValidationReceiptCode))
}

pub async fn amend(
    db: &Db,
    call: &PublicCall,
    code: &str,
    form: &ApplicationForm,
    answers: &Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let today = georgia_date(call.now);
    let mut tx = db.write.begin().await?;
    let a = by_code(&mut tx, code).await?;
    let c = load(&mut tx, a.competition_id).await?;
    if !is_open(&c, today) {
        return Err(AppError::Conflict(Key::ConflictApplicationsClosed));
    }
    let questions = super::questions(&c.questions_ka, &c.questions_en).len();
    let applicant = Applicant::parse(form, answers, questions, today)?;
    if applicant.personal_number.as_str() != a.personal_number {
        // The personal number identifies the application: a different person applies anew.
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumberFixed,
        ));
    }
    repo::amend_application(&mut tx, a.id, &applicant.details(), call.now).await?;
    audit_public(
        &mut tx,
        call,
        "application.amended",
        a.id,
        json!({"competition_id": a.competition_id}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn form_of(a: &ApplicationRecord) -> ApplicationForm {
    ApplicationForm {
        personal_number: a.personal_number.clone(),
        first_name_ka: a.first_name_ka.clone(),
        last_name_ka: a.last_name_ka.clone(),
        first_name_en: a.first_name_en.clone(),
        last_name_en: a.last_name_en.clone(),
        gender: a.gender.code().to_string(),
        birth_date: a.birth_date.format("%d.%m.%Y").to_string(),
        email: a.email.clone(),
        phone: a.phone.clone().unwrap_or_default(),
        education: a.education.clone(),
        experience: a.experience.clone(),
        relations: a.relations.clone(),
        accommodation: a.accommodation.clone(),
        truthful: None,
    }
}

/// The applicant's view by receipt code: the state, each closed stage's marks (without the
/// members' names), the total and place; the application itself while it may be amended.
pub async fn status(db: &Db, call: &PublicCall, code: &str) -> Result<ApplicationStatus, AppError> {
    let today = georgia_date(call.now);
    let mut conn = db.read.acquire().await?;
    let a = by_code(&mut conn, code).await?;
    let c = load(&mut conn, a.competition_id).await?;
    let stages = repo::stages(&mut conn, c.id).await?;
    let results = repo::stage_results(&mut conn, c.id).await?;
    let sheets = repo::sheets(&mut conn, c.id).await?;
    let reviews = repo::reviews(&mut conn, c.id).await?;
    let mut own = Vec::new();
    for s in stages.iter().filter(|s| s.closed_at.is_some()) {
        let Some(r) = results
            .iter()
            .find(|r| r.ordinal == s.ordinal && r.application_id == a.id)
        else {
            continue;
        };
        let last_round = sheets
            .iter()
            .filter(|x| x.ordinal == s.ordinal && x.application_id == a.id)
            .map(|x| x.round)
            .max()
            .unwrap_or(1);
        own.push(OwnStage {
            ordinal: s.ordinal,
            rule: s.rule()?,
            marks: sheets
                .iter()
                .filter(|x| {
                    x.ordinal == s.ordinal && x.application_id == a.id && x.round == last_round
                })
                .map(|x| repo::decimal(&x.score))
                .collect::<Result<_, _>>()?,
            mean: repo::decimal(&r.mean)?,
            passed: r.passed,
            review_until: None,
            review: reviews
                .iter()
                .find(|x| x.application_id == a.id && x.ordinal == s.ordinal)
                .map(super::reviews::own_review),
        });
        let until = super::reviews::review_until(&mut conn, s).await?;
        if let Some(last) = own.last_mut() {
            last.review_until = until.filter(|u| today <= *u && last.review.is_none());
        }
    }
    let ahead: Vec<_> = stages
        .iter()
        .filter(|s| s.closed_at.is_none() && s.held_on.is_some())
        .filter(|_| {
            matches!(
                a.state,
                ApplicationState::Submitted | ApplicationState::Admitted
            )
        })
        .cloned()
        .collect();
    let next_stages = super::stage_views(&mut conn, &ahead).await?;
    let open = is_open(&c, today);
    let winner = c.winner_id == Some(a.id);
    Ok(ApplicationStatus {
        competition_id: c.id,
        title: Bilingual::new(c.title_ka.clone(), c.title_en.clone()),
        state: a.state,
        competition_state: c.state,
        submitted_on: georgia_date(a.submitted_at),
        amended_on: a.amended_at.map(georgia_date),
        applications_until: c.applications_until,
        open,
        formal_reason: a.formal_reason,
        stages: own,
        next_stages,
        total: a.total.as_deref().map(repo::decimal).transpose()?,
        place: a.place,
        docs_due: c.docs_due.filter(|_| winner),
        reserve_until: a.reserve_until,
        questions: super::questions(&c.questions_ka, &c.questions_en),
        form: open.then(|| form_of(&a)),
        answers: if open {
            serde_json::from_str(&a.answers).unwrap_or_default()
        } else {
            Vec::new()
        },
    })
}

/// Who may read applicants' data: HR, the mayor, and members of this commission who have
/// declared and have no conflict with the applicant.
pub(crate) async fn may_read(
    conn: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
    application: Option<i64>,
) -> Result<(), AppError> {
    if actor.has(Role::Hr) || actor.has(Role::Mayor) {
        return Ok(());
    }
    if role_of(conn, competition, actor.user.id).await?.is_none() {
        return Err(AppError::Forbidden);
    }
    let mine: Vec<_> = repo::declarations(conn, competition)
        .await?
        .into_iter()
        .filter(|d| d.user_id == actor.user.id)
        .collect();
    if mine.is_empty() {
        return Err(AppError::Conflict(Key::ConflictDeclareFirst));
    }
    if let Some(app) = application {
        if mine.iter().any(|d| d.application_id == app && d.conflict) {
            return Err(AppError::Forbidden);
        }
    }
    Ok(())
}

pub async fn application_detail(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<ApplicationDetail, AppError> {
    let mut conn = db.read.acquire().await?;
    let a = repo::application(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    may_read(&mut conn, actor, a.competition_id, Some(id)).await?;
    let c = load(&mut conn, a.competition_id).await?;
    drop(conn);
    log_read(db, actor, "application.viewed", "application", id, None).await?;
    let answers: Vec<String> = serde_json::from_str(&a.answers).unwrap_or_default();
    Ok(ApplicationDetail {
        id,
        competition_id: a.competition_id,
        name: a.name(),
        personal_number: a.personal_number,
        gender: a.gender,
        birth_date: a.birth_date,
        email: a.email,
        phone: a.phone,
        education: a.education,
        experience: a.experience,
        answers: super::questions(&c.questions_ka, &c.questions_en)
            .into_iter()
            .zip(answers.into_iter().chain(std::iter::repeat(String::new())))
            .collect(),
        relations: a.relations,
        accommodation: a.accommodation,
        state: a.state,
        formal_reason: a.formal_reason,
        formal_note: a.formal_note,
        submitted_on: georgia_date(a.submitted_at),
        amended_on: a.amended_at.map(georgia_date),
        revision: a.revision,
    })
}

/// HR's formal check of one application: `admitted`, or a coded reason it is not.
pub async fn formal_check(
    db: &Db,
    actor: &Actor,
    application: i64,
    revision: i64,
    outcome: &str,
    note: &str,
) -> Result<i64, AppError> {
    let (state, reason) = if outcome == "admitted" {
        (ApplicationState::Admitted, None)
    } else {
        let reason: FormalReason = forms::choice("outcome", outcome)?;
        (ApplicationState::Rejected, Some(reason))
    };
    let note = forms::optional_text("note", note, 2_000)?;
    let mut tx = db.write.begin().await?;
    let a = repo::application(&mut tx, application)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = load(&mut tx, a.competition_id).await?;
    if c.state != CompetitionState::FormalCheck {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    let next = advance(&mut tx, Revised::Application, application, revision).await?;
    let note = Some(note).filter(|n| !n.is_empty());
    repo::set_formal_check(&mut tx, application, state, reason, note.as_deref()).await?;
    audit(
        &mut tx,
        actor,
        "application.checked",
        "application",
        application,
        Some(json!({"state": a.state, "formal_reason": a.formal_reason})),
        Some(
            json!({"state": state, "formal_reason": reason, "formal_note": note, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(a.competition_id)
}

/// Ends the formal check once every application was checked: the admitted go to the first
/// stage; with nobody admitted the competition fails.
pub async fn start_stages(db: &Db, actor: &Actor, id: i64, revision: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, id).await?;
    let next = advance(&mut tx, Revised::Competition, id, revision).await?;
    if c.state != CompetitionState::FormalCheck {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    let apps = repo::applications(&mut tx, id).await?;
    if apps.iter().any(|a| a.state == ApplicationState::Submitted) {
        return Err(AppError::Conflict(Key::ConflictUncheckedApplications));
    }
    let admitted = apps
        .iter()
        .filter(|a| a.state == ApplicationState::Admitted)
        .count();
    if admitted == 0 {
        super::outcome::fail_in(&mut tx, actor, &c, "formal_check: nobody admitted").await?;
    } else {
        repo::set_state(&mut tx, id, CompetitionState::Stages).await?;
        repo::set_current_stage(&mut tx, id, 1).await?;
        audit(
            &mut tx,
            actor,
            "competition.stages_started",
            "competition",
            id,
            Some(json!({"state": c.state})),
            Some(
                json!({"state": CompetitionState::Stages, "current_stage": 1, "admitted": admitted,
                "revision": next}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Blanks the personal data of unsuccessful applications of competitions that ended more than
/// the retention period ago (reserve applicants after their reserve lapses); the purge report is
/// one audit row with the count per competition.
pub async fn purge(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<usize, AppError> {
    let months = crate::ssr::rules::number(conn, "competition.retention_months", today).await?;
    let Some(before) = today.checked_sub_months(Months::new(months)) else {
        return Ok(0);
    };
    let due = repo::purgeable(conn, before).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut per_competition: std::collections::BTreeMap<i64, usize> = Default::default();
    for (id, competition) in &due {
        repo::purge_application(conn, *id, at).await?;
        *per_competition.entry(*competition).or_default() += 1;
    }
    crate::ssr::audit::record(
        conn,
        crate::ssr::audit::AuditEntry {
            at,
            actor_user_id: None,
            action: "applications.purged",
            entity: "application",
            entity_id: None,
            before: None,
            after: Some(json!({"retention_months": months, "ended_before": before,
                "per_competition": per_competition})),
            client_addr: None,
        },
    )
    .await?;
    Ok(due.len())
}

/// HR enters applications received elsewhere while the competition takes applications and
/// after the window until the stages begin (a letter posted in time arrives later; it goes
/// through HR's formal check with the rest).
pub(crate) fn takes_entries(c: &repo::CompetitionRecord) -> bool {
    c.announced_on.is_some()
        && matches!(
            c.state,
            CompetitionState::Announced
                | CompetitionState::ApplicationsClosed
                | CompetitionState::FormalCheck
        )
}

/// The day an entered application arrived: within the window, not in the future.
fn check_received(
    p: &mut Problems,
    field: &str,
    c: &repo::CompetitionRecord,
    received: NaiveDate,
    today: NaiveDate,
) {
    let announced = c.announced_on.unwrap_or(c.applications_until);
    if received < announced || received > c.applications_until || received > today {
        p.add(field, Key::ValidationReceivedOn);
    }
}

/// Inserts one checked application received elsewhere; returns its receipt code.
async fn insert_entered(
    tx: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
    applicant: &Applicant,
    received: NaiveDate,
) -> Result<String, AppError> {
    // Noon in Georgia on the day it arrived.
    let at = received
        .and_hms_opt(8, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(actor.at);
    let (id, code) = insert_new(tx, competition, applicant, true, at).await?;
    audit(
        &mut *tx,
        actor,
        "application.entered",
        "application",
        id,
        None,
        Some(json!({"competition_id": competition, "received_on": received})),
    )
    .await?;
    Ok(code)
}

/// HR enters one application received elsewhere (the answers to the announcement's questions
/// are optional: a paper form may not have them). Every problem at once.
pub async fn enter_application(
    db: &Db,
    actor: &Actor,
    competition: i64,
    received: NaiveDate,
    form: &ApplicationForm,
    answers: &Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, competition).await?;
    if !takes_entries(&c) {
        return Err(AppError::Conflict(Key::ConflictApplicationsClosed));
    }
    let mut p = Problems::default();
    check_received(&mut p, "received_on", &c, received, today);
    let applicant = p.take(Applicant::parse(form, answers, 0, today));
    p.finish()?;
    let applicant = applicant.ok_or(AppError::invalid(
        "personal_number",
        Key::ValidationRequired,
    ))?;
    let code = insert_entered(&mut tx, actor, competition, &applicant, received).await?;
    tx.commit().await?;
    Ok(code)
}

/// Imports applications from a CSV file: every row checked as the form checks it, each
/// problem listed by line and column; all rows or none are written.
pub async fn import_applications(
    db: &Db,
    actor: &Actor,
    competition: i64,
    csv: &str,
    commit: bool,
) -> Result<super::super::ApplicationImport, AppError> {
    use crate::domain::csv_import::{application_rows, RowError};
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, competition).await?;
    if !takes_entries(&c) {
        return Err(AppError::Conflict(Key::ConflictApplicationsClosed));
    }
    let rows = match application_rows(csv) {
        Ok(rows) => rows,
        Err(errors) => {
            return Ok(super::super::ApplicationImport {
                rows: 0,
                errors,
                committed: false,
                receipts: Vec::new(),
            })
        }
    };
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in &rows {
        let cell = |k: &str| cells.get(k).cloned().unwrap_or_default();
        let form = ApplicationForm {
            personal_number: cell("personal_number"),
            first_name_ka: cell("first_name_ka"),
            last_name_ka: cell("last_name_ka"),
            first_name_en: cell("first_name_en"),
            last_name_en: cell("last_name_en"),
            gender: cell("gender"),
            birth_date: cell("birth_date"),
            email: cell("email"),
            phone: cell("phone"),
            education: cell("education"),
            experience: cell("experience"),
            relations: String::new(),
            accommodation: String::new(),
            // The applicant declared it on the form they sent.
            truthful: Some("yes".into()),
        };
        let mut p = Problems::default();
        let received = p.take(forms::required_date("received_on", &cell("received_on")));
        if let Some(day) = received {
            check_received(&mut p, "received_on", &c, day, today);
        }
        let applicant = p.take(Applicant::parse(&form, &None, 0, today));
        if let Some(a) = &applicant {
            if !seen.insert(a.personal_number.as_str().to_string()) {
                p.add("personal_number", Key::ImportDuplicateInFile);
            } else if repo::personal_number_applied(
                &mut tx,
                competition,
                a.personal_number.as_str(),
            )
            .await?
            {
                p.add("personal_number", Key::ValidationAlreadyApplied);
            }
        }
        match p.finish() {
            Ok(()) => {
                if let (Some(a), Some(day)) = (applicant, received) {
                    checked.push((*line, a, day));
                }
            }
            Err(AppError::Invalid { field, problem }) => errors.push(RowError {
                line: *line,
                column: field,
                problem,
            }),
            Err(AppError::Problems(list)) => errors.extend(list.into_iter().map(|f| RowError {
                line: *line,
                column: f.field,
                problem: f.problem,
            })),
            Err(other) => return Err(other),
        }
    }
    let mut receipts = Vec::new();
    let committed = commit && errors.is_empty();
    if committed {
        for (line, a, day) in &checked {
            let code = insert_entered(&mut tx, actor, competition, a, *day).await?;
            receipts.push((*line, code));
        }
        tx.commit().await?;
    }
    Ok(super::super::ApplicationImport {
        rows: rows.len(),
        errors,
        committed,
        receipts,
    })
}
