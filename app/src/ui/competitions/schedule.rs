//! The stage schedule on the competition page: each stage's day and place, when the applicants
//! were told and when its results are due; HR, the chair and the secretary set a stage's day.
use super::action;
use crate::competitions::{CompetitionDetail, ScheduleStage, StageView};
use crate::domain::common::date_text;
use crate::i18n::{t, use_locale, Key};
use crate::ui::widgets::{action_error, Field, FormError, Label, Select};
use leptos::prelude::*;

/// A stage's day and place as one line ("12.12.2026, City Hall, room 4"), or "not scheduled".
pub fn when_and_where(s: &StageView) -> String {
    match s.held_on {
        Some(day) if s.venue.is_empty() => date_text(day),
        Some(day) => format!("{}, {}", date_text(day), s.venue),
        None => String::new(),
    }
}

#[component]
pub fn StageSchedule(c: CompetitionDetail) -> impl IntoView {
    if c.stages.is_empty() || c.announcement.announced_on.is_none() {
        return None;
    }
    let action = action::<ScheduleStage>();
    let error = action_error(action);
    let locale = use_locale();
    let options: Vec<(String, Label)> = c
        .stages
        .iter()
        .filter(|s| c.may_schedule.contains(&s.ordinal))
        .map(|s| {
            let (ordinal, kind) = (s.ordinal, s.rule.kind.key());
            let label = Label::new(move |l| {
                format!("{} {ordinal}: {}", Key::StageCol.text(l), kind.text(l))
            });
            (s.ordinal.to_string(), label)
        })
        .collect();
    let earliest = c.earliest_stage_day;
    Some(view! {
        <h2>{t(Key::StageScheduleHeading)}</h2>
        <div class="table-scroll" tabindex="0"><table class="data" data-testid="stage-schedule">
            <thead><tr><th>{t(Key::StageCol)}</th><th>{t(Key::StageHeldOn)}</th><th>{t(Key::StageNoticedOn)}</th><th>{t(Key::StageResultsDue)}</th></tr></thead>
            <tbody>
                {c.stages.iter().map(|s| {
                    let place = when_and_where(s);
                    view! {
                        <tr data-testid=format!("stage-{}", s.ordinal)>
                            <td>{s.ordinal} ". " {t(s.rule.kind.key())}</td>
                            <td>{place.is_empty().then(|| t(Key::StageNotScheduled))} {place}</td>
                            <td>{s.noticed_on.map(date_text)}</td>
                            <td>{s.results_due.map(date_text)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        {(!options.is_empty()).then(|| view! {
            <details data-testid="schedule-form" open=error.get_untracked().is_some()>
                <summary>{t(Key::StageScheduleTitle)}</summary>
                <ActionForm action attr:class="form">
                    <FormError error />
                    <input type="hidden" name="id" value=c.id />
                    <input type="hidden" name="revision" value=c.revision />
                    <Select label=Key::StageCol name="ordinal" options=options.clone() error empty=Key::ChooseOne />
                    <Field label=Key::StageHeldOn name="held_on" input_type="date" error />
                    {earliest.map(|d| view! { <p class="field-hint">{move || Key::StageEarliest.format(locale.get(), &[("date", &date_text(d))])}</p> })}
                    <Field label=Key::StageVenue name="venue" error />
                    <button type="submit" class="button-primary">{t(Key::StageScheduleSubmit)}</button>
                </ActionForm>
            </details>
        })}
    })
}
