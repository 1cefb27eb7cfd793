//! Promotion and demotion pages: the vacancies decided for a promotion, the commission's
//! nominees and the demotion grounds; for one vacancy, every candidate's promotion check with
//! each condition and the records it read, ranked.
use super::widgets::{
    badge, fetched, id_param, in_locale, or_empty, Breadcrumbs, Crumb, Loaded, SignedIn,
};
use crate::domain::career::PromotionCondition;
use crate::domain::common::date_text;
use crate::domain::work_plan::month_text;
use crate::domain::Role;
use crate::i18n::{t, use_locale, Key};
use crate::promotion::{
    check_promotion, list_promotion, CandidateCheck, DemotionGround, PromotionBoard,
    PromotionRanking, RatingLine,
};
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{Route, A};
use leptos_router::{path, Lazy, SsrMode};

const OVERSIGHT: &[Role] = &[Role::Hr, Role::Mayor];

#[component(transparent)]
pub fn PromotionRoutes() -> AnyNestedRoute {
    view! {
        <Route path=path!("promotion") view={Lazy::<super::pages::PromotionPageLazy>::new()} ssr=SsrMode::Async />
        <Route path=path!("promotion/:id") view={Lazy::<super::pages::CheckPageLazy>::new()} ssr=SsrMode::Async />
    }
    .into_inner()
    .into_any_nested_route()
}

#[component]
pub fn PromotionPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><BoardView /></SignedIn> }
}

#[component]
fn BoardView() -> impl IntoView {
    let board = fetched(|| (), |_| list_promotion());
    view! {
        <section class="card wide">
            <h1>{t(Key::PromotionTitle)}</h1>
            <p class="muted">{t(Key::PromotionIntro)}</p>
            <Loaded resource=board let:b>
                <BoardContent b />
            </Loaded>
        </section>
    }
}

fn rank_text(rank: Option<i64>) -> String {
    rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into())
}

/// A rating as the check read it: a month, or an annual period.
fn rating_line(l: &RatingLine) -> impl IntoView {
    let when = if l.monthly {
        month_text(l.from)
    } else {
        format!("{} – {}", date_text(l.from), date_text(l.to))
    };
    let kind = if l.monthly {
        Key::PromotionMonthly
    } else {
        Key::PromotionAnnual
    };
    view! { <li>{when} " (" {t(kind)} "): " {t(l.rating.key())}</li> }
}

