//! The competition reports (HR and the mayor) and the mayor's integrity view.
use crate::competitions::{get_competition_reports, CompetitionReports};
use crate::domain::common::date_text;
use crate::i18n::{t, Key};
use crate::ui::widgets::{
    badge, fetched, in_locale, Breadcrumbs, Crumb, ExportLinks, Loaded, SignedIn, OVERSIGHT,
};
use leptos::prelude::*;

#[component]
pub fn ReportsPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><ReportsView /></SignedIn> }
}

#[component]
fn ReportsView() -> impl IntoView {
    let reports = fetched(|| (), |_| get_competition_reports());
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/competitions", Key::CompetitionsTitle, super::PANEL)] />
            <h1>{t(Key::CompetitionReportsTitle)}</h1>
            <Loaded resource=reports let:r>
                <Tables r />
            </Loaded>
        </section>
    }
}

#[component]
fn Tables(r: CompetitionReports) -> impl IntoView {
    view! {
        <h2>{t(Key::ReportByYear)} " " <ExportLinks list="competitions-by-year" /></h2>
        <div class="table-scroll" tabindex="0"><table class="data" data-testid="competitions-by-year">
            <thead><tr><th>{t(Key::ReportYear)}</th><th class="num">{t(Key::ReportCompetitions)}</th>
                <th class="num">{t(Key::CompetitionStateAppointed)}</th><th class="num">{t(Key::CompetitionStateFailed)}</th>
                <th class="num">{t(Key::CompetitionStateCancelled)}</th><th class="num">{t(Key::Applicants)}</th>
                <th class="num">{t(Key::ReportApplicantsPerVacancy)}</th><th class="num">{t(Key::ReportDaysToFill)}</th>
                <th class="num">{t(Key::ReportReviews)}</th><th class="num">{t(Key::ReportReviewsUpheld)}</th></tr></thead>
            <tbody>{r.years.iter().map(|y| view! {
                <tr><td>{y.year}</td><td class="num">{y.competitions}</td><td class="num">{y.appointed}</td>
                    <td class="num">{y.failed}</td><td class="num">{y.cancelled}</td><td class="num">{y.applicants}</td>
                    <td class="num">{y.applicants_per_vacancy.to_string()}</td><td class="num">{y.days_to_fill.map(|d| d.to_string())}</td>
                    <td class="num">{y.reviews}</td><td class="num">{y.reviews_upheld}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
        <h2>{t(Key::ReportPassRates)} " " <ExportLinks list="competition-pass-rates" /></h2>
        <div class="table-scroll" tabindex="0"><table class="data" data-testid="pass-rates">
            <thead><tr><th>{t(Key::ReportYear)}</th><th>{t(Key::StageCol)}</th><th class="num">{t(Key::ReportScored)}</th>
                <th class="num">{t(Key::StagePassed)}</th><th class="num">{t(Key::ReportPassRate)}</th></tr></thead>
            <tbody>{r.pass_rates.iter().map(|p| view! {
                <tr><td>{p.year}</td><td>{t(p.kind.key())}</td><td class="num">{p.scored}</td>
                    <td class="num">{p.passed}</td><td class="num">{p.rate.to_string()}</td></tr>
            }).collect_view()}</tbody>
        </table></div>
        <h2>{t(Key::ReportOverdue)} " " <ExportLinks list="vacancies-overdue" /></h2>
        {if r.overdue.is_empty() {
            view! { <p class="empty">{t(Key::ReportOverdueNone)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="vacancies-overdue">
                    <thead><tr><th>{t(Key::ColPosition)}</th><th>{t(Key::ColStatus)}</th><th>{t(Key::VacancyOpenedOn)}</th>
                        <th>{t(Key::VacancyDecisionDue)}</th><th>{t(Key::VacancyFillDue)}</th></tr></thead>
                    <tbody>{r.overdue.iter().map(|v| view! {
                        <tr><td>{in_locale(&v.position)}<br /><span class="muted">{v.unit.as_ref().map(in_locale)}</span></td>
                            <td>{badge("vacancy", v.state, "vacancy-state")}</td><td>{date_text(v.opened_on)}</td>
                            <td class:late=v.decision_late>{date_text(v.decision_due)}</td>
                            <td class:late=v.fill_late>{date_text(v.fill_due)}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            }.into_any()
        }}
        {r.integrity.clone().map(|i| view! {
            <h2>{t(Key::IntegrityTitle)} " " <ExportLinks list="competition-integrity" /></h2>
            <p class="muted">{t(Key::IntegrityIntro)} " " {i.min_group}</p>
            <dl class="facts" data-testid="integrity">
                <dt>{t(Key::IntegrityDecided)}</dt><dd>{i.decided}</dd>
                <dt>{t(Key::IntegrityActingWon)}</dt>
                <dd data-testid="acting-share">{match (i.won_by_acting, i.acting_share) {
                    (Some(n), Some(share)) => format!("{n} ({share} %)"),
                    _ => t(Key::IntegritySuppressed)().to_string(),
                }}</dd>
            </dl>
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="member-deviation">
                <thead><tr><th>{t(Key::CommissionMember)}</th><th class="num">{t(Key::ReportSheets)}</th><th class="num">{t(Key::ReportDeviation)}</th></tr></thead>
                <tbody>{i.members.iter().map(|m| view! {
                    <tr><td>{m.name.clone()}</td><td class="num">{m.sheets}</td>
                        <td class="num">{match m.deviation { Some(d) => d.to_string(), None => t(Key::IntegritySuppressed)().to_string() }}</td></tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
    }
}
