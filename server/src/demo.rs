//! The demo municipality, loaded once into an empty database when `MOKHELE_DEMO=1`:
//! a mayor's office with 8 services and 17 departments (the Administrative Service has the
//! five departments of the 2020 Tsalenjikha report), about 120 staff and a user per role.
use app::auth::repo::{insert_user, NewUser};
use app::domain::Role;
use app::orders::repo::{insert_unchecked as insert_order, NewOrder};
use app::orders::{Issuer, OrderType};
use app::org::repo::{self as org, NewAssignment, NewEmployee, NewPosition, NewUnit};
use app::org::{AssignmentBasis, Bilingual, EmploymentType, Gender, UnitKind};
use app::ssr::audit::{record, AuditEntry};
use app::ssr::AppState;
use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

/// (username, password, roles) — also listed in the README.
pub const DEMO_USERS: &[(&str, &str, &[Role])] = &[
    ("hr", "Mokhele-HR-2026", &[Role::Hr, Role::Employee]),
    (
        "manager",
        "Mokhele-Manager-2026",
        &[Role::Manager, Role::Employee],
    ),
    ("employee", "Mokhele-Employee-2026", &[Role::Employee]),
    ("mayor", "Mokhele-Mayor-2026", &[Role::Mayor]),
    (
        "commission",
        "Mokhele-Commission-2026",
        &[Role::Commission, Role::Employee],
    ),
];

fn bi(ka: &str, en: &str) -> Bilingual {
    Bilingual {
        ka: ka.into(),
        en: en.into(),
    }
}

