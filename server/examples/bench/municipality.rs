//! A large municipality beside the demo one, written straight in SQL: services of eight
//! departments each, a head and a deputy in every service, a head and specialists in every
//! department, one position in twenty vacant, every tenth department head's post vacant with a
//! specialist acting in it. The officers hold classes and are members of the live evaluation
//! cycle at its stages, evaluated by their unit's head, so every page has realistic work to do.
use chrono::NaiveDate;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

const DEPARTMENTS_PER_SERVICE: usize = 8;
const FIRST_NAMES: [(&str, &str); 20] = [
    ("გიორგი", "Giorgi"),
    ("ნინო", "Nino"),
    ("დავით", "Davit"),
    ("მარიამ", "Mariam"),
    ("ლევან", "Levan"),
    ("თამარ", "Tamar"),
    ("ზურაბ", "Zurab"),
    ("ნათია", "Natia"),
    ("ირაკლი", "Irakli"),
    ("ეკატერინე", "Ekaterine"),
    ("ნიკოლოზ", "Nikoloz"),
    ("ანა", "Ana"),
    ("ალექსანდრე", "Aleksandre"),
    ("სალომე", "Salome"),
    ("ლაშა", "Lasha"),
    ("ქეთევან", "Ketevan"),
    ("გოჩა", "Gocha"),
    ("მაია", "Maia"),
    ("თორნიკე", "Tornike"),
    ("ხათუნა", "Khatuna"),
];
/// Surname stems and endings: 72 surnames, so one surname names about 1.4 % of the staff.
const STEMS: [(&str, &str); 24] = [
    ("ბერი", "Beri"),
    ("კაპანა", "Kapana"),
    ("გელა", "Gela"),
    ("ლომი", "Lomi"),
    ("მაისურა", "Maisura"),
    ("ნადირა", "Nadira"),
    ("ოქრო", "Okro"),
    ("ჯაფარი", "Japari"),
    ("ხარაბა", "Kharaba"),
    ("ცქიტი", "Tskiti"),
    ("ჩიქოვა", "Chikova"),
    ("გოგი", "Gogi"),
    ("ბაქრა", "Bakra"),
    ("დარჩი", "Darchi"),
    ("ელია", "Elia"),
    ("ვაჩნა", "Vachna"),
    ("ზედგინი", "Zedgini"),
    ("თევზა", "Tevza"),
    ("იაშვი", "Iashvi"),
    ("კვარაცხელი", "Kvaratskheli"),
    ("მამუკა", "Mamuka"),
    ("ნიჟარა", "Nizhara"),
    ("სვანი", "Svani"),
    ("ქავთარა", "Kavtara"),
];
const ENDINGS: [(&str, &str); 3] = [("ძე", "dze"), ("შვილი", "shvili"), ("ია", "ia")];

/// What the requests of the benchmark need to name.
pub struct Municipality {
    pub staff: usize,
    pub units: usize,
    pub positions: usize,
    /// A department in the first service (its staff list).
    pub department: i64,
    /// A specialist's personal file.
    pub specialist: i64,
    /// The head of the first service: the manager whose scoped list is measured.
    pub service_head: i64,
    /// The evaluation of a department head in the first service, scored by the service head.
    pub evaluation: i64,
    /// The live evaluation cycle.
    pub cycle: i64,
}

