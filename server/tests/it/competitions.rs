//! Vacancies and competitions over HTTP on the demo: a vacancy opened by itself, the decision
//! with its order, the announcement, two public applications with receipt codes, blind scoring
//! by three members (one recused), DOMAIN §4.2's arithmetic, the minutes, and the appointment
//! creating the employee, the assignment and a probation record.
use crate::support::fixtures::{order, yes};
use crate::support::*;
use app::competitions::*;
use app::domain::competition::{ApplicationState, CompetitionState, VacancyState};
use app::domain::Role;
use app::error::AppError;
use chrono::Duration;
use std::collections::HashMap;

fn applicant(personal_number: &str, last_name: &str) -> ApplicationForm {
    ApplicationForm {
        personal_number: personal_number.into(),
        first_name_ka: "ანა".into(),
        last_name_ka: last_name.into(),
        first_name_en: "Ana".into(),
        last_name_en: "Applicant".into(),
        gender: "female".into(),
        birth_date: "1994-05-06".into(),
        email: "ana@example.ge".into(),
        phone: String::new(),
        education: "Tbilisi State University, MA in public administration".into(),
        experience: "Four years in a municipal service".into(),
        relations: String::new(),
        accommodation: String::new(),
        truthful: yes(),
    }
}

fn answers(text: &str) -> Option<HashMap<String, String>> {
    Some(HashMap::from([("1".to_string(), text.to_string())]))
}

fn stages_form(id: i64, revision: i64) -> SaveStages {
    let map = |a: &str, b: &str| {
        Some(HashMap::from([
            ("1".to_string(), a.to_string()),
            ("2".to_string(), b.to_string()),
        ]))
    };
    SaveStages {
        id,
        revision,
        stage_kind: map("test", "interview"),
        stage_max: map("20", "10"),
        stage_weight: map("0.4", "0.6"),
        stage_pass: map("60", "60"),
    }
}

struct Panel {
    chair: Client,
    secretary: Client,
    member: Client,
    ids: [i64; 3],
}

async fn panel(app: &TestApp) -> Panel {
    app.user("secretary", &[Role::Commission]).await;
    app.user("member", &[Role::Commission]).await;
    signed_panel(app).await
}

/// The panel signed in (again: sessions lapse when the clock moves on).
async fn signed_panel(app: &TestApp) -> Panel {
    let id = |name: &str| format!("SELECT id FROM users WHERE username = '{name}'");
    let chair_id = app.scalar(&id("commission")).await;
    let secretary_id = app.scalar(&id("secretary")).await;
    let member_id = app.scalar(&id("member")).await;
    Panel {
        chair: app.demo_user("commission").await,
        secretary: app.sign_in("secretary", PASSWORD).await.expect("secretary"),
        member: app.sign_in("member", PASSWORD).await.expect("member"),
        ids: [chair_id, secretary_id, member_id],
    }
}

async fn revision(client: &Client, id: i64) -> i64 {
    client
        .call(GetCompetition { id })
        .await
        .expect("competition")
        .revision
}

/// HR decides an officer's vacancy for an open competition, sets the §4.2 stages and the
/// commission; the mayor announces it. Returns the competition.
async fn announced(app: &TestApp, hr: &Client, mayor: &Client, panel: &Panel) -> i64 {
    let board = hr.call(GetVacancyBoard {}).await.expect("board");
    let with_texts = app
        .scalar(
            "SELECT MIN(v.id) FROM vacancies v JOIN positions p ON p.id = v.position_id
             WHERE v.state = 'open' AND p.rank IS NOT NULL AND p.job_description_ka <> ''
               AND p.requirements_min_ka <> ''",
        )
        .await;
    let vacancy = board
        .vacancies
        .iter()
        .find(|v| v.id == with_texts)
        .unwrap_or_else(|| {
            panic!(
                "an officer's vacancy opened by itself: {with_texts} {:?}",
                board
                    .vacancies
                    .iter()
                    .map(|v| (v.id, v.rank, v.state))
                    .collect::<Vec<_>>()
            )
        });
    assert_eq!(vacancy.state, VacancyState::Open);
    let today = app.today().to_string();
    let competition = hr
        .call(DecideVacancy {
            vacancy_id: vacancy.id,
            revision: vacancy.revision,
            form: DecisionForm {
                decision: "competition_open".into(),
                reason: String::new(),
                order: order("V-14", &today),
                confirm: yes(),
            },
        })
        .await
        .expect("decided")
        .expect("a competition drafted");
    assert_eq!(app.audited("vacancy.decided", Some(vacancy.id)).await, 1);
    hr.call(stages_form(competition, revision(hr, competition).await))
        .await
        .expect("stages");
    let draft = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("draft");
    let a = &draft.announcement;
    hr.call(SaveAnnouncement {
        id: competition,
        revision: draft.revision,
        form: AnnouncementForm {
            title_ka: a.title.ka.clone(),
            title_en: a.title.en.clone(),
            duties_ka: a.duties.ka.clone(),
            duties_en: a.duties.en.clone(),
            requirements_ka: a.requirements.ka.clone(),
            requirements_en: a.requirements.en.clone(),
            questions_ka: "რატომ გსურთ ამ თანამდებობაზე მუშაობა?".into(),
            questions_en: "Why do you want this position?".into(),
            applications_until: (app.today() + Duration::days(12)).to_string(),
            anonymous_written: yes(),
            rescore_gap: "0.3".into(),
        },
    })
    .await
    .expect("announcement");
    let mut members = HashMap::new();
    members.insert(panel.ids[2].to_string(), "on".to_string());
    hr.call(SetCommission {
        id: competition,
        revision: revision(hr, competition).await,
        chair: panel.ids[0].to_string(),
        secretary: panel.ids[1].to_string(),
        member: Some(members),
    })
    .await
    .expect("commission");
    mayor
        .call(AnnounceCompetition {
            id: competition,
            revision: revision(hr, competition).await,
            form: OrderActionForm {
                order: order("A-14", &today),
                start_date: String::new(),
                confirm: yes(),
            },
        })
        .await
        .expect("announced");
    // Both stages on the day after the applications close, told today.
    for ordinal in [1, 2] {
        schedule(hr, competition, ordinal, app.today() + Duration::days(13))
            .await
            .expect("scheduled");
    }
    competition
}

async fn schedule(
    client: &Client,
    competition: i64,
    ordinal: i64,
    day: chrono::NaiveDate,
) -> Result<(), AppError> {
    // Those who may not read the competition cannot know its revision either.
    let revision = client
        .call(GetCompetition { id: competition })
        .await
        .map_or(1, |c| c.revision);
    client
        .call(ScheduleStage {
            id: competition,
            revision,
            ordinal: ordinal.to_string(),
            held_on: day.to_string(),
            venue: "City Hall, room 4".into(),
        })
        .await
}

