//! Which pages load together: one lazily loaded function per group (see `lazy_pages!`). The
//! browser fetches a group's code the first time one of its pages is shown. Few groups keep the
//! chunks few (the split tool makes a chunk per set of groups sharing code): sign-in alone, as
//! everyone's first page; the everyday office (home, files, structure, orders); evaluation and
//! classes; and the career procedures (competitions, probation, attestation, plans…).

lazy_pages! {
    sign_in_page / __preload_sign_in_page: SignInPages {
        SignInPageLazy => super::account::SignInPage,
    }
    office_pages / __preload_office_pages: OfficePages {
        HomePageLazy => super::home::HomePage,
        ChangePasswordPageLazy => super::account::ChangePasswordPage,
        AuditPageLazy => super::audit::AuditPage,
        ImportPageLazy => super::import::ImportPage,
        EmployeesPageLazy => super::people::EmployeesPage,
        NewEmployeePageLazy => super::people::NewEmployeePage,
        EmployeePageLazy => super::people::EmployeePage,
        FilePrintPageLazy => super::people::FilePrintPage,
        MyFilePageLazy => super::people::MyFilePage,
        OrgPageLazy => super::org::OrgPage,
        UnitPageLazy => super::org::UnitPage,
        PositionPageLazy => super::org::PositionPage,
        BaseSalaryPageLazy => super::org::BaseSalaryPage,
        PublicStaffPageLazy => super::org::PublicStaffPage,
        OrgReportsLazy => super::org::ReportsPage,
        OrdersPageLazy => super::orders::OrdersPage,
        OrderPageLazy => super::orders::OrderPage,
        OrderPrintPageLazy => super::orders::OrderPrintPage,
        SearchPageLazy => super::search::SearchPage,
    }
    evaluation_pages / __preload_evaluation_pages: EvaluationPages {
        EvaluationsPageLazy => super::evaluation::EvaluationsPage,
        EvaluationPageLazy => super::evaluation::EvaluationPage,
        EvaluationPrintPageLazy => super::evaluation::EvaluationPrintPage,
        CyclesPageLazy => super::evaluation::CyclesPage,
        CyclePageLazy => super::evaluation::CyclePage,
        MethodPageLazy => super::evaluation::MethodPage,
        InboxPageLazy => super::evaluation::InboxPage,
        ClassesPageLazy => super::classes::ClassesPage,
        ClassOrdersPageLazy => super::classes::ClassOrdersPage,
        ClassOrderPageLazy => super::classes::ClassOrderPage,
        EqualizationPageLazy => super::classes::EqualizationPage,
        PayRegisterPageLazy => super::classes::PayRegisterPage,
        PayRegisterPrintPageLazy => super::classes::PayRegisterPrintPage,
        ClassReportsPageLazy => super::classes::ClassReportsPage,
        ClassSettingsPageLazy => super::classes::ClassSettingsPage,
    }
    career_pages / __preload_career_pages: CareerPages {
        PublicVacanciesPageLazy => super::competitions::PublicVacanciesPage,
        ApplicationStatusPageLazy => super::competitions::ApplicationStatusPage,
        PublicVacancyPageLazy => super::competitions::PublicVacancyPage,
        CompetitionBoardLazy => super::competitions::BoardPage,
        CompetitionReportsLazy => super::competitions::reports::ReportsPage,
        HolidaysPageLazy => super::competitions::holidays::HolidaysPage,
        InterviewKitPageLazy => super::competitions::kit::InterviewKitPage,
        CompetitionPageLazy => super::competitions::CompetitionPage,
        ScoringPageLazy => super::competitions::ScoringPage,
        CompetitionMinutesLazy => super::competitions::MinutesPage,
        ApplicationPageLazy => super::competitions::ApplicationPage,
        AttestationPageLazy => super::attestation::AttestationPage,
        SessionPageLazy => super::attestation::SessionPage,
        AttestationMinutesLazy => super::attestation::MinutesPage,
        ProbationListPageLazy => super::probation::ProbationListPage,
        ProbationPageLazy => super::probation::ProbationPage,
        PromotionPageLazy => super::promotion::PromotionPage,
        CheckPageLazy => super::promotion::CheckPage,
        DisciplinePageLazy => super::discipline::DisciplinePage,
        TrainingPageLazy => super::training::TrainingPage,
        WorkPlanBoardLazy => super::work_plans::BoardPage,
        WorkPlanPageLazy => super::work_plans::WorkPlanPage,
        PublicListPageLazy => super::work_plans::PublicListPage,
        PublicReportPageLazy => super::work_plans::PublicReportPage,
    }
}
