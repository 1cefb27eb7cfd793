//! A vacancy's moves on the board: HR proposes the officer, records their written consent and
//! both heads' agreement (or a refusal); the mayor issues the order.
use super::action;
use crate::competitions::{
    MoveView, OrderMove, ProposeMove, RecordAgreement, RecordConsent, RefuseMove, VacancyRecord,
};
use crate::domain::common::date_text;
use crate::domain::competition::{FillingDecision, MoveState};
use crate::domain::order::OrderType;
use crate::i18n::{t, Key};
use crate::ui::org::OrderFields;
use crate::ui::widgets::{action_error, badge, in_locale, Confirm, Field, FormError, TextArea};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn VacancyMoves(v: VacancyRecord, hr: Signal<bool>, mayor: Signal<bool>) -> impl IntoView {
    let propose = action::<ProposeMove>();
    let error = action_error(propose);
    let acting = v.decision == Some(FillingDecision::Acting);
    let takes = v.takes_proposal();
    let (id, revision) = (v.id, v.revision);
    view! {
        {(!v.moves.is_empty()).then(|| view! {
            <ul class="moves" data-testid=format!("moves-{}", v.position_id)>
                {v.moves.clone().into_iter().map(|m| view! { <MoveItem m hr mayor /> }).collect_view()}
            </ul>
        })}
        <Show when=move || hr.get() && takes>
            <details open=error.get_untracked().is_some()>
                <summary>{t(Key::MovePropose)}</summary>
                <ActionForm action=propose attr:class="form" attr:data-testid="move-propose-form">
                    <FormError error />
                    <input type="hidden" name="vacancy_id" value=id />
                    <input type="hidden" name="revision" value=revision />
                    <Field label=Key::MoveOfficer name="personal_number" error hint=Key::PersonQueryHint person=true />
                    <Field label=Key::MoveStartsOn name="starts_on" input_type="date" error />
                    {acting.then(|| view! { <Field label=Key::MoveActingUntil name="acting_until" input_type="date" error hint=Key::MoveActingUntilHint /> })}
                    <button type="submit" class="button-primary">{t(Key::MovePropose)}</button>
                </ActionForm>
            </details>
        </Show>
    }
}

#[component]
fn MoveItem(m: MoveView, hr: Signal<bool>, mayor: Signal<bool>) -> impl IntoView {
    let consent = action::<RecordConsent>();
    let consent_error = action_error(consent);
    let agree = action::<RecordAgreement>();
    let agree_error = action_error(agree);
    let refuse = action::<RefuseMove>();
    let refuse_error = action_error(refuse);
    let order = action::<OrderMove>();
    let order_error = action_error(order);
    let state = m.state;
    let acting = m.acting_until.is_some();
    let (id, revision) = (m.id, m.revision);
    view! {
        <li class="move" data-testid=format!("move-{}", m.id)>
            <p><strong>{t(m.kind.key())}</strong> " · " <A href=format!("/employees/{}", m.employee_id)>{in_locale(&m.name)}</A>
               " · " {badge("move", m.state, "move-state")}</p>
            <p class="muted">{t(Key::MoveStartsOn)} " " {date_text(m.starts_on)}
               {m.acting_until.map(|d| view! { " – " {date_text(d)} })}</p>
            {m.consent_on.map(|d| view! { <p>{t(Key::MoveConsentOn)} " " {date_text(d)} " " {m.consent_note.clone()}</p> })}
            {m.agreed_on.map(|d| view! { <p>{t(Key::MoveAgreedOn)} " " {date_text(d)} " — " {m.sending_head.clone()} " / " {m.receiving_head.clone()}</p> })}
            {m.refusal_reason.clone().map(|r| view! { <p class="muted">{t(Key::MoveRefusedBecause)} " " {r}</p> })}
            {m.order.clone().map(|o| view! { <p>{t(Key::OrderShort)} " " {o.number.clone()} " · " {date_text(o.order_date)}</p> })}
            <Show when=move || hr.get() && state == MoveState::Proposed>
                <details open=true>
                    <summary>{t(Key::MoveRecordConsent)}</summary>
                    <ActionForm action=consent attr:class="form" attr:data-testid="move-consent-form">
                        <FormError error=consent_error />
                        <input type="hidden" name="move_id" value=id />
                        <input type="hidden" name="revision" value=revision />
                        <Field label=Key::MoveConsentOn name="consent_on" input_type="date" error=consent_error />
                        <Field label=Key::MoveConsentNote name="consent_note" error=consent_error optional=true />
                        <Confirm label=Key::MoveConsentConfirm error=consent_error />
                        <button type="submit" class="button-primary">{t(Key::Record)}</button>
                    </ActionForm>
                </details>
            </Show>
            <Show when=move || hr.get() && state == MoveState::Consented>
                <details open=true>
                    <summary>{t(Key::MoveRecordAgreement)}</summary>
                    <ActionForm action=agree attr:class="form" attr:data-testid="move-agreement-form">
                        <FormError error=agree_error />
                        <input type="hidden" name="move_id" value=id />
                        <input type="hidden" name="revision" value=revision />
                        <Field label=Key::MoveAgreedOn name="agreed_on" input_type="date" error=agree_error />
                        <Field label=Key::MoveSendingHead name="sending_head" error=agree_error />
                        <Field label=Key::MoveReceivingHead name="receiving_head" error=agree_error />
                        <Confirm label=Key::MoveAgreementConfirm error=agree_error />
                        <button type="submit" class="button-primary">{t(Key::Record)}</button>
                    </ActionForm>
                </details>
            </Show>
            <Show when=move || mayor.get() && state == MoveState::HeadsAgreed>
                <ActionForm action=order attr:class="form" attr:data-testid="move-order-form">
                    <FormError error=order_error />
                    <input type="hidden" name="move_id" value=id />
                    <input type="hidden" name="revision" value=revision />
                    <OrderFields error=order_error default_type=OrderType::Personnel />
                    {acting.then(|| view! { <TextArea label=Key::PeopleActingReason name="acting_reason" error=order_error rows=2 /><p class="field-hint">{t(Key::PeopleActingReasonHint)}</p> })}
                    <Confirm label=Key::MoveOrderConfirm error=order_error />
                    <button type="submit" class="button-primary">{t(Key::MoveOrderSubmit)}</button>
                </ActionForm>
            </Show>
            <Show when=move || hr.get() && state.may_go(MoveState::Refused)>
                <details open=refuse_error.get_untracked().is_some()>
                    <summary>{t(Key::MoveRefuse)}</summary>
                    <ActionForm action=refuse attr:class="form">
                        <FormError error=refuse_error />
                        <input type="hidden" name="move_id" value=id />
                        <input type="hidden" name="revision" value=revision />
                        <TextArea label=Key::MoveRefusalReason name="reason" error=refuse_error rows=2 />
                        <Confirm label=Key::MoveRefuseConfirm error=refuse_error />
                        <button type="submit">{t(Key::Record)}</button>
                    </ActionForm>
                </details>
            </Show>
        </li>
    }
}
