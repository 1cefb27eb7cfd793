//! Probation pages: the list (scoped to the reader) and one probation with its quarters, the
//! reviews and answers, the plan and mentor, the oath and the mayor's decision on a ground.
use super::org::OrderFields;
use super::widgets::{
    action, action_error, badge, fetched, id_param, in_locale, or_empty, provide_reload,
    Breadcrumbs, Confirm, Crumb, Field, FormError, Label, Loaded, RadioChoice, Select, SignedIn,
    TextArea,
};
use crate::domain::common::date_text;
use crate::domain::order::OrderType;
use crate::domain::probation::{GroundDecision, ReviewOutcome};
use crate::domain::Role;
use crate::i18n::{t, use_locale, Key};
use crate::probation::{
    get_probation, list_probations, AcknowledgeReview, AnswerReview, DecideGround, FinalizeReview,
    ManageProbation, ProbationDetail, QuarterView, RecordOath, ReviewQuarter, StartCandidate,
    StartProbation,
};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, A};
use leptos_router::{path, Lazy, SsrMode};

#[component(transparent)]
pub fn ProbationRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("probation") view={Lazy::<super::pages::ProbationListPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("probation/:id") view={Lazy::<super::pages::ProbationPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
pub fn ProbationListPage() -> impl IntoView {
    view! { <SignedIn><ProbationListView /></SignedIn> }
}

#[component]
fn ProbationListView() -> impl IntoView {
    let done = provide_reload();
    let list = fetched(move || done.get(), |_| list_probations());
    view! {
        <section class="card wide">
            <h1>{t(Key::ProbationTitle)}</h1>
            <Loaded resource=list let:data>
                <p class="muted">{t(if data.pass_by_default { Key::ProbationDefaultPass } else { Key::ProbationDefaultDecide })}</p>
                {or_empty(data.rows, Key::ProbationNone, |rows| view! {
                    <div class="table-scroll" tabindex="0"><table class="data" data-testid="probations">
                        <thead><tr>
                            <th>{t(Key::ProbationPerson)}</th><th>{t(Key::ProbationPosition)}</th>
                            <th>{t(Key::ProbationTerm)}</th><th>{t(Key::ProbationState)}</th>
                            <th>{t(Key::ProbationNextReview)}</th><th>{t(Key::ProbationNegatives)}</th>
                        </tr></thead>
                        <tbody>{rows.into_iter().map(|r| view! {
                            <tr class:overdue=r.overdue>
                                <td><A href=format!("/probation/{}", r.id)>{in_locale(&r.person.name)}</A></td>
                                <td>{in_locale(&r.position)}{r.unit.map(|u| view! { <br /><span class="muted">{in_locale(&u)}</span> })}</td>
                                <td>{date_text(r.starts_on)} " – " {date_text(r.ends_on)}</td>
                                <td>{badge("probation", r.state, "probation-state")}
                                    {r.ground_open.then(|| view! { " " <span class="badge badge-warn">{t(Key::ProbationGroundOpen)}</span> })}</td>
                                <td>{r.next_review.map(|q| view! {
                                    {date_text(q.from)} " – " {date_text(q.to)} <br />
                                    <span class="muted">{t(Key::ProbationDue)} " " {date_text(q.review_due)}</span>
                                })}</td>
                                <td class="num">{r.negatives}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table></div>
                })}
                {(!data.may_start.is_empty()).then(|| view! {
                    <h2>{t(Key::ProbationStartTitle)}</h2>
                    <p class="muted">{t(Key::ProbationStartIntro)}</p>
                    {data.may_start.into_iter().map(|c| view! { <StartForm c /> }).collect_view()}
                })}
            </Loaded>
        </section>
    }
}

#[component]
fn StartForm(c: StartCandidate) -> impl IntoView {
    let start = action::<StartProbation>();
    let error = action_error(start);
    let locale = use_locale();
    let months = c.max_months.to_string();
    let hint = move || Key::ProbationMaxMonths.format(locale.get(), &[("months", &months)]);
    view! {
        <div class="subsection">
            <p><strong>{in_locale(&c.person.name)}</strong> " — " {in_locale(&c.position)} ", " {date_text(c.start)}</p>
            <ActionForm action=start attr:class="form inline" attr:data-testid="start-probation">
                <FormError error />
                <input type="hidden" name="assignment_id" value=c.assignment_id />
                <Field label=Key::ProbationMonths name="months" input_type="number" error />
                <p class="field-hint">{hint}</p>
                <button type="submit">{t(Key::ProbationStart)}</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn ProbationPage() -> impl IntoView {
    view! { <SignedIn><ProbationView /></SignedIn> }
}

#[component]
fn ProbationView() -> impl IntoView {
    let id = id_param();
    let done = provide_reload();
    let detail = fetched(move || (id(), done.get()), |(id, _)| get_probation(id));
    view! {
        <Loaded resource=detail let:d>
            <ProbationCard d />
        </Loaded>
    }
}

#[component]
fn ProbationCard(d: ProbationDetail) -> impl IntoView {
    let d = StoredValue::new(d);
    let v = d.get_value();
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/probation", Key::ProbationTitle, &[Role::Hr, Role::Mayor, Role::Manager])] />
            <h1 data-testid="probationer">{in_locale(&v.person.name)}</h1>
            <dl class="facts">
                <dt>{t(Key::ProbationPosition)}</dt>
                <dd>{in_locale(&v.position)}{v.unit.as_ref().map(|u| view! { ", " {in_locale(u)} })}</dd>
                <dt>{t(Key::ProbationTerm)}</dt>
                <dd data-testid="term">{date_text(v.starts_on)} " – " {date_text(v.ends_on)}
                    " (" {move || Key::ProbationMonthsRule.format(use_locale().get(), &[("months", &d.with_value(|d| d.months.to_string())), ("date", &d.with_value(|d| date_text(d.rule_valid_from)))])} ")"</dd>
                <dt>{t(Key::ProbationState)}</dt>
                <dd>{badge("probation", v.state, "probation-state")}</dd>
                {v.oath_on.map(|o| view! { <dt>{t(Key::ProbationOath)}</dt><dd data-testid="oath">{date_text(o)}</dd> })}
                {v.closed_on.map(|c| view! { <dt>{t(Key::ProbationClosedOn)}</dt><dd>{date_text(c)}</dd> })}
                <dt>{t(Key::ProbationMentor)}</dt>
                <dd data-testid="mentor">{match &v.mentor { Some(m) => in_locale(&m.name).into_any(), None => t(Key::ProbationNoMentor).into_any() }}</dd>
                {v.competition_id.map(|c| view! { <dt>{t(Key::ProbationByCompetition)}</dt><dd><A href=format!("/competitions/{c}")>"#" {c}</A></dd> })}
            </dl>
            <Grounds d />
            <h2>{t(Key::ProbationPlan)}</h2>
            {or_empty(if v.plan.trim().is_empty() { vec![] } else { vec![v.plan.clone()] }, Key::ProbationNoPlan, |p| view! { <p class="pre" data-testid="plan">{p[0].clone()}</p> })}
            {v.may_manage.then(|| view! { <ManageForm d /> })}
            <h2>{t(Key::ProbationQuarters)}</h2>
            <p class="muted">{t(Key::ProbationQuartersIntro)}</p>
            {v.quarters.into_iter().map(|q| {
                let months: Vec<_> = v.monthly.iter().filter(|m| m.month >= crate::domain::work_plan::month_of(q.quarter.from) && m.month <= q.quarter.to).cloned().collect();
                view! { <QuarterCard id=v.id q months /> }
            }).collect_view()}
            {v.may_record_oath.then(|| view! { <OathForm id=v.id pass_by_default=v.pass_by_default /> })}
        </section>
    }
}

#[component]
fn Grounds(d: StoredValue<ProbationDetail>) -> impl IntoView {
    let v = d.get_value();
    let locale = use_locale();
    view! {
        {v.grounds.into_iter().map(|g| {
            let quarters = g.quarters.iter().map(|q| q.to_string()).collect::<Vec<_>>().join(", ");
            let raised_on = date_text(g.raised_on);
            let raised = move || Key::ProbationGroundRaised.format(locale.get(), &[("date", &raised_on), ("quarters", &quarters)]);
            view! {
                <div class=if g.decision.is_none() { "alert alert-error" } else { "subsection" } data-testid="ground">
                    <p><strong>{raised}</strong></p>
                    {g.decision.map(|dec| view! {
                        <p data-testid="ground-decision">{t(dec.key())} " — " {g.decided_by.clone()} ", " {g.decided_on.map(date_text)}</p>
                        <p class="pre">{g.reason.clone()}</p>
                        {g.order.clone().map(|o| view! { <p><A href=format!("/orders/{}", o.id)>{format!("№ {} ({})", o.number, date_text(o.order_date))}</A></p> })}
                    })}
                </div>
            }
        }).collect_view()}
        {v.may_decide.then(|| view! { <DecideForm id=v.id /> })}
    }
}

#[component]
fn ManageForm(d: StoredValue<ProbationDetail>) -> impl IntoView {
    let manage = action::<ManageProbation>();
    let error = action_error(manage);
    let v = d.get_value();
    let options: Vec<(String, Label)> = v
        .colleagues
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone().into()))
        .collect();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary data-testid="manage">{t(Key::ProbationManage)}</summary>
            <ActionForm action=manage attr:class="form" attr:data-testid="manage-form">
                <FormError error />
                <input type="hidden" name="id" value=v.id />
                <input type="hidden" name="revision" value=v.revision />
                <Select label=Key::ProbationMentor name="mentor_id" options error empty=Key::ProbationNoMentor
                    selected=v.mentor.as_ref().map(|m| m.id.to_string()).unwrap_or_default() />
                <TextArea label=Key::ProbationPlan name="plan" error value=v.plan.clone() rows=6 />
                <button type="submit" class="button-primary">{t(Key::Save)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn QuarterCard(
    id: i64,
    q: QuarterView,
    months: Vec<crate::domain::work_plan::MonthlyEvaluation>,
) -> impl IntoView {
    let evidence = q.may_review || q.may_finalize || !months.is_empty();
    let locale = use_locale();
    let (n, from, to) = (
        q.quarter.number.to_string(),
        date_text(q.quarter.from),
        date_text(q.quarter.to),
    );
    let title = move || {
        Key::ProbationQuarterTitle.format(locale.get(), &[("n", &n), ("from", &from), ("to", &to)])
    };
    let n = q.quarter.number;
    view! {
        <div class="subsection" data-testid=format!("quarter-{n}")>
            <h3>{title}</h3>
            <p class="muted">{t(Key::ProbationDue)} " " {date_text(q.quarter.review_due)}</p>
            {match q.review.clone() {
                None => view! { <p class="empty">{t(Key::ProbationNoReview)}</p> }.into_any(),
                Some(r) => view! {
                    <dl class="facts">
                        <dt>{t(Key::ProbationOutcome)}</dt>
                        <dd>{badge("outcome", r.outcome, "review-outcome")} " " {badge("review", r.state, "review-state")}</dd>
                        <dt>{t(Key::ProbationReviewer)}</dt><dd>{r.reviewer.clone()} ", " {date_text(r.proposed_on)}</dd>
                        <dt>{t(Key::ProbationJustification)}</dt><dd class="pre">{r.justification.clone()}</dd>
                        <dt>{t(Key::ProbationAnswerUntil)}</dt><dd>{date_text(r.answer_until)}</dd>
                        {r.answer.clone().map(|a| view! { <dt>{t(Key::ProbationAnswer)}</dt><dd class="pre" data-testid="answer">{a}</dd> })}
                        {r.final_note.clone().map(|a| view! { <dt>{t(Key::ProbationFinalNote)}</dt><dd class="pre">{a}</dd> })}
                        {r.finalized_on.map(|f| view! { <dt>{t(Key::ProbationFinalOn)}</dt><dd>{date_text(f)}</dd> })}
                        {r.acknowledged_on.map(|f| view! { <dt>{t(Key::ProbationAcknowledgedOn)}</dt><dd>{date_text(f)}</dd> })}
                    </dl>
                }.into_any(),
            }}
            {evidence.then(|| view! { <super::work_plans::MonthlyEvidence months title=Key::WorkPlanEvidenceQuarter /> })}
            {q.may_review.then(|| view! { <ReviewForm id n /> })}
            {q.may_answer.then(|| view! { <AnswerForm id n /> })}
            {q.may_finalize.then(|| view! { <FinalizeForm id n /> })}
            {q.may_acknowledge.then(|| view! { <AcknowledgeForm id n /> })}
        </div>
    }
}

fn outcomes() -> Vec<(&'static str, Key)> {
    ReviewOutcome::ALL
        .iter()
        .map(|o| (o.code(), o.key()))
        .collect()
}

#[component]
fn ReviewForm(id: i64, n: u32) -> impl IntoView {
    let review = action::<ReviewQuarter>();
    let error = action_error(review);
    view! {
        <ActionForm action=review attr:class="form" attr:data-testid="review-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="quarter" value=n />
            <RadioChoice label=Key::ProbationOutcome name="outcome" options=outcomes() error />
            <TextArea label=Key::ProbationJustification name="justification" error rows=4 />
            <p class="field-hint">{t(Key::ProbationReviewHint)}</p>
            <button type="submit" class="button-primary">{t(Key::ProbationSendReview)}</button>
        </ActionForm>
    }
}

#[component]
fn AnswerForm(id: i64, n: u32) -> impl IntoView {
    let answer = action::<AnswerReview>();
    let error = action_error(answer);
    view! {
        <ActionForm action=answer attr:class="form" attr:data-testid="answer-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="quarter" value=n />
            <TextArea label=Key::ProbationAnswer name="answer" error rows=4 />
            <button type="submit">{t(Key::ProbationSendAnswer)}</button>
        </ActionForm>
    }
}

#[component]
fn FinalizeForm(id: i64, n: u32) -> impl IntoView {
    let finalize = action::<FinalizeReview>();
    let error = action_error(finalize);
    view! {
        <ActionForm action=finalize attr:class="form" attr:data-testid="finalize-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="quarter" value=n />
            <RadioChoice label=Key::ProbationFinalOutcome name="outcome" options=outcomes() error />
            <TextArea label=Key::ProbationFinalNote name="note" error rows=3 />
            <Confirm label=Key::ProbationFinalizeConfirm error />
            <button type="submit" class="button-primary">{t(Key::ProbationFinalize)}</button>
        </ActionForm>
    }
}

#[component]
fn AcknowledgeForm(id: i64, n: u32) -> impl IntoView {
    let ack = action::<AcknowledgeReview>();
    let error = action_error(ack);
    view! {
        <ActionForm action=ack attr:class="form" attr:data-testid="acknowledge-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="quarter" value=n />
            <Confirm label=Key::ProbationAcknowledgeConfirm error />
            <button type="submit">{t(Key::ProbationAcknowledge)}</button>
        </ActionForm>
    }
}

#[component]
fn OathForm(id: i64, pass_by_default: bool) -> impl IntoView {
    let oath = action::<RecordOath>();
    let error = action_error(oath);
    view! {
        <h2>{t(Key::ProbationOath)}</h2>
        <p class="muted">{t(if pass_by_default { Key::ProbationDefaultPass } else { Key::ProbationDefaultDecide })}</p>
        <ActionForm action=oath attr:class="form" attr:data-testid="oath-form">
            <FormError error />
            <input type="hidden" name="id" value=id />
            <Field label=Key::ProbationOathDay name="oath_on" input_type="date" error />
            <Confirm label=Key::ProbationOathConfirm error />
            <button type="submit" class="button-primary">{t(Key::ProbationRecordOath)}</button>
        </ActionForm>
    }
}

#[component]
fn DecideForm(id: i64) -> impl IntoView {
    let dismiss = action::<DecideGround>();
    let dismiss_error = action_error(dismiss);
    let go_on = action::<DecideGround>();
    let go_on_error = action_error(go_on);
    view! {
        <h2>{t(Key::ProbationDecideTitle)}</h2>
        <p class="muted">{t(Key::ProbationDecideIntro)}</p>
        <details open=dismiss_error.get_untracked().is_some()>
            <summary data-testid="decide-dismiss">{t(GroundDecision::Dismiss.key())}</summary>
            <ActionForm action=dismiss attr:class="form" attr:data-testid="dismiss-form">
                <FormError error=dismiss_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="decision" value=GroundDecision::Dismiss.code() />
                <TextArea label=Key::ProbationDecisionReason name="reason" error=dismiss_error rows=3 />
                <Field label=Key::ProbationLastDay name="end_date" input_type="date" error=dismiss_error />
                <OrderFields error=dismiss_error default_type=OrderType::Personnel />
                <Confirm label=Key::ProbationDismissConfirm error=dismiss_error />
                <button type="submit" class="button-danger">{t(Key::ProbationDismiss)}</button>
            </ActionForm>
        </details>
        <details open=go_on_error.get_untracked().is_some()>
            <summary data-testid="decide-continue">{t(GroundDecision::Continue.key())}</summary>
            <ActionForm action=go_on attr:class="form" attr:data-testid="continue-form">
                <FormError error=go_on_error />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="decision" value=GroundDecision::Continue.code() />
                <TextArea label=Key::ProbationDecisionReason name="reason" error=go_on_error rows=3 />
                <Confirm label=Key::ProbationContinueConfirm error=go_on_error />
                <button type="submit" class="button-primary">{t(Key::ProbationContinue)}</button>
            </ActionForm>
        </details>
    }
}
