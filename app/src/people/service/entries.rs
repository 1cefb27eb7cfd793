//! The lists of a personal file HR keeps by entries: education, work history, documents.
use super::super::repo::{self, NewDocument};
use super::super::FileEntryForm;
use crate::domain::staff::FileSection;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;

/// An entry, checked.
pub enum FileEntry {
    Education {
        institution: String,
        qualification: String,
        year: Option<i64>,
    },
    Work {
        employer: String,
        title: String,
        from: NaiveDate,
        to: Option<NaiveDate>,
    },
    Document {
        kind: String,
        title: String,
        reference: String,
        issued_on: Option<NaiveDate>,
    },
}

impl FileEntry {
    pub fn parse(form: &FileEntryForm) -> Result<Self, AppError> {
        let d = form.d.as_deref().unwrap_or_default();
        let section = forms::choice::<FileSection>("section", &form.section)?;
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let a = problems.take(forms::required_text("a", &form.a));
        let b = problems.take(forms::required_text("b", &form.b));
        let entry = match section {
            FileSection::Education => {
                let year = problems.take(match form.c.trim() {
                    "" => Ok(None),
                    year => forms::number("c", year, 1940..=2100).map(Some),
                });
                a.zip(b)
                    .zip(year)
                    .map(
                        |((institution, qualification), year)| FileEntry::Education {
                            institution,
                            qualification,
                            year,
                        },
                    )
            }
            FileSection::Work => {
                let from = problems.take(forms::required_date("c", &form.c));
                let to = problems.take(forms::optional_date("d", d));
                if let (Some(from), Some(Some(to))) = (from, to) {
                    if to < from {
                        problems.add("d", Key::ValidationAfterStart);
                    }
                }
                a.zip(b)
                    .zip(from.zip(to))
                    .map(|((employer, title), (from, to))| FileEntry::Work {
                        employer,
                        title,
                        from,
                        to,
                    })
            }
            FileSection::Document => {
                let issued_on = problems.take(forms::optional_date("d", d));
                a.zip(b)
                    .zip(issued_on)
                    .map(|((kind, title), issued_on)| FileEntry::Document {
                        kind,
                        title,
                        reference: form.c.trim().to_string(),
                        issued_on,
                    })
            }
        };
        problems.finish()?;
        entry.ok_or(AppError::Request)
    }

    pub fn section(&self) -> FileSection {
        match self {
            FileEntry::Education { .. } => FileSection::Education,
            FileEntry::Work { .. } => FileSection::Work,
            FileEntry::Document { .. } => FileSection::Document,
        }
    }
}

/// Adds an entry to a file whose entries were loaded at `revision`.
pub async fn add_entry(
    db: &Db,
    actor: &Actor,
    employee_id: i64,
    revision: i64,
    entry: FileEntry,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let next = advance(&mut tx, Revised::EmployeeEntries, employee_id, revision).await?;
    let section = entry.section();
    let after = match entry {
        FileEntry::Education {
            institution,
            qualification,
            year,
        } => {
            repo::insert_education(&mut tx, employee_id, &institution, &qualification, year)
                .await?;
            json!({"institution": institution, "qualification": qualification, "graduated_year": year})
        }
        FileEntry::Work {
            employer,
            title,
            from,
            to,
        } => {
            repo::insert_work(&mut tx, employee_id, &employer, &title, from, to).await?;
            json!({"employer": employer, "position_title": title, "from_date": from, "to_date": to})
        }
        FileEntry::Document {
            kind,
            title,
            reference,
            issued_on,
        } => {
            repo::insert_document(
                &mut tx,
                employee_id,
                NewDocument {
                    kind: &kind,
                    title: &title,
                    reference: &reference,
                    issued_on,
                    added_at: actor.at,
                },
            )
            .await?;
            json!({"kind": kind, "title": title, "reference": reference, "issued_on": issued_on})
        }
    };
    audit(
        &mut tx,
        actor,
        "file_entry.added",
        repo::section_table(section),
        employee_id,
        None,
        Some(with_revision(after, Revised::EmployeeEntries, next)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an entry from a file whose entries were loaded at `revision`.
pub async fn remove_entry(
    db: &Db,
    actor: &Actor,
    employee_id: i64,
    revision: i64,
    section: FileSection,
    entry_id: i64,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let next = advance(&mut tx, Revised::EmployeeEntries, employee_id, revision).await?;
    if !repo::delete_entry(&mut tx, section, employee_id, entry_id).await? {
        return Err(AppError::NotFound);
    }
    audit(
        &mut tx,
        actor,
        "file_entry.removed",
        repo::section_table(section),
        employee_id,
        Some(json!({"id": entry_id})),
        Some(with_revision(
            json!({"removed": entry_id}),
            Revised::EmployeeEntries,
            next,
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
