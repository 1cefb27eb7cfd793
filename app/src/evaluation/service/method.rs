//! The evaluation method: versions adopted by order, the competency catalogue.
use super::*;

// ---- Method -------------------------------------------------------------------------------

pub async fn method_page(db: &SqlitePool, version: Option<i64>) -> Result<MethodPage, AppError> {
    let mut conn = db.acquire().await?;
    let record = match version {
        Some(id) => repo::method(&mut conn, id).await?,
        None => repo::method_on(&mut conn, crate::org::today()).await?,
    }
    .ok_or(AppError::NotFound)?;
    let shown = MethodVersion {
        id: record.id,
        version: record.version,
        valid_from: record.valid_from,
        order_number: record.order_number.clone(),
        order_date: record.order_date,
        settings: record.settings().map_err(AppError::internal)?,
        sources: record.sources(),
        competencies: repo::competencies(&mut conn, record.id).await?,
        in_use: repo::method_in_use(&mut conn, record.id).await?,
    };
    Ok(MethodPage {
        versions: repo::method_versions(db).await?,
        shown,
    })
}

pub struct MethodForm {
    pub order_number: String,
    pub order_date: String,
    pub valid_from: String,
    /// "1-4" or "1-5".
    pub scale: String,
    /// excellent, good, satisfactory lower bounds.
    pub bands: [String; 3],
    /// min_service_months, periods_per_year, planning, rating, summary, acknowledge, appeal,
    /// appeal decision days.
    pub numbers: [String; 8],
    pub self_assessment: bool,
    pub comment_required_for_extremes: bool,
}

impl MethodForm {
    fn settings(&self) -> Result<MethodSettings, AppError> {
        let base = MethodSettings::default_1_4();
        let mut s = match self.scale.trim() {
            "1-4" => base,
            "1-5" => base.preset_1_5(),
            _ => return Err(AppError::invalid("scale", Key::ValidationChoice)),
        };
        let mut bands = Vec::new();
        for (field, text) in ["excellent", "good", "satisfactory"]
            .iter()
            .zip(&self.bands)
        {
            let value: rust_decimal::Decimal = text
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| AppError::invalid(field, Key::ValidationNumber))?;
            bands.push(value);
        }
        s.bands = rules::Bands {
            excellent: bands[0],
            good: bands[1],
            satisfactory: bands[2],
        };
        let mut numbers = [0u32; 8];
        for (i, (field, text)) in MethodSettings::NUMBER_FIELDS
            .iter()
            .zip(&self.numbers)
            .enumerate()
        {
            numbers[i] = text
                .trim()
                .parse()
                .map_err(|_| AppError::invalid(field, Key::ValidationNumber))?;
        }
        s.set_numbers(numbers);
        s.self_assessment = self.self_assessment;
        s.comment_required_for_extremes = self.comment_required_for_extremes;
        if let Some((field, problem)) = s.problems().first() {
            let key = match problem {
                rules::MethodProblem::Scale => Key::EvalProblemScale,
                rules::MethodProblem::Bands => Key::EvalProblemBands,
                rules::MethodProblem::Range => Key::EvalProblemRange,
                rules::MethodProblem::Order => Key::EvalProblemOrder,
            };
            return Err(AppError::invalid(field, key));
        }
        Ok(s)
    }
}