#[component]
fn BoardContent(b: PromotionBoard) -> impl IntoView {
    let low = b.low_in_row;
    view! {
        <h2>{t(Key::PromotionVacancies)}</h2>
        {or_empty(b.vacancies, Key::PromotionNoVacancies, |rows| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="promotion-vacancies">
                <thead><tr><th>{t(Key::PromotionPosition)}</th><th>{t(Key::PromotionRank)}</th><th>{t(Key::WorkPlanState)}</th></tr></thead>
                <tbody>{rows.into_iter().map(|v| view! {
                    <tr>
                        <td><A href=format!("/promotion/{}", v.id)>{in_locale(&v.title)}</A>
                            {v.unit.as_ref().map(|u| view! { <br /><span class="muted">{in_locale(u)}</span> })}</td>
                        <td>{rank_text(v.rank)}</td>
                        <td>{badge("vacancy", v.state, "vacancy-state")}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
        <h2>{t(Key::PromotionNominees)}</h2>
        {or_empty(b.nominees, Key::PromotionNoNominees, |rows| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="nominees">
                <thead><tr><th>{t(Key::ProbationPerson)}</th><th>{t(Key::PromotionRank)}</th><th>{t(Key::PromotionAttestation)}</th></tr></thead>
                <tbody>{rows.into_iter().map(|n| view! {
                    <tr>
                        <td><A href=format!("/employees/{}", n.person.id)>{in_locale(&n.person.name)}</A><br /><span class="muted">{in_locale(&n.position)}</span></td>
                        <td>{rank_text(n.rank)}</td>
                        <td><A href=format!("/attestation/{}", n.attestation.session_id)>{date_text(n.attestation.held_on)}</A></td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
        <h2>{t(Key::PromotionDemotion)}</h2>
        <p class="muted">{t(Key::PromotionDemotionIntro)}</p>
        {or_empty(b.demotion, Key::PromotionNoDemotion, move |rows| view! {
            <ul class="plain" data-testid="demotion">
                {rows.into_iter().map(|g| view! { <DemotionItem g low /> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn DemotionItem(g: DemotionGround, low: u32) -> impl IntoView {
    let locale = use_locale();
    let low_text =
        move || Key::PromotionLowInRow.format(locale.get(), &[("count", &low.to_string())]);
    view! {
        <li class="card-line">
            <p><A href=format!("/employees/{}", g.person.id)>{in_locale(&g.person.name)}</A> " · " <span class="muted">{in_locale(&g.position)}</span></p>
            {g.attestation.map(|a| view! {
                <p>{t(Key::PromotionDoesNotFit)} " " <A href=format!("/attestation/{}", a.session_id)>{date_text(a.held_on)}</A></p>
            })}
            {(!g.low_results.is_empty()).then(|| view! {
                <p>{low_text}</p>
                <ul>{g.low_results.iter().map(rating_line).collect_view()}</ul>
            })}
        </li>
    }
}

#[component]
pub fn CheckPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><CheckView /></SignedIn> }
}

#[component]
fn CheckView() -> impl IntoView {
    let id = id_param();
    let ranking = fetched(id, check_promotion);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/promotion", Key::PromotionTitle, OVERSIGHT)] />
            <Loaded resource=ranking let:r>
                <CheckContent r />
            </Loaded>
        </section>
    }
}

#[component]
fn CheckContent(r: PromotionRanking) -> impl IntoView {
    let months = r.high_months.to_string();
    let locale = use_locale();
    let rule = {
        let months = months.clone();
        let from = date_text(r.rule_valid_from);
        move || Key::PromotionRule.format(locale.get(), &[("months", &months), ("from", &from)])
    };
    view! {
        <h1>{t(Key::PromotionCheckTitle)} ": " {in_locale(&r.vacancy.title)}</h1>
        <p class="muted">{r.vacancy.unit.as_ref().map(in_locale)} " · " {t(Key::PromotionRank)} " " {rank_text(r.vacancy.rank)} " · " {date_text(r.on)}</p>
        <p class="muted">{rule}</p>
        {or_empty(r.candidates, Key::PromotionNoCandidates, move |rows| {
            let months = months.clone();
            rows.into_iter().map(|c| view! { <CandidateCard c months=months.clone() /> }).collect_view()
        })}
        <p><A href="/competitions">{t(Key::PromotionToMoves)}</A></p>
    }
}

#[component]
fn CandidateCard(c: CandidateCheck, months: String) -> impl IntoView {
    let verdict = if c.eligible {
        view! { <span class="badge badge-ok" data-testid="verdict">{t(Key::PromotionEligible)}</span> }
    } else {
        view! { <span class="badge badge-warn" data-testid="verdict">{t(Key::PromotionNotEligible)}</span> }
    };
    let conditions = c.conditions.clone();
    let name = c.person.name.clone();
    let position = c.position.clone();
    view! {
        <article class="candidate" data-testid=format!("candidate-{}", c.person.id)>
            <h2>{c.place} ". " <A href=format!("/employees/{}", c.person.id)>{in_locale(&name)}</A> " " {verdict}</h2>
            <p class="muted">{in_locale(&position)} " · " {t(Key::PromotionRank)} " " {rank_text(c.rank)}
               {c.mark.clone().map(|m| view! { " · " {t(Key::PromotionMark)} " " {m} })}
               {c.move_state.map(|s| view! { " · " {badge("move", s, "move-state")} })}</p>
            <ul class="checks">
                {conditions.into_iter().map(|(condition, ok)| view! {
                    <li class:ok=ok class:fails=!ok data-testid=format!("condition-{}", condition.code())>
                        <strong>{t(condition.key())}</strong> " "
                        <span class=if ok { "badge badge-ok" } else { "badge badge-warn" }>{t(if ok { Key::PromotionHolds } else { Key::PromotionFails })}</span>
                        <Evidence c=c.clone() condition months=months.clone() />
                    </li>
                }).collect_view()}
            </ul>
        </article>
    }
}

/// The records a condition read, in a sentence or a short list.
#[component]
fn Evidence(c: CandidateCheck, condition: PromotionCondition, months: String) -> impl IntoView {
    let locale = use_locale();
    match condition {
        PromotionCondition::Consent => view! {
            <p class="muted">{match (c.consent_on, c.move_state) {
                (Some(on), _) => view! { {t(Key::PromotionConsentOn)} " " {date_text(on)} }.into_any(),
                (None, Some(_)) => t(Key::PromotionConsentPending).into_any(),
                (None, None) => t(Key::PromotionNoMove).into_any(),
            }}</p>
        }
        .into_any(),
        PromotionCondition::QualifiedAndAttested => view! {
            <p class="muted">{match c.attestation {
                Some(a) => view! { {t(Key::PromotionAttestation)} " " {date_text(a.held_on)} ": " {t(a.conclusion.key())} }.into_any(),
                None => t(Key::PromotionNoAttestation).into_any(),
            }}<br />
            {match c.qualification {
                Some(q) => view! { {t(Key::PromotionQualification)} " " {q.course} " (" {date_text(q.ends_on)} ")" }.into_any(),
                None => t(Key::PromotionNoQualification).into_any(),
            }}</p>
        }
        .into_any(),
        PromotionCondition::HighEvaluation => {
            let none = move || Key::PromotionNoRecent.format(locale.get(), &[("months", &months)]);
            if c.recent.is_empty() {
                view! { <p class="muted">{none}</p> }.into_any()
            } else {
                view! { <ul class="muted">{c.recent.iter().map(rating_line).collect_view()}</ul> }
                    .into_any()
            }
        }
        PromotionCondition::NoSanction => if c.sanctions.is_empty() {
            view! { <p class="muted">{t(Key::PromotionNoSanctions)}</p> }.into_any()
        } else {
            view! { <ul class="muted">{c.sanctions.iter().map(|s| view! {
                <li>{t(s.kind.key())} " " {date_text(s.valid_from)} " – " {s.valid_to.map(date_text).unwrap_or_default()}</li>
            }).collect_view()}</ul> }
            .into_any()
        },
        PromotionCondition::NoNegativeFromSuperior => match c.negative {
            Some(l) => view! { <ul class="muted">{rating_line(&l)}</ul> }.into_any(),
            None => view! { <p class="muted">{t(Key::PromotionNoNegativeFound)}</p> }.into_any(),
        },
    }
}
