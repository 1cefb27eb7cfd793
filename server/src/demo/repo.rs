//! The demo's own seeding statements: bulk updates that give the generated structure its
//! categories, texts and deputies, and link appointments to their orders. Everything else the
//! demo writes goes through the application's repositories and services.
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// Each officer position gets the category of its rank and title (1st, 2nd, 3rd category).
pub async fn categorize_positions(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE positions SET category_id = (SELECT c.id FROM position_categories c WHERE c.rank = positions.rank
           AND c.category_no = CASE WHEN positions.title_en LIKE '%2nd%' THEN 2 WHEN positions.title_en LIKE '%3rd%' THEN 3 ELSE 1 END)
         WHERE rank IS NOT NULL",
    )
    .execute(&mut *conn)
    .await?;
    // The terms the positions were created with carry the same category.
    sqlx::query(
        "UPDATE position_terms SET category_id = (SELECT p.category_id FROM positions p WHERE p.id = position_terms.position_id)
         WHERE order_id IS NULL",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The terms each position was created with reach back to its first holder's first day (the
/// demo's staff served in these posts under the structure before the 2019 reorganization).
pub async fn terms_from_first_holders(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE position_terms SET valid_from = MIN(valid_from, COALESCE((SELECT MIN(a.start_date) FROM assignments a
                                                   WHERE a.position_id = position_terms.position_id), valid_from))
         WHERE valid_from = (SELECT p.valid_from FROM positions p WHERE p.id = position_terms.position_id)",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The positions of heads of services (primary units, rank I).
pub async fn service_head_positions(conn: &mut SqliteConnection) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.id FROM positions p JOIN org_units u ON u.id = p.unit_id
         WHERE p.is_head = 1 AND u.parent_id IS NULL AND p.valid_to IS NULL ORDER BY p.id",
    )
    .fetch_all(conn)
    .await
}

/// Job descriptions and qualification requirements (minimum / additional), by level.
pub async fn describe_positions(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE positions SET
           job_description_ka = CASE WHEN is_head = 1 THEN 'ერთეულის საქმიანობის დაგეგმვა, ორგანიზება და კონტროლი; დაქვემდებარებული მოხელეების შეფასება.'
                                     ELSE 'ერთეულის კომპეტენციის საკითხების მომზადება და შესრულება უშუალო ხელმძღვანელის დავალებით.' END,
           job_description_en = CASE WHEN is_head = 1 THEN 'Plans, organises and oversees the unit''s work; evaluates the officers of the unit.'
                                     ELSE 'Prepares and carries out the unit''s matters as assigned by the direct supervisor.' END,
           requirements_min_ka = CASE rank WHEN 1 THEN 'უმაღლესი განათლება (მაგისტრი); 3 წლის სამუშაო გამოცდილება, მათ შორის 1 წელი ხელმძღვანელ თანამდებობაზე.'
                                           WHEN 2 THEN 'უმაღლესი განათლება; 2 წლის სამუშაო გამოცდილება.'
                                           ELSE 'უმაღლესი განათლება (ბაკალავრი).' END,
           requirements_min_en = CASE rank WHEN 1 THEN 'Higher education (master''s); 3 years of work experience, 1 of them in a management position.'
                                           WHEN 2 THEN 'Higher education; 2 years of work experience.'
                                           ELSE 'Higher education (bachelor''s).' END,
           requirements_extra_ka = 'საქართველოს კანონმდებლობის ცოდნა; კომპიუტერული პროგრამების ცოდნა.',
           requirements_extra_en = 'Knowledge of Georgian legislation; computer literacy.'
         WHERE rank IS NOT NULL AND job_description_ka = ''",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The first deputy supervises the first four services, the deputy the rest.
pub async fn assign_deputies(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE org_units SET supervisor_position_id = (SELECT id FROM positions WHERE title_en =
           CASE WHEN org_units.sort_order < 4 THEN 'First Deputy Mayor' ELSE 'Deputy Mayor' END)
         WHERE kind = 'service'",
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Every assignment's start, oldest first.
#[derive(sqlx::FromRow)]
pub struct AssignmentStart {
    pub id: i64,
    pub start_date: NaiveDate,
}

pub async fn assignment_starts(
    conn: &mut SqliteConnection,
) -> Result<Vec<AssignmentStart>, sqlx::Error> {
    sqlx::query_as("SELECT id, start_date FROM assignments ORDER BY start_date, id")
        .fetch_all(conn)
        .await
}

pub async fn link_appointment_order(
    conn: &mut SqliteConnection,
    assignment: i64,
    order: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE assignments SET order_id = $1 WHERE id = $2")
        .bind(order)
        .bind(assignment)
        .execute(conn)
        .await?;
    Ok(())
}

/// The planning stage's evaluations of a cycle: (evaluation, employee, rank).
#[derive(sqlx::FromRow)]
pub struct PlannedEvaluation {
    pub id: i64,
    pub employee_id: i64,
    pub rank: Option<i64>,
}

pub async fn evaluations_in_planning(
    conn: &mut SqliteConnection,
    cycle: i64,
) -> Result<Vec<PlannedEvaluation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employee_id, rank FROM evaluations WHERE cycle_id = $1 AND stage = 'planning' ORDER BY id",
    )
    .bind(cycle)
    .fetch_all(conn)
    .await
}