#[tokio::test]
async fn a_competition_runs_from_the_vacancy_to_the_appointment() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let manager = app.demo_user("manager").await;
    let panel = panel(&app).await;
    let competition = announced(&app, &hr, &mayor, &panel).await;

    // The public list and page show it, without signing in.
    let public = app.anonymous();
    let list = public.call(ListPublicVacancies {}).await.expect("list");
    assert!(list.iter().any(|v| v.id == competition));
    let page = public
        .call(GetPublicVacancy { id: competition })
        .await
        .expect("page");
    assert!(page.open);
    assert_eq!(page.announcement.questions.len(), 1);

    // Bad input: every problem at once, nothing written.
    let mut bad = applicant("123", "");
    bad.email = "nope".into();
    bad.truthful = None;
    match public
        .call(Apply {
            competition_id: competition,
            form: bad,
            answer: None,
        })
        .await
    {
        Err(AppError::Problems(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            for f in [
                "personal_number",
                "last_name_ka",
                "email",
                "answer[1]",
                "truthful",
            ] {
                assert!(fields.contains(&f), "{f} missing from {fields:?}");
            }
        }
        other => panic!("expected every problem, got {other:?}"),
    }
    let count = format!("SELECT COUNT(*) FROM applications WHERE competition_id = {competition}");
    assert_eq!(app.scalar(&count).await, 0);

    let apply = |number: &'static str, name: &'static str| {
        let public = app.anonymous();
        async move {
            public
                .call(Apply {
                    competition_id: competition,
                    form: applicant(number, name),
                    answer: answers("To serve the city"),
                })
                .await
        }
    };
    let code_a = apply("01001011111", "ბერიძე").await.expect("A applied");
    let code_b = apply("01001012222", "კაპანაძე").await.expect("B applied");
    assert_eq!(code_a.len(), 19);
    assert_ne!(code_a, code_b);
    assert_eq!(
        field_of(apply("01001011111", "ბერიძე").await),
        "personal_number",
        "a second application by the same person is caught"
    );
    let status = public
        .call(GetApplicationStatus {
            code: code_a.to_lowercase(),
        })
        .await
        .expect("status by code");
    assert_eq!(status.state, ApplicationState::Submitted);
    assert!(status.open && status.form.is_some());
    // Someone else's code cannot be guessed into.
    assert_eq!(
        field_of(
            public
                .call(GetApplicationStatus {
                    code: "0000-0000-0000-0000".into()
                })
                .await
        ),
        "code"
    );
    // Applicants' data is hidden from managers; HR sees them and the view is logged.
    assert!(matches!(
        manager.call(GetCompetition { id: competition }).await,
        Err(AppError::Forbidden)
    ));
    let seen = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("hr");
    assert_eq!(seen.applicants.len(), 2);
    let (a, b) = {
        let find = |n: &str| {
            seen.applicants
                .iter()
                .find(|x| x.name.ka.contains(n))
                .expect("applicant")
                .id
        };
        (find("ბერიძე"), find("კაპანაძე"))
    };
    hr.call(GetApplication { id: a }).await.expect("detail");
    assert_eq!(app.audited("application.viewed", Some(a)).await, 1);

    // The deadline passes: applications close by themselves and cannot be amended.
    app.clock().advance(Duration::days(13));
    let (today, now) = (app.today(), app.clock().now());
    app::competitions::service::bring_competitions_up_to(&app.state.db, today, now)
        .await
        .expect("scheduled step");
    let (hr, mayor, panel) = (
        app.demo_user("hr").await,
        app.demo_user("mayor").await,
        signed_panel(&app).await,
    );
    let closed = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("closed");
    assert_eq!(closed.state, CompetitionState::FormalCheck);
    assert!(matches!(
        public
            .call(AmendApplication {
                code: code_a.clone(),
                form: applicant("01001011111", "ბერიძე"),
                answer: answers("late"),
            })
            .await,
        Err(AppError::Conflict(_))
    ));

    // Formal check: both admitted; the stages begin.
    for id in [a, b] {
        let rev = hr.call(GetApplication { id }).await.expect("app").revision;
        hr.call(RecordFormalCheck {
            application_id: id,
            revision: rev,
            outcome: "admitted".into(),
            note: String::new(),
        })
        .await
        .expect("admitted");
    }
    hr.call(StartStages {
        id: competition,
        revision: revision(&hr, competition).await,
    })
    .await
    .expect("stages begin");

    // Declarations: the member declares a conflict with B and is recused from B.
    for (client, conflict) in [
        (&panel.chair, None),
        (&panel.secretary, None),
        (&panel.member, Some(b)),
    ] {
        let ticked = conflict.map(|id| HashMap::from([(id.to_string(), "on".to_string())]));
        client
            .call(DeclareInterests {
                id: competition,
                conflict: ticked,
                note: "a cousin".into(),
                confirm: yes(),
            })
            .await
            .expect("declared");
    }
    let sheet = |client: &Client, application: i64, score: &str| {
        let client = client.clone();
        let score = score.to_string();
        async move {
            client
                .call(SubmitSheet {
                    id: competition,
                    application_id: application,
                    score,
                    comment: String::new(),
                })
                .await
        }
    };
    // The test's points are the secretary's to enter; a member's sheet is refused.
    assert!(matches!(
        sheet(&panel.member, a, "15").await,
        Err(AppError::Forbidden)
    ));
    sheet(&panel.secretary, a, "15").await.expect("A's test");
    sheet(&panel.secretary, b, "18").await.expect("B's test");
    assert!(
        matches!(
            sheet(&panel.secretary, a, "16").await,
            Err(AppError::Conflict(_))
        ),
        "a submitted sheet is locked"
    );
    let close = |client: &Client| {
        let client = client.clone();
        async move {
            let rev = revision(&client, competition).await;
            client
                .call(CloseStage {
                    id: competition,
                    revision: rev,
                    confirm: yes(),
                })
                .await
        }
    };
    assert!(
        matches!(close(&panel.secretary).await, Err(AppError::Forbidden)),
        "only the chair closes"
    );
    close(&panel.chair).await.expect("test closed");

    // Interview: A 8, 7, 9; B 7, 6 (the member recused).
    assert!(matches!(
        sheet(&panel.member, b, "7").await,
        Err(AppError::Conflict(_))
    ));
    sheet(&panel.chair, a, "8").await.expect("chair A");
    // Blind: the chair does not see the secretary's score before every sheet is in.
    let view = panel
        .chair
        .call(GetScoring { id: competition })
        .await
        .expect("scoring");
    let row = view
        .rows
        .iter()
        .find(|r| r.application_id == a)
        .expect("row");
    assert_eq!(row.mine, Some(8.into()));
    assert!(row.others.is_empty());
    sheet(&panel.secretary, a, "7").await.expect("secretary A");
    sheet(&panel.member, a, "9").await.expect("member A");
    sheet(&panel.chair, b, "7").await.expect("chair B");
    sheet(&panel.secretary, b, "6").await.expect("secretary B");
    let view = panel
        .chair
        .call(GetScoring { id: competition })
        .await
        .expect("scoring");
    assert_eq!(
        view.rows
            .iter()
            .find(|r| r.application_id == a)
            .expect("row")
            .others
            .len(),
        3
    );
    close(&panel.chair).await.expect("interview closed");

    // DOMAIN §4.2: A = 0.4 × 15/20 + 0.6 × 8/10 = 78.00; B = 0.4 × 18/20 + 0.6 × 6.5/10 = 75.00.
    let decided = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("decided");
    assert_eq!(decided.state, CompetitionState::Decided);
    assert_eq!(decided.winner, Some(a));
    let total = |id: i64| {
        decided
            .applicants
            .iter()
            .find(|x| x.id == id)
            .and_then(|x| x.total)
    };
    assert_eq!(total(a), Some("78".parse().expect("n")));
    assert_eq!(total(b), Some("75".parse().expect("n")));
    let minutes = panel
        .member
        .call(GetMinutes { id: competition })
        .await
        .expect("minutes");
    assert!(
        minutes.declarations.iter().any(|d| d.2),
        "the recusal is in the minutes"
    );
    assert_eq!(minutes.stages[1].sheets.len(), 5);

    // The applicant sees their own marks and place.
    let status = public
        .call(GetApplicationStatus {
            code: code_a.clone(),
        })
        .await
        .expect("status");
    assert_eq!(status.state, ApplicationState::Winner);
    assert_eq!(status.place, Some(1));
    assert_eq!(status.stages[1].marks.len(), 3);

    // B asks for a review of the interview within the window; once per stage.
    let status_b = public
        .call(GetApplicationStatus {
            code: code_b.clone(),
        })
        .await
        .expect("B's status");
    assert!(status_b.stages[1].review_until.is_some());
    let ask = |ordinal: i64| {
        let public = app.anonymous();
        let code = code_b.clone();
        async move {
            public
                .call(RequestReview {
                    code,
                    ordinal,
                    reason: "The interview questions differed from A's.".into(),
                })
                .await
        }
    };
    ask(2).await.expect("review asked");
    assert!(matches!(ask(2).await, Err(AppError::Conflict(_))));
    let reviews = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("reviews")
        .reviews;
    assert_eq!(reviews.len(), 1);
    assert!(reviews[0].may_decide, "HR did not score B");
    // A scorer never decides: the secretary, given the HR role as well, is refused.
    sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, 'hr')")
        .bind(panel.ids[1])
        .execute(&app.state.db.write)
        .await
        .expect("role");
    let secretary_hr = app.sign_in("secretary", PASSWORD).await.expect("signed in");
    let decide = |client: &Client, outcome: &str, confirm: Option<String>| {
        let client = client.clone();
        let review = reviews[0].clone();
        let outcome = outcome.to_string();
        async move {
            client
                .call(DecideReview {
                    id: competition,
                    review_id: review.id,
                    revision: review.revision,
                    outcome,
                    decision: "The questions and their order were the same for both.".into(),
                    confirm,
                })
                .await
        }
    };
    assert!(matches!(
        decide(&secretary_hr, "rejected", yes()).await,
        Err(AppError::Forbidden)
    ));
    // Nothing chosen and nothing confirmed: both problems at once.
    match decide(&mayor, "", None).await {
        Err(AppError::Problems(p)) => assert_eq!(p.len(), 2, "{p:?}"),
        other => panic!("expected two problems, got {other:?}"),
    }
    decide(&mayor, "rejected", yes()).await.expect("decided");
    assert_eq!(
        app.audited("competition_review.decided", Some(reviews[0].id))
            .await,
        1
    );
    let status_b = public
        .call(GetApplicationStatus {
            code: code_b.clone(),
        })
        .await
        .expect("B's status");
    let own = status_b.stages[1].review.clone().expect("own review");
    assert_eq!(own.state, app::domain::competition::ReviewState::Rejected);
    assert!(status_b.stages[1].review_until.is_none());

    // Notified; the mayor appoints: a new employee, an assignment by competition, probation.
    hr.call(NotifyWinner {
        id: competition,
        revision: revision(&hr, competition).await,
    })
    .await
    .expect("notified");
    let employee = mayor
        .call(AppointWinner {
            id: competition,
            revision: revision(&hr, competition).await,
            form: OrderActionForm {
                order: order("P-14", &app.today().to_string()),
                start_date: (app.today() + Duration::days(3)).to_string(),
                confirm: yes(),
            },
        })
        .await
        .expect("appointed");
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM employees WHERE id = {employee} AND personal_number = '01001011111'")).await,
        1
    );
    assert_eq!(
        app.scalar(&format!("SELECT COUNT(*) FROM assignments WHERE employee_id = {employee} AND basis = 'competition'")).await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT months FROM probation_records WHERE employee_id = {employee}"
        ))
        .await,
        12
    );
    let done = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("done");
    assert_eq!(done.state, CompetitionState::Appointed);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM vacancies WHERE id = {} AND state = 'filled'",
            done.vacancy_id
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM applications WHERE id = {b} AND state = 'reserve'"
        ))
        .await,
        1
    );
    // Past the window (3 working days from the test's result) no review may be asked.
    app.clock().advance(Duration::days(10));
    assert!(matches!(ask(1).await, Err(AppError::Conflict(_))));

    // Another vacancy of the same rank, decided for a competition: instead of announcing it,
    // the mayor appoints B from this competition's reserve list.
    let (hr, mayor) = (app.demo_user("hr").await, app.demo_user("mayor").await);
    let other = app
        .scalar(&format!(
            "SELECT MIN(v.id) FROM vacancies v JOIN positions p ON p.id = v.position_id
             WHERE v.state = 'open' AND p.rank = (SELECT p2.rank FROM vacancies v2
               JOIN positions p2 ON p2.id = v2.position_id WHERE v2.id = {})",
            done.vacancy_id
        ))
        .await;
    let vacancy = |board: VacancyBoard| {
        board
            .vacancies
            .into_iter()
            .find(|v| v.id == other)
            .expect("the other vacancy")
    };
    let open = vacancy(hr.call(GetVacancyBoard {}).await.expect("board"));
    assert!(open.reserve.is_empty(), "not before the decision");
    let draft = hr
        .call(DecideVacancy {
            vacancy_id: other,
            revision: open.revision,
            form: DecisionForm {
                decision: "competition_open".into(),
                reason: String::new(),
                order: order("V-15", &app.today().to_string()),
                confirm: yes(),
            },
        })
        .await
        .expect("decided")
        .expect("a draft");
    let decided = vacancy(hr.call(GetVacancyBoard {}).await.expect("board"));
    assert_eq!(
        decided
            .reserve
            .iter()
            .map(|c| c.application_id)
            .collect::<Vec<_>>(),
        vec![b]
    );
    let reserve = |client: &Client, application: &str, confirm: Option<String>| {
        let client = client.clone();
        let application = application.to_string();
        let revision = decided.revision;
        let today = app.today();
        async move {
            client
                .call(AppointFromReserve {
                    vacancy_id: other,
                    revision,
                    application_id: application,
                    form: OrderActionForm {
                        order: order("P-15", &today.to_string()),
                        start_date: (today + Duration::days(1)).to_string(),
                        confirm,
                    },
                })
                .await
        }
    };
    assert!(matches!(
        reserve(&hr, &b.to_string(), yes()).await,
        Err(AppError::Forbidden)
    ));
    match reserve(&mayor, "", None).await {
        Err(AppError::Problems(p)) => {
            let fields: Vec<&str> = p.iter().map(|x| x.field.as_str()).collect();
            assert!(fields.contains(&"application_id") && fields.contains(&"confirm"));
        }
        other => panic!("expected every problem, got {other:?}"),
    }
    assert_eq!(
        field_of(reserve(&mayor, &a.to_string(), yes()).await),
        "application_id",
        "the appointed winner is on no reserve list"
    );
    let appointee = reserve(&mayor, &b.to_string(), yes())
        .await
        .expect("appointed from the reserve");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM employees WHERE id = {appointee} AND personal_number = '01001012222'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM probation_records WHERE employee_id = {appointee} AND competition_id = {competition}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM vacancies WHERE id = {other} AND state = 'filled' AND reserve_application_id = {b}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM competitions WHERE id = {draft} AND state = 'cancelled'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.audited("vacancy.filled_from_reserve", Some(other))
            .await,
        1
    );
    assert!(app.audited("competition.reserve_viewed", Some(other)).await >= 1);
}

