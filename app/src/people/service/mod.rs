//! Personal-file rules with their transactions. By part: `file` (reading and editing the
//! details), `assignments` (appointments and their ends by order), `entries` (education, work
//! history, documents), `import` (CSV of employees or positions, all or nothing).
mod assignments;
mod entries;
mod file;
mod import;

pub use assignments::*;
pub use entries::*;
pub use file::*;
pub use import::*;
