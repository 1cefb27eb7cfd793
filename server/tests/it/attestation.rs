//! Attestation over HTTP on the demo: HR schedules the officers due, the members vote or
//! recuse, the chair records what the votes carry with the dossier, the mayor's order makes it
//! effective, and the officers are due again only after the interval.
use crate::support::fixtures::{order, yes};
use crate::support::*;
use app::attestation::*;
use app::domain::attestation::SessionState;
use app::domain::career::Conclusion;
use app::error::AppError;
use app::i18n::Key;
use std::collections::HashMap;

fn ticked(ids: &[i64]) -> Option<HashMap<String, String>> {
    Some(
        ids.iter()
            .map(|i| (i.to_string(), "on".to_string()))
            .collect(),
    )
}

#[tokio::test]
async fn a_session_concludes_by_the_votes_and_the_mayor_orders_it() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let chair = app.demo_user("commission").await;
    let second = app.demo_user("commission2").await;
    let third = app.demo_user("commission3").await;

    let board = hr.call(ListAttestation {}).await.expect("board");
    assert!(board.enabled && board.interval_years == 3);
    // The demo's session, held and ordered.
    assert!(board
        .sessions
        .iter()
        .any(|s| s.state == SessionState::Ordered));
    let due: Vec<i64> = board
        .due
        .iter()
        .filter(|d| !d.scheduled)
        .take(2)
        .map(|d| d.person.id)
        .collect();
    assert_eq!(due.len(), 2, "officers due");
    assert_eq!(
        fields(refused(
            hr.call(ScheduleSession {
                held_on: String::new(),
                place: String::new(),
                chair: String::new(),
                member: None,
                officer: None,
            })
            .await
        )),
        ["chair", "held_on", "member", "officer", "place"]
    );
    let users: Vec<i64> = board.commission.iter().map(|c| c.0).collect();
    let chair_id = app
        .scalar("SELECT id FROM users WHERE username = 'commission'")
        .await;
    let id = hr
        .call(ScheduleSession {
            held_on: app.today().to_string(),
            place: "Council hall".into(),
            chair: chair_id.to_string(),
            member: ticked(&users),
            officer: ticked(&due),
        })
        .await
        .expect("scheduled");
    let s = chair
        .call(GetSession { id })
        .await
        .expect("the chair reads");
    assert_eq!(s.officers.len(), 2);
    assert!(s.officers.iter().all(|a| a.may_vote && a.may_conclude));
    assert!(app.audited("attestation.read", Some(id)).await >= 1);
    let (first, other) = (s.officers[0].id, s.officers[1].id);

    let vote = |id: i64, vote: &str, note: &str| CastVote {
        id,
        vote: vote.into(),
        note: note.into(),
    };
    let conclude = |id: i64| ConcludeAttestation {
        id,
        reasoning: "The dossier shows steady good results.".into(),
        confirm: yes(),
    };
    // A recusal states the conflict; the chair waits for every member.
    assert_invalid(
        third.call(vote(first, "recused", "")).await,
        "note",
        Key::AttestationRecusalReason,
    );
    chair
        .call(vote(first, "fits_higher", ""))
        .await
        .expect("voted");
    assert_eq!(
        refused(chair.call(conclude(first)).await),
        AppError::Conflict(Key::AttestationVotesMissing)
    );
    second
        .call(vote(first, "fits_higher", ""))
        .await
        .expect("voted");
    third
        .call(vote(first, "recused", "Works in my department."))
        .await
        .expect("recused");
    // Only the chair concludes.
    assert_eq!(
        refused(second.call(conclude(first)).await),
        AppError::Forbidden
    );
    chair.call(conclude(first)).await.expect("concluded");
    // A tie is broken by the chair's vote.
    chair
        .call(vote(other, "fits_position", ""))
        .await
        .expect("voted");
    second
        .call(vote(other, "does_not_fit", ""))
        .await
        .expect("voted");
    third
        .call(vote(other, "recused", "A relative."))
        .await
        .expect("recused");
    chair.call(conclude(other)).await.expect("concluded");
    let s = mayor
        .call(GetSession { id })
        .await
        .expect("the mayor reads");
    assert_eq!(s.state, SessionState::Concluded);
    assert_eq!(s.officers[0].conclusion, Some(Conclusion::FitsHigher));
    assert_eq!(s.officers[1].conclusion, Some(Conclusion::FitsPosition));
    assert!(s.officers[0].votes.iter().any(|v| v.recused));
    assert!(s.may_order);
    assert_eq!(
        refused(chair.call(vote(first, "fits_position", "")).await),
        AppError::Conflict(Key::AttestationClosed)
    );
    assert_eq!(app.audited("attestation.concluded", Some(first)).await, 1);

    let order_form = |number: &str| SessionOrderForm {
        order: order(number, &app.today().to_string()),
        confirm: yes(),
    };
    assert_eq!(
        refused(
            hr.call(OrderSession {
                id,
                revision: s.revision,
                form: order_form("2-4/901"),
            })
            .await
        ),
        AppError::Forbidden
    );
    mayor
        .call(OrderSession {
            id,
            revision: s.revision,
            form: order_form("2-4/901"),
        })
        .await
        .expect("ordered");
    let s = mayor.call(GetSession { id }).await.expect("read");
    assert_eq!(s.state, SessionState::Ordered);
    assert!(s.order.is_some());
    // Attested today: not due for another three years.
    let board = hr.call(ListAttestation {}).await.expect("board");
    assert!(board.due.iter().all(|d| !due.contains(&d.person.id)));
}