#[tokio::test]
async fn a_member_sees_no_application_before_declaring_and_strangers_see_nothing() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let panel = panel(&app).await;
    let competition = announced(&app, &hr, &mayor, &panel).await;
    app.anonymous()
        .call(Apply {
            competition_id: competition,
            form: applicant("01001013333", "გელაშვილი"),
            answer: answers("x"),
        })
        .await
        .expect("applied");
    let application = app.scalar("SELECT MAX(id) FROM applications").await;
    // A commission member of another competition, and one who has not declared yet.
    app.user("outsider", &[Role::Commission]).await;
    let outsider = app.sign_in("outsider", PASSWORD).await.expect("outsider");
    assert!(matches!(
        outsider.call(GetCompetition { id: competition }).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        outsider.call(GetApplication { id: application }).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        panel.member.call(GetApplication { id: application }).await,
        Err(AppError::Conflict(_))
    ));
    let detail = panel
        .member
        .call(GetCompetition { id: competition })
        .await
        .expect("member");
    assert!(
        detail.applicants.is_empty(),
        "no applicant before the declaration"
    );
    // Declarations wait for the application window to close.
    assert!(matches!(
        panel
            .member
            .call(DeclareInterests {
                id: competition,
                conflict: None,
                note: String::new(),
                confirm: yes()
            })
            .await,
        Err(AppError::Conflict(_))
    ));
    // A draft is not public.
    assert_eq!(
        app.anonymous()
            .call(GetPublicVacancy { id: 999 })
            .await
            .err(),
        Some(AppError::NotFound)
    );
}

