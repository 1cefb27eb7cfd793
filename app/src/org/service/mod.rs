//! Organisation rules with their transactions: each change validates, writes and audits in one
//! transaction; reads assemble the structure on a date. By part: `read` (the structure, staff
//! lists, vacancies, reports, data scope), `units` (creating, reorganizing and merging units),
//! `positions` (the staff list's lines and who supervises whom), `terms` (dated pay terms and
//! base salary revisions).
mod positions;
mod read;
mod terms;
mod units;

pub use positions::*;
pub use read::*;
pub use terms::*;
pub use units::*;