pub async fn adopt_method(actor: &Actor, form: MethodForm) -> Result<i64, AppError> {
    let order_number = required_text("order_number", &form.order_number)?;
    let order_date = required_date("order_date", &form.order_date)?;
    let valid_from = required_date("valid_from", &form.valid_from)?;
    let settings = form.settings()?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let current = repo::method_on(&mut tx, valid_from)
        .await?
        .ok_or(AppError::NotFound)?;
    if valid_from <= current.valid_from {
        return Err(AppError::invalid("valid_from", Key::EvalMethodDateTooEarly));
    }
    let version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_methods")
            .fetch_one(&mut *tx)
            .await?;
    let settings_json = serde_json::to_string(&settings).map_err(AppError::internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_methods (version, valid_from, order_number, order_date,
             settings_json, sources_json, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(version)
    .bind(valid_from)
    .bind(&order_number)
    .bind(order_date)
    .bind(&settings_json)
    .bind(&current.sources_json)
    .bind(actor.user.id)
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         SELECT $1, code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en, sort_order
         FROM competencies WHERE method_id = $2",
    )
    .bind(id)
    .bind(current.id)
    .execute(&mut *tx)
    .await?;
    // The adopting order goes into the registry as a main order, unless already there.
    if crate::orders::repo::find_in_year(&mut tx, &order_number, order_date)
        .await?
        .is_none()
    {
        crate::orders::repo::insert(
            &mut tx,
            actor,
            crate::orders::repo::NewOrder {
                number: &order_number,
                order_date,
                issuer: crate::orders::Issuer::Mayor,
                order_type: crate::orders::OrderType::Main,
                title: Key::EvalMethodOrderTitle.text(crate::i18n::Locale::Ka),
                effective_date: valid_from,
            },
        )
        .await?;
    }
    audit(
        &mut tx,
        actor,
        "evaluation_method.adopt",
        "evaluation_method",
        id,
        Some(json!({ "version": current.version, "settings": serde_json::from_str::<serde_json::Value>(&current.settings_json).unwrap_or_default() })),
        Some(json!({ "version": version, "valid_from": valid_from, "order": order_number, "settings": settings })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn editable_method(conn: &mut SqliteConnection, method_id: i64) -> Result<(), AppError> {
    repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::method_in_use(conn, method_id).await? {
        return Err(AppError::Conflict(Key::EvalMethodInUse));
    }
    Ok(())
}

pub async fn add_competency(
    actor: &Actor,
    method_id: i64,
    fields: [String; 7],
) -> Result<i64, AppError> {
    let [code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en] = fields;
    let code = required_text("code", &code)?.to_uppercase();
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || code.len() > 30 {
        return Err(AppError::invalid("code", Key::EvalCompetencyCode));
    }
    let kind = rules::CompetencyKind::parse(kind.trim())
        .ok_or_else(|| AppError::invalid("kind", Key::ValidationChoice))?;
    let ranks: Vec<i64> = ranks
        .split(',')
        .map(|r| r.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|r: &Vec<i64>| !r.is_empty() && r.iter().all(|n| (1..=4).contains(n)))
        .ok_or_else(|| AppError::invalid("ranks", Key::EvalRanks))?;
    let ranks = ranks
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let name = crate::org::service::bilingual("name", &name_ka, &name_en)?;
    let descriptor_ka = long_text("descriptor_ka", &descriptor_ka)?;
    let descriptor_en = long_text("descriptor_en", &descriptor_en)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    editable_method(&mut tx, method_id).await?;
    let taken: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM competencies WHERE method_id = $1 AND code = $2")
            .bind(method_id)
            .bind(&code)
            .fetch_one(&mut *tx)
            .await?;
    if taken > 0 {
        return Err(AppError::invalid("code", Key::EvalCompetencyCodeTaken));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM competencies WHERE method_id = $1))
         RETURNING id",
    )
    .bind(method_id)
    .bind(&code)
    .bind(kind.code())
    .bind(&ranks)
    .bind(&name.ka)
    .bind(&name.en)
    .bind(&descriptor_ka)
    .bind(&descriptor_en)
    .fetch_one(&mut *tx)
    .await?;
    audit(
        &mut tx,
        actor,
        "competency.create",
        "competency",
        id,
        None,
        Some(json!({ "method_id": method_id, "code": code, "kind": kind.code(), "ranks": ranks, "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_competency(actor: &Actor, id: i64) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (method_id, code): (i64, String) =
        sqlx::query_as("SELECT method_id, code FROM competencies WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    editable_method(&mut tx, method_id).await?;
    sqlx::query("DELETE FROM competencies WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        actor,
        "competency.delete",
        "competency",
        id,
        Some(json!({ "method_id": method_id, "code": code })),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(method_id)
}
