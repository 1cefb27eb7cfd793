//! The shared inbox: something a user has to do, wherever in the system it comes from.
use super::common::PersonRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// What the task asks for.
    pub enum TaskKind {
        /// Evaluator: write the plan.
        Plan = "plan" => TaskPlan,
        /// Officer: agree the plan.
        ConfirmPlan = "confirm_plan" => TaskConfirmPlan,
        /// Officer: assess themself.
        SelfAssess = "self_assess" => TaskSelfAssess,
        /// Evaluator: score.
        Rate = "rate" => TaskRate,
        /// Officer: acknowledge the result or object.
        Answer = "answer" => TaskAnswer,
        /// HR: finalize what is ready in a cycle.
        Finalize = "finalize" => TaskFinalize,
        /// The mayor or the delegated reviewer: decide an appeal.
        Decide = "decide" => TaskDecide,
        /// HR: record the legal visa on a class order.
        ClassVisa = "class_visa" => TaskClassVisa,
        /// The mayor: sign a class order.
        ClassSign = "class_sign" => TaskClassSign,
        /// HR: have the mayor decide how to fill a vacancy before its deadline.
        VacancyDecision = "vacancy_decision" => TaskVacancyDecision,
        /// HR: a vacancy's filling deadline is near or past.
        VacancyFill = "vacancy_fill" => TaskVacancyFill,
        /// HR: check the applications of a closed competition.
        FormalCheck = "formal_check" => TaskFormalCheck,
        /// HR: the winner's documents are due.
        WinnerDocs = "winner_docs" => TaskWinnerDocs,
        /// HR: an acting appointment ends soon.
        ActingEnds = "acting_ends" => TaskActingEnds,
        /// HR: record the officer's consent or the heads' agreement on a move.
        MoveStep = "move_step" => TaskMoveStep,
        /// The mayor: issue the order of an agreed move.
        MoveOrder = "move_order" => TaskMoveOrder,
        /// HR or the mayor: decide applicants' review requests.
        ReviewDecide = "review_decide" => TaskReviewDecide,
        /// A commission member: declare conflicts of interest, then score the stage.
        CommissionScore = "commission_score" => TaskCommissionScore,
        /// HR, the chair or the secretary: set the next stage's day, with notice to applicants.
        StageSchedule = "stage_schedule" => TaskStageSchedule,
        /// The chair: close the stage held, its results due to the applicants by a day.
        StageResults = "stage_results" => TaskStageResults,
        /// The supervisor: review a probationer's quarter.
        ProbationReview = "probation_review" => TaskProbationReview,
        /// The probationer: a review waits for an answer, if any.
        ProbationAnswer = "probation_answer" => TaskProbationAnswer,
        /// The probationer: acknowledge a final review.
        ProbationAcknowledge = "probation_acknowledge" => TaskProbationAcknowledge,
        /// HR: a probation ends soon (the oath after it).
        ProbationEnds = "probation_ends" => TaskProbationEnds,
        /// HR and the mayor: a dismissal ground waits for the mayor's decision.
        ProbationGround = "probation_ground" => TaskProbationGround,
        /// The officer: the month's report is due (first Friday of the next month).
        MonthlyReport = "monthly_report" => TaskMonthlyReport,
        /// The supervisor: approve a month's work plan.
        WorkPlanApprove = "work_plan_approve" => TaskWorkPlanApprove,
        /// The supervisor: evaluate a month's report.
        MonthlyEvaluate = "monthly_evaluate" => TaskMonthlyEvaluate,
        /// HR and the mayor: consecutive unsatisfactory annual results raised a dismissal ground.
        EvaluationGround = "evaluation_ground" => TaskEvaluationGround,
        /// HR: a training need raised by an evaluation waits for a training.
        TrainingNeed = "training_need" => TaskTrainingNeed,
    }
}

/// A to-do in the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub kind: TaskKind,
    /// Whose record it is (none for a task over many, such as finalizing a cycle).
    pub person: Option<PersonRef>,
    /// What it belongs to, as people name it: a cycle's period, an order's number.
    pub subject: crate::domain::Bilingual,
    /// How many items a task over many covers.
    pub count: i64,
    pub link: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// When HR last sent a reminder about it.
    pub reminded: Option<NaiveDate>,
}

/// Overdue first, then by due date (undated last).
pub fn sort_tasks(tasks: &mut [Task]) {
    tasks.sort_by_key(|t| (!t.overdue, t.due.is_none(), t.due));
}
