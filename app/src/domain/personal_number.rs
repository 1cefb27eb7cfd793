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

/// Whom a form names: by personal number, or by name and surname as HR says them (either
/// order, either language). A picked suggestion ("ნინო ბერიძე · 01001023757") names the number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonQuery {
    Number(PersonalNumber),
    /// Lowercase words, single-spaced: at least a name and a surname.
    Name(String),
}

impl PersonQuery {
    pub fn parse(input: &str) -> Option<Self> {
        let digits: Vec<&str> = input
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty())
            .collect();
        if let [run] = digits.as_slice() {
            return PersonalNumber::parse(run).ok().map(PersonQuery::Number);
        }
        if !digits.is_empty() {
            return None;
        }
        let words: Vec<String> = input.split_whitespace().map(str::to_lowercase).collect();
        let letters = |w: &String| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''))
        };
        (words.len() >= 2 && words.iter().all(letters) && input.chars().count() <= 200)
            .then(|| PersonQuery::Name(words.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_person_is_named_by_number_or_by_name_and_surname() {
        let number = |n: &str| Some(PersonQuery::Number(PersonalNumber::parse(n).unwrap()));
        assert_eq!(PersonQuery::parse(" 01001023757 "), number("01001023757"));
        assert_eq!(
            PersonQuery::parse("ნინო ბერიძე · 01001023757"),
            number("01001023757")
        );
        assert_eq!(
            PersonQuery::parse("  ბერიძე   ნინო "),
            Some(PersonQuery::Name("ბერიძე ნინო".into()))
        );
        assert_eq!(
            PersonQuery::parse("Nino Beridze-Kapanadze"),
            Some(PersonQuery::Name("nino beridze-kapanadze".into()))
        );
        // One word, a short number, two numbers, or symbols name nobody.
        for vague in [
            "ნინო",
            "",
            "0100102375",
            "01001023757 01001023758",
            "nino %",
            "a_b c",
        ] {
            assert_eq!(PersonQuery::parse(vague), None, "{vague}");
        }
    }

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
