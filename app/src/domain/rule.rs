//! Rules as data (DOMAIN.md §5.5): every configurable value is stored with the date it applies
//! from, its legal source and how certain that source is.

coded_enum! {
    /// How sure the legal source of a value is (DOMAIN.md's tags).
    pub enum Certainty {
        /// Confirmed in the law or a by-law.
        Confirmed = "confirmed" => CertaintyConfirmed,
        /// Taken from the municipality's own documents (the seeds).
        Seeds = "seeds" => CertaintySeeds,
        /// Not confirmed: a placeholder HR should check.
        Uncertain = "uncertain" => CertaintyUncertain,
    }
}