#[tokio::test]
async fn the_public_application_is_rate_and_size_limited() {
    let app = TestApp::with_config(|c| c.public_per_minute = 5).await;
    let public = app.anonymous().at_address("203.0.113.9");
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(public.get("/vacancies").await.status().as_u16());
    }
    assert_eq!(&statuses[..5], &[200; 5]);
    assert_eq!(statuses[6], 429);
    let big = "x".repeat(2 << 20);
    let response = app
        .anonymous()
        .at_address("203.0.113.10")
        .post(
            <Apply as leptos::server_fn::ServerFn>::PATH,
            format!("competition_id=1&education={big}"),
        )
        .await;
    assert_eq!(response.status().as_u16(), 413);
}

/// A vacancy decided for `decision`, with its texts in place. Returns (vacancy, position).
async fn decided_vacancy(app: &TestApp, hr: &Client, decision: &str, skip: i64) -> (i64, i64) {
    hr.call(GetVacancyBoard {}).await.expect("board");
    let sql = format!(
        "SELECT v.id FROM vacancies v JOIN positions p ON p.id = v.position_id
         WHERE v.state = 'open' AND p.rank IS NOT NULL AND p.job_description_ka <> ''
           AND p.requirements_min_ka <> '' ORDER BY v.id LIMIT 1 OFFSET {skip}"
    );
    let vacancy = app.scalar(&sql).await;
    let position = app
        .scalar(&format!(
            "SELECT position_id FROM vacancies WHERE id = {vacancy}"
        ))
        .await;
    hr.call(DecideVacancy {
        vacancy_id: vacancy,
        revision: app.revision("vacancies", vacancy).await,
        form: DecisionForm {
            decision: decision.into(),
            reason: String::new(),
            order: order(&format!("D-{vacancy}"), &app.today().to_string()),
            confirm: yes(),
        },
    })
    .await
    .expect("decided");
    (vacancy, position)
}