/// Two evaluations of a cycle rated "good", latest first (the demo's appeals).
pub async fn good_results(
    conn: &mut SqliteConnection,
    cycle: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT e.id FROM evaluations e JOIN evaluation_results r ON r.id = e.result_id
         WHERE e.cycle_id = $1 AND r.rating = 'good' ORDER BY e.id DESC LIMIT 2",
    )
    .bind(cycle)
    .fetch_all(conn)
    .await
}

/// An officer appointed by competition in a year and still in post: the demo's finished
/// competitions end in these appointments.
#[derive(sqlx::FromRow)]
pub struct CompetitionAppointment {
    pub position_id: i64,
    pub start_date: NaiveDate,
    pub order_id: Option<i64>,
    pub personal_number: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub gender: String,
    pub birth_date: NaiveDate,
}

pub async fn competition_appointment(
    conn: &mut SqliteConnection,
    year: i32,
) -> Result<Option<CompetitionAppointment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.position_id, a.start_date, a.order_id, e.personal_number,
            e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en, e.gender, e.birth_date
         FROM assignments a JOIN positions p ON p.id = a.position_id JOIN employees e ON e.id = a.employee_id
         WHERE a.basis = 'competition' AND a.end_date IS NULL AND p.rank IS NOT NULL AND p.is_head = 0
           AND a.start_date BETWEEN $1 AND $2
         ORDER BY a.start_date, a.id LIMIT 1",
    )
    // From May: the competition (announced about ten weeks before) falls in the same year.
    .bind(format!("{year:04}-05-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_optional(conn)
    .await
}

/// An order of the same year on or before a day (the historical competitions cite the
/// registry's orders; no order is added to a year whose counts the annual report fixes).
pub async fn order_before(
    conn: &mut SqliteConnection,
    day: NaiveDate,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM orders WHERE order_date <= $1 AND strftime('%Y', order_date) = strftime('%Y', $1)
         ORDER BY order_date DESC, id DESC LIMIT 1",
    )
    .bind(day)
    .fetch_optional(conn)
    .await
}

