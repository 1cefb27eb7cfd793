//! Pay arithmetic (DOMAIN.md §5): exact decimals, rounded to the tetri only at the end.
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds money to the tetri, halves away from zero (as accountants do).
pub fn round_to_tetri(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Official salary (თანამდებობრივი სარგო) = basic official salary × the position's
/// coefficient, where the institution uses coefficients.
pub fn official_salary(base: Decimal, coefficient: Decimal) -> Decimal {
    round_to_tetri(base * coefficient)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_worked_example_of_the_domain() {
        // DOMAIN.md §5.4: base 1,000.00 × 1.10 = 1,100.00.
        assert_eq!(
            official_salary(Decimal::new(100000, 2), Decimal::new(110, 2)),
            Decimal::new(110000, 2)
        );
    }

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(
            official_salary(Decimal::new(100005, 3), Decimal::ONE),
            Decimal::new(10001, 2)
        );
        assert_eq!(
            official_salary(Decimal::new(1234, 0), Decimal::new(1333, 3)),
            Decimal::new(164492, 2)
        );
    }

    proptest! {
        #[test]
        fn never_more_than_half_a_tetri_off(base in 0i64..10_000_000, coefficient in 1i64..5_000) {
            let base = Decimal::new(base, 2);
            let coefficient = Decimal::new(coefficient, 3);
            let exact = base * coefficient;
            let salary = official_salary(base, coefficient);
            prop_assert!((salary - exact).abs() <= Decimal::new(5, 3));
            prop_assert!(salary.scale() <= 2);
        }
    }
}
