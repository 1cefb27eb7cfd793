//! Review requests: the applicant asks on their status page (within the window after a stage
//! result); HR or the mayor, never one who scored the applicant, decides on the competition
//! page.
use super::action;
use crate::competitions::{DecideReview, OwnStage, RequestReview, ReviewRow};
use crate::domain::common::date_text;
use crate::domain::competition::ReviewState;
use crate::i18n::{t, use_locale, Key};
use crate::ui::widgets::{
    action_error, badge, in_locale, Confirm, FormError, Label, Select, TextArea,
};
use leptos::prelude::*;

/// Under one stage result on the status page: the request and its decision, or the form to
/// ask while the window is open.
#[component]
pub fn OwnReviewView(stage: OwnStage, code: String) -> impl IntoView {
    let action = ServerAction::<RequestReview>::new();
    let error = action_error(action);
    let locale = use_locale();
    let kind = stage.rule.kind;
    view! {
        {stage.review.clone().map(|r| view! {
            <div class="review" data-testid=format!("own-review-{}", stage.ordinal)>
                <p><strong>{t(Key::ReviewRequested)}</strong> " " {date_text(r.requested_on)} " · " {badge("review", r.state, "review-state")}</p>
                <p class="muted">{r.reason.clone()}</p>
                {r.decision.clone().map(|d| view! { <p><strong>{t(Key::ReviewDecision)}</strong> ": " {d}</p> })}
            </div>
        })}
        {stage.review_until.map(|until| view! {
            <details data-testid=format!("review-form-{}", stage.ordinal) open=error.get_untracked().is_some()>
                <summary>{move || Key::ReviewAsk.format(locale.get(), &[("stage", kind.key().text(locale.get())), ("date", &date_text(until))])}</summary>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="code" value=code.clone() />
                    <input type="hidden" name="ordinal" value=stage.ordinal />
                    <TextArea label=Key::ReviewReason name="reason" error rows=4 />
                    <button type="submit" class="button-primary">{t(Key::ReviewSubmit)}</button>
                </ActionForm>
            </details>
        })}
    }
}

/// The competition's review requests, with the decision form where the caller may decide.
#[component]
pub fn ReviewsSection(competition: i64, reviews: Vec<ReviewRow>) -> impl IntoView {
    (!reviews.is_empty()).then(|| {
        view! {
            <h2>{t(Key::ReviewsTitle)}</h2>
            <ul class="reviews" data-testid="reviews">
                {reviews.into_iter().map(|r| view! { <ReviewItem competition r /> }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn ReviewItem(competition: i64, r: ReviewRow) -> impl IntoView {
    let decide = action::<DecideReview>();
    let error = action_error(decide);
    let outcomes: Vec<(String, Label)> = [ReviewState::Upheld, ReviewState::Rejected]
        .into_iter()
        .map(|s| {
            (
                crate::domain::Coded::code(s).to_string(),
                crate::domain::Coded::key(s).into(),
            )
        })
        .collect();
    view! {
        <li class="review" data-testid=format!("review-{}", r.id)>
            <p><strong>{in_locale(&r.applicant)}</strong> " · " {t(r.stage.rule.kind.key())} " · " {date_text(r.requested_on)}
               " · " {badge("review", r.state, "review-state")}</p>
            <p>{r.reason.clone()}</p>
            {r.decision.clone().map(|d| view! {
                <p><strong>{t(Key::ReviewDecision)}</strong> ": " {d}
                   <span class="muted">" — " {r.decided_by.clone()} " · " {r.decided_on.map(date_text)}</span></p>
            })}
            {r.let_through.then(|| view! { <p class="alert" data-testid="review-let-through">{t(Key::ReviewLetThrough)}</p> })}
            {r.may_decide.then(|| view! {
                <details open=error.get_untracked().is_some()>
                    <summary>{t(Key::ReviewDecide)}</summary>
                    <ActionForm action=decide attr:class="form">
                        <FormError error />
                        <input type="hidden" name="id" value=competition />
                        <input type="hidden" name="review_id" value=r.id />
                        <input type="hidden" name="revision" value=r.revision />
                        <Select label=Key::ReviewOutcome name="outcome" options=outcomes.clone() error empty=Key::ChooseOne />
                        <p class="field-hint">{t(Key::ReviewUpheldHint)}</p>
                        <TextArea label=Key::ReviewDecision name="decision" error rows=3 />
                        <Confirm label=Key::ReviewDecideConfirm error />
                        <button type="submit" class="button-primary">{t(Key::Record)}</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}
