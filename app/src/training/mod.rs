//! Training and qualification (გადამზადება, კვალიფიკაციის ამაღლება): each person's courses with
//! provider, dates, hours and certificate, and the training needs an evaluation raises (an
//! unsatisfactory annual result by itself, DOMAIN §3.9) or HR and the supervisor record; a
//! training meets a need. Both go into the attestation dossier.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::career::NeedSource;
use crate::domain::PersonRef;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecordView {
    pub id: i64,
    pub person: PersonRef,
    pub course: String,
    pub provider: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i64,
    pub certificate: Option<String>,
    /// A qualification upgrade (seed 004 art. 22(2)(a)), not only a course.
    pub qualification: bool,
    pub need: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingNeedView {
    pub id: i64,
    pub person: PersonRef,
    pub topic: String,
    pub source: NeedSource,
    pub evaluation_id: Option<i64>,
    pub raised_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
    pub met_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingBoard {
    pub today: NaiveDate,
    pub records: Vec<TrainingRecordView>,
    pub needs: Vec<TrainingNeedView>,
    /// HR: records trainings.
    pub may_record: bool,
    /// HR and managers: raise needs for the people they may.
    pub may_raise: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingForm {
    /// The officer, by name and surname or personal number.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub certificate: String,
    #[serde(default)]
    pub qualification: Option<String>,
    /// The open need this training meets, if any.
    #[serde(default)]
    pub need_id: String,
}

/// Access: signed in. HR and the mayor see everyone's (logged), a manager their people's,
/// anyone their own.
#[server(prefix = "/api", endpoint = "training/list")]
pub async fn list_training(
    #[server(default)] employee: Option<i64>,
) -> Result<TrainingBoard, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::board(&call.db, &call.actor, employee).await
    })
    .await
}

/// Access: HR. Records a training (and the need it meets).
#[server(prefix = "/api", endpoint = "training/record")]
pub async fn record_training(#[server(flatten)] form: TrainingForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::TrainingInput::parse(&form)?;
        let id = service::record(&call.db, &call.actor, input).await?;
        redirect("/training");
        Ok(id)
    })
    .await
}

/// Access: HR, or a manager for one of their people. Records a training need.
#[server(prefix = "/api", endpoint = "training/need")]
pub async fn raise_training_need(
    #[server(default)] person: String,
    #[server(default)] topic: String,
) -> Result<i64, AppError> {
    serve(Access::READERS, |call| async move {
        let mut p = crate::error::Problems::default();
        p.take(forms::person("person", &person));
        let topic = p.take(forms::long_text("topic", &topic));
        p.finish()?;
        let Some(topic) = topic else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        let id = service::raise(&call.db, &call.actor, &person, &topic).await?;
        redirect("/training");
        Ok(id)
    })
    .await
}
