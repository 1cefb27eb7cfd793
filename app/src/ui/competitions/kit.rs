//! The printable interview kit: the position's competencies as questions in a fixed order,
//! each with the rating anchors and room for notes and the score, one sheet per applicant.
use super::PANEL;
use crate::competitions::get_interview_kit;
use crate::i18n::{t, Key};
use crate::ui::widgets::{fetched, id_param, in_locale, Breadcrumbs, Crumb, Loaded, SignedIn};
use leptos::prelude::*;

#[component]
pub fn InterviewKitPage() -> impl IntoView {
    view! { <SignedIn roles=PANEL><KitView /></SignedIn> }
}

#[component]
fn KitView() -> impl IntoView {
    let id = id_param();
    let kit = fetched(id, get_interview_kit);
    view! {
        <section class="card wide printable">
            <Loaded resource=kit let:k>
                <Breadcrumbs trail=vec![
                    Crumb::page("/competitions", Key::CompetitionsTitle, PANEL),
                    Crumb::record(format!("/competitions/{}", id()), k.title.clone(), PANEL),
                ] />
                <h1>{t(Key::KitTitle)}</h1>
                <p><strong>{in_locale(&k.title)}</strong> {k.unit.as_ref().map(|u| view! { " · " {in_locale(u)} })}</p>
                <dl class="facts">
                    <dt>{t(Key::KitApplicant)}</dt><dd class="blank-line"></dd>
                    <dt>{t(Key::Member)}</dt><dd class="blank-line"></dd>
                    <dt>{t(Key::KitDate)}</dt><dd class="blank-line"></dd>
                </dl>
                <p class="muted">{t(Key::KitIntro)}</p>
                <h2>{t(Key::KitAnchors)}</h2>
                <div class="table-scroll" tabindex="0"><table class="data" data-testid="kit-anchors">
                    <thead><tr><th class="num">{t(Key::KitFrom)}</th><th>{t(Key::KitMeaning)}</th></tr></thead>
                    <tbody>{k.anchors.iter().map(|(level, from)| view! {
                        <tr><td class="num">{format!("≥ {from}")}</td><td>{t(level.key())}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
                <ol class="kit-questions" data-testid="kit-questions">
                    {k.questions.iter().map(|q| view! {
                        <li class="kit-question">
                            <p><strong>{in_locale(&q.competency)}</strong></p>
                            <p class="muted">{in_locale(&q.descriptor)}</p>
                            <p>{t(Key::KitAsk)}</p>
                            <p class="blank-box"></p>
                            <p>{t(Key::Score)} " (0–" {k.rule.max_points.to_string()} "): ______"</p>
                        </li>
                    }).collect_view()}
                </ol>
                <p>{t(Key::KitSignature)} " ____________________"</p>
            </Loaded>
        </section>
    }
}