/// Marks a historical competition as announced, notified and appointed on its days.
pub async fn finish_competition(
    conn: &mut SqliteConnection,
    id: i64,
    announced: (Option<i64>, NaiveDate),
    notified: NaiveDate,
    ended: (NaiveDate, Option<i64>),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competitions SET state = 'appointed', announce_order_id = $2, announced_on = $3,
            current_stage = 2, notified_on = $4, docs_due = $4, ended_on = $5, appoint_order_id = $6
         WHERE id = $1",
    )
    .bind(id)
    .bind(announced.0)
    .bind(announced.1)
    .bind(notified)
    .bind(ended.0)
    .bind(ended.1)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn finish_vacancy(
    conn: &mut SqliteConnection,
    id: i64,
    decided: (NaiveDate, Option<i64>),
    closed: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE vacancies SET state = 'filled', decision = 'competition_open', decision_order_id = $2,
            decided_on = $3, closed_on = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(decided.1)
    .bind(decided.0)
    .bind(closed)
    .execute(conn)
    .await?;
    Ok(())
}

/// Each person's first appointment as an officer, when it was by competition:
/// (employee, assignment, start).
pub async fn first_competition_appointments(
    conn: &mut SqliteConnection,
) -> Result<Vec<(i64, i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, a.id, a.start_date FROM assignments a
         JOIN position_terms t ON t.position_id = a.position_id AND t.valid_from <= a.start_date
              AND (t.valid_to IS NULL OR t.valid_to >= a.start_date) AND t.employment_type = 'officer'
         WHERE a.basis = 'competition'
           AND NOT EXISTS (SELECT 1 FROM probation_records r WHERE r.assignment_id = a.id)
           AND NOT EXISTS (SELECT 1 FROM assignments b JOIN position_terms bt
                  ON bt.position_id = b.position_id AND bt.valid_from <= b.start_date
                 AND (bt.valid_to IS NULL OR bt.valid_to >= b.start_date)
               WHERE b.employee_id = a.employee_id AND b.start_date < a.start_date
                 AND bt.employment_type = 'officer' AND b.basis <> 'acting')
         ORDER BY a.id",
    )
    .fetch_all(conn)
    .await
}

/// Running probations whose term ended before `today`: (id, last day).
pub async fn running_probations_over(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<Vec<(i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, ends_on FROM probation_records WHERE state = 'running' AND ends_on < $1",
    )
    .bind(today)
    .fetch_all(conn)
    .await
}

/// The unit and the rank of the position the employee holds now (not acting).
pub async fn post_of_employee(
    db: &sqlx::SqlitePool,
    employee: i64,
) -> Result<Option<(Option<i64>, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.unit_id, p.rank FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.end_date IS NULL AND a.basis <> 'acting' LIMIT 1",
    )
    .bind(employee)
    .fetch_optional(db)
    .await
}

pub async fn probation_of_employee(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM probation_records WHERE employee_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(employee)
    .fetch_optional(conn)
    .await
}

/// Who holds a position in the unit on `on` (not acting), with the day they started.
pub async fn unit_members(
    db: &sqlx::SqlitePool,
    unit: i64,
    on: NaiveDate,
) -> Result<Vec<(i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, MIN(a.start_date) FROM assignments a
         JOIN positions p ON p.id = a.position_id
         WHERE p.unit_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
           AND a.basis <> 'acting'
         GROUP BY a.employee_id ORDER BY a.employee_id",
    )
    .bind(unit)
    .bind(on)
    .fetch_all(db)
    .await
}

/// The username of the person's account, if they have one.
pub async fn user_of_employee(
    db: &sqlx::SqlitePool,
    employee: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT username FROM users WHERE employee_id = $1 ORDER BY id LIMIT 1")
        .bind(employee)
        .fetch_optional(db)
        .await
}

/// People holding a position today who have no account (the demo's sanctions fall on them).
pub async fn staff_without_accounts(
    db: &sqlx::SqlitePool,
    on: NaiveDate,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT a.employee_id FROM assignments a
         WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1) AND a.basis <> 'acting'
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.employee_id = a.employee_id)
         ORDER BY a.employee_id LIMIT $2",
    )
    .bind(on)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// A person's personal number, the way HR names them in a form.
pub async fn personal_number(db: &sqlx::SqlitePool, employee: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT personal_number FROM employees WHERE id = $1")
        .bind(employee)
        .fetch_one(db)
        .await
}
