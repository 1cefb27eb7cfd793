//! The demo's classes: officers serving since before the 2017 law held old class ranks, which
//! the order #2-1/91 of 27 Feb 2020 equalizes from 1 Jan 2020 (seed 000); then a class order each
//! February for everyone the finalized ratings qualify, visaed and signed, up to the February of
//! the year before the live one. The latest cycle's qualifications are left for HR to order.
use super::structure::{Lcg, EQUALIZATION_ORDER};
use super::{at, on, Timeline};
use app::classes::repo::{self, NewOldRank};
use app::classes::service::{self, OrderHeader, Visa};
use app::classes::OrderHeaderForm;
use app::ssr::{Actor, Db};
use chrono::{Datelike, NaiveDate};

/// The legal department's lawyer who visas the demo's orders.
const LAWYER: &str = "ნ. ქვარაცხელია";

fn header(
    number: &str,
    order_date: NaiveDate,
    effective: NaiveDate,
) -> Result<OrderHeader, String> {
    OrderHeader::parse(&OrderHeaderForm {
        number: number.into(),
        order_date: order_date.to_string(),
        effective_date: effective.to_string(),
    })
    .map_err(|e| format!("{e:?}"))
}

/// The legal visa, then the mayor's signature.
async fn visa_and_sign(
    db: &Db,
    hr: &Actor,
    mayor: &Actor,
    id: i64,
    visa_date: NaiveDate,
    signed: chrono::DateTime<chrono::Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    let visa = Visa {
        by: LAWYER.into(),
        date: visa_date,
    };
    service::visa(db, &hr.at(on(visa_date)), id, visa)
        .await
        .map_err(|e| format!("{e:?}"))?;
    service::sign(db, &mayor.at(signed), id)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(())
}

pub(super) async fn load(
    db: &Db,
    hr: &Actor,
    mayor: &Actor,
    t: &Timeline,
) -> Result<(), Box<dyn std::error::Error>> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("date");
    let legacy_end = date(2017, 6, 30)?;
    let recorded = at(2020, 2, 10);
    let mut tx = db.write.begin().await?;
    let veterans = repo::officers_serving_since(&mut tx, legacy_end, date(2020, 1, 1)?).await?;
    let mut rng = Lcg(219);
    for (i, veteran) in veterans.iter().enumerate() {
        // Longer service, higher rank: classes I–VI.
        let years = (legacy_end - veteran.first_start).num_days() / 365;
        let rank = (1 + years / 2 + rng.next(2) as i64).clamp(1, 6) as u8;
        let proof = (veteran.first_start + chrono::Duration::days(200)).min(legacy_end);
        let id = repo::insert_old_rank(
            &mut tx,
            NewOldRank {
                employee_id: veteran.employee_id,
                old_rank_class: rank,
                proof_number: &format!("2-{}/{}", 1 + i % 3, 40 + i),
                proof_date: proof,
                recorded_by: hr.user.id,
                recorded_at: recorded,
            },
        )
        .await?;
        repo::confirm_old_rank(&mut tx, id, rank, hr.user.id, recorded).await?;
    }
    tx.commit().await?;
    let equalization = header(EQUALIZATION_ORDER, date(2020, 2, 27)?, date(2020, 1, 1)?)?;
    let id = service::draft_equalization(db, &hr.at(at(2020, 2, 20)), equalization)
        .await
        .map_err(|e| format!("{e:?}"))?;
    visa_and_sign(db, hr, mayor, id, date(2020, 2, 26)?, at(2020, 2, 27)).await?;
    for year in 2021..t.live_year {
        // Who qualifies on 1 February, from the cycles ended before it.
        let drafter = hr.at(at(year, 2, 1));
        let picked: Vec<i64> = {
            let mut conn = db.read.acquire().await?;
            service::eligibility(&mut conn, drafter.today())
                .await
                .map_err(|e| format!("{e:?}"))?
                .eligible
                .iter()
                .map(|o| o.officer.person.id)
                .collect()
        };
        if picked.is_empty() {
            continue;
        }
        let promotion = header(
            &format!("2-5/{}", year - 2020),
            date(year, 2, 20)?,
            date(year, 1, 1)?,
        )?;
        let id = service::draft_promotion(db, &drafter, promotion, &picked)
            .await
            .map_err(|e| format!("{e:?}"))?;
        visa_and_sign(db, hr, mayor, id, date(year, 2, 18)?, at(year, 2, 20)).await?;
    }
    close_past_registers(db, hr, t).await
}

/// The registers of every month since January 2020 up to the month before the demo's day are
/// closed, each by HR on the 25th of its month, as payroll would have been.
async fn close_past_registers(
    db: &Db,
    hr: &Actor,
    t: &Timeline,
) -> Result<(), Box<dyn std::error::Error>> {
    let this_month = app::domain::pay::month_of(app::domain::common::georgia_date(t.now));
    let mut month = NaiveDate::from_ymd_opt(2020, 1, 1).ok_or("date")?;
    while month < this_month {
        let payday = month.with_day(25).ok_or("date")?;
        service::close_register(db, &hr.at(on(payday)), month)
            .await
            .map_err(|e| format!("{month}: {e:?}"))?;
        month = month + chrono::Months::new(1);
    }
    Ok(())
}
