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
    competition
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
