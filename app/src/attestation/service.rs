//! Attestation's rules and transactions: the due list from the interval in force, sessions,
//! dossiers gathered from the evidence, votes, the conclusion the votes carry (checked by
//! `domain::attestation::carried`) and the mayor's order. Every change writes its audit row
//! in its transaction; every dossier read is logged.
use super::repo::{self, AttestedRow, OfficerRow};
use super::{
    AnnualResult, AttestationBoard, AttestedView, Dossier, DueOfficer, SanctionLine, SessionDetail,
    SessionForm, SessionSummary, TrainingLine, VoteLine,
};
use crate::domain::attestation::{carried, SessionState, Vote};
use crate::domain::career::{attestation_due, Conclusion, SanctionKind};
use crate::domain::common::georgia_date;
use crate::domain::evaluation::Rating;
use crate::domain::order::OrderType;
use crate::domain::{Bilingual, OrderRef, PersonRef, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::forms;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{Actor, Db};
use chrono::{Days, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;

fn person(id: i64, fk: &str, lk: &str, fe: &str, le: &str) -> PersonRef {
    PersonRef::named(id, fk, lk, fe, le)
}

struct Rules {
    enabled: bool,
    years: u32,
    notice_days: u32,
    quorum: u32,
    valid_from: NaiveDate,
}

async fn rules(conn: &mut SqliteConnection, on: NaiveDate) -> Result<Rules, AppError> {
    use crate::ssr::rules::number;
    let version = crate::ssr::repo::rule_setting(conn, "attestation.interval_years", on)
        .await?
        .ok_or_else(|| AppError::internal("attestation.interval_years not configured"))?;
    Ok(Rules {
        enabled: number(conn, "attestation.enabled", on).await? == 1,
        years: number(conn, "attestation.interval_years", on).await?,
        notice_days: number(conn, "attestation.notice_days", on).await?,
        quorum: number(conn, "commission.quorum_percent", on).await?,
        valid_from: version.valid_from,
    })
}

fn due_of(o: &OfficerRow, years: u32) -> Option<NaiveDate> {
    attestation_due(o.appointed_on, o.last_attested, years)
}

pub async fn board(db: &Db, actor: &Actor) -> Result<AttestationBoard, AppError> {
    let today = actor.today();
    let mut conn = db.read.acquire().await?;
    let r = rules(&mut conn, today).await?;
    drop(conn);
    let hr = actor.has(Role::Hr);
    let horizon = today
        .checked_add_days(Days::new(u64::from(r.notice_days)))
        .unwrap_or(today);
    let due = if hr && r.enabled {
        repo::officers(&db.read, today)
            .await?
            .into_iter()
            .filter_map(|o| {
                let due_on = due_of(&o, r.years)?;
                (due_on <= horizon).then(|| DueOfficer {
                    person: person(
                        o.employee_id,
                        &o.first_name_ka,
                        &o.last_name_ka,
                        &o.first_name_en,
                        &o.last_name_en,
                    ),
                    position: Bilingual::new(o.title_ka.clone(), o.title_en.clone()),
                    appointed_on: o.appointed_on,
                    last_attested: o.last_attested,
                    due_on,
                    overdue: due_on < today,
                    scheduled: o.scheduled,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mine: Option<Vec<i64>> = if hr || actor.has(Role::Mayor) {
        None
    } else {
        Some(repo::sessions_of_member(&db.read, actor.user.id).await?)
    };
    let sessions = repo::sessions(&db.read)
        .await?
        .into_iter()
        .filter(|s| mine.as_ref().is_none_or(|m| m.contains(&s.id)))
        .map(|s| SessionSummary {
            id: s.id,
            held_on: s.held_on,
            place: s.place,
            state: s.state,
            officers: s.officers,
            concluded: s.concluded,
        })
        .collect();
    Ok(AttestationBoard {
        today,
        enabled: r.enabled,
        interval_years: r.years,
        due,
        sessions,
        may_schedule: hr && r.enabled,
        commission: if hr {
            repo::commission_users(&db.read).await?
        } else {
            Vec::new()
        },
    })
}

pub struct SessionInput {
    pub held_on: NaiveDate,
    pub place: String,
    pub chair: i64,
    pub members: Vec<i64>,
    pub officers: Vec<i64>,
}

impl SessionInput {
    /// Every problem of the form at once.
    pub fn parse(form: &SessionForm) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let held_on = p.take(forms::required_date("held_on", &form.held_on));
        let place = p.take(forms::required_text("place", &form.place));
        let chair = p.take(forms::required_id("chair", &form.chair));
        let mut members = forms::ticked_ids(&form.member);
        if let Some(c) = chair {
            if !members.contains(&c) {
                members.push(c);
            }
        }
        if members.len() < 2 {
            p.add("member", Key::AttestationFewMembers);
        }
        let officers = forms::ticked_ids(&form.officer);
        if officers.is_empty() {
            p.add("officer", Key::AttestationNoOfficers);
        }
        p.finish()?;
        match (held_on, place, chair) {
            (Some(held_on), Some(place), Some(chair)) => Ok(SessionInput {
                held_on,
                place,
                chair,
                members,
                officers,
            }),
            _ => Err(AppError::invalid("held_on", Key::ValidationRequired)),
        }
    }
}

/// HR schedules a session: its members (commission-role users, one the chair) and the officers
/// due, each with the day they were due and the rule version.
pub async fn schedule(db: &Db, actor: &Actor, input: SessionInput) -> Result<i64, AppError> {
    let today = actor.today();
    if input.held_on < today {
        return Err(AppError::invalid("held_on", Key::ValidationFutureDate));
    }
    let commission: Vec<i64> = repo::commission_users(&db.read)
        .await?
        .into_iter()
        .map(|c| c.0)
        .collect();
    if input.members.iter().any(|m| !commission.contains(m)) {
        return Err(AppError::invalid("member", Key::ValidationChoice));
    }
    let mut tx = db.write.begin().await?;
    let r = rules(&mut tx, input.held_on).await?;
    if !r.enabled {
        return Err(AppError::Conflict(Key::AttestationDisabled));
    }
    let id = repo::insert_session(
        &mut tx,
        input.held_on,
        &input.place,
        actor.user.id,
        actor.at,
    )
    .await?;
    let mut member_people = Vec::new();
    for m in &input.members {
        repo::insert_member(&mut tx, id, *m, *m == input.chair).await?;
        member_people.push(repo::user_employee(&mut tx, *m).await?);
    }
    for employee in &input.officers {
        let o = repo::officer(&mut tx, *employee, today)
            .await?
            .ok_or_else(|| AppError::invalid("officer", Key::ValidationChoice))?;
        if o.scheduled {
            return Err(AppError::invalid(
                "officer",
                Key::AttestationAlreadyScheduled,
            ));
        }
        // Nobody sits on the commission that attests them.
        if member_people.contains(&Some(o.employee_id)) {
            return Err(AppError::invalid("member", Key::AttestationMemberAttested));
        }
        let due = due_of(&o, r.years).ok_or_else(|| AppError::internal("due day"))?;
        repo::insert_attestation(&mut tx, id, &o, due, r.valid_from).await?;
    }
    audit(
        &mut tx,
        actor,
        "attestation.scheduled",
        "attestation_session",
        id,
        None,
        Some(
            json!({"held_on": input.held_on, "place": input.place, "chair": input.chair,
            "members": input.members, "officers": input.officers, "revision": 0}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---- A session --------------------------------------------------------------------------

fn rating_of(code: &str) -> Option<Rating> {
    Rating::parse(code)
}

/// The officer's dossier: the records since the last attestation (or the appointment).
async fn dossier(
    db: &Db,
    conn: &mut SqliteConnection,
    employee: i64,
    since: NaiveDate,
    on: NaiveDate,
) -> Result<Dossier, AppError> {
    let annual = repo::annual_results(conn, employee, since)
        .await?
        .into_iter()
        .filter_map(|(id, from, to, mark, rating)| {
            Some(AnnualResult {
                evaluation_id: id,
                period_start: from,
                period_end: to,
                // Shown as every evaluation screen shows the exact mean.
                mark: mark
                    .parse::<rust_decimal::Decimal>()
                    .map(crate::domain::evaluation::display_mark)
                    .unwrap_or(mark),
                rating: rating_of(&rating)?,
            })
        })
        .collect();
    let probation = repo::probation_reviews(conn, employee)
        .await?
        .into_iter()
        .map(|(_, q, outcome)| (q, outcome == "positive"))
        .collect();
    let monthly = crate::work_plans::service::evaluations_between(db, employee, since, on).await?;
    let trainings = repo::trainings(conn, employee, since)
        .await?
        .into_iter()
        .map(|(course, ends_on, hours, qualification)| TrainingLine {
            course,
            ends_on,
            hours,
            qualification,
        })
        .collect();
    let sanctions = repo::sanctions_in_force(conn, employee, on)
        .await?
        .into_iter()
        .filter_map(|(kind, from, to)| {
            Some(SanctionLine {
                kind: SanctionKind::parse(&kind)?,
                valid_from: from,
                valid_to: to,
            })
        })
        .collect();
    Ok(Dossier {
        since: Some(since),
        annual,
        probation,
        monthly,
        trainings,
        sanctions,
    })
}

fn vote_of(code: &str) -> Option<Vote> {
    if code == "recused" {
        Some(Vote::Recused)
    } else {
        Conclusion::parse(code).map(Vote::For)
    }
}

/// A session as the reader may see it: HR and the mayor, or a member.
pub async fn detail(db: &Db, actor: &Actor, id: i64) -> Result<SessionDetail, AppError> {
    let today = actor.today();
    let s = repo::session(&mut *db.read.acquire().await?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = repo::members(&mut *db.read.acquire().await?, id).await?;
    let me = members.iter().find(|m| m.user_id == actor.user.id);
    if !(actor.has(Role::Hr) || actor.has(Role::Mayor) || me.is_some()) {
        return Err(AppError::Forbidden);
    }
    log_read(
        db,
        actor,
        "attestation.read",
        "attestation_session",
        id,
        None,
    )
    .await?;
    let r = rules(&mut *db.read.acquire().await?, s.held_on).await?;
    let votes = repo::votes(&mut *db.read.acquire().await?, id).await?;
    let chair = members.iter().find(|m| m.chair).map(|m| m.user_id);
    let mut officers = Vec::new();
    for a in repo::attested(&mut *db.read.acquire().await?, id).await? {
        let mine: Vec<(i64, Vote, String)> = votes
            .iter()
            .filter(|v| v.0 == a.id)
            .filter_map(|v| Some((v.1, vote_of(&v.2)?, v.3.clone())))
            .collect();
        let cast: Vec<Vote> = mine.iter().map(|v| v.1).collect();
        let chair_vote = mine.iter().find(|v| Some(v.0) == chair).map(|v| v.1);
        let dossier = match &a.dossier {
            // Concluded: the dossier as it stood when the conclusion was recorded.
            Some(json) => serde_json::from_str(json).unwrap_or_default(),
            None => {
                let o = repo::officer(&mut *db.read.acquire().await?, a.employee_id, today).await?;
                let since = o
                    .as_ref()
                    .map(|o| o.last_attested.unwrap_or(o.appointed_on))
                    .unwrap_or(a.due_on);
                dossier(
                    db,
                    &mut *db.read.acquire().await?,
                    a.employee_id,
                    since,
                    today,
                )
                .await?
            }
        };
        let open = a.conclusion.is_none() && s.state == SessionState::Scheduled;
        let subject = actor.user.employee_id == Some(a.employee_id);
        officers.push(AttestedView {
            id: a.id,
            person: attested_person(&a),
            position: Bilingual::new(a.title_ka.clone(), a.title_en.clone()),
            due_on: a.due_on,
            dossier,
            votes: members
                .iter()
                .map(|m| {
                    let v = mine.iter().find(|v| v.0 == m.user_id);
                    VoteLine {
                        member: m.display_name.clone(),
                        chair: m.chair,
                        vote: v.and_then(|v| match v.1 {
                            Vote::For(c) => Some(c),
                            Vote::Recused => None,
                        }),
                        recused: v.is_some_and(|v| v.1 == Vote::Recused),
                        note: v.map(|v| v.2.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
            carried: carried(&cast, chair_vote, members.len(), r.quorum),
            conclusion: a.conclusion,
            reasoning: a.reasoning.clone(),
            concluded_on: a.concluded_at.map(georgia_date),
            rule_valid_from: a.rule_valid_from,
            may_vote: open && me.is_some() && !subject,
            may_conclude: open && me.is_some_and(|m| m.chair) && !subject,
        });
    }
    Ok(SessionDetail {
        id,
        held_on: s.held_on,
        place: s.place,
        state: s.state,
        order: match (s.order_id, s.order_number, s.order_date) {
            (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
                id,
                number,
                order_date,
            }),
            _ => None,
        },
        revision: s.revision,
        members: members
            .iter()
            .map(|m| (m.display_name.clone(), m.chair))
            .collect(),
        may_order: actor.has(Role::Mayor) && s.state == SessionState::Concluded,
        quorum_percent: r.quorum,
        officers,
    })
}

fn attested_person(a: &AttestedRow) -> PersonRef {
    person(
        a.employee_id,
        &a.first_name_ka,
        &a.last_name_ka,
        &a.first_name_en,
        &a.last_name_en,
    )
}

/// The attestation a member acts on, with its session, checked open and the member's seat.
async fn for_member(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
) -> Result<(i64, AttestedRow, repo::MemberRow, repo::SessionRow), AppError> {
    let (session, a) = repo::attestation(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let s = repo::session(conn, session)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = repo::members(conn, session)
        .await?
        .into_iter()
        .find(|m| m.user_id == actor.user.id)
        .ok_or(AppError::Forbidden)?;
    if actor.user.employee_id == Some(a.employee_id) {
        return Err(AppError::Forbidden);
    }
    if s.state != SessionState::Scheduled || a.conclusion.is_some() {
        return Err(AppError::Conflict(Key::AttestationClosed));
    }
    if actor.today() < s.held_on {
        return Err(AppError::Conflict(Key::AttestationNotYetHeld));
    }
    Ok((session, a, me, s))
}

/// A member votes, or recuses with the conflict stated.
pub async fn vote(
    db: &Db,
    actor: &Actor,
    id: i64,
    vote: &str,
    note: &str,
) -> Result<i64, AppError> {
    let mut p = crate::error::Problems::default();
    let parsed = vote_of(vote.trim());
    if parsed.is_none() {
        p.add("vote", Key::ValidationChoice);
    }
    let note = p
        .take(forms::optional_long_text("note", note))
        .flatten()
        .unwrap_or_default();
    if parsed == Some(Vote::Recused) && note.is_empty() {
        p.add("note", Key::AttestationRecusalReason);
    }
    p.finish()?;
    let mut tx = db.write.begin().await?;
    let (session, _, _, _) = for_member(&mut tx, actor, id).await?;
    repo::put_vote(&mut tx, id, actor.user.id, vote.trim(), &note, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "attestation.voted",
        "attestation",
        id,
        None,
        Some(json!({"vote": vote.trim(), "note": note})),
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}

/// The chair records the conclusion the votes carry, with the dossier it rests on; the
/// session is concluded once every officer has one.
pub async fn conclude(db: &Db, actor: &Actor, id: i64, reasoning: &str) -> Result<i64, AppError> {
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let (session, a, me, s) = for_member(&mut tx, actor, id).await?;
    if !me.chair {
        return Err(AppError::Forbidden);
    }
    let members = repo::members(&mut tx, session).await?;
    let votes: Vec<(i64, Vote)> = repo::votes(&mut tx, session)
        .await?
        .into_iter()
        .filter(|v| v.0 == id)
        .filter_map(|v| Some((v.1, vote_of(&v.2)?)))
        .collect();
    if votes.len() < members.len() {
        return Err(AppError::Conflict(Key::AttestationVotesMissing));
    }
    let r = rules(&mut tx, s.held_on).await?;
    let cast: Vec<Vote> = votes.iter().map(|v| v.1).collect();
    let chair_vote = votes.iter().find(|v| v.0 == me.user_id).map(|v| v.1);
    let conclusion = carried(&cast, chair_vote, members.len(), r.quorum)
        .ok_or(AppError::Conflict(Key::AttestationNoMajority))?;
    let o = repo::officer(&mut tx, a.employee_id, today).await?;
    let since = o
        .as_ref()
        .map(|o| o.last_attested.unwrap_or(o.appointed_on))
        .unwrap_or(a.due_on);
    let dossier = dossier(db, &mut tx, a.employee_id, since, today).await?;
    let dossier = serde_json::to_string(&dossier).map_err(AppError::internal)?;
    if !repo::conclude(
        &mut tx,
        id,
        conclusion,
        reasoning,
        &dossier,
        actor.user.id,
        actor.at,
    )
    .await?
    {
        return Err(AppError::Conflict(Key::AttestationClosed));
    }
    audit(
        &mut tx,
        actor,
        "attestation.concluded",
        "attestation",
        id,
        None,
        Some(json!({"employee_id": a.employee_id, "conclusion": conclusion, "reasoning": reasoning,
            "votes": votes.iter().map(|v| json!({"user_id": v.0, "vote": match v.1 { Vote::For(c) => c.code(), Vote::Recused => "recused" }})).collect::<Vec<_>>(),
            "rule_valid_from": a.rule_valid_from})),
    )
    .await?;
    if repo::attested(&mut tx, session)
        .await?
        .iter()
        .all(|x| x.conclusion.is_some())
    {
        repo::set_state(&mut tx, session, SessionState::Concluded, None).await?;
        audit(
            &mut tx,
            actor,
            "attestation.session_concluded",
            "attestation_session",
            session,
            Some(json!({"state": SessionState::Scheduled})),
            Some(json!({"state": SessionState::Concluded})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(session)
}

/// The mayor's order: registered, and the session's conclusions take effect.
pub async fn order(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    order: OrderInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = repo::session(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if s.state != SessionState::Concluded {
        return Err(AppError::Conflict(Key::AttestationNotConcluded));
    }
    let next = advance(&mut tx, Revised::Attestation, id, revision).await?;
    let title = format!(
        "ატესტაციის შედეგები, {}",
        crate::domain::common::date_text(s.held_on)
    );
    let order_id = order
        .resolve(&mut tx, actor, &title, s.held_on, OrderType::Personnel)
        .await?;
    repo::set_state(&mut tx, id, SessionState::Ordered, Some(order_id)).await?;
    audit(
        &mut tx,
        actor,
        "attestation.ordered",
        "attestation_session",
        id,
        Some(json!({"state": s.state})),
        Some(json!({"state": SessionState::Ordered, "order_id": order_id, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
