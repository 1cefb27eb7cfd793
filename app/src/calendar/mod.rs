//! The holiday table (უქმე დღეები): the days off besides weekends that every deadline counted
//! in working days skips. HR keeps it; each change is audited, since it moves deadlines.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::Bilingual;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: Bilingual,
}

/// Access: HR and the mayor. The holidays of a year (this year when none is given).
#[server(prefix = "/api", endpoint = "calendar/holidays")]
pub async fn list_holidays(year: Option<i32>) -> Result<(i32, Vec<Holiday>), AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        use chrono::Datelike;
        let year = year.unwrap_or_else(|| call.actor.today().year());
        Ok((year, service::list(&call.db, year).await?))
    })
    .await
}

/// Access: HR. Adds a holiday (or renames the one on that day).
#[server(prefix = "/api", endpoint = "calendar/add")]
pub async fn add_holiday(day: String, name_ka: String, name_en: String) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let day = p.take(forms::required_date("day", &day));
        let name_ka = p.take(forms::required_text("name_ka", &name_ka));
        let name_en = p.take(forms::required_text("name_en", &name_en));
        p.finish()?;
        let (Some(day), Some(ka), Some(en)) = (day, name_ka, name_en) else {
            return Err(AppError::invalid(
                "day",
                crate::i18n::Key::ValidationRequired,
            ));
        };
        service::add(&call.db, &call.actor, day, &Bilingual::new(ka, en)).await?;
        redirect(&format!(
            "/competitions/holidays?year={}",
            chrono::Datelike::year(&day)
        ));
        Ok(())
    })
    .await
}

/// Access: HR. Removes a holiday.
#[server(prefix = "/api", endpoint = "calendar/remove")]
pub async fn remove_holiday(day: String, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let day = forms::required_date("day", &day)?;
        service::remove(&call.db, &call.actor, day).await?;
        redirect(&format!(
            "/competitions/holidays?year={}",
            chrono::Datelike::year(&day)
        ));
        Ok(())
    })
    .await
}
