//! The personal number (პირადი ნომერი) of a Georgian citizen: exactly 11 digits.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PersonalNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonalNumberError {
    Empty,
    /// Letters, spaces inside, punctuation.
    NotDigits,
    WrongLength,
}

impl PersonalNumber {
    /// Accepts surrounding whitespace; nothing else is cleaned up, so what HR typed is what is
    /// stored.
    pub fn parse(input: &str) -> Result<Self, PersonalNumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PersonalNumberError::Empty);
        }
        if !trimmed.chars().all(|c| c.is_ascii_digit()) {
            return Err(PersonalNumberError::NotDigits);
        }
        if trimmed.len() != 11 {
            return Err(PersonalNumberError::WrongLength);
        }
        Ok(PersonalNumber(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn eleven_digits_are_accepted() {
        assert_eq!(
            PersonalNumber::parse(" 01001012345 ").map(|p| p.as_str().to_string()),
            Ok("01001012345".to_string())
        );
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        assert_eq!(PersonalNumber::parse("  "), Err(PersonalNumberError::Empty));
        assert_eq!(
            PersonalNumber::parse("0100101234"),
            Err(PersonalNumberError::WrongLength)
        );
        assert_eq!(
            PersonalNumber::parse("010010123456"),
            Err(PersonalNumberError::WrongLength)
        );
        assert_eq!(
            PersonalNumber::parse("0100101234a"),
            Err(PersonalNumberError::NotDigits)
        );
        assert_eq!(
            PersonalNumber::parse("01001 12345"),
            Err(PersonalNumberError::NotDigits)
        );
        // Other scripts' digits are not ASCII digits.
        assert_eq!(
            PersonalNumber::parse("٠١٠٠١٠١٢٣٤٥"),
            Err(PersonalNumberError::NotDigits)
        );
    }

    proptest! {
        #[test]
        fn valid_exactly_when_eleven_ascii_digits(s in "[0-9a ]{0,13}") {
            let ok = s.trim().len() == 11 && s.trim().chars().all(|c| c.is_ascii_digit());
            prop_assert_eq!(PersonalNumber::parse(&s).is_ok(), ok);
        }
    }
}
