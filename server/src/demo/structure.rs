//! The demo municipality's structure and staff: a mayor's office with 8 services and 17
//! departments (the Administrative Service has the five departments of the 2020 Tsalenjikha
//! report), about 120 staff, former staff, and the registry's orders of 2020 (the annual
//! report's table) and of every appointment.
use super::repo;
use app::domain::order::{Issuer, OrderType};
use app::domain::staff::{AssignmentBasis, EmploymentType, Gender, UnitKind};
use app::domain::Bilingual;
use app::orders::repo::{insert as insert_order, NewOrder};
use app::org::repo::{self as org, NewAssignment, NewPosition, NewUnit};
use app::people::repo::{insert_employee, EmployeeDetails};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::SqliteConnection;

pub(super) fn bi(ka: &str, en: &str) -> Bilingual {
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
                "საქმისწარმოებისა და მატერიალურ-ტექნიკური უზრუნველყოფის განყოფილება",
                "Records Management and Material-Technical Support Department",
            ),
            (
                "ADM-HR",
                "ადამიანური რესურსების მართვისა და გენდერული თანასწორობის განყოფილება",
                "HR Management and Gender Equality Department",
            ),
            (
                "ADM-PR",
                "ინფორმაციული უზრუნველყოფისა და საზოგადოებასთან ურთიერთობის განყოფილება",
                "Information Support and Public Relations Department",
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
pub(super) struct Lcg(pub u64);

impl Lcg {
    pub(super) fn next(&mut self, bound: usize) -> usize {
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
    now: DateTime<Utc>,
}

impl Seeder<'_> {
    /// Creates the position and a person holding it; returns the employee id.
    async fn staff(&mut self, unit: Option<i64>, post: Post) -> Result<i64, sqlx::Error> {
        let empty = Bilingual::default();
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
                category_id: None,
                salary_coefficient: None,
                job_description: &empty,
                requirements_min: &empty,
                requirements_extra: &empty,
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
        let employee = insert_employee(
            self.conn,
            self.institution,
            EmployeeDetails {
                personal_number: &personal_number,
                first_name: &bi(first_ka, first_en),
                last_name: &bi(last_ka, last_en),
                gender: if female { Gender::Female } else { Gender::Male },
                birth_date: birth,
                email: Some(&email),
                phone: None,
                notes: "",
            },
            self.now,
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
                acting_reason: None,
            },
        )
        .await?;
        Ok(employee)
    }
}