/// The personal number of someone in post today whose own position's rank compares with
/// `rank` as `op` (`=`, `<`, `>`), and who acts nowhere.
async fn officer_with_rank(app: &TestApp, rank: i64, op: &str) -> (i64, String) {
    let today = app.today();
    let id = app
        .scalar(&format!(
            "SELECT e.id FROM employees e JOIN assignments a ON a.employee_id = e.id
             JOIN positions p ON p.id = a.position_id
             WHERE a.basis <> 'acting' AND a.start_date <= '{today}'
               AND (a.end_date IS NULL OR a.end_date >= '{today}') AND p.rank {op} {rank}
               AND p.is_head = 0 ORDER BY e.id LIMIT 1"
        ))
        .await;
    let mut conn = app.state.db.read.acquire().await.expect("conn");
    let number: String = sqlx::query_scalar("SELECT personal_number FROM employees WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .expect("number");
    (id, number)
}

fn proposal(number: &str, starts: &str, until: &str) -> MoveProposalForm {
    MoveProposalForm {
        personal_number: number.into(),
        starts_on: starts.into(),
        acting_until: until.into(),
    }
}

#[tokio::test]
async fn a_vacancy_is_filled_by_mobility_and_an_acting_appointment_ends_by_itself() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let today = app.today().to_string();
    let (vacancy, position) = decided_vacancy(&app, &hr, "mobility", 0).await;
    let rank = app
        .scalar(&format!("SELECT rank FROM positions WHERE id = {position}"))
        .await;
    let board_move = |hr: &Client| {
        let hr = hr.clone();
        async move {
            hr.call(GetVacancyBoard {})
                .await
                .expect("board")
                .vacancies
                .into_iter()
                .find(|v| v.id == vacancy)
                .expect("vacancy on the board")
        }
    };
    assert!(board_move(&hr).await.takes_proposal());

    // Mobility keeps the rank: an officer of another rank is refused at the field.
    let (_, other_rank) = officer_with_rank(&app, rank, "<>").await;
    let refused = hr
        .call(ProposeMove {
            vacancy_id: vacancy,
            revision: app.revision("vacancies", vacancy).await,
            form: proposal(&other_rank, &today, ""),
        })
        .await;
    assert_eq!(field_of(refused), "personal_number");
    let (officer, number) = officer_with_rank(&app, rank, "=").await;
    let classes_before = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM employee_classes WHERE employee_id = {officer}"
        ))
        .await;
    let move_id = hr
        .call(ProposeMove {
            vacancy_id: vacancy,
            revision: app.revision("vacancies", vacancy).await,
            form: proposal(&number, &today, ""),
        })
        .await
        .expect("proposed");
    assert!(matches!(
        hr.call(ProposeMove {
            vacancy_id: vacancy,
            revision: app.revision("vacancies", vacancy).await,
            form: proposal(&number, &today, ""),
        })
        .await,
        Err(AppError::Conflict(_))
    ));
    // No order before the consent and the heads' agreement.
    let order_form = |n: &str| MoveOrderForm {
        order: order(n, &today),
        acting_reason: String::new(),
        confirm: yes(),
    };
    assert!(matches!(
        mayor
            .call(OrderMove {
                move_id,
                revision: app.revision("staff_moves", move_id).await,
                form: order_form("M-1"),
            })
            .await,
        Err(AppError::Conflict(_))
    ));
    let tomorrow = (app.today() + Duration::days(1)).to_string();
    assert_eq!(
        field_of(
            hr.call(RecordConsent {
                move_id,
                revision: app.revision("staff_moves", move_id).await,
                form: ConsentForm {
                    consent_on: tomorrow,
                    consent_note: String::new(),
                    confirm: yes(),
                },
            })
            .await
        ),
        "consent_on"
    );
    hr.call(RecordConsent {
        move_id,
        revision: app.revision("staff_moves", move_id).await,
        form: ConsentForm {
            consent_on: today.clone(),
            consent_note: "No. 12".into(),
            confirm: yes(),
        },
    })
    .await
    .expect("consent");
    // A stale form is refused, never overwritten.
    assert!(matches!(
        hr.call(RecordConsent {
            move_id,
            revision: 1,
            form: ConsentForm {
                consent_on: today.clone(),
                consent_note: String::new(),
                confirm: yes(),
            },
        })
        .await,
        Err(AppError::Stale { .. })
    ));
    hr.call(RecordAgreement {
        move_id,
        revision: app.revision("staff_moves", move_id).await,
        form: AgreementForm {
            agreed_on: today.clone(),
            sending_head: "Sending head".into(),
            receiving_head: "Receiving head".into(),
            confirm: yes(),
        },
    })
    .await
    .expect("agreed");
    let tasks = mayor.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(tasks
        .iter()
        .any(|t| t.kind == app::domain::task::TaskKind::MoveOrder));
    let employee = mayor
        .call(OrderMove {
            move_id,
            revision: app.revision("staff_moves", move_id).await,
            form: order_form("M-2"),
        })
        .await
        .expect("ordered");
    assert_eq!(employee, officer);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assignments WHERE employee_id = {officer} AND position_id = {position}
               AND basis = 'mobility' AND end_date IS NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assignments WHERE employee_id = {officer} AND position_id <> {position}
               AND basis <> 'acting' AND (end_date IS NULL OR end_date >= '{today}')"
        ))
        .await,
        0,
        "the officer's own position ends the day before"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM vacancies WHERE id = {vacancy} AND state = 'filled'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM employee_classes WHERE employee_id = {officer}"
        ))
        .await,
        classes_before,
        "class and class bonus are kept"
    );
    assert_eq!(app.audited("staff_move.ordered", Some(move_id)).await, 1);

    // Acting: within the configured limit (3 months), ending by itself; HR is warned first.
    let (acting_vacancy, acting_position) = decided_vacancy(&app, &hr, "acting", 0).await;
    let (actor_id, actor_number) = officer_with_rank(&app, 4, "<=").await;
    let too_long = (app.today() + Duration::days(200)).to_string();
    assert_eq!(
        field_of(
            hr.call(ProposeMove {
                vacancy_id: acting_vacancy,
                revision: app.revision("vacancies", acting_vacancy).await,
                form: proposal(&actor_number, &today, &too_long),
            })
            .await
        ),
        "acting_until"
    );
    let until = app.today() + Duration::days(30);
    let acting_move = hr
        .call(ProposeMove {
            vacancy_id: acting_vacancy,
            revision: app.revision("vacancies", acting_vacancy).await,
            form: proposal(&actor_number, &today, &until.to_string()),
        })
        .await
        .expect("acting proposed");
    hr.call(RecordConsent {
        move_id: acting_move,
        revision: app.revision("staff_moves", acting_move).await,
        form: ConsentForm {
            consent_on: today.clone(),
            consent_note: String::new(),
            confirm: yes(),
        },
    })
    .await
    .expect("consent");
    hr.call(RecordAgreement {
        move_id: acting_move,
        revision: app.revision("staff_moves", acting_move).await,
        form: AgreementForm {
            agreed_on: today.clone(),
            sending_head: "Head".into(),
            receiving_head: "Head".into(),
            confirm: yes(),
        },
    })
    .await
    .expect("agreed");
    mayor
        .call(OrderMove {
            move_id: acting_move,
            revision: app.revision("staff_moves", acting_move).await,
            form: MoveOrderForm {
                order: order("M-3", &today),
                acting_reason: "Until the competition".into(),
                confirm: yes(),
            },
        })
        .await
        .expect("acting ordered");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assignments WHERE employee_id = {actor_id} AND position_id = {acting_position}
               AND basis = 'acting' AND end_date = '{until}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM vacancies WHERE id = {acting_vacancy} AND state = 'acting'"
        ))
        .await,
        1
    );
    // Twenty days on, the end is within the warning period: it is in HR's inbox.
    app.clock().advance(Duration::days(20));
    let hr = app.demo_user("hr").await;
    let tasks = hr.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(tasks
        .iter()
        .any(|t| t.kind == app::domain::task::TaskKind::ActingEnds && t.due == Some(until)));
    // And the mayor may decide again how to fill the vacancy held by an acting officer.
    assert!(hr
        .call(GetVacancyBoard {})
        .await
        .expect("board")
        .vacancies
        .iter()
        .any(|v| v.id == acting_vacancy && v.decidable()));
}

