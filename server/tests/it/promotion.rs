//! The promotion check and the demotion grounds over HTTP on the demo: the commission's nominee
//! is checked for the vacancy the mayor decided to fill by promotion, each condition explained;
//! the order of a promotion move is refused while a condition is unmet.
use crate::support::fixtures::{order, yes};
use crate::support::*;
use app::competitions::{
    AgreementForm, ConsentForm, MoveOrderForm, MoveProposalForm, OrderMove, ProposeMove,
    RecordAgreement, RecordConsent,
};
use app::domain::career::{Conclusion, PromotionCondition};
use app::error::AppError;
use app::i18n::Key;
use app::promotion::*;

#[tokio::test]
async fn the_nominee_is_checked_condition_by_condition_and_an_unmet_one_blocks_the_order() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let today = app.today().to_string();

    let board = hr.call(ListPromotion {}).await.expect("board");
    let nominee = board.nominees.first().expect("the demo's nominee").clone();
    assert_eq!(nominee.attestation.conclusion, Conclusion::FitsHigher);
    let vacancy = board
        .vacancies
        .first()
        .expect("a vacancy decided for promotion")
        .clone();
    assert!(mayor.call(ListPromotion {}).await.is_ok());
    assert!(app.audited("promotion.board_read", None).await > 0);
    // Every demotion ground names what raised it.
    for g in &board.demotion {
        assert!(
            g.attestation.as_ref().map(|a| a.conclusion) == Some(Conclusion::DoesNotFit)
                || g.low_results.len() == board.low_in_row as usize,
            "{g:?}"
        );
    }

    let ranking = hr
        .call(CheckPromotion {
            vacancy: vacancy.id,
        })
        .await
        .expect("check");
    assert_eq!(ranking.high_months, 6);
    let candidate = ranking
        .candidates
        .iter()
        .find(|c| c.person.id == nominee.person.id)
        .expect("the nominee is a candidate")
        .clone();
    let codes: Vec<PromotionCondition> = candidate.conditions.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes, PromotionCondition::ALL.to_vec());
    // No move yet: no written consent, so not eligible.
    assert!(candidate
        .conditions
        .contains(&(PromotionCondition::Consent, false)));
    assert!(!candidate.eligible);
    assert_eq!(
        candidate.attestation.map(|a| a.conclusion),
        Some(Conclusion::FitsHigher)
    );
    for (n, c) in ranking.candidates.iter().enumerate() {
        assert_eq!(c.place, n + 1);
    }
    assert!(app.audited("promotion.check_read", Some(vacancy.id)).await > 0);

    // A vacancy decided otherwise has no promotion check.
    let other = app
        .scalar(&format!(
            "SELECT id FROM vacancies WHERE id <> {} ORDER BY id LIMIT 1",
            vacancy.id
        ))
        .await;
    assert!(matches!(
        hr.call(CheckPromotion { vacancy: other }).await,
        Err(AppError::Conflict(Key::PromotionNotDecided))
    ));

    // The move: proposed, consented and agreed; the check now reads the consent.
    let number: String = {
        let mut conn = app.state.db.read.acquire().await.expect("conn");
        sqlx::query_scalar("SELECT personal_number FROM employees WHERE id = $1")
            .bind(nominee.person.id)
            .fetch_one(&mut *conn)
            .await
            .expect("number")
    };
    let move_id = hr
        .call(ProposeMove {
            vacancy_id: vacancy.id,
            revision: app.revision("vacancies", vacancy.id).await,
            form: MoveProposalForm {
                personal_number: number,
                starts_on: today.clone(),
                acting_until: String::new(),
            },
        })
        .await
        .expect("proposed");
    hr.call(RecordConsent {
        move_id,
        revision: app.revision("staff_moves", move_id).await,
        form: ConsentForm {
            consent_on: today.clone(),
            consent_note: "No. 31".into(),
            confirm: yes(),
        },
    })
    .await
    .expect("consent");
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
    let after = hr
        .call(CheckPromotion {
            vacancy: vacancy.id,
        })
        .await
        .expect("check");
    let candidate = after
        .candidates
        .iter()
        .find(|c| c.person.id == nominee.person.id)
        .expect("candidate")
        .clone();
    assert!(candidate
        .conditions
        .contains(&(PromotionCondition::Consent, true)));
    assert_eq!(candidate.consent_on, Some(app.today()));
    // The demo's nominee has no qualification upgrade on file: a condition stays unmet, and
    // the mayor's order asks the check first and refuses.
    assert!(
        candidate
            .conditions
            .contains(&(PromotionCondition::QualifiedAndAttested, false)),
        "{:?}",
        candidate.conditions
    );
    {
        let refused = mayor
            .call(OrderMove {
                move_id,
                revision: app.revision("staff_moves", move_id).await,
                form: MoveOrderForm {
                    order: order("P-1", &today),
                    acting_reason: String::new(),
                    confirm: yes(),
                },
            })
            .await;
        assert!(
            matches!(
                refused,
                Err(AppError::Conflict(Key::PromotionConditionsUnmet))
            ),
            "{refused:?}"
        );
    }
}

#[tokio::test]
async fn employees_and_managers_see_no_promotion_board() {
    let app = TestApp::demo().await;
    for name in ["employee", "manager", "commission"] {
        let user = app.demo_user(name).await;
        assert!(matches!(
            user.call(ListPromotion {}).await,
            Err(AppError::Forbidden)
        ));
    }
}
