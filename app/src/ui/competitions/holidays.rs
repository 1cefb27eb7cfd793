//! HR's holiday table: the days off that deadlines counted in working days skip.
use super::{action, provide_reload};
use crate::calendar::{list_holidays, AddHoliday, RemoveHoliday};
use crate::domain::common::date_text;
use crate::domain::Role;
use crate::i18n::{t, Key};
use crate::ui::widgets::{
    action_error, fetched, in_locale, or_empty, Breadcrumbs, Confirm, Crumb, Field, FormError,
    Loaded, SignedIn, OVERSIGHT,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HolidaysPage() -> impl IntoView {
    view! { <SignedIn roles=OVERSIGHT><HolidaysView /></SignedIn> }
}

#[component]
fn HolidaysView() -> impl IntoView {
    let done = provide_reload();
    let query = use_query_map();
    let year = move || query.with(|q| q.get("year").and_then(|y| y.parse::<i32>().ok()));
    let list = fetched(move || (year(), done.get()), |(y, _)| list_holidays(y));
    let add = action::<AddHoliday>();
    let add_error = action_error(add);
    let hr = super::has_role(Role::Hr);
    view! {
        <section class="card wide">
            <Breadcrumbs trail=vec![Crumb::page("/competitions", Key::CompetitionsTitle, super::PANEL)] />
            <h1>{t(Key::HolidaysTitle)}</h1>
            <p class="muted">{t(Key::HolidaysIntro)}</p>
            <Loaded resource=list let:data>
                {
                    let (y, days) = data;
                    view! {
                        <p class="button-row">
                            <a href=format!("/competitions/holidays?year={}", y - 1)>{format!("← {}", y - 1)}</a>
                            <strong>{y}</strong>
                            <a href=format!("/competitions/holidays?year={}", y + 1)>{format!("{} →", y + 1)}</a>
                        </p>
                        {or_empty(days, Key::HolidaysNone, move |days| view! {
                            <div class="table-scroll" tabindex="0"><table class="data" data-testid="holidays">
                                <thead><tr><th>{t(Key::HolidayDay)}</th><th>{t(Key::HolidayName)}</th><th></th></tr></thead>
                                <tbody>{days.into_iter().map(|h| view! { <HolidayRow h hr /> }).collect_view()}</tbody>
                            </table></div>
                        })}
                    }
                }
            </Loaded>
            <Show when=move || hr.get()>
                <h2>{t(Key::HolidayAdd)}</h2>
                <ActionForm action=add attr:class="form" attr:data-testid="holiday-form">
                    <FormError error=add_error />
                    <Field label=Key::HolidayDay name="day" input_type="date" error=add_error />
                    <Field label=Key::HolidayNameKa name="name_ka" error=add_error />
                    <Field label=Key::HolidayNameEn name="name_en" error=add_error />
                    <button type="submit" class="button-primary">{t(Key::Save)}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

#[component]
fn HolidayRow(h: crate::calendar::Holiday, hr: Signal<bool>) -> impl IntoView {
    let remove = action::<RemoveHoliday>();
    let error = action_error(remove);
    let day = StoredValue::new(h.day.to_string());
    view! {
        <tr>
            <td>{date_text(h.day)}</td><td>{in_locale(&h.name)}</td>
            <td>
                <Show when=move || hr.get()>
                    <details open=error.get_untracked().is_some()><summary>{t(Key::Remove)}</summary>
                        <ActionForm action=remove attr:class="form">
                            <FormError error />
                            <input type="hidden" name="day" value=day.get_value() />
                            <Confirm label=Key::HolidayRemoveConfirm error />
                            <button type="submit">{t(Key::Remove)}</button>
                        </ActionForm>
                    </details>
                </Show>
            </td>
        </tr>
    }
}
