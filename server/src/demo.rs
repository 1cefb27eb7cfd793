//! The demo municipality, loaded once into an empty database when `MOKHELE_DEMO=1`:
//! a mayor's office with 8 services and 17 departments (the Administrative Service has the
//! five departments of the 2020 Tsalenjikha report), about 120 staff and a user per role.
use app::auth::repo::{insert_user, NewUser};
use app::domain::Role;
use app::org::repo::{self as org, NewEmployee, NewPosition, NewUnit};
use app::org::{AssignmentBasis, Bilingual, EmploymentType, Gender, UnitKind};
use app::ssr::audit::{record, AuditEntry};
use app::ssr::AppState;
use chrono::NaiveDate;
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
        org::insert_assignment(self.conn, employee, position, start, basis).await?;
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
                    kind: EmploymentType::Officer,
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
    Ok(true)
}