type UnitSpec = (&'static str, &'static str, &'static str);

/// Services with their departments: (code, ka, en).
const STRUCTURE: &[(UnitSpec, &[UnitSpec])] = &[
    (
        ("ADM", "ადმინისტრაციული სამსახური", "Administrative Service"),
        &[
            (
                "ADM-REC",
                "საქმისწარმოებისა და ლოჯისტიკის განყოფილება",
                "Records Management and Logistics Department",
            ),
            (
                "ADM-HR",
                "ადამიანური რესურსების მართვისა და გენდერული თანასწორობის განყოფილება",
                "HR Management and Gender Equality Department",
            ),
            (
                "ADM-PR",
                "ინფორმაციისა და საზოგადოებასთან ურთიერთობის განყოფილება",
                "Information and Public Relations Department",
            ),
            ("ADM-LEG", "იურიდიული განყოფილება", "Legal Department"),
            (
                "ADM-PROC",
                "შესყიდვების განყოფილება",
                "Procurement Department",
            ),
        ],
    ),
    (
        ("FIN", "საფინანსო სამსახური", "Finance Service"),
        &[
            (
                "FIN-BUD",
                "ბიუჯეტის დაგეგმვის განყოფილება",
                "Budget Planning Department",
            ),
            (
                "FIN-ACC",
                "ბუღალტრული აღრიცხვის განყოფილება",
                "Accounting Department",
            ),
        ],
    ),
    (
        (
            "ECO",
            "ეკონომიკური განვითარების სამსახური",
            "Economic Development Service",
        ),
        &[
            (
                "ECO-PROP",
                "ქონების მართვის განყოფილება",
                "Property Management Department",
            ),
            (
                "ECO-TOUR",
                "ტურიზმისა და ინვესტიციების განყოფილება",
                "Tourism and Investment Department",
            ),
        ],
    ),
    (
        ("INF", "ინფრასტრუქტურის სამსახური", "Infrastructure Service"),
        &[
            (
                "INF-DEV",
                "ინფრასტრუქტურის განვითარების განყოფილება",
                "Infrastructure Development Department",
            ),
            (
                "INF-UTIL",
                "კომუნალური მომსახურების განყოფილება",
                "Utilities Department",
            ),
        ],
    ),
    (
        ("ARC", "არქიტექტურის სამსახური", "Architecture Service"),
        &[(
            "ARC-PERM",
            "მშენებლობის ნებართვების განყოფილება",
            "Building Permits Department",
        )],
    ),
    (
        (
            "SOC",
            "სოციალური და ჯანდაცვის სამსახური",
            "Social and Health Service",
        ),
        &[
            (
                "SOC-AID",
                "სოციალური დახმარების განყოფილება",
                "Social Assistance Department",
            ),
            ("SOC-HLT", "ჯანდაცვის განყოფილება", "Health Department"),
        ],
    ),
    (
        (
            "EDU",
            "განათლების, კულტურის, სპორტისა და ახალგაზრდულ საქმეთა სამსახური",
            "Education, Culture, Sport and Youth Service",
        ),
        &[
            (
                "EDU-CUL",
                "კულტურისა და სპორტის განყოფილება",
                "Culture and Sport Department",
            ),
            (
                "EDU-YTH",
                "ახალგაზრდულ საქმეთა განყოფილება",
                "Youth Affairs Department",
            ),
        ],
    ),
    (
        ("SUP", "ზედამხედველობის სამსახური", "Supervision Service"),
        &[(
            "SUP-CON",
            "მშენებლობის ზედამხედველობის განყოფილება",
            "Construction Supervision Department",
        )],
    ),
];

const FEMALE: &[(&str, &str)] = &[
    ("ნინო", "Nino"),
    ("მარიამ", "Mariam"),
    ("ანა", "Ana"),
    ("თამარ", "Tamar"),
    ("ეკატერინე", "Ekaterine"),
    ("ნათია", "Natia"),
    ("ქეთევან", "Ketevan"),
    ("მაია", "Maia"),
    ("ლელა", "Lela"),
    ("ხათუნა", "Khatuna"),
    ("თეა", "Tea"),
    ("სოფიო", "Sopio"),
    ("ნანა", "Nana"),
    ("ირმა", "Irma"),
    ("ლიკა", "Lika"),
    ("ელენე", "Elene"),
    ("მანანა", "Manana"),
    ("ციალა", "Tsiala"),
    ("ნესტან", "Nestan"),
    ("ქრისტინე", "Kristine"),
];
const MALE: &[(&str, &str)] = &[
    ("გიორგი", "Giorgi"),
    ("დავით", "Davit"),
    ("ლევან", "Levan"),
    ("ნიკოლოზ", "Nikoloz"),
    ("ირაკლი", "Irakli"),
    ("ზურაბ", "Zurab"),
    ("გელა", "Gela"),
    ("თემურ", "Temur"),
    ("ალექსანდრე", "Aleksandre"),
    ("ბესიკ", "Besik"),
    ("ვახტანგ", "Vakhtang"),
    ("მამუკა", "Mamuka"),
    ("ლაშა", "Lasha"),
    ("ოთარ", "Otar"),
    ("კახაბერ", "Kakhaber"),
    ("ნოდარ", "Nodar"),
    ("გოჩა", "Gocha"),
    ("რევაზ", "Revaz"),
    ("შოთა", "Shota"),
    ("ბაჩანა", "Bachana"),
];
const SURNAMES: &[(&str, &str)] = &[
    ("ჯალაღონია", "Jalaghonia"),
    ("ქვარაცხელია", "Kvaratskhelia"),
    ("გაბელია", "Gabelia"),
    ("ხუხუა", "Khukhua"),
    ("შონია", "Shonia"),
    ("ჭანტურია", "Chanturia"),
    ("ბერიძე", "Beridze"),
    ("კაპანაძე", "Kapanadze"),
    ("გოგია", "Gogia"),
    ("ესართია", "Esartia"),
    ("ტყებუჩავა", "Tkebuchava"),
    ("ხარჩილავა", "Kharchilava"),
    ("ფიფია", "Pipia"),
    ("ქობალია", "Kobalia"),
    ("დარასელია", "Daraselia"),
    ("ჩიქოვანი", "Chikovani"),
    ("ბუკია", "Bukia"),
    ("კაკაჩია", "Kakachia"),
    ("ზარანდია", "Zarandia"),
    ("მიქაძე", "Mikadze"),
    ("ლომაია", "Lomaia"),
    ("გვასალია", "Gvasalia"),
    ("ცხადაია", "Tskhadaia"),
    ("სალია", "Salia"),
];

/// A small deterministic generator: the same demo every time.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// A position to fill: title, rank, type, monthly salary in GEL, head flag.
struct Post {
    title: Bilingual,
    rank: Option<i64>,
    kind: EmploymentType,
    salary_gel: i64,
    is_head: bool,
}

fn specialist(level: usize) -> Post {
    let (ka, en, rank, gel) = match level {
        0 => (
            "პირველი კატეგორიის უფროსი სპეციალისტი",
            "Senior Specialist, 1st category",
            3,
            1500,
        ),
        1 => (
            "მეორე კატეგორიის უფროსი სპეციალისტი",
            "Senior Specialist, 2nd category",
            3,
            1350,
        ),
        2 => (
            "მესამე კატეგორიის უფროსი სპეციალისტი",
            "Senior Specialist, 3rd category",
            3,
            1200,
        ),
        _ => ("უმცროსი სპეციალისტი", "Junior Specialist", 4, 950),
    };
    Post {
        title: bi(ka, en),
        rank: Some(rank),
        kind: EmploymentType::Officer,
        salary_gel: gel,
        is_head: false,
    }
}

struct Seeder<'a> {
    conn: &'a mut SqliteConnection,
    institution: i64,
    rng: Lcg,
    serial: u64,
    valid_from: NaiveDate,
}

