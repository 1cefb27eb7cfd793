//! Reading the spreadsheets HR keeps today (exported as CSV) into checked records, with an
//! error per bad cell. Whether a record clashes with the database (a personal number already
//! on file, an unknown unit code) is checked by the server afterwards.
use crate::domain::personal_number::PersonalNumber;
use crate::i18n::Key;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;

/// What is wrong with one cell (or a whole row when `column` is empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub column: String,
    pub problem: Key,
}

pub const EMPLOYEE_COLUMNS: &[&str] = &[
    "personal_number",
    "last_name_ka",
    "first_name_ka",
    "last_name_en",
    "first_name_en",
    "gender",
    "birth_date",
    "email",
    "phone",
];

/// Applications received elsewhere (on paper, from the national portal's export): the
/// applicant's particulars and the day the application arrived.
pub const APPLICATION_COLUMNS: &[&str] = &[
    "personal_number",
    "last_name_ka",
    "first_name_ka",
    "last_name_en",
    "first_name_en",
    "gender",
    "birth_date",
    "email",
    "phone",
    "education",
    "experience",
    "received_on",
];

pub const POSITION_COLUMNS: &[&str] = &[
    "unit_code",
    "title_ka",
    "title_en",
    "rank",
    "category_no",
    "employment_type",
    "salary_gel",
    "is_head",
    "valid_from",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeDraft {
    pub line: usize,
    pub personal_number: PersonalNumber,
    pub last_name_ka: String,
    pub first_name_ka: String,
    pub last_name_en: String,
    pub first_name_en: String,
    pub female: bool,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionDraft {
    pub line: usize,
    pub unit_code: String,
    pub title_ka: String,
    pub title_en: String,
    pub rank: Option<i64>,
    pub category_no: Option<i64>,
    pub employment_type: super::staff::EmploymentType,
    pub salary: Decimal,
    pub is_head: bool,
    pub valid_from: NaiveDate,
}

/// The most a money field takes, in GEL (a month's salary is far below it; it keeps every
/// computation far from the limits of its type).
pub const MAX_MONEY_GEL: i64 = 1_000_000;

/// The longest text of a cell or a short form field (names, titles, numbers of orders).
pub const MAX_SHORT_TEXT: usize = 500;

/// The longest free text (reasons, comments, objections, minutes).
pub const MAX_LONG_TEXT: usize = 5_000;

/// Dates as HR types them: ISO `2024-03-01` or Georgian `01.03.2024`, in
/// [`DATE_YEARS`](super::common::DATE_YEARS).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    super::common::parse_date_text(text).filter(|d| super::common::date_in_range(*d))
}

/// Money in GEL with at most two decimals; a comma is accepted as the decimal mark.
pub fn parse_money(text: &str) -> Option<Decimal> {
    let value = Decimal::from_str(&text.trim().replace(',', ".")).ok()?;
    (value >= Decimal::ZERO && value.scale() <= 2 && value <= Decimal::from(MAX_MONEY_GEL))
        .then_some(value)
}

struct Table {
    header: HashMap<String, usize>,
    rows: Vec<(usize, Vec<String>)>,
}

fn read_table(text: &str, columns: &[&str]) -> Result<Table, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    // Excel in Georgian locales saves with semicolons.
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: HashMap<String, usize> = match reader.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_lowercase(), i))
            .collect(),
        Err(_) => return Err(vec![file_error(Key::ImportUnreadable)]),
    };
    let missing: Vec<RowError> = columns
        .iter()
        .filter(|c| !header.contains_key(**c))
        .map(|c| RowError {
            line: 1,
            column: (*c).to_string(),
            problem: Key::ImportMissingColumn,
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        match record {
            Ok(r) if r.iter().all(|c| c.trim().is_empty()) => {}
            Ok(r) => rows.push((line, r.iter().map(|c| c.trim().to_string()).collect())),
            Err(_) => {
                return Err(vec![RowError {
                    line,
                    column: String::new(),
                    problem: Key::ImportUnreadable,
                }])
            }
        }
    }
    if rows.is_empty() {
        return Err(vec![file_error(Key::ImportEmpty)]);
    }
    Ok(Table { header, rows })
}

fn file_error(problem: Key) -> RowError {
    RowError {
        line: 0,
        column: String::new(),
        problem,
    }
}

/// One row's cells by column name, collecting errors.
struct Cells<'a> {
    line: usize,
    header: &'a HashMap<String, usize>,
    cells: &'a [String],
    errors: &'a mut Vec<RowError>,
}