/// The municipality as it stands: institution, units, positions with their holders since
/// their appointments, categories, texts, deputies, vacancies, former staff and the orders of
/// 2020 and of every appointment. Returns the employees the demo users are linked to.
pub(super) async fn build_structure(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<StaffOfNote, sqlx::Error> {
    let institution = org::insert_institution(
        conn,
        &bi(
            "წალენჯიხის მუნიციპალიტეტის მერია",
            "Tsalenjikha Municipality Mayor's Office",
        ),
        now,
    )
    .await?;
    // The 2019 reorganization (order #2-1/317) took effect in September 2019.
    let valid_from = NaiveDate::from_ymd_opt(2019, 9, 1).ok_or(sqlx::Error::RowNotFound)?;
    let mut seeder = Seeder {
        conn,
        institution,
        rng: Lcg(2020),
        serial: 0,
        valid_from,
        now,
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
                    // Officers until the 2024 amendment takes effect (`amend_heads_of_services`).
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

    finish_structure(seeder.conn, institution, valid_from, now).await?;
    Ok(StaffOfNote {
        mayor,
        hr_head,
        hr_specialists,
        legal_specialist,
    })
}

/// The employees the demo users are linked to.
pub(super) struct StaffOfNote {
    pub mayor: i64,
    pub hr_head: Option<i64>,
    pub hr_specialists: Vec<i64>,
    pub legal_specialist: Option<i64>,
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
    now: DateTime<Utc>,
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
        now,
    )
    .await
}

/// The equalization order of 27 Feb 2020 (seed 000) takes this number of the 2020 main series
/// when the mayor signs it (see `classes`).
pub const EQUALIZATION_ORDER: &str = "2-1/91";

/// Categories, deputies over services, vacancies, former staff, orders and the links between
/// them, so that every screen of the organisation has something true to show.
/// The day the demo assumes the 2024 amendment took effect (adopted 13 December 2024; its
/// effective date is not known, DOMAIN.md §0).
pub(super) fn amendment_2024() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The 2024 amendment (DOMAIN.md §2.3): heads of primary units are officers until it takes
/// effect and employed under an administrative contract from then, in the same positions, on
/// the same pay; they leave the evaluation and class workflows from that day.
async fn amend_heads_of_services(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let from = amendment_2024();
    for position in repo::service_head_positions(conn).await? {
        let Some(before) = org::terms_on(conn, position, from).await? else {
            continue;
        };
        org::insert_terms(
            conn,
            org::NewTerms {
                position_id: position,
                valid_from: from,
                employment_type: EmploymentType::AdminContract,
                salary_tetri: before.salary_tetri,
                category_id: before.category_id,
                salary_coefficient: None,
                order_id: None,
                first_paid: None,
                created_at: now,
            },
        )
        .await?;
    }
    org::apply_terms_in_force(conn, app::domain::common::georgia_date(now), None).await?;
    Ok(())
}

async fn finish_structure(
    conn: &mut SqliteConnection,
    institution: i64,
    valid_from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    repo::categorize_positions(conn).await?;
    repo::describe_positions(conn).await?;
    // The first deputy supervises the first four services, the deputy the rest.
    repo::assign_deputies(conn).await?;

    // The 2019 reorganization order created the structure.
    let reorganization = order(
        conn,
        "2-1/317".into(),
        NaiveDate::from_ymd_opt(2019, 6, 28).unwrap_or(valid_from),
        Issuer::Mayor,
        OrderType::Main,
        "მერიის სტრუქტურული ერთეულების რეორგანიზაციის შესახებ",
        now,
    )
    .await?;
    org::insert_creation_events(conn, reorganization, now).await?;
    // The mayor's order adopting the evaluation method (seed 000), the first method version.
    order(
        conn,
        "2-1/023".into(),
        NaiveDate::from_ymd_opt(2018, 1, 22).unwrap_or(valid_from),
        Issuer::Mayor,
        OrderType::Main,
        "წალენჯიხის მუნიციპალიტეტის მერიის პროფესიული საჯარო მოხელეების შეფასების მეთოდის განსაზღვრის შესახებ",
        now,
    )
    .await?;

    // Vacancies: a senior-specialist position left open in four departments.
    let empty = Bilingual::default();
    let title = bi(
        "მეორე კატეგორიის უფროსი სპეციალისტი",
        "Senior Specialist, 2nd category",
    );
    let category = org::category_by_number(conn, 3, 2).await?;
    let mut vacated = Vec::new();
    for code in ["ADM-HR", "FIN-BUD", "INF-DEV", "SOC-AID"] {
        let unit = app::people::repo::current_unit_by_code(conn, code)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        vacated.push(
            org::insert_position(
                conn,
                NewPosition {
                    institution_id: institution,
                    unit_id: Some(unit),
                    title: &title,
                    rank: Some(3),
                    employment_type: EmploymentType::Officer,
                    salary_tetri: 135_000,
                    is_head: false,
                    valid_from,
                    category_id: category,
                    salary_coefficient: None,
                    job_description: &empty,
                    requirements_min: &empty,
                    requirements_extra: &empty,
                },
            )
            .await?,
        );
    }

    // Former staff: the holders of those four positions left at the end of 2023.
    let former = [
        (
            "01001900001",
            "ეკა",
            "ხუხუა",
            "Eka",
            "Khukhua",
            Gender::Female,
        ),
        (
            "01001900002",
            "დავით",
            "შონია",
            "Davit",
            "Shonia",
            Gender::Male,
        ),
        (
            "01001900003",
            "თეა",
            "ზარანდია",
            "Tea",
            "Zarandia",
            Gender::Female,
        ),
        (
            "01001900004",
            "ზურაბ",
            "ლომაია",
            "Zurab",
            "Lomaia",
            Gender::Male,
        ),
    ];
    let dismissal = order(
        conn,
        "2-3/88".into(),
        NaiveDate::from_ymd_opt(2023, 12, 20).unwrap_or(valid_from),
        Issuer::Mayor,
        OrderType::Personnel,
        "საჯარო მოხელეების სამსახურიდან გათავისუფლების შესახებ",
        now,
    )
    .await?;
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(valid_from);
    for (position, (number, first_ka, last_ka, first_en, last_en, gender)) in
        vacated.iter().zip(former)
    {
        let employee = insert_employee(
            conn,
            institution,
            EmployeeDetails {
                personal_number: number,
                first_name: &bi(first_ka, first_en),
                last_name: &bi(last_ka, last_en),
                gender,
                birth_date: date(1980, 5, 5),
                email: None,
                phone: None,
                notes: "",
            },
            now,
        )
        .await?;
        let assignment = org::insert_assignment(
            conn,
            NewAssignment {
                employee_id: employee,
                position_id: *position,
                start: date(2019, 9, 1),
                end: None,
                basis: AssignmentBasis::Competition,
                order_id: None,
                acting_reason: None,
            },
        )
        .await?;
        org::close_assignment(
            conn,
            assignment,
            date(2023, 12, 31),
            "საკუთარი განცხადებით",
            dismissal,
        )
        .await?;
        app::people::repo::insert_education(
            conn,
            employee,
            "ივანე ჯავახიშვილის სახელობის თბილისის სახელმწიფო უნივერსიტეტი",
            "სამართლის მაგისტრი",
            Some(2004),
        )
        .await?;
    }

    // Orders of 2020, as in the annual report. The main series leaves out the number the
    // equalization order takes when it is signed; that order is one of the 495 main ones (a
    // class order is a main order, as the seed counts them).
    let (main, leave, personnel, deputy) = ORDERS_2020;
    let mut serial = 0;
    for i in 0..main - 1 {
        serial += 1;
        if format!("2-1/{serial}") == EQUALIZATION_ORDER {
            serial += 1;
        }
        let title = MAIN_TITLES[i as usize % MAIN_TITLES.len()];
        order(
            conn,
            format!("2-1/{serial}"),
            day_of_year(2020, i, main - 1),
            Issuer::Mayor,
            OrderType::Main,
            title,
            now,
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
            now,
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
                now,
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
            now,
        )
        .await?;
    }

    // Every appointment links to a personnel order of its date: in 2020 one of those above;
    // in other years an order per start date.
    let starts = repo::assignment_starts(conn).await?;
    let mut by_date: std::collections::HashMap<NaiveDate, i64> = std::collections::HashMap::new();
    let mut per_year: std::collections::HashMap<i32, i64> = std::collections::HashMap::new();
    for (index, start) in starts.iter().enumerate() {
        let order_id = if start.start_date.year() == 2020 {
            personnel_2020[index % personnel_2020.len()]
        } else if let Some(id) = by_date.get(&start.start_date) {
            *id
        } else {
            let n = per_year.entry(start.start_date.year()).or_insert(0);
            *n += 1;
            let id = order(
                conn,
                format!("2-3/{}", *n),
                start.start_date,
                Issuer::Mayor,
                OrderType::Personnel,
                "საჯარო მოხელის თანამდებობაზე დანიშვნის შესახებ",
                now,
            )
            .await?;
            by_date.insert(start.start_date, id);
            id
        };
        repo::link_appointment_order(conn, start.id, order_id).await?;
    }
    repo::terms_from_first_holders(conn).await?;
    amend_heads_of_services(conn, now).await?;
    Ok(())
}
