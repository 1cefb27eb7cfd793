//! Training and qualification: the records (HR records them), the needs (an unsatisfactory
//! result raises one; HR and the supervisor add them), scoped to the reader.
use super::widgets::{
    action, action_error, badge, fetched, in_locale, or_empty, provide_reload, Field, FieldScope,
    FormError, Label, Loaded, Select, SignedIn, TextArea,
};
use crate::domain::common::date_text;
use crate::i18n::{t, Key};
use crate::training::{
    list_training, RaiseTrainingNeed, RecordTraining, TrainingBoard, TrainingNeedView,
};
use leptos::context::Provider;
use leptos::prelude::*;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::Route;
use leptos_router::{path, Lazy, SsrMode};

#[component(transparent)]
pub fn TrainingRoutes() -> AnyNestedRoute {
    view! { <Route path=path!("training") view={Lazy::<super::pages::TrainingPageLazy>::new()} ssr=SsrMode::Async /> }
        .into_inner()
        .into_any_nested_route()
}

#[component]
pub fn TrainingPage() -> impl IntoView {
    view! { <SignedIn><TrainingView /></SignedIn> }
}

#[component]
fn TrainingView() -> impl IntoView {
    let done = provide_reload();
    let board = fetched(move || done.get(), |_| list_training(None));
    view! {
        <section class="card wide">
            <h1>{t(Key::TrainingTitle)}</h1>
            <Loaded resource=board let:b>
                <TrainingContent b />
            </Loaded>
        </section>
    }
}

#[component]
fn TrainingContent(b: TrainingBoard) -> impl IntoView {
    let open: Vec<TrainingNeedView> = b
        .needs
        .iter()
        .filter(|n| n.met_on.is_none())
        .cloned()
        .collect();
    view! {
        <h2>{t(Key::TrainingNeeds)}</h2>
        {or_empty(b.needs.clone(), Key::TrainingNoNeeds, |needs| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="training-needs">
                <thead><tr><th>{t(Key::ProbationPerson)}</th><th>{t(Key::TrainingTopic)}</th><th>{t(Key::TrainingSource)}</th><th>{t(Key::TrainingMet)}</th></tr></thead>
                <tbody>{needs.into_iter().map(|n| view! {
                    <tr class:overdue=n.met_on.is_none()>
                        <td>{in_locale(&n.person.name)}</td>
                        <td class="pre">{if n.topic.is_empty() { t(Key::TrainingFromResult).into_any() } else { n.topic.clone().into_any() }}</td>
                        <td>{badge("need", n.source, "need-source")} " " {date_text(n.raised_on)}</td>
                        <td>{n.met_on.map(|m| view! { {date_text(m)} ": " {n.met_by.clone()} })}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
        {b.may_raise.then(|| view! { <NeedForm /> })}
        <h2>{t(Key::TrainingRecords)}</h2>
        {or_empty(b.records, Key::TrainingNone, |rows| view! {
            <div class="table-scroll" tabindex="0"><table class="data" data-testid="training-records">
                <thead><tr><th>{t(Key::ProbationPerson)}</th><th>{t(Key::TrainingCourse)}</th><th>{t(Key::TrainingDates)}</th><th>{t(Key::TrainingHours)}</th></tr></thead>
                <tbody>{rows.into_iter().map(|r| view! {
                    <tr>
                        <td>{in_locale(&r.person.name)}</td>
                        <td>{r.course.clone()}<br /><span class="muted">{r.provider.clone()}</span>
                            {r.certificate.clone().map(|c| view! { <br /><span class="muted">{t(Key::TrainingCertificate)} ": " {c}</span> })}
                            {r.qualification.then(|| view! { <br /><span class="badge">{t(Key::TrainingQualification)}</span> })}</td>
                        <td>{date_text(r.starts_on)} " – " {date_text(r.ends_on)}</td>
                        <td class="num">{r.hours}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
        })}
        {b.may_record.then(|| view! { <RecordForm open /> })}
    }
}

#[component]
fn NeedForm() -> impl IntoView {
    let raise = action::<RaiseTrainingNeed>();
    let error = action_error(raise);
    view! {
        <details open=error.get_untracked().is_some()>
            <summary data-testid="raise-need">{t(Key::TrainingRaise)}</summary>
            <ActionForm action=raise attr:class="form">
                <Provider value=FieldScope("raise".into())>
                    <FormError error />
                    <Field label=Key::PersonOfficer name="person" error hint=Key::PersonQueryHint person=true />
                    <TextArea label=Key::TrainingTopic name="topic" error rows=2 />
                    <button type="submit">{t(Key::TrainingRaise)}</button>
                </Provider>
            </ActionForm>
        </details>
    }
}

#[component]
fn RecordForm(open: Vec<TrainingNeedView>) -> impl IntoView {
    let record = action::<RecordTraining>();
    let error = action_error(record);
    let needs: Vec<(String, Label)> = open
        .iter()
        .map(|n| {
            let (name, topic) = (n.person.name.clone(), n.topic.clone());
            let label = Label::new(move |l| {
                let topic = match topic.is_empty() {
                    true => Key::TrainingFromResult.text(l),
                    false => topic.as_str(),
                };
                format!("{}: {topic}", name.get(l))
            });
            (n.id.to_string(), label)
        })
        .collect();
    view! {
        <details open=error.get_untracked().is_some()>
            <summary data-testid="record-training">{t(Key::TrainingRecord)}</summary>
            <ActionForm action=record attr:class="form" attr:data-testid="training-form">
                <FormError error />
                <Field label=Key::PersonOfficer name="person" error hint=Key::PersonQueryHint person=true />
                <Field label=Key::TrainingCourse name="course" error />
                <Field label=Key::TrainingProvider name="provider" error />
                <Field label=Key::TrainingStarts name="starts_on" input_type="date" error />
                <Field label=Key::TrainingEnds name="ends_on" input_type="date" error />
                <Field label=Key::TrainingHours name="hours" input_type="number" error />
                <Field label=Key::TrainingCertificate name="certificate" error optional=true />
                <label class="checkbox"><input type="checkbox" name="qualification" value="yes" />{t(Key::TrainingQualification)}</label>
                <Select label=Key::TrainingMeetsNeed name="need_id" options=needs error empty=Key::TrainingNoNeed />
                <button type="submit" class="button-primary">{t(Key::TrainingRecord)}</button>
            </ActionForm>
        </details>
    }
}