impl Cells<'_> {
    fn get(&self, column: &str) -> &str {
        self.header
            .get(column)
            .and_then(|i| self.cells.get(*i))
            .map(String::as_str)
            .unwrap_or_default()
    }

    fn fail(&mut self, column: &str, problem: Key) {
        self.errors.push(RowError {
            line: self.line,
            column: column.to_string(),
            problem,
        });
    }

    fn required(&mut self, column: &str) -> String {
        let value = self.get(column).to_string();
        if value.is_empty() {
            self.fail(column, Key::ValidationRequired);
        } else if value.chars().count() > MAX_SHORT_TEXT {
            self.fail(column, Key::ValidationTooLong);
        }
        value
    }

    fn optional(&mut self, column: &str) -> Option<String> {
        let value = self.get(column).to_string();
        if value.chars().count() > MAX_SHORT_TEXT {
            self.fail(column, Key::ValidationTooLong);
        }
        Some(value).filter(|v| !v.is_empty())
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.get(column).to_string();
        let date = parse_date(&text);
        if date.is_none() {
            self.fail(column, Key::ValidationDate);
        }
        date
    }
}

/// An application file's rows as (line, cells by column name): the cells are checked by the
/// same rules as the application form, so this only reads the table.
pub fn application_rows(
    text: &str,
) -> Result<Vec<(usize, HashMap<String, String>)>, Vec<RowError>> {
    let table = read_table(text, APPLICATION_COLUMNS)?;
    Ok(table
        .rows
        .iter()
        .map(|(line, cells)| {
            let by_name = APPLICATION_COLUMNS
                .iter()
                .map(|c| {
                    let value = table
                        .header
                        .get(*c)
                        .and_then(|i| cells.get(*i))
                        .cloned()
                        .unwrap_or_default();
                    ((*c).to_string(), value)
                })
                .collect();
            (*line, by_name)
        })
        .collect())
}

/// Parses an employee file. Returns the records when every row is valid, otherwise all errors
/// (duplicates inside the file included).
pub fn parse_employees(text: &str) -> Result<Vec<EmployeeDraft>, Vec<RowError>> {
    let (drafts, errors) = employees_with_errors(text)?;
    if errors.is_empty() {
        Ok(drafts)
    } else {
        Err(errors)
    }
}

/// The rows that parsed and the errors of the others (`Err`: the file itself is unreadable),
/// so a caller can check the good rows further and report every problem at once.
pub fn employees_with_errors(
    text: &str,
) -> Result<(Vec<EmployeeDraft>, Vec<RowError>), Vec<RowError>> {
    let table = read_table(text, EMPLOYEE_COLUMNS)?;
    let mut errors = Vec::new();
    let mut drafts = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &table.rows {
        let mut row = Cells {
            line: *line,
            header: &table.header,
            cells,
            errors: &mut errors,
        };
        let number = match PersonalNumber::parse(row.get("personal_number")) {
            Ok(n) => Some(n),
            Err(_) => {
                row.fail("personal_number", Key::ValidationPersonalNumber);
                None
            }
        };
        if let Some(n) = &number {
            if seen.insert(n.as_str().to_string(), *line).is_some() {
                row.fail("personal_number", Key::ImportDuplicateInFile);
            }
        }
        let last_name_ka = row.required("last_name_ka");
        let first_name_ka = row.required("first_name_ka");
        let last_name_en = row.required("last_name_en");
        let first_name_en = row.required("first_name_en");
        let female = match row.get("gender").to_lowercase().as_str() {
            "female" | "f" | "ქ" | "ქალი" => Some(true),
            "male" | "m" | "კ" | "მ" | "კაცი" => Some(false),
            _ => {
                row.fail("gender", Key::ValidationGender);
                None
            }
        };
        let birth_date = row.date("birth_date");
        let email = row.optional("email");
        if email.as_deref().is_some_and(|e| !e.contains('@')) {
            row.fail("email", Key::ValidationEmail);
        }
        let phone = row.optional("phone");
        if let (Some(personal_number), Some(female), Some(birth_date)) =
            (number, female, birth_date)
        {
            drafts.push(EmployeeDraft {
                line: *line,
                personal_number,
                last_name_ka,
                first_name_ka,
                last_name_en,
                first_name_en,
                female,
                birth_date,
                email,
                phone,
            });
        }
    }
    Ok((drafts, errors))
}

/// Parses a staff-list file.
pub fn parse_positions(text: &str) -> Result<Vec<PositionDraft>, Vec<RowError>> {
    let (drafts, errors) = positions_with_errors(text)?;
    if errors.is_empty() {
        Ok(drafts)
    } else {
        Err(errors)
    }
}