struct Position {
    unit: usize,
    title: (&'static str, &'static str),
    rank: Option<i64>,
    kind: &'static str,
    head: bool,
    vacant: bool,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

async fn next_id(conn: &mut SqliteConnection, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"))
        .fetch_one(conn)
        .await
        .expect("id")
}

/// Adds a municipality of `staff` people to the database the demo made.
pub async fn grow(db: &sqlx::SqlitePool, staff: usize) -> Municipality {
    let mut tx = db.begin().await.expect("tx");
    let institution: i64 = sqlx::query_scalar("SELECT MIN(id) FROM institutions")
        .fetch_one(&mut *tx)
        .await
        .expect("institution");
    let from = date(2015, 1, 1);
    // Positions: staff plus one in twenty vacant.
    let positions_wanted = staff * 20 / 19;
    let services = (positions_wanted / 250).max(2);
    let per_department = (positions_wanted / services - 2) / DEPARTMENTS_PER_SERVICE;

    // Units: services first, then their departments (dense ids, so arithmetic finds them).
    let first_unit = next_id(&mut tx, "org_units").await;
    let mut units: Vec<(Option<i64>, &str, String, String, String)> = Vec::new();
    for s in 0..services {
        units.push((
            None,
            "service",
            format!("B-S{s}"),
            format!("სამსახური {}", s + 1),
            format!("Service {}", s + 1),
        ));
    }
    for s in 0..services {
        for d in 0..DEPARTMENTS_PER_SERVICE {
            units.push((
                Some(first_unit + s as i64),
                "department",
                format!("B-S{s}-D{d}"),
                format!("განყოფილება {}.{}", s + 1, d + 1),
                format!("Department {}.{}", s + 1, d + 1),
            ));
        }
    }
    for chunk in units.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO org_units (institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from) ",
        );
        q.push_values(chunk, |mut b, (parent, kind, code, ka, en)| {
            b.push_bind(institution)
                .push_bind(*parent)
                .push_bind(*kind)
                .push_bind(code.clone())
                .push_bind(ka.clone())
                .push_bind(en.clone())
                .push_bind(100)
                .push_bind(from);
        });
        q.build().execute(&mut *tx).await.expect("units");
    }
    let department_unit = |s: usize, d: usize| services + s * DEPARTMENTS_PER_SERVICE + d;

    let mut positions = Vec::new();
    let mut counter = 0usize;
    for s in 0..services {
        positions.push(Position {
            unit: s,
            title: ("სამსახურის უფროსი", "Head of Service"),
            rank: Some(1),
            kind: "officer",
            head: true,
            vacant: false,
        });
        positions.push(Position {
            unit: s,
            title: ("სამსახურის უფროსის მოადგილე", "Deputy Head of Service"),
            rank: Some(1),
            kind: "officer",
            head: false,
            vacant: false,
        });
        for d in 0..DEPARTMENTS_PER_SERVICE {
            let unit = department_unit(s, d);
            // Every tenth department's head post is vacant, a specialist acting in it.
            positions.push(Position {
                unit,
                title: ("განყოფილების უფროსი", "Head of Department"),
                rank: Some(2),
                kind: "officer",
                head: true,
                vacant: unit % 10 == 0,
            });
            for k in 1..per_department {
                counter += 1;
                let (title, rank, kind) = match k % 15 {
                    0 => (("ოპერატორი", "Operator"), None, "labour_contract"),
                    1..=6 => (
                        ("უფროსი სპეციალისტი", "Senior Specialist"),
                        Some(3),
                        "officer",
                    ),
                    _ => (("სპეციალისტი", "Specialist"), Some(4), "officer"),
                };
                positions.push(Position {
                    unit,
                    title,
                    rank,
                    kind,
                    head: false,
                    vacant: counter % 20 == 0,
                });
            }
        }
    }
    let first_position = next_id(&mut tx, "positions").await;
    for chunk in positions.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, is_head, valid_from) ",
        );
        q.push_values(chunk, |mut b, p| {
            b.push_bind(institution)
                .push_bind(first_unit + p.unit as i64)
                .push_bind(p.title.0)
                .push_bind(p.title.1)
                .push_bind(p.rank)
                .push_bind(p.kind)
                .push_bind(match p.rank {
                    Some(1) => 300_000,
                    Some(2) => 250_000,
                    Some(3) => 200_000,
                    _ => 150_000,
                })
                .push_bind(p.head)
                .push_bind(from);
        });
        q.build().execute(&mut *tx).await.expect("positions");
    }

    // One person on each filled position; the person after a vacant head acts in the post too.
    let first_employee = next_id(&mut tx, "employees").await;
    let mut holders: Vec<(i64, i64, &str)> = Vec::new(); // (employee, position, basis)
    let mut people = 0usize;
    let mut acting_for: Option<i64> = None;
    let mut holder_of: Vec<Option<i64>> = vec![None; positions.len()];
    for (index, p) in positions.iter().enumerate() {
        let position = first_position + index as i64;
        if p.vacant {
            if p.head {
                acting_for = Some(position);
            }
            continue;
        }
        let employee = first_employee + people as i64;
        people += 1;
        holder_of[index] = Some(employee);
        holders.push((employee, position, "competition"));
        if let Some(head) = acting_for.take() {
            holders.push((employee, head, "acting"));
        }
    }
    let now = crate::inprocess::bench_now();
    let indices: Vec<usize> = (0..people).collect();
    for chunk in indices.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO employees (id, institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en, gender, birth_date, created_at, updated_at) ",
        );
        q.push_values(chunk, |mut b, i| {
            let first = FIRST_NAMES[i % FIRST_NAMES.len()];
            let surname = i * 7 % (STEMS.len() * ENDINGS.len());
            let (stem, ending) = (STEMS[surname / 3], ENDINGS[surname % 3]);
            b.push_bind(first_employee + *i as i64)
                .push_bind(institution)
                .push_bind(format!("{:011}", 60_000_000_000u64 + *i as u64))
                .push_bind(first.0)
                .push_bind(format!("{}{}", stem.0, ending.0))
                .push_bind(first.1)
                .push_bind(format!("{}{}", stem.1, ending.1))
                .push_bind(if i % 2 == 0 { "male" } else { "female" })
                .push_bind(date(
                    1960 + (i % 40) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                ))
                .push_bind(now)
                .push_bind(now);
        });
        q.build().execute(&mut *tx).await.expect("employees");
    }
    for chunk in holders.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO assignments (employee_id, position_id, start_date, basis) ",
        );
        q.push_values(chunk, |mut b, (employee, position, basis)| {
            let start = if *basis == "acting" {
                date(2026, 3, 1)
            } else {
                from + chrono::Duration::days((employee % 3_650) as i64)
            };
            b.push_bind(*employee)
                .push_bind(*position)
                .push_bind(start)
                .push_bind(*basis);
        });
        q.build().execute(&mut *tx).await.expect("assignments");
    }

    // Classes for every officer, by one signed order (the pay register has a line each).
    sqlx::query(
        "INSERT INTO class_orders (institution_id, kind, number, order_date, effective_date, status, needs_visa, drafted_at)
         VALUES ($1, 'promotion', 'B-1', '2026-02-27', '2026-01-01', 'signed', 0, '2026-02-27')",
    )
    .bind(institution)
    .execute(&mut *tx)
    .await
    .expect("class order");
    sqlx::query(
        "INSERT INTO employee_classes (employee_id, class_no, effective_date, first_paid_month, basis_through, class_order_id, created_at)
         SELECT a.employee_id, 1 + a.employee_id % 12, '2026-01-01', '2026-03-01', '2025-12-31', (SELECT MAX(id) FROM class_orders), '2026-02-27'
         FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id >= $1 AND a.basis <> 'acting' AND p.employment_type = 'officer'",
    )
    .bind(first_employee)
    .execute(&mut *tx)
    .await
    .expect("classes");

    // The officers in the live cycle, evaluated by their unit's head (a department head by the
    // service's head), spread over the stages.
    let cycle: i64 = sqlx::query_scalar(
        "SELECT id FROM evaluation_cycles WHERE status = 'open' ORDER BY year DESC LIMIT 1",
    )
    .fetch_one(&mut *tx)
    .await
    .expect("live cycle");
    let head_of_unit = |unit: usize| {
        positions
            .iter()
            .position(|p| p.unit == unit && p.head)
            .and_then(|i| holder_of[i])
    };
    let mut evaluations = Vec::new();
    for (index, p) in positions.iter().enumerate() {
        let (Some(employee), Some(rank)) = (holder_of[index], p.rank) else {
            continue;
        };
        let evaluator = if p.head && p.unit >= services {
            head_of_unit((p.unit - services) / DEPARTMENTS_PER_SERVICE)
        } else if p.head {
            None
        } else {
            head_of_unit(p.unit)
        };
        let stage = ["planning", "self_assessment", "rating", "acknowledgement"][index % 4];
        evaluations.push((
            employee,
            first_position + index as i64,
            first_unit + p.unit as i64,
            rank,
            evaluator,
            stage,
        ));
    }
    let first_evaluation = next_id(&mut tx, "evaluations").await;
    for chunk in evaluations.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO evaluations (cycle_id, employee_id, position_id, unit_id, rank, evaluator_id, stage, objectives, updated_at) ",
        );
        q.push_values(
            chunk,
            |mut b, (employee, position, unit, rank, evaluator, stage)| {
                b.push_bind(cycle)
                    .push_bind(*employee)
                    .push_bind(*position)
                    .push_bind(*unit)
                    .push_bind(*rank)
                    .push_bind(*evaluator)
                    .push_bind(*stage)
                    .push_bind("ამოცანები")
                    .push_bind(now);
            },
        );
        q.build().execute(&mut *tx).await.expect("evaluations");
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(db).await.expect("analyze");

    let department = first_unit + department_unit(0, 1) as i64;
    let service_head = head_of_unit(0).expect("service head");
    let evaluation: i64 = sqlx::query_scalar(
        "SELECT id FROM evaluations WHERE id >= $1 AND evaluator_id = $2 ORDER BY id LIMIT 1",
    )
    .bind(first_evaluation)
    .bind(service_head)
    .fetch_one(db)
    .await
    .expect("evaluation");
    Municipality {
        staff: people,
        units: units.len(),
        positions: positions.len(),
        department,
        specialist: holder_of[positions.len() / 2]
            .or(holder_of[positions.len() / 2 + 1])
            .expect("specialist"),
        service_head,
        evaluation,
        cycle,
    }
}