#[tokio::test]
async fn hr_enters_and_imports_applications_received_elsewhere() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let panel = panel(&app).await;
    let competition = announced(&app, &hr, &mayor, &panel).await;
    let today = app.today();

    // A day in the future and a bad personal number: both reported at once.
    let mut bad = applicant("123", "მაისურაძე");
    bad.truthful = yes();
    match hr
        .call(EnterApplication {
            competition_id: competition,
            received_on: (today + Duration::days(1)).to_string(),
            form: bad,
            answer: None,
        })
        .await
    {
        Err(AppError::Problems(p)) => {
            let fields: Vec<&str> = p.iter().map(|x| x.field.as_str()).collect();
            assert!(fields.contains(&"received_on") && fields.contains(&"personal_number"));
        }
        other => panic!("expected both problems, got {other:?}"),
    }
    let code = hr
        .call(EnterApplication {
            competition_id: competition,
            received_on: today.to_string(),
            form: applicant("01001013333", "მაისურაძე"),
            answer: None,
        })
        .await
        .expect("entered");
    let status = app
        .anonymous()
        .call(GetApplicationStatus { code })
        .await
        .expect("the applicant follows it with the code");
    assert_eq!(status.state, ApplicationState::Submitted);
    assert_eq!(app.audited("application.entered", None).await, 1);

    // An import: a bad row and a duplicate of the entered one are listed; nothing is written.
    let header = app::domain::csv_import::APPLICATION_COLUMNS.join(",");
    let row = |number: &str, received: &str| {
        format!(
            "{number},ხუციშვილი,ლია,Khutsishvili,Lia,female,12.03.1990,lia@example.ge,,TSU,Three years,{received}"
        )
    };
    let day = today.format("%d.%m.%Y").to_string();
    let csv = [
        header.clone(),
        row("01001014444", &day),
        row("01001013333", &day),
        row("01001015555", "31.02.2020"),
    ]
    .join("\n");
    let count = format!("SELECT COUNT(*) FROM applications WHERE competition_id = {competition}");
    let report = hr
        .call(ImportApplications {
            competition_id: competition,
            csv,
            commit: Some("true".into()),
        })
        .await
        .expect("checked");
    assert!(!report.committed);
    let lines: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert!(lines.contains(&(3, "personal_number")), "{lines:?}");
    assert!(lines.contains(&(4, "received_on")), "{lines:?}");
    assert_eq!(app.scalar(&count).await, 1);
    let csv = [header, row("01001014444", &day), row("01001015555", &day)].join("\n");
    let report = hr
        .call(ImportApplications {
            competition_id: competition,
            csv,
            commit: Some("true".into()),
        })
        .await
        .expect("imported");
    assert!(report.committed && report.errors.is_empty());
    assert_eq!(report.receipts.len(), 2);
    assert_eq!(app.scalar(&count).await, 3);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM applications WHERE competition_id = {competition} AND source = 'entered'"
        ))
        .await,
        3
    );
}

#[tokio::test]
async fn the_reports_count_past_competitions_and_the_integrity_view_is_the_mayors() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let reports = hr.call(GetCompetitionReports {}).await.expect("reports");
    let y2020 = reports
        .years
        .iter()
        .find(|y| y.year == 2020)
        .expect("the seed's competition of 2020");
    assert_eq!((y2020.competitions, y2020.appointed), (1, 1));
    let years: Vec<i32> = reports.years.iter().map(|y| y.year).collect();
    for year in [2021, 2023] {
        assert!(years.contains(&year), "{years:?}");
    }
    assert_eq!(y2020.applicants, 5);
    assert!(y2020.days_to_fill.is_some());
    assert!(reports
        .pass_rates
        .iter()
        .any(|p| p.year == 2020 && p.passed < p.scored));
    assert!(
        reports.integrity.is_none(),
        "the integrity view is the mayor's"
    );
    let integrity = mayor
        .call(GetCompetitionReports {})
        .await
        .expect("reports")
        .integrity
        .expect("integrity");
    assert_eq!(integrity.decided, 3);
    assert_eq!(integrity.won_by_acting, Some(0));
    assert_eq!(integrity.members.len(), 3);
    assert!(integrity.members.iter().all(|m| m.deviation.is_some()));
    let chair = integrity
        .members
        .iter()
        .max_by_key(|m| m.deviation)
        .expect("member");
    assert!(chair.deviation > Some(rust_decimal::Decimal::ZERO));
    // The downloads: the integrity table is the mayor's alone.
    let (status, csv) = mayor.text("/export/competition-integrity.csv").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    assert!(csv.lines().count() >= 4, "{csv}");
    let (status, _) = hr.text("/export/competition-integrity.csv").await;
    assert_eq!(status, axum::http::StatusCode::FORBIDDEN);
    let (status, csv) = hr.text("/export/competitions-by-year.csv").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    assert!(csv.contains("2020"));
    // The kit asks every applicant the position's competencies, with anchors from 0.
    let id = app.scalar("SELECT MIN(id) FROM competitions").await;
    let kit = hr.call(GetInterviewKit { id }).await.expect("kit");
    assert!(!kit.questions.is_empty());
    assert_eq!(kit.anchors[0].1, rust_decimal::Decimal::ZERO);
}