/// The rows that parsed and the errors of the others (`Err`: the file itself is unreadable),
/// so a caller can check the good rows further and report every problem at once.
pub fn positions_with_errors(
    text: &str,
) -> Result<(Vec<PositionDraft>, Vec<RowError>), Vec<RowError>> {
    let table = read_table(text, POSITION_COLUMNS)?;
    let mut errors = Vec::new();
    let mut drafts = Vec::new();
    for (line, cells) in &table.rows {
        let mut row = Cells {
            line: *line,
            header: &table.header,
            cells,
            errors: &mut errors,
        };
        let unit_code = row.required("unit_code");
        let title_ka = row.required("title_ka");
        let title_en = row.required("title_en");
        let number = |row: &mut Cells, column: &str, range: std::ops::RangeInclusive<i64>| {
            let text = row.get(column).to_string();
            if text.is_empty() {
                return Some(None);
            }
            match text.parse::<i64>() {
                Ok(n) if range.contains(&n) => Some(Some(n)),
                _ => {
                    row.fail(column, Key::ValidationNumber);
                    None
                }
            }
        };
        let rank = number(&mut row, "rank", 1..=4);
        let category_no = number(&mut row, "category_no", 1..=9);
        let employment_type =
            super::staff::EmploymentType::parse(&row.get("employment_type").to_lowercase());
        if employment_type.is_none() {
            row.fail("employment_type", Key::ValidationEmploymentType);
        }
        let salary = parse_money(row.get("salary_gel"));
        if salary.is_none() {
            row.fail("salary_gel", Key::ValidationMoney);
        }
        let is_head = matches!(
            row.get("is_head").to_lowercase().as_str(),
            "1" | "yes" | "true" | "კი"
        );
        let valid_from = row.date("valid_from");
        if let (
            Some(rank),
            Some(category_no),
            Some(employment_type),
            Some(salary),
            Some(valid_from),
        ) = (rank, category_no, employment_type, salary, valid_from)
        {
            drafts.push(PositionDraft {
                line: *line,
                unit_code,
                title_ka,
                title_en,
                rank,
                category_no,
                employment_type,
                salary,
                is_head,
                valid_from,
            });
        }
    }
    Ok((drafts, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone";

    #[test]
    fn a_clean_file_gives_records() {
        let text = format!(
            "{HEADER}\n01001012345,ბერიძე,ნინო,Beridze,Nino,female,1990-04-02,nino@example.ge,\n\
             01001012346,გოგია,გიორგი,Gogia,Giorgi,კ,02.05.1985,,555 12 34 56\n"
        );
        let rows = parse_employees(&text).expect("valid");
        assert_eq!(rows.len(), 2);
        assert!(rows[0].female && !rows[1].female);
        assert_eq!(
            rows[1].birth_date,
            NaiveDate::from_ymd_opt(1985, 5, 2).expect("d")
        );
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn semicolons_and_a_byte_order_mark_are_fine() {
        let text = format!(
            "\u{feff}{}\n01001012345;ბერიძე;ნინო;Beridze;Nino;f;1990-04-02;;\n",
            HEADER.replace(',', ";")
        );
        assert_eq!(parse_employees(&text).map(|r| r.len()), Ok(1));
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line() {
        let text = format!(
            "{HEADER}\n0100101234,ბერიძე,ნინო,Beridze,Nino,female,1990-04-02,,\n\
             01001012345,,ნინო,Beridze,Nino,x,1990-13-02,bad,\n\
             01001012345,ბერიძე,ნინო,Beridze,Nino,female,1990-04-02,,\n"
        );
        let errors = parse_employees(&text).expect_err("invalid");
        let found: Vec<(usize, &str)> =
            errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (2, "personal_number"),
                (3, "last_name_ka"),
                (3, "gender"),
                (3, "birth_date"),
                (3, "email"),
                (4, "personal_number"),
            ]
        );
        assert_eq!(errors[5].problem, Key::ImportDuplicateInFile);
    }

    #[test]
    fn missing_columns_and_empty_files_are_refused() {
        let errors = parse_employees("personal_number,last_name_ka\n1,2\n").expect_err("columns");
        assert!(errors.iter().all(|e| e.problem == Key::ImportMissingColumn));
        assert_eq!(errors.len(), EMPLOYEE_COLUMNS.len() - 2);
        let errors = parse_employees(&format!("{HEADER}\n\n")).expect_err("empty");
        assert_eq!(errors[0].problem, Key::ImportEmpty);
    }

    #[test]
    fn positions_are_checked() {
        let text = "unit_code,title_ka,title_en,rank,category_no,employment_type,salary_gel,is_head,valid_from\n\
                    ADM-HR,სპეციალისტი,Specialist,3,5,officer,\"1350,50\",0,2024-01-01\n\
                    ADM-HR,სპეციალისტი,Specialist,7,5,boss,-1,0,soon\n";
        let errors = parse_positions(text).expect_err("bad row");
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(
            columns,
            vec!["rank", "employment_type", "salary_gel", "valid_from"]
        );
        let ok = parse_positions(text.lines().take(2).collect::<Vec<_>>().join("\n").as_str())
            .expect("valid");
        assert_eq!(ok[0].salary, Decimal::new(135050, 2));
    }

    #[test]
    fn money_has_at_most_two_decimals() {
        assert_eq!(parse_money("1200"), Some(Decimal::new(1200, 0)));
        assert_eq!(parse_money("1200.5"), Some(Decimal::new(12005, 1)));
        assert_eq!(parse_money("1200.555"), None);
        assert_eq!(parse_money("-1"), None);
        assert_eq!(parse_money("abc"), None);
    }
}
