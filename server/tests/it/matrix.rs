//! The authorization matrix: every server function with the roles allowed to call it. A new
//! server function that is not listed here fails `every_server_function_is_listed`.
use crate::support::*;
use app::domain::Role;
use app::error::AppError;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
enum Allowed {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, even before the forced password change.
    SignedInAllowingPasswordChange,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users holding one of these roles.
    Roles(&'static [Role]),
}

const HR: Allowed = Allowed::Roles(&[Role::Hr]);
const MAYOR: Allowed = Allowed::Roles(&[Role::Mayor]);
/// HR and the mayor.
const OVERSIGHT: Allowed = Allowed::Roles(&[Role::Hr, Role::Mayor]);
/// HR, the mayor and commission members (the service checks membership).
const PANEL: Allowed = Allowed::Roles(&[Role::Hr, Role::Mayor, Role::Commission]);
const COMMISSION: Allowed = Allowed::Roles(&[Role::Commission]);
/// HR, and the chair or secretary of the competition's commission.
const SCHEDULERS: Allowed = Allowed::Roles(&[Role::Hr, Role::Commission]);
/// HR, the mayor and managers (scoped to their people).
const READERS: Allowed = Allowed::Roles(&[Role::Hr, Role::Mayor, Role::Manager]);

/// One server function called with a valid form.
pub(crate) struct Case {
    pub path: &'static str,
    allowed: Allowed,
    pub body: String,
}

fn case<F: ServerFn + Serialize>(allowed: Allowed, args: F) -> Case {
    Case {
        path: F::PATH,
        allowed,
        body: serde_qs::to_string(&args).expect("arguments encode"),
    }
}

fn none<T>() -> Option<T> {
    None
}

pub(crate) fn matrix() -> Vec<Case> {
    use app::auth::*;
    use app::classes::*;
    use app::evaluation::*;
    use app::orders::*;
    use app::org::*;
    use app::people::*;
    let s = String::new;
    vec![
        case(Allowed::Public, GetCurrentUser {}),
        case(
            Allowed::Public,
            SignIn {
                username: "someone".into(),
                password: "something".into(),
                next: None,
            },
        ),
        case(Allowed::Public, SignOut {}),
        case(Allowed::Public, GetPublicStaffReport {}),
        case(
            Allowed::Public,
            SetLocale {
                locale: "en".into(),
            },
        ),
        case(
            Allowed::SignedInAllowingPasswordChange,
            ChangePassword {
                current: "wrong-current".into(),
                new: "another-long-pass".into(),
                confirmation: "another-long-pass".into(),
            },
        ),
        case(Allowed::SignedIn, app::home::GetHomeSummary {}),
        case(Allowed::SignedIn, app::home::MyTasks {}),
        case(Allowed::SignedIn, app::home::MyTaskCount {}),
        case(READERS, GetOrgTree { as_of: none() }),
        case(READERS, GetListChoices {}),
        case(
            READERS,
            GetUnitStaff {
                unit_id: 999,
                as_of: none(),
            },
        ),
        case(OVERSIGHT, ListVacancies { as_of: none() }),
        case(OVERSIGHT, GetStaffReport { as_of: none() }),
        case(HR, GetOrgOptions {}),
        case(HR, GetVacantChoices {}),
        case(
            HR,
            CreateUnit {
                form: UnitForm {
                    code: "X".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            ChangeUnit {
                revision: 1,
                unit_id: 999,
                form: UnitChangeForm {
                    change: "rename".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            CreatePosition {
                form: PositionForm {
                    employment_type: "officer".into(),
                    salary: "x".into(),
                    ..Default::default()
                },
            },
        ),
        case(READERS, GetPosition { id: 999 }),
        case(
            HR,
            MergeUnit {
                revision: 1,
                unit_id: 999,
                form: MergeForm::default(),
            },
        ),
        case(
            HR,
            UpdatePosition {
                revision: 1,
                id: 999,
                form: PositionTextsForm::default(),
            },
        ),
        case(
            HR,
            ChangePositionTerms {
                revision: 1,
                id: 999,
                form: TermsForm::default(),
            },
        ),
        case(
            HR,
            PreviewBaseSalary {
                valid_from: String::new(),
                amount: String::new(),
            },
        ),
        case(
            HR,
            ReviseBaseSalary {
                form: BaseSalaryForm::default(),
            },
        ),
        case(
            HR,
            SetSupervision {
                revision: 1,
                unit_id: 999,
                form: SupervisionForm::default(),
            },
        ),
        case(
            HR,
            EndPosition {
                revision: 1,
                form: EndPositionForm::default(),
            },
        ),
        case(OVERSIGHT, ListOrders { filter: none() }),
        case(OVERSIGHT, GetOrderCounts { year: none() }),
        case(OVERSIGHT, GetOrder { id: 999 }),
        case(
            HR,
            CreateOrder {
                form: NewOrderForm {
                    issuer: "mayor".into(),
                    order_type: "main".into(),
                    ..Default::default()
                },
            },
        ),
        case(READERS, ListEmployees { filter: none() }),
        case(
            READERS,
            app::search::Search {
                q: "ნინო".into()
            },
        ),
        // Any signed-in user may ask for a file; the data scope refuses other people's files.
        case(OVERSIGHT, GetEmployee { id: 999 }),
        case(HR, GetFileHistory { id: 999 }),
        case(
            HR,
            app::audit::GetRecordHistory {
                record: app::domain::history::HistoryRecord::Evaluation,
                id: 999,
            },
        ),
        case(
            HR,
            CreateEmployee {
                form: EmployeeForm {
                    personal_number: "1".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            UpdateEmployee {
                revision: 1,
                id: 999,
                form: EmployeeForm {
                    personal_number: "1".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            Appoint {
                employee_id: 999,
                form: AppointForm {
                    basis: "competition".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            EndAssignment {
                assignment_id: 999,
                form: EndAssignmentForm::default(),
            },
        ),
        case(
            HR,
            AddFileEntry {
                revision: 1,
                employee_id: 999,
                form: FileEntryForm {
                    section: "document".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            RemoveFileEntry {
                revision: 1,
                employee_id: 999,
                section: "document".into(),
                entry_id: 1,
                confirm: none(),
            },
        ),
        case(
            HR,
            ImportCsv {
                kind: "employees".into(),
                csv: s(),
                commit: none(),
            },
        ),
        case(HR, app::audit::ListAudit { filter: none() }),
        case(OVERSIGHT, GetMethod { version: none() }),
        case(
            HR,
            AdoptMethod {
                form: MethodForm {
                    scale: "1-4".into(),
                    excellent: "3.5".into(),
                    good: "2.5".into(),
                    satisfactory: "1.5".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            AddCompetency {
                revision: 1,
                method_id: 999,
                form: CompetencyForm {
                    kind: "core".into(),
                    ranks: "1".into(),
                    ..Default::default()
                },
            },
        ),
        case(
            HR,
            RemoveCompetency {
                revision: 1,
                id: 999,
                confirm: none(),
            },
        ),
        case(OVERSIGHT, ListCycles {}),
        case(
            HR,
            OpenCycle {
                year: "x".into(),
                period_no: "1".into(),
            },
        ),
        case(OVERSIGHT, CycleDashboard { id: 999 }),
        case(
            OVERSIGHT,
            ListEvaluations {
                cycle_id: 999,
                stage: none(),
                q: none(),
                page: none(),
            },
        ),
        case(
            HR,
            FinalizeReady {
                cycle_id: 999,
                confirm: none(),
            },
        ),
        case(
            HR,
            CloseCycle {
                cycle_id: 999,
                confirm: none(),
            },
        ),
        case(HR, RemindOverdue { cycle_id: 999 }),
        case(
            HR,
            AddToCycle {
                cycle_id: 999,
                personal_number: s(),
                reason: s(),
            },
        ),
        case(Allowed::SignedIn, GetEvaluation { id: 999 }),
        case(Allowed::SignedIn, MyEvaluations {}),
        case(
            Allowed::SignedIn,
            SubmitPlan {
                id: 999,
                objectives: "x".into(),
                chosen: none(),
            },
        ),
        case(Allowed::SignedIn, ConfirmPlan { id: 999 }),
        case(
            Allowed::SignedIn,
            SubmitSelfAssessment {
                id: 999,
                scores: none(),
                comment: s(),
            },
        ),
        case(
            Allowed::SignedIn,
            SubmitRating {
                id: 999,
                scores: none(),
                comments: none(),
                summary_comment: "x".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            AnswerResult {
                id: 999,
                answer: "acknowledge".into(),
                objection: s(),
                confirm: none(),
            },
        ),
        case(
            HR,
            FinalizeEvaluation {
                id: 999,
                confirm: none(),
            },
        ),
        case(
            Allowed::SignedIn,
            AppealResult {
                id: 999,
                grounds: "x".into(),
                confirm: none(),
            },
        ),
        case(
            Allowed::SignedIn,
            DecideAppeal {
                id: 999,
                decision: "upheld".into(),
                reasoning: "x".into(),
                scores: none(),
                confirm: none(),
            },
        ),
        case(
            HR,
            ManageEvaluation {
                id: 999,
                action: "exempt".into(),
                reason: "x".into(),
                person: s(),
            },
        ),
        case(
            HR,
            RecordResultDelivery {
                id: 999,
                delivered_on: String::new(),
            },
        ),
        case(
            MAYOR,
            DelegateAppeal {
                id: 999,
                username: "someone".into(),
                reason: "x".into(),
            },
        ),
        case(OVERSIGHT, GetClassSettings {}),
        case(
            HR,
            SetClassRate {
                revision: 1,
                form: RateForm::default(),
            },
        ),
        case(
            HR,
            SetClassRule {
                revision: 1,
                form: RuleForm::default(),
            },
        ),
        case(OVERSIGHT, GetClassEligibility {}),
        case(
            HR,
            DraftClassOrder {
                header: OrderHeaderForm::default(),
                pick: none(),
            },
        ),
        case(OVERSIGHT, ListClassOrders { year: none() }),
        case(OVERSIGHT, GetClassOrder { id: 999 }),
        case(
            HR,
            VisaClassOrder {
                id: 999,
                visa_by: s(),
                visa_date: s(),
            },
        ),
        case(
            MAYOR,
            SignClassOrder {
                id: 999,
                confirm: none(),
            },
        ),
        case(
            HR,
            CancelClassOrder {
                id: 999,
                reason: s(),
                confirm: none(),
            },
        ),
        case(OVERSIGHT, ListOldRanks {}),
        case(
            HR,
            RecordOldRank {
                form: OldRankForm::default(),
            },
        ),
        case(
            HR,
            ConfirmOldRank {
                id: 999,
                class_no: s(),
            },
        ),
        case(
            HR,
            RemoveOldRank {
                id: 999,
                confirm: none(),
            },
        ),
        case(
            HR,
            DraftEqualizationOrder {
                header: OrderHeaderForm::default(),
            },
        ),
        case(
            OVERSIGHT,
            GetPayRegister {
                month: none(),
                unit: none(),
            },
        ),
        case(
            HR,
            ClosePayRegister {
                month: "1999-01".into(),
                confirm: none(),
            },
        ),
        case(
            HR,
            ReopenPayRegister {
                month: "1999-01".into(),
                reason: String::new(),
                confirm: none(),
            },
        ),
        case(OVERSIGHT, GetClassReports { year: none() }),
        case(OVERSIGHT, GetEmployeeClasses { id: 999 }),
    ]
    .into_iter()
    .chain(competitions())
    .chain(probation())
    .chain(work_plans())
    .chain(evidence())
    .chain(attestation())
    .chain(promotion())
    .collect()
}

/// Probation: signed-in callers whose relation the service checks (supervisor, probationer,
/// HR, the mayor), HR's management and the mayor's decision.
fn probation() -> Vec<Case> {
    use app::probation::*;
    let s = String::new;
    vec![
        case(Allowed::SignedIn, ListProbations {}),
        case(Allowed::SignedIn, GetProbation { id: 999 }),
        case(
            HR,
            StartProbation {
                assignment_id: 999,
                months: "6".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            ReviewQuarter {
                id: 999,
                quarter: 1,
                outcome: "positive".into(),
                justification: "x".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            AnswerReview {
                id: 999,
                quarter: 1,
                answer: "x".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            FinalizeReview {
                id: 999,
                quarter: 1,
                outcome: "positive".into(),
                note: s(),
                confirm: Some("yes".into()),
            },
        ),
        case(
            Allowed::SignedIn,
            AcknowledgeReview {
                id: 999,
                quarter: 1,
                confirm: Some("yes".into()),
            },
        ),
        case(
            HR,
            ManageProbation {
                id: 999,
                revision: 0,
                form: ManageForm::default(),
            },
        ),
        case(
            HR,
            RecordOath {
                id: 999,
                oath_on: "2030-01-01".into(),
                confirm: Some("yes".into()),
            },
        ),
        case(
            MAYOR,
            DecideGround {
                id: 999,
                form: GroundDecisionForm::default(),
            },
        ),
    ]
}

/// Attestation: HR schedules, members vote and the chair concludes (checked by relation), the
/// mayor orders.
fn attestation() -> Vec<Case> {
    use app::attestation::*;
    vec![
        case(PANEL, ListAttestation {}),
        case(
            HR,
            ScheduleSession {
                held_on: String::new(),
                place: String::new(),
                chair: String::new(),
                member: None,
                officer: None,
            },
        ),
        case(PANEL, GetSession { id: 999 }),
        case(
            PANEL,
            CastVote {
                id: 999,
                vote: "fits_position".into(),
                note: String::new(),
            },
        ),
        case(
            PANEL,
            ConcludeAttestation {
                id: 999,
                reasoning: "x".into(),
                confirm: Some("yes".into()),
            },
        ),
        case(
            MAYOR,
            OrderSession {
                id: 999,
                revision: 0,
                form: SessionOrderForm::default(),
            },
        ),
    ]
}

/// Promotion and demotion grounds: HR and the mayor read the board and the checks.
fn promotion() -> Vec<Case> {
    use app::promotion::*;
    vec![
        case(OVERSIGHT, ListPromotion {}),
        case(OVERSIGHT, CheckPromotion { vacancy: 999 }),
    ]
}

/// Disciplinary records and training: scoped reads, HR's records, the mayor's decision, and
/// needs raised by HR or a manager.
fn evidence() -> Vec<Case> {
    use app::discipline::*;
    use app::training::*;
    vec![
        case(Allowed::SignedIn, ListDiscipline { employee: None }),
        case(
            HR,
            RecordSanction {
                form: SanctionForm::default(),
            },
        ),
        case(
            HR,
            LiftSanction {
                id: 999,
                revision: 0,
                lifted_on: "2030-01-01".into(),
                reason: "x".into(),
                confirm: Some("yes".into()),
            },
        ),
        case(
            MAYOR,
            DecideEvaluationGround {
                id: 999,
                form: EvaluationGroundForm::default(),
            },
        ),
        case(Allowed::SignedIn, ListTraining { employee: None }),
        case(
            HR,
            RecordTraining {
                form: TrainingForm::default(),
            },
        ),
        case(
            READERS,
            RaiseTrainingNeed {
                person: "99999999999".into(),
                topic: "x".into(),
            },
        ),
    ]
}

/// Monthly work plans: signed-in callers whose relation the service checks (the officer, the
/// supervisor), HR's publication and the public pages.
fn work_plans() -> Vec<Case> {
    use app::work_plans::*;
    let s = String::new;
    vec![
        case(
            Allowed::SignedIn,
            ListWorkPlans {
                unit: None,
                month: None,
            },
        ),
        case(Allowed::SignedIn, GetWorkPlan { id: 999 }),
        case(
            Allowed::SignedIn,
            SaveWorkPlan {
                month: s(),
                id: Some(999),
                revision: Some(0),
                plan: "x".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            SubmitWorkPlan {
                id: 999,
                revision: 0,
            },
        ),
        case(
            Allowed::SignedIn,
            ApproveWorkPlan {
                id: 999,
                revision: 0,
                decision: "approve".into(),
                note: s(),
            },
        ),
        case(
            Allowed::SignedIn,
            SubmitMonthlyReport {
                id: 999,
                revision: 0,
                report: "x".into(),
            },
        ),
        case(
            Allowed::SignedIn,
            EvaluateMonthlyReport {
                id: 999,
                revision: 0,
                rating: "good".into(),
                comments: "x".into(),
                instructions: s(),
                confirm: Some("yes".into()),
            },
        ),
        case(
            HR,
            PublishUnitMonth {
                unit_id: 999,
                month: "1999-01".into(),
                confirm: Some("yes".into()),
            },
        ),
        case(Allowed::Public, ListPublications {}),
        case(
            Allowed::Public,
            GetPublication {
                unit_id: 999,
                month: "1999-01".into(),
            },
        ),
    ]
}

/// Vacancies and competitions: the public pages, HR's steps, the mayor's orders and the
/// commission's work.
fn competitions() -> Vec<Case> {
    use app::competitions::*;
    let s = String::new;
    vec![
        case(Allowed::Public, ListPublicVacancies {}),
        case(Allowed::Public, GetPublicVacancy { id: 999 }),
        case(
            Allowed::Public,
            Apply {
                competition_id: 999,
                form: ApplicationForm::default(),
                answer: none(),
            },
        ),
        case(Allowed::Public, GetApplicationStatus { code: "x".into() }),
        case(
            Allowed::Public,
            AmendApplication {
                code: "x".into(),
                form: ApplicationForm::default(),
                answer: none(),
            },
        ),
        case(PANEL, GetVacancyBoard {}),
        case(PANEL, GetCompetition { id: 999 }),
        case(PANEL, GetApplication { id: 999 }),
        case(PANEL, GetMinutes { id: 999 }),
        case(
            HR,
            DecideVacancy {
                vacancy_id: 999,
                revision: 1,
                form: DecisionForm::default(),
            },
        ),
        case(
            HR,
            SaveAnnouncement {
                id: 999,
                revision: 1,
                form: AnnouncementForm::default(),
            },
        ),
        case(
            HR,
            SaveStages {
                id: 999,
                revision: 1,
                stage_kind: none(),
                stage_max: none(),
                stage_weight: none(),
                stage_pass: none(),
            },
        ),
        case(
            HR,
            SetCommission {
                id: 999,
                revision: 1,
                chair: s(),
                secretary: s(),
                member: none(),
            },
        ),
        case(
            HR,
            RecordFormalCheck {
                application_id: 999,
                revision: 1,
                outcome: "admitted".into(),
                note: s(),
            },
        ),
        case(
            HR,
            StartStages {
                id: 999,
                revision: 1,
            },
        ),
        case(
            HR,
            NotifyWinner {
                id: 999,
                revision: 1,
            },
        ),
        case(
            HR,
            WinnerDeclined {
                id: 999,
                revision: 1,
                confirm: none(),
            },
        ),
        case(
            HR,
            FailCompetition {
                id: 999,
                revision: 1,
                reason: s(),
                confirm: none(),
            },
        ),
        case(
            MAYOR,
            AnnounceCompetition {
                id: 999,
                revision: 1,
                form: OrderActionForm::default(),
            },
        ),
        case(
            MAYOR,
            AppointWinner {
                id: 999,
                revision: 1,
                form: OrderActionForm::default(),
            },
        ),
        case(
            Allowed::Public,
            RequestReview {
                code: "x".into(),
                ordinal: 1,
                reason: s(),
            },
        ),
        case(
            OVERSIGHT,
            DecideReview {
                id: 999,
                review_id: 999,
                revision: 1,
                outcome: s(),
                decision: s(),
                confirm: none(),
            },
        ),
        case(
            HR,
            EnterApplication {
                competition_id: 999,
                received_on: s(),
                form: ApplicationForm::default(),
                answer: none(),
            },
        ),
        case(
            HR,
            ImportApplications {
                competition_id: 999,
                csv: s(),
                commit: none(),
            },
        ),
        case(OVERSIGHT, GetCompetitionReports {}),
        case(PANEL, GetInterviewKit { id: 999 }),
        case(
            HR,
            ProposeMove {
                vacancy_id: 999,
                revision: 1,
                form: MoveProposalForm::default(),
            },
        ),
        case(
            HR,
            RecordConsent {
                move_id: 999,
                revision: 1,
                form: ConsentForm::default(),
            },
        ),
        case(
            HR,
            RecordAgreement {
                move_id: 999,
                revision: 1,
                form: AgreementForm::default(),
            },
        ),
        case(
            HR,
            RefuseMove {
                move_id: 999,
                revision: 1,
                reason: s(),
                confirm: none(),
            },
        ),
        case(
            MAYOR,
            OrderMove {
                move_id: 999,
                revision: 1,
                form: MoveOrderForm::default(),
            },
        ),
        case(OVERSIGHT, app::calendar::ListHolidays { year: none() }),
        case(
            HR,
            app::calendar::AddHoliday {
                day: s(),
                name_ka: s(),
                name_en: s(),
            },
        ),
        case(
            HR,
            app::calendar::RemoveHoliday {
                day: s(),
                confirm: none(),
            },
        ),
        case(COMMISSION, GetScoring { id: 999 }),
        case(
            COMMISSION,
            DeclareInterests {
                id: 999,
                conflict: none(),
                note: s(),
                confirm: none(),
            },
        ),
        case(
            COMMISSION,
            SubmitSheet {
                id: 999,
                application_id: 999,
                score: "1".into(),
                comment: s(),
            },
        ),
        case(
            COMMISSION,
            OpenRescore {
                id: 999,
                application_id: 999,
                reason: "x".into(),
            },
        ),
        case(
            MAYOR,
            AppointFromReserve {
                vacancy_id: 999,
                revision: 1,
                application_id: "999".into(),
                form: OrderActionForm::default(),
            },
        ),
        case(
            SCHEDULERS,
            ScheduleStage {
                id: 999,
                revision: 1,
                ordinal: "1".into(),
                held_on: s(),
                venue: s(),
            },
        ),
        case(
            COMMISSION,
            MarkAbsent {
                id: 999,
                revision: 1,
                user_id: 999,
                confirm: none(),
            },
        ),
        case(
            COMMISSION,
            CloseStage {
                id: 999,
                revision: 1,
                confirm: none(),
            },
        ),
        case(
            COMMISSION,
            BreakTie {
                id: 999,
                revision: 1,
                application_id: s(),
                reason: s(),
                confirm: none(),
            },
        ),
    ]
}

#[test]
fn every_server_function_is_listed() {
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let listed: std::collections::BTreeSet<String> =
        matrix().iter().map(|c| c.path.to_string()).collect();

    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();

    assert!(
        missing.is_empty(),
        "server functions missing from the authorization matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "matrix lists paths that are not server functions: {stale:?}"
    );
}

/// An authorization refusal, as opposed to a refusal of the input (e.g. a wrong password).
fn denial(body: &str) -> Option<AppError> {
    serde_json::from_str::<AppError>(body).ok().filter(|e| {
        matches!(
            e,
            AppError::Unauthenticated | AppError::Forbidden | AppError::PasswordChangeRequired
        )
    })
}

#[tokio::test]
async fn every_server_function_enforces_its_access_rule() {
    let app = TestApp::new().await;
    let mut callers: Vec<(Vec<Role>, Client)> = vec![(vec![], app.anonymous())];
    for &role in Role::ALL {
        let name = format!("only-{}", role.code());
        app.user(&name, &[role]).await;
        callers.push((
            vec![role],
            app.sign_in(&name, PASSWORD).await.expect("signed in"),
        ));
    }
    app.user("pending", &[Role::Hr]).await;
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE username = 'pending'")
        .execute(&app.state.db.write)
        .await
        .expect("flag");
    let pending = app.sign_in("pending", PASSWORD).await.expect("pending");
    let mut outcomes: HashMap<&str, usize> = HashMap::new();

    for case in matrix() {
        if case.path == <app::auth::SignOut as ServerFn>::PATH {
            continue; // would end the sessions the loop relies on; covered in auth.rs
        }
        for (roles, caller) in &callers {
            let response = caller.post(case.path, case.body.clone()).await;
            let status = response.status();
            let body = body_text(response).await;
            let signed_in = caller.cookie().is_some();
            let should_pass = match case.allowed {
                Allowed::Public => true,
                Allowed::SignedIn | Allowed::SignedInAllowingPasswordChange => signed_in,
                Allowed::Roles(allowed) => signed_in && roles.iter().any(|r| allowed.contains(r)),
            };
            if should_pass {
                assert!(
                    denial(&body).is_none(),
                    "{} refused {roles:?}: {status} {body}",
                    case.path
                );
            } else {
                let expected = if signed_in {
                    AppError::Forbidden
                } else {
                    AppError::Unauthenticated
                };
                assert_eq!(status, expected.status(), "{} as {roles:?}", case.path);
                assert_eq!(denial(&body), Some(expected), "{} as {roles:?}", case.path);
            }
            *outcomes
                .entry(if should_pass { "passed" } else { "refused" })
                .or_default() += 1;
        }
        let response = pending.post(case.path, case.body.clone()).await;
        let status = response.status();
        let body = body_text(response).await;
        match case.allowed {
            Allowed::Public | Allowed::SignedInAllowingPasswordChange => {
                assert!(denial(&body).is_none(), "{}: {body}", case.path)
            }
            _ => assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{} before the password change",
                case.path
            ),
        }
    }
    assert!(outcomes.get("refused").copied().unwrap_or(0) > 100);
}

#[tokio::test]
async fn home_figures_follow_roles() {
    let app = TestApp::demo().await;
    let summary = |user: &'static str| {
        let app = &app;
        async move {
            app.demo_user(user)
                .await
                .call(app::home::GetHomeSummary {})
                .await
                .expect("summary")
        }
    };

    let employee = summary("employee").await;
    let hr = summary("hr").await;
    let manager = summary("manager").await;

    assert!(employee.organisation.is_none() && employee.user_count.is_none());
    assert!(employee.supervised.is_none());
    let org = hr.organisation.expect("HR sees the organisation");
    assert_eq!((org.services, org.departments), (8, 17));
    assert!(manager.organisation.is_none());
    assert!(manager.supervised.is_some_and(|n| n > 0));
}
