//! The password rule for new passwords (NIST SP 800-63B style: length, not composition).
use serde::{Deserialize, Serialize};

pub const MIN_LEN: usize = 10;
/// Bounded so hashing cost cannot be abused with huge inputs.
pub const MAX_LEN: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    ContainsUsername,
    SameAsCurrent,
    Mismatch,
}

/// Checks a new password chosen by `username`, typed twice, replacing `current`.
pub fn check_new_password(
    username: &str,
    current: &str,
    new: &str,
    confirmation: &str,
) -> Result<(), PasswordProblem> {
    let len = new.chars().count();
    if len < MIN_LEN {
        return Err(PasswordProblem::TooShort);
    }
    if len > MAX_LEN {
        return Err(PasswordProblem::TooLong);
    }
    let user = username.trim().to_lowercase();
    if !user.is_empty() && new.to_lowercase().contains(&user) {
        return Err(PasswordProblem::ContainsUsername);
    }
    if new == current {
        return Err(PasswordProblem::SameAsCurrent);
    }
    if new != confirmation {
        return Err(PasswordProblem::Mismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_count_characters_not_bytes() {
        // Ten Georgian letters are 30 bytes but ten characters: long enough.
        let georgian = "აბგდევზთიკ";
        assert_eq!(
            check_new_password("nino", "old", georgian, georgian),
            Ok(())
        );
        assert_eq!(
            check_new_password("nino", "old", "აბგდევზთი", "აბგდევზთი"),
            Err(PasswordProblem::TooShort)
        );
        let long = "x".repeat(MAX_LEN + 1);
        assert_eq!(
            check_new_password("nino", "old", &long, &long),
            Err(PasswordProblem::TooLong)
        );
        let max = "y".repeat(MAX_LEN);
        assert_eq!(check_new_password("nino", "old", &max, &max), Ok(()));
    }

    #[test]
    fn rejects_username_reuse_and_typos() {
        assert_eq!(
            check_new_password("Nino", "old", "my-NINO-pass-1", "my-NINO-pass-1"),
            Err(PasswordProblem::ContainsUsername)
        );
        assert_eq!(
            check_new_password("nino", "long-enough-1", "long-enough-1", "long-enough-1"),
            Err(PasswordProblem::SameAsCurrent)
        );
        assert_eq!(
            check_new_password("nino", "old", "long-enough-1", "long-enough-2"),
            Err(PasswordProblem::Mismatch)
        );
    }
}
