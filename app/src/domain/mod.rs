//! Pure rules and shared types: no I/O, compiled for both the server and the browser.
//!
//! `common` holds what every feature shares (bilingual text, references to people and orders,
//! money, Georgia's date); `role` the users' roles; the other modules one area of the rules each.
//! Every closed set of states is a [`coded_enum!`]: the same code in SQL, on the wire and in
//! addresses, one translation key per state, and an unknown code is an error, never a default.

/// Declares a closed set of states stored by a code. Each variant names its code and its
/// translation key; the macro derives serde and (on the server) `sqlx::Type` by that code, and
/// writes `ALL`, `code()`, `parse()` and the exhaustive `key()`.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:literal => $key:ident
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                #[cfg_attr(feature = "ssr", sqlx(rename = $code))]
                $variant
            ),+
        }

        impl $name {
            /// Every state, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in addresses.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The state with this code, or `None` for an unknown one.
            pub fn parse(code: &str) -> Option<Self> {
                match code.trim() {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// What the user reads for this state.
            pub fn key(self) -> crate::i18n::Key {
                match self {
                    $($name::$variant => crate::i18n::Key::$key),+
                }
            }
        }

        impl $crate::domain::Coded for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn key(self) -> crate::i18n::Key {
                $name::key(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;

/// What every [`coded_enum!`] offers, for code that handles any of them (form choices, select
/// options).
pub trait Coded: Copy + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn key(self) -> crate::i18n::Key;
    fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::all().iter().copied().find(|s| s.code() == code)
    }
}

pub mod address;
pub mod attestation;
pub mod career;
pub mod class;
pub mod common;
pub mod competition;
pub mod csv_import;
pub mod deadline;
pub mod evaluation;
pub mod history;
pub mod order;
pub mod password;
pub mod pay;
pub mod personal_number;
pub mod probation;
pub mod role;
pub mod rule;
pub mod scope;
pub mod session;
pub mod staff;
pub mod structure;
pub mod task;
pub mod throttle;
pub mod work_plan;

pub use common::{Bilingual, OrderRef, PersonRef};
pub use role::{CurrentUser, Role, RoleSet};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every coded state round-trips through its code and has a text in both languages.
    #[test]
    fn every_code_round_trips_and_has_a_text() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
            key: fn(T) -> crate::i18n::Key,
        ) {
            let mut seen = std::collections::HashSet::new();
            for &state in all {
                assert_eq!(parse(code(state)), Some(state), "{state:?}");
                assert!(seen.insert(code(state)), "duplicate code {}", code(state));
                for locale in crate::i18n::Locale::ALL {
                    assert!(!key(state).text(locale).is_empty());
                }
            }
            assert_eq!(parse("no-such-code"), None);
        }
        macro_rules! check_all {
            ($($t:ty),+) => { $(check::<$t>(<$t>::ALL, <$t>::code, <$t>::parse, <$t>::key);)+ };
        }
        check_all!(
            staff::UnitKind,
            staff::Gender,
            staff::EmploymentType,
            staff::AssignmentBasis,
            staff::UnitEventType,
            staff::EmployeeStatus,
            staff::FileSection,
            history::HistoryEvent,
            role::Role,
            order::OrderType,
            order::Issuer,
            order::EffectKind,
            evaluation::Stage,
            evaluation::Rating,
            evaluation::Exemption,
            evaluation::CompetencyKind,
            evaluation::CycleStatus,
            evaluation::AppealDecision,
            class::ClassOrderKind,
            class::ClassOrderStatus,
            rule::Certainty,
            task::TaskKind,
            competition::VacancyState,
            competition::CompetitionKind,
            competition::CompetitionState,
            competition::StageKind,
            work_plan::MonthlyState,
            career::SanctionKind,
            career::NeedSource,
            career::Conclusion,
            attestation::SessionState,
            deadline::DeadlineUnit,
            deadline::DeadlineStatus,
            probation::ProbationState,
            probation::ReviewOutcome,
            probation::ReviewState,
            probation::GroundDecision
        );
    }

    /// The wire uses the stored code: `"plan_confirmation"`, not `"PlanConfirmation"`.
    #[test]
    fn the_wire_carries_the_code() {
        let json = serde_json::to_string(&evaluation::Stage::PlanConfirmation).unwrap_or_default();
        assert_eq!(json, "\"plan_confirmation\"");
        let back: Result<evaluation::Stage, _> = serde_json::from_str("\"unknown\"");
        assert!(back.is_err(), "an unknown code is an error");
    }
}