#[tokio::test]
async fn hr_keeps_the_holiday_table() {
    use app::calendar::*;
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    match hr
        .call(AddHoliday {
            day: "not a day".into(),
            name_ka: String::new(),
            name_en: String::new(),
        })
        .await
    {
        Err(AppError::Problems(p)) => assert_eq!(p.len(), 3),
        other => panic!("expected three problems, got {other:?}"),
    }
    hr.call(AddHoliday {
        day: "2027-04-30".into(),
        name_ka: "აღდგომა".into(),
        name_en: "Easter".into(),
    })
    .await
    .expect("added");
    let (year, days) = mayor
        .call(ListHolidays { year: Some(2027) })
        .await
        .expect("list");
    assert_eq!(year, 2027);
    assert!(days.iter().any(|h| h.day == date(2027, 4, 30)));
    assert!(matches!(
        hr.call(RemoveHoliday {
            day: "2027-04-30".into(),
            confirm: None,
        })
        .await,
        Err(AppError::Invalid { .. })
    ));
    hr.call(RemoveHoliday {
        day: "2027-04-30".into(),
        confirm: yes(),
    })
    .await
    .expect("removed");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('holiday.saved', 'holiday.removed')"
        )
        .await,
        2
    );
}

/// The new pages render completely on the server (no JavaScript needed) with their data.
#[tokio::test]
async fn the_competition_pages_render_on_the_server() {
    let app = TestApp::demo().await;
    let mayor = app.demo_user("mayor").await;
    let hr = app.demo_user("hr").await;
    let first = app.scalar("SELECT MIN(id) FROM competitions").await;
    for (client, path, expect) in [
        (
            &mayor,
            "/competitions/reports".to_string(),
            "data-testid=\"integrity\"",
        ),
        (
            &hr,
            "/competitions/reports".to_string(),
            "data-testid=\"competitions-by-year\"",
        ),
        (
            &hr,
            "/competitions/holidays?year=2026".to_string(),
            "data-testid=\"holidays\"",
        ),
        (
            &hr,
            format!("/competitions/{first}/kit"),
            "data-testid=\"kit-questions\"",
        ),
        (
            &hr,
            format!("/competitions/{first}/minutes"),
            "data-testid=\"minutes-ranking\"",
        ),
        (
            &hr,
            "/competitions".to_string(),
            "data-testid=\"vacancy-records\"",
        ),
    ] {
        let (status, html) = client.text(&path).await;
        assert_eq!(status, axum::http::StatusCode::OK, "{path}");
        assert!(html.contains(expect), "{path} lacks {expect}");
    }
    // Anonymous: the protected pages send to sign-in.
    let response = app.anonymous().get("/competitions/reports").await;
    assert_eq!(response.status(), axum::http::StatusCode::SEE_OTHER);
}

/// HR admits every applicant of a competition in its formal check and the stages begin; the
/// demo's three members declare no conflict. Returns the chair, secretary and member.
async fn stages_begun(app: &TestApp, hr: &Client, competition: i64) -> [Client; 3] {
    let detail = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("competition");
    for a in &detail.applicants {
        hr.call(RecordFormalCheck {
            application_id: a.id,
            revision: a.revision,
            outcome: "admitted".into(),
            note: String::new(),
        })
        .await
        .expect("admitted");
    }
    hr.call(StartStages {
        id: competition,
        revision: revision(hr, competition).await,
    })
    .await
    .expect("stages");
    let panel = [
        app.demo_user("commission").await,
        app.demo_user("commission2").await,
        app.demo_user("commission3").await,
    ];
    for c in &panel {
        c.call(DeclareInterests {
            id: competition,
            conflict: None,
            note: String::new(),
            confirm: yes(),
        })
        .await
        .expect("declared");
    }
    panel
}

/// A member absent from a stage's session: recorded by the chair before scoring, not
/// expected to submit, refused if they try, the quorum counted on those present, and named
/// in the minutes.
#[tokio::test]
async fn an_absent_member_is_not_expected_and_the_quorum_counts_those_present() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    // The demo's competition whose window has closed: HR admits everyone, the stages begin.
    let competition = app
        .scalar("SELECT id FROM competitions WHERE state = 'formal_check'")
        .await;
    // The formal check waits in HR's inbox.
    let tasks = hr.call(app::home::MyTasks {}).await.expect("tasks");
    let check = tasks
        .iter()
        .find(|t| t.kind == app::domain::task::TaskKind::FormalCheck && t.count == 3)
        .expect("the formal check waits");
    // Named in the page's language, with its unit, so two posts with one title tell apart.
    let title_en: String =
        sqlx::query_scalar("SELECT title_en FROM competitions WHERE state = 'formal_check'")
            .fetch_one(&app.state.db.read)
            .await
            .expect("title");
    assert!(
        check.subject.en.starts_with(&format!("{title_en}, ")),
        "{:?}",
        check.subject
    );
    assert!(!app::i18n::has_mkhedruli(&check.subject.en));
    // A letter posted in time arrives after the deadline: HR still enters it before the stages.
    let late_code = hr
        .call(EnterApplication {
            competition_id: competition,
            received_on: (app.today() - Duration::days(2)).to_string(),
            form: applicant("01001016666", "ტაბატაძე"),
            answer: None,
        })
        .await
        .expect("entered during the formal check");
    let [chair, secretary, member] = stages_begun(&app, &hr, competition).await;
    let member_id = app
        .scalar("SELECT id FROM users WHERE username = 'commission3'")
        .await;
    let mark = |client: &Client, user: i64| {
        let client = client.clone();
        async move {
            let rev = revision(&client, competition).await;
            client
                .call(MarkAbsent {
                    id: competition,
                    revision: rev,
                    user_id: user,
                    confirm: yes(),
                })
                .await
        }
    };
    assert!(matches!(
        mark(&secretary, member_id).await,
        Err(AppError::Forbidden)
    ));
    mark(&chair, member_id).await.expect("recorded absent");
    let view = chair
        .call(GetScoring { id: competition })
        .await
        .expect("scoring");
    assert_eq!(view.absent.len(), 1);
    assert!(view.rows.iter().all(|r| r.expected == 2));
    let first = view.rows[0].application_id;
    assert!(matches!(
        member
            .call(SubmitSheet {
                id: competition,
                application_id: first,
                score: "5".into(),
                comment: String::new(),
            })
            .await,
        Err(AppError::Conflict(_))
    ));
    let late = app
        .scalar("SELECT id FROM applications WHERE personal_number = '01001016666'")
        .await;
    for row in &view.rows {
        for c in [&chair, &secretary] {
            // The late letter's writer fails the written task.
            let score = if row.application_id == late { "1" } else { "8" };
            c.call(SubmitSheet {
                id: competition,
                application_id: row.application_id,
                score: score.into(),
                comment: String::new(),
            })
            .await
            .expect("sheet");
        }
    }
    let rev = revision(&chair, competition).await;
    chair
        .call(CloseStage {
            id: competition,
            revision: rev,
            confirm: yes(),
        })
        .await
        .expect("closed with two of three present");
    let minutes = hr
        .call(GetMinutes { id: competition })
        .await
        .expect("minutes");
    assert_eq!(minutes.stages[0].absent.len(), 1);
    assert_eq!(minutes.stages[0].results.len(), view.rows.len());
    assert_eq!(
        app.audited("competition.member_absent", Some(competition))
            .await,
        1
    );

    // They ask for a review; the mayor upholds it and they go on to the interview.
    app.anonymous()
        .call(RequestReview {
            code: late_code,
            ordinal: 1,
            reason: "My answer to the second question was not read.".into(),
        })
        .await
        .expect("review asked");
    let mayor = app.demo_user("mayor").await;
    let review = mayor
        .call(GetCompetition { id: competition })
        .await
        .expect("competition")
        .reviews
        .into_iter()
        .find(|r| r.may_decide)
        .expect("a review to decide");
    mayor
        .call(DecideReview {
            id: competition,
            review_id: review.id,
            revision: review.revision,
            outcome: "upheld".into(),
            decision: "The second answer was missing from the copy the commission marked.".into(),
            confirm: yes(),
        })
        .await
        .expect("upheld");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM applications WHERE id = {late} AND state = 'admitted'"
        ))
        .await,
        1
    );
    let reviews = mayor
        .call(GetCompetition { id: competition })
        .await
        .expect("competition")
        .reviews;
    assert!(reviews.iter().any(|r| r.id == review.id && r.let_through));
    let interview = chair
        .call(GetScoring { id: competition })
        .await
        .expect("scoring");
    assert!(interview.rows.iter().any(|r| r.application_id == late));
}