impl Seeder<'_> {
    /// Creates the position and a person holding it; returns the employee id.
    async fn staff(&mut self, unit: Option<i64>, post: Post) -> Result<i64, sqlx::Error> {
        let position = org::insert_position(
            self.conn,
            NewPosition {
                institution_id: self.institution,
                unit_id: unit,
                title: &post.title,
                rank: post.rank,
                employment_type: post.kind,
                salary_tetri: post.salary_gel * 100,
                is_head: post.is_head,
                valid_from: self.valid_from,
            },
        )
        .await?;
        self.serial += 1;
        let female = self.rng.next(100) < 58;
        let (first_ka, first_en) = if female {
            FEMALE[self.rng.next(FEMALE.len())]
        } else {
            MALE[self.rng.next(MALE.len())]
        };
        let (last_ka, last_en) = SURNAMES[self.rng.next(SURNAMES.len())];
        let birth = NaiveDate::from_ymd_opt(
            1965 + self.rng.next(36) as i32,
            1 + self.rng.next(12) as u32,
            1 + self.rng.next(28) as u32,
        )
        .unwrap_or(self.valid_from);
        let personal_number = format!("{:011}", 1_001_000_000 + self.serial * 7_919);
        let email = format!(
            "{}.{}{}@meria.example.ge",
            first_en.to_lowercase(),
            last_en.to_lowercase(),
            self.serial
        );
        let employee = org::insert_employee(
            self.conn,
            NewEmployee {
                institution_id: self.institution,
                personal_number: &personal_number,
                first_name: &bi(first_ka, first_en),
                last_name: &bi(last_ka, last_en),
                gender: if female { Gender::Female } else { Gender::Male },
                birth_date: birth,
                email: Some(&email),
            },
        )
        .await?;
        let start = NaiveDate::from_ymd_opt(
            2010 + self.rng.next(14) as i32,
            1 + self.rng.next(12) as u32,
            1,
        )
        .unwrap_or(self.valid_from);
        let basis = if post.kind == EmploymentType::Political {
            AssignmentBasis::WithoutCompetition
        } else {
            AssignmentBasis::Competition
        };
        org::insert_assignment(
            self.conn,
            NewAssignment {
                employee_id: employee,
                position_id: position,
                start,
                end: None,
                basis,
                order_id: None,
            },
        )
        .await?;
        Ok(employee)
    }
}

/// Loads the demo unless an institution already exists. Returns whether it loaded.
pub async fn load_if_empty(state: &AppState) -> Result<bool, Box<dyn std::error::Error>> {
    if org::count_institutions(&state.db.read).await? > 0 {
        return Ok(false);
    }
    // Hash before the transaction: hashing is slow and the writer should not wait on it.
    let mut hashes = Vec::new();
    for (_, password, _) in DEMO_USERS {
        hashes.push(state.passwords.hash(password).await?);
    }
    let mut tx = state.db.write.begin().await?;
    let institution = org::insert_institution(
        &mut tx,
        &bi(
            "წალენჯიხის მუნიციპალიტეტის მერია",
            "Tsalenjikha Municipality Mayor's Office",
        ),
    )
    .await?;
    // The 2019 reorganization (order #2-1/317) took effect in September 2019.
    let valid_from = NaiveDate::from_ymd_opt(2019, 9, 1).ok_or("date")?;
    let mut seeder = Seeder {
        conn: &mut tx,
        institution,
        rng: Lcg(2020),
        serial: 0,
        valid_from,
    };

    let mayor = seeder
        .staff(
            None,
            Post {
                title: bi("მერი", "Mayor"),
                rank: None,
                kind: EmploymentType::Political,
                salary_gel: 5000,
                is_head: true,
            },
        )
        .await?;
    seeder
        .staff(
            None,
            Post {
                title: bi("მერის პირველი მოადგილე", "First Deputy Mayor"),
                rank: None,
                kind: EmploymentType::Political,
                salary_gel: 4200,
                is_head: false,
            },
        )
        .await?;
    seeder
        .staff(
            None,
            Post {
                title: bi("მერის მოადგილე", "Deputy Mayor"),
                rank: None,
                kind: EmploymentType::Political,
                salary_gel: 4000,
                is_head: false,
            },
        )
        .await?;

    let (mut hr_head, mut hr_specialists, mut legal_specialist) = (None, Vec::new(), None);
    for (order, ((code, ka, en), departments)) in STRUCTURE.iter().enumerate() {
        let service = org::insert_unit(
            seeder.conn,
            NewUnit {
                institution_id: institution,
                parent_id: None,
                kind: UnitKind::Service,
                code,
                name: &bi(ka, en),
                sort_order: order as i64,
                valid_from,
            },
        )
        .await?;
        seeder
            .staff(
                Some(service),
                Post {
                    title: bi("სამსახურის უფროსი", "Head of Service"),
                    rank: Some(1),
                    // Since the 2024 amendment (DOMAIN.md §2.3) heads of primary units are
                    // employed under an administrative contract, no longer as officers.
                    kind: EmploymentType::AdminContract,
                    salary_gel: 2600,
                    is_head: true,
                },
            )
            .await?;
        for (dept_order, (dcode, dka, den)) in departments.iter().enumerate() {
            let department = org::insert_unit(
                seeder.conn,
                NewUnit {
                    institution_id: institution,
                    parent_id: Some(service),
                    kind: UnitKind::Department,
                    code: dcode,
                    name: &bi(dka, den),
                    sort_order: dept_order as i64,
                    valid_from,
                },
            )
            .await?;
            let head = seeder
                .staff(
                    Some(department),
                    Post {
                        title: bi("განყოფილების უფროსი", "Head of Department"),
                        rank: Some(2),
                        kind: EmploymentType::Officer,
                        salary_gel: 2000,
                        is_head: true,
                    },
                )
                .await?;
            let size = 4 + seeder.rng.next(3);
            let mut members = Vec::new();
            for level in 0..size {
                members.push(
                    seeder
                        .staff(Some(department), specialist(level.min(3)))
                        .await?,
                );
            }
            if *dcode == "ADM-HR" {
                hr_head = Some(head);
                hr_specialists = members;
            } else if *dcode == "ADM-LEG" {
                legal_specialist = members.first().copied();
            }
        }
    }

    finish_structure(seeder.conn, institution, valid_from).await?;
    let links = [
        hr_specialists.first().copied(),
        hr_head,
        hr_specialists.get(1).copied(),
        Some(mayor),
        legal_specialist,
    ];
    for (((username, _, roles), hash), employee) in DEMO_USERS.iter().zip(&hashes).zip(links) {
        let display = match employee {
            Some(id) => org::employee_display_name(seeder.conn, id).await?,
            None => (*username).to_string(),
        };
        insert_user(
            seeder.conn,
            NewUser {
                username,
                display_name: &display,
                password_hash: hash,
                must_change_password: false,
                employee_id: employee,
                roles,
            },
        )
        .await?;
    }
    record(
        &mut tx,
        AuditEntry {
            actor_user_id: None,
            action: "demo.loaded",
            entity: "institution",
            entity_id: Some(institution.to_string()),
            before: None,
            after: None,
            client_addr: None,
        },
    )
    .await?;
    tx.commit().await?;
    let people = DemoPeople {
        hr: hr_specialists.first().copied(),
        employee: hr_specialists.get(1).copied(),
        manager: hr_head,
    };
    load_evaluations(state, people).await?;
    load_classes(state).await?;
    Ok(true)
}

