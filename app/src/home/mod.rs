//! The role-specific home page and the inbox: what each signed-in user sees first, and every
//! task waiting for them across the features.
use crate::domain::task::Task;
use crate::domain::Bilingual;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Figures for the home cards. Each part is present only for the roles allowed to see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeSummary {
    pub institution: Option<Bilingual>,
    /// The organisation at a glance: HR and the mayor.
    pub organisation: Option<OrgFigures>,
    /// Accounts: HR only.
    pub user_count: Option<i64>,
    /// The caller's own position, when their account is linked to an employee.
    pub my_position: Option<MyPosition>,
    /// How many people the caller supervises: managers.
    pub supervised: Option<i64>,
    /// The caller's open tasks (the inbox) and how many are overdue.
    pub tasks: i64,
    pub overdue_tasks: i64,
    /// The first few of them, most urgent first, shown on the home page.
    pub first_tasks: Vec<Task>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFigures {
    pub services: i64,
    pub departments: i64,
    pub positions: i64,
    pub staff: i64,
    pub women: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPosition {
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
}

/// Access: any signed-in user; each part is filtered by role.
#[server(prefix = "/api", endpoint = "home/summary")]
pub async fn get_home_summary() -> Result<HomeSummary, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::summary(&call.db, &call.actor).await
    })
    .await
}

/// Access: any signed-in user. Their to-dos across the system.
#[server(prefix = "/api", endpoint = "inbox")]
pub async fn my_tasks() -> Result<Vec<Task>, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::tasks(&call.db, &call.actor).await
    })
    .await
}

/// How many tasks wait for the caller, for the badge beside "Tasks" in the menu.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCount {
    pub open: i64,
    pub overdue: i64,
}

impl TaskCount {
    pub fn of(tasks: &[Task]) -> Self {
        TaskCount {
            open: tasks.len() as i64,
            overdue: tasks.iter().filter(|t| t.overdue).count() as i64,
        }
    }
}

/// Access: any signed-in user. The size of their inbox.
#[server(prefix = "/api", endpoint = "inbox/count")]
pub async fn my_task_count() -> Result<TaskCount, AppError> {
    serve(Access::SignedIn, |call| async move {
        Ok(TaskCount::of(&service::tasks(&call.db, &call.actor).await?))
    })
    .await
}

#[cfg(feature = "ssr")]
pub mod service {
    //! The home figures and the inbox, gathered from the features that own them.
    use super::{HomeSummary, MyPosition, OrgFigures};
    use crate::domain::task::{sort_tasks, Task};
    use crate::domain::{Bilingual, Role};
    use crate::error::AppError;
    use crate::org::repo as org;
    use crate::ssr::{Actor, Db};

    /// How many waiting tasks the home page lists (the inbox has them all).
    const HOME_TASKS: usize = 5;

    /// Everything waiting for the actor, from every feature that sets tasks.
    pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
        let mut tasks = crate::evaluation::service::tasks(db, actor).await?;
        tasks.extend(crate::classes::service::tasks(db, actor).await?);
        tasks.extend(crate::competitions::service::tasks(db, actor).await?);
        tasks.extend(crate::probation::service::tasks(db, actor).await?);
        tasks.extend(crate::work_plans::service::tasks(db, actor).await?);
        tasks.extend(crate::discipline::service::tasks(db, actor).await?);
        tasks.extend(crate::training::service::tasks(db, actor).await?);
        sort_tasks(&mut tasks);
        Ok(tasks)
    }

    pub async fn summary(db: &Db, actor: &Actor) -> Result<HomeSummary, AppError> {
        let today = actor.today();
        let organisation = if actor.has(Role::Hr) || actor.has(Role::Mayor) {
            let c = org::org_counts(&db.read, today).await?;
            Some(OrgFigures {
                services: c.services,
                departments: c.departments,
                positions: c.positions,
                staff: c.staff,
                women: c.women,
            })
        } else {
            None
        };
        let user_count = if actor.has(Role::Hr) {
            Some(crate::auth::repo::count_users(&db.read).await?)
        } else {
            None
        };
        let held = match actor.user.employee_id {
            Some(employee) => org::held_position(&db.read, employee, today).await?,
            None => None,
        };
        // The same rule as the data scope: everyone whose supervisor chain reaches the caller.
        let supervised = match actor.user.employee_id {
            Some(employee) if actor.has(Role::Manager) => Some(
                crate::org::service::snapshot(db, today)
                    .await?
                    .subordinates(employee)
                    .len() as i64,
            ),
            _ if actor.has(Role::Manager) => Some(0),
            _ => None,
        };
        let my_position = held.map(|h| MyPosition {
            title: Bilingual::new(h.title_ka, h.title_en),
            unit: Bilingual::both(h.unit_name_ka, h.unit_name_en),
        });
        let tasks = tasks(db, actor).await?;
        let count = super::TaskCount::of(&tasks);
        Ok(HomeSummary {
            tasks: count.open,
            overdue_tasks: count.overdue,
            first_tasks: tasks.iter().take(HOME_TASKS).cloned().collect(),
            institution: org::institution_name(&db.read).await?,
            organisation,
            user_count,
            my_position,
            supervised,
        })
    }
}