/// Many anonymous readers at once all get the whole announcement (the page's head was once
/// read after its reactive owner was gone, which failed some concurrent requests).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_readers_all_get_the_announcement() {
    let app = TestApp::with_config(|c| {
        c.load_demo = true;
        c.public_per_minute = 100_000;
    })
    .await;
    let id = app
        .scalar("SELECT id FROM competitions WHERE state = 'announced'")
        .await;
    let mut readers = Vec::new();
    for i in 0..64 {
        let client = app.anonymous().at_address(&format!("198.51.100.{}", i % 8));
        readers.push(tokio::spawn(async move {
            let (status, html) = client.text(&format!("/vacancies/{id}")).await;
            (
                status.as_u16(),
                html.contains("data-testid=\"application-form\""),
            )
        }));
    }
    for reader in readers {
        assert_eq!(reader.await.expect("no panic"), (200, true));
    }
}

/// A stage has a day and place told to the applicants at least the notice period before it;
/// nothing of it is scored before that day, and the chair's inbox carries the result notice.
#[tokio::test]
async fn a_stage_is_told_in_advance_and_scored_from_its_day() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    // The demo's competition open for applications: its stages on days 15 and 16.
    let competition = app
        .scalar("SELECT id FROM competitions WHERE state = 'announced'")
        .await;
    let detail = hr
        .call(GetCompetition { id: competition })
        .await
        .expect("competition");
    assert_eq!(detail.may_schedule, vec![1, 2]);
    let first = detail.stages[0].held_on.expect("stage 1 scheduled");
    assert_eq!(first, app.today() + Duration::days(15));
    assert!(detail.stages[0].results_due.is_some_and(|d| d > first));
    assert_eq!(
        detail.earliest_stage_day,
        Some(app.today() + Duration::days(3))
    );

    // Too soon (inside the window and the notice), and before the earlier stage.
    assert_eq!(
        field_of(schedule(&hr, competition, 1, app.today() + Duration::days(1)).await),
        "held_on"
    );
    assert_eq!(
        field_of(schedule(&hr, competition, 2, app.today() + Duration::days(14)).await),
        "held_on"
    );
    // Neither a manager nor an ordinary member sets the day.
    let manager = app.demo_user("manager").await;
    assert!(matches!(
        schedule(&manager, competition, 1, first).await,
        Err(AppError::Forbidden)
    ));
    let member = app.demo_user("commission3").await;
    assert!(matches!(
        schedule(&member, competition, 1, first).await,
        Err(AppError::Forbidden)
    ));

    // An applicant sees the stages ahead on the status page.
    let code = app
        .anonymous()
        .call(Apply {
            competition_id: competition,
            form: applicant("01001017777", "ჯაფარიძე"),
            answer: answers("To serve the city"),
        })
        .await
        .expect("applied");
    let status = app
        .anonymous()
        .call(GetApplicationStatus { code: code.clone() })
        .await
        .expect("status");
    assert_eq!(status.next_stages.len(), 2);
    assert_eq!(status.next_stages[0].held_on, Some(first));
    assert_eq!(
        status.next_stages[0].venue,
        "მერიის შენობა, საკონფერენციო დარბაზი"
    );

    // The window closes; HR admits everyone and the stages begin two days before the first.
    app.clock().advance(Duration::days(13));
    let (today, now) = (app.today(), app.clock().now());
    app::competitions::service::bring_competitions_up_to(&app.state.db, today, now)
        .await
        .expect("closed");
    let hr = app.demo_user("hr").await;
    let [chair, _, _] = stages_begun(&app, &hr, competition).await;
    let view = chair
        .call(GetScoring { id: competition })
        .await
        .expect("scoring");
    assert!(!view.held && !view.i_score);
    let sheet = |client: &Client, application: i64| {
        let client = client.clone();
        async move {
            client
                .call(SubmitSheet {
                    id: competition,
                    application_id: application,
                    score: "8".into(),
                    comment: String::new(),
                })
                .await
        }
    };
    let applicant_id = view.rows[0].application_id;
    assert!(matches!(
        sheet(&chair, applicant_id).await,
        Err(AppError::Conflict(_))
    ));
    let chair_tasks = chair.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(!chair_tasks
        .iter()
        .any(|t| t.kind == app::domain::task::TaskKind::StageResults));

    // The day comes: sheets are taken, and the chair's inbox has the results' due day.
    app.clock().advance(Duration::days(2));
    let chair = app.demo_user("commission").await;
    sheet(&chair, applicant_id).await.expect("sheet on the day");
    let chair_tasks = chair.call(app::home::MyTasks {}).await.expect("tasks");
    let due = chair_tasks
        .iter()
        .find(|t| t.kind == app::domain::task::TaskKind::StageResults)
        .and_then(|t| t.due)
        .expect("results due");
    assert!(due > app.today());
    // A stage that has sheets cannot be moved.
    assert!(matches!(
        schedule(&chair, competition, 1, app.today() + Duration::days(5)).await,
        Err(AppError::Conflict(_))
    ));
    assert_eq!(
        app.audited("competition.stage_scheduled", Some(competition))
            .await,
        2
    );
}
