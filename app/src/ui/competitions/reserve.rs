//! On a vacancy decided for a competition not yet announced: the runners-up of equivalent
//! competitions whose reserve lists are still valid, and the mayor's order appointing one.
use super::{action, score};
use crate::competitions::{AppointFromReserve, VacancyRecord};
use crate::domain::common::date_text;
use crate::domain::order::OrderType;
use crate::i18n::{t, Key};
use crate::ui::org::OrderFields;
use crate::ui::widgets::{action_error, in_locale, Confirm, Field, FormError, Label, Select};
use leptos::prelude::*;

#[component]
pub fn VacancyReserve(v: VacancyRecord, mayor: Signal<bool>) -> impl IntoView {
    if v.reserve.is_empty() {
        return None;
    }
    let options: Vec<(String, Label)> = v
        .reserve
        .iter()
        .map(|c| (c.application_id.to_string(), c.name.clone().into()))
        .collect();
    let (id, revision) = (v.id, v.revision);
    Some(view! {
        <details data-testid="reserve">
            <summary>{t(Key::ReserveCandidates)} " (" {v.reserve.len()} ")"</summary>
            <p class="muted">{t(Key::ReserveHint)}</p>
            <div class="table-scroll" tabindex="0"><table class="data">
                <thead><tr><th>{t(Key::ColName)}</th><th>{t(Key::CompetitionsList)}</th><th class="num">{t(Key::CompetitionPlace)}</th>
                    <th class="num">{t(Key::CompetitionTotal)}</th><th>{t(Key::ReserveUntil)}</th></tr></thead>
                <tbody>
                    {v.reserve.iter().map(|c| view! {
                        <tr><td>{in_locale(&c.name)}</td><td>{in_locale(&c.competition)}</td><td class="num">{c.place}</td>
                            <td class="num">{c.total.map(score)}</td><td>{date_text(c.reserve_until)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
            <Show when=move || mayor.get()>
                <ReserveForm id revision options=options.clone() />
            </Show>
        </details>
    })
}

#[component]
fn ReserveForm(id: i64, revision: i64, options: Vec<(String, Label)>) -> impl IntoView {
    let action = action::<AppointFromReserve>();
    let error = action_error(action);
    view! {
        <ActionForm action attr:class="form" attr:data-testid="reserve-form">
            <FormError error />
            <input type="hidden" name="vacancy_id" value=id />
            <input type="hidden" name="revision" value=revision />
            <Select label=Key::ReserveAppointee name="application_id" options error empty=Key::ChooseOne />
            <OrderFields error default_type=OrderType::Personnel />
            <Field label=Key::ColStart name="start_date" input_type="date" error />
            <Confirm label=Key::ReserveConfirm error />
            <button type="submit" class="button-primary">{t(Key::AppointSubmit)}</button>
        </ActionForm>
    }
}