/// Classes: the 2020 equalization of old class ranks (order #2-1/91 of 27 Feb 2020, effective
/// 1 Jan 2020, seed 000) and a class order each February 2021–2025 for everyone the finalized
/// ratings qualify, signed after the legal visa. The qualifications from the 2025 cycle are left
/// for HR to order.
async fn load_classes(state: &AppState) -> Result<(), Box<dyn std::error::Error>> {
    use app::classes::service::{draft_as, equalization_items, promotion_items, OrderHeader};
    let db = &state.db;
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("date");
    let legacy_end = date(2017, 6, 30)?;
    let mut tx = db.write.begin().await?;
    // Officers serving since before the 2017 law held old class ranks.
    let veterans: Vec<(i64, NaiveDate)> = sqlx::query_as(
        "SELECT a.employee_id, MIN(a.start_date) FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE p.employment_type = 'officer' AND a.basis <> 'acting' AND a.start_date <= $1
           AND (a.end_date IS NULL OR a.end_date >= '2020-01-01')
         GROUP BY a.employee_id ORDER BY a.employee_id",
    )
    .bind(legacy_end)
    .fetch_all(&mut *tx)
    .await?;
    let mut rng = Lcg(219);
    for (i, (employee, start)) in veterans.iter().enumerate() {
        // Longer service, higher rank: classes I–VI.
        let years = (legacy_end - *start).num_days() / 365;
        let rank = (1 + years / 2 + rng.next(2) as i64).clamp(1, 6);
        let proof = (*start + chrono::Duration::days(200)).min(legacy_end);
        sqlx::query(
            "INSERT INTO employee_old_ranks (employee_id, old_rank_class, proof_number, proof_date,
                 confirmed_class, confirmed_at, recorded_at)
             VALUES ($1, $2, $3, $4, $2, $5, $5)",
        )
        .bind(employee)
        .bind(rank)
        .bind(format!("2-{}/{}", 1 + i % 3, 40 + i))
        .bind(proof)
        .bind(at(2020, 2, 10))
        .execute(&mut *tx)
        .await?;
    }
    // The registry already holds #2-1/91 among the 2020 main orders; it is this order.
    sqlx::query(
        "UPDATE orders SET order_date = '2020-02-27', effective_date = '2020-01-01', title = $1
         WHERE number = '2-1/91' AND order_date LIKE '2020-%'",
    )
    .bind(app::i18n::Key::ClassOrderTitleEqualization.text(app::i18n::Locale::Ka))
    .execute(&mut *tx)
    .await?;
    let header = OrderHeader {
        number: "2-1/91".into(),
        order_date: date(2020, 2, 27)?,
        effective_date: date(2020, 1, 1)?,
    };
    let items = equalization_items(&mut tx, header.effective_date).await?;
    let id = draft_as(
        &mut tx,
        None,
        "equalization",
        &header,
        &items,
        at(2020, 2, 20),
    )
    .await?;
    visa_and_sign(&mut tx, id, date(2020, 2, 26)?, at(2020, 2, 27)).await?;
    for year in 2021..=2025 {
        let header = OrderHeader {
            number: format!("2-5/{}", year - 2020),
            order_date: date(year, 2, 20)?,
            effective_date: date(year, 1, 1)?,
        };
        let items = promotion_items(&mut tx, date(year, 2, 1)?, None).await?;
        if items.is_empty() {
            continue;
        }
        let id = draft_as(&mut tx, None, "promotion", &header, &items, at(year, 2, 12)).await?;
        visa_and_sign(&mut tx, id, date(year, 2, 18)?, at(year, 2, 20)).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn visa_and_sign(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    visa_date: NaiveDate,
    signed_at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    sqlx::query(
        "UPDATE class_orders SET status = 'visaed', visa_by = 'ნ. ქვარაცხელია', visa_date = $1 WHERE id = $2",
    )
    .bind(visa_date)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    app::classes::service::sign_as(conn, None, id, signed_at).await?;
    Ok(())
}

/// The demo users' employee records, so the open cycle gives each of them something to do.
struct DemoPeople {
    hr: Option<i64>,
    employee: Option<i64>,
    manager: Option<i64>,
}

fn at(year: i32, month: u32, day: u32) -> chrono::DateTime<chrono::Utc> {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .unwrap_or_default()
        .and_utc()
}

const OBJECTIVES: &[&str] = &[
    "1. სამსახურის წლიური გეგმის შესაბამისი ამოცანების დროულად შესრულება.\n2. მოქალაქეთა მომართვებზე პასუხი კანონით დადგენილ ვადაში.\n3. ერთი პროფესიული ტრენინგის გავლა.",
    "1. ბიუჯეტის შესრულების კვარტალური ანგარიშების მომზადება.\n2. შიდა პროცედურების აღწერის განახლება.\n3. ახალი თანამშრომლის დახმარება.",
    "1. მუნიციპალური პროგრამების მონიტორინგი.\n2. სამართლებრივი აქტების პროექტების მომზადება.\n3. ელექტრონული საქმისწარმოების სრულად დანერგვა.",
];

/// Scores whose mean falls in the wanted band on the 1–4 scale (DOMAIN.md §4.1 bands).
fn scores_for(rng: &mut Lcg, n: usize, band: usize) -> Vec<u8> {
    let (base, other) = match band {
        0 => (4, 3),
        1 => (3, 4),
        _ => (2, 3),
    };
    // Fewer than half of the scores differ, so the mean stays in the band of `base`.
    let k = rng.next(n.div_ceil(2));
    let mut v: Vec<u8> = (0..n).map(|i| if i < k { other } else { base }).collect();
    v.rotate_left(rng.next(n));
    v
}

/// Evaluation history 2018–2025 (finalized, roughly the national 2018 split: 41% excellent,
/// 58% good, 1% satisfactory; two appeals in 2025) and the 2026 cycle half-way through.
async fn load_evaluations(
    state: &AppState,
    people: DemoPeople,
) -> Result<(), Box<dyn std::error::Error>> {
    use app::domain::evaluation::{applies_to_rank, MethodSettings};
    use app::evaluation::service::{finalize_ready_as, open_cycle_as};
    let db = &state.db;
    let mut rng = Lcg(2018);
    let competencies: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, code, ranks FROM competencies WHERE method_id = 1 ORDER BY sort_order",
    )
    .fetch_all(&db.read)
    .await?;
    let settings = MethodSettings::default_1_4();
    for year in 2018..=2026 {
        let cycle = open_cycle_as(db, None, year, 1, at(year, 1, 10)).await?;
        let members: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, employee_id, rank FROM evaluations WHERE cycle_id = $1 AND stage = 'planning' ORDER BY id",
        )
        .bind(cycle)
        .fetch_all(&db.read)
        .await?;
        let mut tx = db.write.begin().await?;
        for (i, (id, employee, rank)) in members.iter().enumerate() {
            let chosen: Vec<&(i64, String, String)> = competencies
                .iter()
                .filter(|c| applies_to_rank(&c.2, *rank))
                .collect();
            // 2026: a spread of stages; each demo user has something to do.
            let stage = if year < 2026 {
                "finalization"
            } else if Some(*employee) == people.employee {
                "acknowledgement"
            } else if Some(*employee) == people.hr {
                "self_assessment"
            } else if Some(*employee) == people.manager {
                "plan_confirmation"
            } else {
                [
                    "planning",
                    "plan_confirmation",
                    "self_assessment",
                    "rating",
                    "rating",
                    "rating",
                    "rating",
                    "acknowledgement",
                    "finalization",
                    "rating",
                ][i % 10]
            };
            let order = [
                "planning",
                "plan_confirmation",
                "self_assessment",
                "rating",
                "acknowledgement",
                "finalization",
            ];
            let reached = |s: &str| {
                order.iter().position(|o| *o == stage) > order.iter().position(|o| *o == s)
            };
            let roll = rng.next(100);
            let band = if roll < 41 {
                0
            } else if roll < 99 {
                1
            } else {
                2
            };
            let scores = scores_for(&mut rng, chosen.len(), band);
            let self_scores = scores_for(&mut rng, chosen.len(), band.min(1));
            // History was rated in January of the next year.
            let ts = if year < 2026 { year + 1 } else { 2026 };
            if reached("planning") {
                for (j, c) in chosen.iter().enumerate() {
                    sqlx::query("INSERT INTO evaluation_scores (evaluation_id, competency_id, self_score, score, comment) VALUES ($1, $2, $3, $4, $5)")
                        .bind(id)
                        .bind(c.0)
                        .bind(reached("self_assessment").then_some(i64::from(self_scores[j])))
                        .bind(reached("rating").then_some(i64::from(scores[j])))
                        .bind((reached("rating") && (scores[j] == 4 || scores[j] <= 2)).then_some(if scores[j] == 4 {
                            "გამორჩეული შედეგი; დავალებები შესრულებულია ვადაზე ადრე."
                        } else {
                            "საჭიროებს გაუმჯობესებას; შეთანხმდა ტრენინგი."
                        }))
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let month = |m: u32| {
                if year < 2026 {
                    at(ts, m, 15)
                } else {
                    at(2026, m, 15)
                }
            };
            sqlx::query(
                "UPDATE evaluations SET stage = $1, objectives = $2, plan_submitted_at = $3, plan_confirmed_at = $4,
                     self_submitted_at = $5, self_comment = $6, rated_at = $7, summary_comment = $8, acknowledged_at = $9
                 WHERE id = $10",
            )
            .bind(stage)
            .bind(reached("planning").then_some(OBJECTIVES[i % OBJECTIVES.len()]))
            .bind(reached("planning").then(|| at(year, 1, 28)))
            .bind(reached("plan_confirmation").then(|| at(year, 1, 30)))
            .bind(reached("self_assessment").then(|| if year < 2026 { month(1) } else { at(2026, 11, 2) }))
            .bind(reached("self_assessment").then_some("წლის ამოცანები შევასრულე; მსურს ტრენინგი პროექტების მართვაში."))
            .bind(reached("rating").then(|| if year < 2026 { at(ts, 1, 20) } else { at(2026, 11, 18) }))
            .bind(reached("rating").then_some("წლის განმავლობაში ამოცანები შესრულდა; განხილულია განვითარების საჭიროებები."))
            .bind(reached("acknowledgement").then(|| if year < 2026 { at(ts, 1, 25) } else { at(2026, 11, 19) }))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        if year == 2026 {
            continue;
        }
        let finalized_on = NaiveDate::from_ymd_opt(year + 1, 2, 10).ok_or("date")?;
        finalize_ready_as(db, None, cycle, finalized_on, at(year + 1, 2, 10)).await?;
        if year == 2025 {
            demo_appeals(state, cycle, &settings).await?;
        }
        sqlx::query("UPDATE evaluation_cycles SET status = 'closed', closed_at = $1 WHERE id = $2")
            .bind(at(year + 1, 3, 1))
            .bind(cycle)
            .execute(&db.write)
            .await?;
    }
    Ok(())
}

/// Two appeals of the 2025 results: one decided (the mayor changed the result: version 2),
/// one waiting for the mayor's decision.
async fn demo_appeals(
    state: &AppState,
    cycle: i64,
    settings: &app::domain::evaluation::MethodSettings,
) -> Result<(), Box<dyn std::error::Error>> {
    use app::evaluation::service::compute_result;
    let db = &state.db;
    let picked: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT e.id, c.method_id FROM evaluations e JOIN evaluation_cycles c ON c.id = e.cycle_id
         JOIN evaluation_results r ON r.id = e.result_id
         WHERE e.cycle_id = $1 AND r.rating = 'good' ORDER BY e.id DESC LIMIT 2",
    )
    .bind(cycle)
    .fetch_all(&db.read)
    .await?;
    let mut tx = db.write.begin().await?;
    for (n, (id, method)) in picked.iter().enumerate() {
        let appeal: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_appeals (evaluation_id, filed_at, grounds) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(id)
        .bind(at(2026, 2, 20 + n as u32))
        .bind("შემფასებელმა არ გაითვალისწინა წლის განმავლობაში შესრულებული დამატებითი დავალებები.")
        .fetch_one(&mut *tx)
        .await?;
        if n == 0 {
            // Decided: three of the scores of 3 raised to 4.
            let scores: Vec<(String, i64)> = sqlx::query_as(
                "SELECT k.code, s.score FROM evaluation_scores s JOIN competencies k ON k.id = s.competency_id
                 WHERE s.evaluation_id = $1 ORDER BY k.sort_order",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            let mut raised = 0;
            let changed: Vec<(String, i64)> = scores
                .into_iter()
                .map(|(code, s)| {
                    if s == 3 && raised < 3 {
                        raised += 1;
                        (code, 4)
                    } else {
                        (code, s)
                    }
                })
                .collect();
            let result = compute_result(*id, &changed, settings, (*method, 1), 2, Some(appeal))
                .map_err(|e| format!("{e:?}"))?;
            app::evaluation::repo::insert_results(
                &mut tx,
                std::slice::from_ref(&result),
                None,
                at(2026, 3, 12),
            )
            .await?;
            sqlx::query(
                "UPDATE evaluation_appeals SET decided_at = $1, decision = 'changed', reasoning = $2 WHERE id = $3",
            )
            .bind(at(2026, 3, 12))
            .bind("საჩივარი ნაწილობრივ დაკმაყოფილდა: დამატებითი დავალებები დადასტურდა.")
            .bind(appeal)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE evaluations SET result_id = (SELECT id FROM evaluation_results WHERE evaluation_id = $1 AND version = 2) WHERE id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("UPDATE evaluations SET stage = 'appealed' WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The 2020 annual report's table of acts (DOMAIN.md §6.1): 495 main, 113 leave/trip/other and
/// 40 personnel orders of the mayor, and 3 of the deputies — 651 in all.
pub const ORDERS_2020: (i64, i64, i64, i64) = (495, 113, 40, 3);

const MAIN_TITLES: &[&str] = &[
    "მუნიციპალიტეტის ბიუჯეტის შესრულების შესახებ",
    "სოციალური პროგრამის განხორციელების შესახებ",
    "მუნიციპალური ქონების პრივატიზების შესახებ",
    "ინფრასტრუქტურული პროექტის დამტკიცების შესახებ",
    "სახელმწიფო შესყიდვების გეგმის შესახებ",
];
const LEAVE_TITLES: &[&str] = &[
    "ყოველწლიური ანაზღაურებადი შვებულების შესახებ",
    "სამსახურებრივი მივლინების შესახებ",
    "ტრენინგში მონაწილეობის შესახებ",
];

fn day_of_year(year: i32, index: i64, count: i64) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, 1, 9).unwrap_or_default();
    start + chrono::Duration::days(index * 350 / count.max(1))
}

async fn order(
    conn: &mut SqliteConnection,
    number: String,
    date: NaiveDate,
    issuer: Issuer,
    order_type: OrderType,
    title: &str,
) -> Result<i64, sqlx::Error> {
    insert_order(
        conn,
        None,
        &NewOrder {
            number: &number,
            order_date: date,
            issuer,
            order_type,
            title,
            effective_date: date,
        },
    )
    .await
}

/// Categories, deputies over services, vacancies, former staff, orders and the links between
/// them, so that every screen of the organisation has something true to show.
async fn finish_structure(
    conn: &mut SqliteConnection,
    institution: i64,
    valid_from: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE positions SET category_id = (SELECT c.id FROM position_categories c WHERE c.rank = positions.rank
           AND c.category_no = CASE WHEN positions.title_en LIKE '%2nd%' THEN 2 WHEN positions.title_en LIKE '%3rd%' THEN 3 ELSE 1 END)
         WHERE rank IS NOT NULL",
    )
    .execute(&mut *conn)
    .await?;
    // Job descriptions and qualification requirements (minimum / additional), by level.
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
         WHERE rank IS NOT NULL",
    )
    .execute(&mut *conn)
    .await?;
    // The first deputy supervises the first four services, the deputy the rest.
    sqlx::query(
        "UPDATE org_units SET supervisor_position_id = (SELECT id FROM positions WHERE title_en =
           CASE WHEN org_units.sort_order < 4 THEN 'First Deputy Mayor' ELSE 'Deputy Mayor' END)
         WHERE kind = 'service'",
    )
    .execute(&mut *conn)
    .await?;

    // The 2019 reorganization order created the structure.
    let reorganization = order(
        conn,
        "2-1/317".into(),
        NaiveDate::from_ymd_opt(2019, 6, 28).unwrap_or(valid_from),
        Issuer::Mayor,
        OrderType::Main,
        "მერიის სტრუქტურული ერთეულების რეორგანიზაციის შესახებ",
    )
    .await?;
    sqlx::query(
        "INSERT INTO org_unit_events (unit_id, event_type, effective_date, order_id, created_at)
         SELECT id, 'create', valid_from, $1, $2 FROM org_units",
    )
    .bind(reorganization)
    .bind(chrono::Utc::now())
    .execute(&mut *conn)
    .await?;

    // Vacancies: a senior-specialist position left open in four departments.
    for code in ["ADM-HR", "FIN-BUD", "INF-DEV", "SOC-AID"] {
        sqlx::query(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri,
                                    is_head, valid_from, category_id)
             SELECT $1, id, 'მეორე კატეგორიის უფროსი სპეციალისტი', 'Senior Specialist, 2nd category', 3, 'officer',
                    135000, 0, $2, (SELECT id FROM position_categories WHERE rank = 3 AND category_no = 2)
             FROM org_units WHERE code = $3",
        )
        .bind(institution)
        .bind(valid_from)
        .bind(code)
        .execute(&mut *conn)
        .await?;
    }

    // Former staff: the holders of those four positions left at the end of 2023.
    let vacated: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM positions WHERE id NOT IN (SELECT position_id FROM assignments) ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let former = [
        ("01001900001", "ეკა", "ხუხუა", "Eka", "Khukhua", "female"),
        ("01001900002", "დავით", "შონია", "Davit", "Shonia", "male"),
        (
            "01001900003",
            "თეა",
            "ზარანდია",
            "Tea",
            "Zarandia",
            "female",
        ),
        ("01001900004", "ზურაბ", "ლომაია", "Zurab", "Lomaia", "male"),
    ];
    let dismissal = order(
        conn,
        "2-3/88".into(),
        NaiveDate::from_ymd_opt(2023, 12, 20).unwrap_or(valid_from),
        Issuer::Mayor,
        OrderType::Personnel,
        "საჯარო მოხელეების სამსახურიდან გათავისუფლების შესახებ",
    )
    .await?;
    for ((position,), (number, first_ka, last_ka, first_en, last_en, gender)) in
        vacated.iter().zip(former)
    {
        let (employee,): (i64,) = sqlx::query_as(
            "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en,
                                    last_name_en, gender, birth_date, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, '1980-05-05', $8, $8) RETURNING id",
        )
        .bind(institution)
        .bind(number)
        .bind(first_ka)
        .bind(last_ka)
        .bind(first_en)
        .bind(last_en)
        .bind(gender)
        .bind(chrono::Utc::now())
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO assignments (employee_id, position_id, start_date, end_date, basis, end_reason, end_order_id)
             VALUES ($1, $2, '2019-09-01', '2023-12-31', 'competition', 'საკუთარი განცხადებით', $3)",
        )
        .bind(employee)
        .bind(position)
        .bind(dismissal)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO employee_education (employee_id, institution, qualification, graduated_year)
             VALUES ($1, 'ივანე ჯავახიშვილის სახელობის თბილისის სახელმწიფო უნივერსიტეტი', 'სამართლის მაგისტრი', 2004)",
        )
        .bind(employee)
        .execute(&mut *conn)
        .await?;
    }

    // Orders of 2020, as in the annual report.
    let (main, leave, personnel, deputy) = ORDERS_2020;
    let mut serial = 0;
    for i in 0..main {
        serial += 1;
        let title = MAIN_TITLES[i as usize % MAIN_TITLES.len()];
        order(
            conn,
            format!("2-1/{serial}"),
            day_of_year(2020, i, main),
            Issuer::Mayor,
            OrderType::Main,
            title,
        )
        .await?;
    }
    for i in 0..leave {
        let title = LEAVE_TITLES[i as usize % LEAVE_TITLES.len()];
        order(
            conn,
            format!("2-2/{}", i + 1),
            day_of_year(2020, i, leave),
            Issuer::Mayor,
            OrderType::LeaveTripOther,
            title,
        )
        .await?;
    }
    let mut personnel_2020 = Vec::new();
    for i in 0..personnel {
        personnel_2020.push(
            order(
                conn,
                format!("2-3/{}", i + 1),
                day_of_year(2020, i, personnel),
                Issuer::Mayor,
                OrderType::Personnel,
                "საჯარო მოხელის თანამდებობაზე დანიშვნის შესახებ",
            )
            .await?,
        );
    }
    for i in 0..deputy {
        order(
            conn,
            format!("2-4/{}", i + 1),
            day_of_year(2020, i * 100, 300),
            Issuer::Deputy,
            OrderType::Main,
            "მერის მოადგილის ბრძანება უფლებამოსილების ფარგლებში",
        )
        .await?;
    }

    // Every appointment links to a personnel order of its date: in 2020 one of the 40 above;
    // in other years an order per start date.
    let starts: Vec<(i64, NaiveDate)> =
        sqlx::query_as("SELECT id, start_date FROM assignments ORDER BY start_date, id")
            .fetch_all(&mut *conn)
            .await?;
    let mut by_date: std::collections::HashMap<NaiveDate, i64> = std::collections::HashMap::new();
    let mut per_year: std::collections::HashMap<i32, i64> = std::collections::HashMap::new();
    for (index, (assignment, start)) in starts.iter().enumerate() {
        let order_id = if start.year() == 2020 {
            personnel_2020[index % personnel_2020.len()]
        } else if let Some(id) = by_date.get(start) {
            *id
        } else {
            let n = per_year.entry(start.year()).or_insert(0);
            *n += 1;
            let id = order(
                conn,
                format!("2-3/{}", *n),
                *start,
                Issuer::Mayor,
                OrderType::Personnel,
                "საჯარო მოხელის თანამდებობაზე დანიშვნის შესახებ",
            )
            .await?;
            by_date.insert(*start, id);
            id
        };
        sqlx::query("UPDATE assignments SET order_id = $1 WHERE id = $2")
            .bind(order_id)
            .bind(assignment)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
