//! Pay arithmetic (DOMAIN.md §5): exact decimals, rounded to the tetri only at the end.
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The pay rules as this module computes them (§5.3: calendar-day proration, bonus on the
/// official salary, rounding to the tetri halves away from zero, arrears against what closed
/// registers paid). Stored with every closed register; a change of these rules is a new version.
pub const RULE_VERSION: &str = "pay-2026.11";

/// Rounds money to the tetri, halves away from zero (as accountants do).
pub fn round_to_tetri(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Official salary (თანამდებობრივი სარგო) = basic official salary × the position's
/// coefficient, where the institution uses coefficients.
pub fn official_salary(base: Decimal, coefficient: Decimal) -> Decimal {
    round_to_tetri(base * coefficient)
}

/// The class bonus for a month at `rate` percent of `salary` (§5.3).
pub fn monthly_bonus(salary: Decimal, rate: Decimal) -> Decimal {
    round_to_tetri(salary * rate / Decimal::ONE_HUNDRED)
}

/// A monthly amount for `days` of a month of `days_in_month` days, by calendar days (§5.3).
/// A whole month is the monthly amount itself.
pub fn prorate(monthly: Decimal, days: u32, days_in_month: u32) -> Decimal {
    if days >= days_in_month {
        monthly
    } else {
        round_to_tetri(monthly * Decimal::from(days) / Decimal::from(days_in_month))
    }
}

/// The first day of the month of `date`.
pub fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of the month starting `month`.
pub fn month_end(month: NaiveDate) -> NaiveDate {
    (month_of(month) + Months::new(1))
        .pred_opt()
        .unwrap_or(month)
}

/// Salary of one position held from `from` to `to` (inclusive; `None`: still held) under one
/// set of its dated terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalarySpan {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub salary: Decimal,
    /// Terms recorded after the registers of their first months were closed: the register that
    /// first pays them, and the closed months' difference as arrears (`None`: paid as they come).
    #[serde(default)]
    pub first_paid: Option<NaiveDate>,
}

/// What the registers paid for one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paid {
    pub salary: Decimal,
    pub bonus: Decimal,
}

impl From<&MonthPay> for Paid {
    fn from(pay: &MonthPay) -> Self {
        Paid {
            salary: pay.salary,
            bonus: pay.bonus,
        }
    }
}

/// A class taking effect from `effective` by an order first paid in the register of
/// `first_paid` (the first of a month): until then the register does not know of it, and the
/// months it reaches back to are paid as arrears in that register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassChange {
    pub effective: NaiveDate,
    pub class_no: u8,
    pub first_paid: NaiveDate,
}

/// Bonus rates: (class, valid from, percent of the official salary).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTable(pub Vec<(u8, NaiveDate, Decimal)>);

impl RateTable {
    /// The rate of `class_no` in force on `on`.
    pub fn rate(&self, class_no: u8, on: NaiveDate) -> Option<Decimal> {
        self.0
            .iter()
            .filter(|(c, from, _)| *c == class_no && *from <= on)
            .max_by_key(|(_, from, _)| *from)
            .map(|(_, _, rate)| *rate)
    }
}

/// The class on `on` as known to the register of `known_in` (never lowered: the highest).
pub fn class_on(classes: &[ClassChange], on: NaiveDate, known_in: NaiveDate) -> Option<u8> {
    classes
        .iter()
        .filter(|c| c.effective <= on && c.first_paid <= known_in)
        .map(|c| c.class_no)
        .max()
}

/// Days of a month with the same salary, class and rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaySegment {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
    /// The monthly official salary and the monthly bonus at this class and rate.
    pub salary: Decimal,
    pub class_no: Option<u8>,
    pub rate: Decimal,
    pub monthly_bonus: Decimal,
    /// The bonus these days earn (prorated by calendar days unless the whole month).
    pub bonus_due: Decimal,
}

/// One month of an officer's official salary and class bonus.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPay {
    pub segments: Vec<PaySegment>,
    pub salary: Decimal,
    pub bonus: Decimal,
}

/// Official salary and class bonus due for `month`, with class changes known in the register
/// of `known_in` (§5.3): split at every change of salary, class or rate, each part prorated by
/// calendar days.
pub fn month_pay(
    month: NaiveDate,
    spans: &[SalarySpan],
    classes: &[ClassChange],
    known_in: NaiveDate,
    rates: &RateTable,
) -> MonthPay {
    let start = month_of(month);
    let end = month_end(start);
    let days_in_month = end.day();
    // Every day on which something may change.
    let mut cuts: Vec<NaiveDate> = vec![start];
    cuts.extend(
        spans
            .iter()
            .flat_map(|s| [Some(s.from), s.to.and_then(|t| t.succ_opt())])
            .flatten(),
    );
    cuts.extend(classes.iter().map(|c| c.effective));
    cuts.extend(rates.0.iter().map(|(_, from, _)| *from));
    cuts.retain(|d| *d >= start && *d <= end);
    cuts.sort();
    cuts.dedup();
    let mut pay = MonthPay::default();
    for (i, from) in cuts.iter().enumerate() {
        let to = cuts.get(i + 1).and_then(|d| d.pred_opt()).unwrap_or(end);
        let Some(span) = spans
            .iter()
            .find(|s| s.from <= *from && s.to.is_none_or(|t| t >= *from))
        else {
            continue;
        };
        let class_no = class_on(classes, *from, known_in);
        let rate = class_no
            .and_then(|c| rates.rate(c, *from))
            .unwrap_or_default();
        let days = (to - *from).num_days() as u32 + 1;
        match pay.segments.last_mut() {
            // Merge with the previous part when nothing changed (a cut that changed nothing).
            Some(last)
                if last.salary == span.salary
                    && last.class_no == class_no
                    && last.rate == rate
                    && last.to.succ_opt() == Some(*from) =>
            {
                last.to = to;
                last.days += days;
            }
            _ => pay.segments.push(PaySegment {
                from: *from,
                to,
                days,
                salary: span.salary,
                class_no,
                rate,
                monthly_bonus: monthly_bonus(span.salary, rate),
                bonus_due: Decimal::ZERO,
            }),
        }
    }
    // The salary is prorated over each run of days at one salary (a class change alone does
    // not split it), the bonus over each part.
    let mut run: Option<(Decimal, u32)> = None;
    for s in &mut pay.segments {
        s.bonus_due = prorate(s.monthly_bonus, s.days, days_in_month);
        pay.bonus += s.bonus_due;
        run = match run {
            Some((salary, days)) if salary == s.salary => Some((salary, days + s.days)),
            Some((salary, days)) => {
                pay.salary += prorate(salary, days, days_in_month);
                Some((s.salary, s.days))
            }
            None => Some((s.salary, s.days)),
        };
    }
    if let Some((salary, days)) = run {
        pay.salary += prorate(salary, days, days_in_month);
    }
    pay
}

/// One month of arrears paid in a later register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrearsLine {
    /// The month the arrears are for (first day).
    pub month: NaiveDate,
    pub class_before: Option<u8>,
    pub class_after: Option<u8>,
    /// What is now due for that month minus what was paid for it: `salary` + `bonus`.
    pub amount: Decimal,
    /// The official salary's part (a salary revision reaching into a closed month).
    #[serde(default)]
    pub salary: Decimal,
    /// The class bonus's part.
    #[serde(default)]
    pub bonus: Decimal,
}

/// Arrears paid in the register of `register_month` (§5.3) when the register before it is
/// open: for each earlier month reached by an order first paid in this register, the bonus with
/// what this register knows minus the bonus with what the previous register knew. Summed over
/// all registers, every month is paid exactly what the signed orders say.
pub fn arrears(
    register_month: NaiveDate,
    spans: &[SalarySpan],
    classes: &[ClassChange],
    rates: &RateTable,
) -> Vec<ArrearsLine> {
    let Some(previous) = month_of(register_month).checked_sub_months(Months::new(1)) else {
        return Vec::new();
    };
    arrears_against(register_month, spans, classes, rates, |month| {
        Paid::from(&month_pay(month, spans, classes, previous, rates))
    })
}

/// Arrears paid in the register of `register_month` against what was actually paid for each
/// earlier month (`paid`: what the registers before this one paid for it, closed ones as they
/// were stored), from the earliest month reached by a class order or by pay terms first paid
/// here. A month whose register is closed never changes; what becomes due for it later is this
/// difference, paid here.
pub fn arrears_against(
    register_month: NaiveDate,
    spans: &[SalarySpan],
    classes: &[ClassChange],
    rates: &RateTable,
    paid: impl Fn(NaiveDate) -> Paid,
) -> Vec<ArrearsLine> {
    let register = month_of(register_month);
    let by_order = classes
        .iter()
        .filter(|c| c.first_paid == register && c.effective < register)
        .map(|c| month_of(c.effective));
    // Salary arrears come from pay terms first paid here; a class order's only from its bonus.
    let salary_from = spans
        .iter()
        .filter(|s| s.first_paid == Some(register) && s.from < register)
        .map(|s| month_of(s.from))
        .min();
    let Some(earliest) = by_order.chain(salary_from).min() else {
        return Vec::new();
    };
    let Some(previous) = register.checked_sub_months(Months::new(1)) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut month = earliest;
    while month < register {
        let now = month_pay(month, spans, classes, register, rates);
        let was = paid(month);
        let salary = if salary_from.is_some_and(|from| month >= from) {
            now.salary - was.salary
        } else {
            Decimal::ZERO
        };
        let bonus = now.bonus - was.bonus;
        if !salary.is_zero() || !bonus.is_zero() {
            let before = month_pay(month, spans, classes, previous, rates);
            lines.push(ArrearsLine {
                month,
                class_before: before.segments.last().and_then(|s| s.class_no),
                class_after: now.segments.last().and_then(|s| s.class_no),
                amount: salary + bonus,
                salary,
                bonus,
            });
        }
        month = month + Months::new(1);
    }
    lines
}

/// The register that first pays an order: `lag` months after the month of the later of its
/// date and its signature (a signed order never reaches into a month already paid; what it
/// owes for earlier months is paid there as arrears).
pub fn first_paid_month(order_date: NaiveDate, signed_on: NaiveDate, lag: u32) -> NaiveDate {
    month_of(order_date.max(signed_on)) + Months::new(lag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn money(text: &str) -> Decimal {
        text.parse().expect("amount")
    }

    fn placeholder_rates() -> RateTable {
        RateTable(
            (1..=12u8)
                .map(|c| (c, d(2017, 7, 1), Decimal::new(125, 2) * Decimal::from(c)))
                .collect(),
        )
    }

    fn salary_1100() -> Vec<SalarySpan> {
        vec![SalarySpan {
            from: d(2015, 3, 1),
            to: None,
            salary: money("1100.00"),
            first_paid: None,
        }]
    }

    #[test]
    fn the_worked_salary_example_to_the_tetri() {
        // DOMAIN.md §5.4: class VI (7.50 %) by the order of 27 Feb 2020 with effect from
        // 1 Jan 2020, first paid in March 2020.
        let order = [ClassChange {
            effective: d(2020, 1, 1),
            class_no: 6,
            first_paid: d(2020, 3, 1),
        }];
        let rates = placeholder_rates();
        let march = month_pay(d(2020, 3, 1), &salary_1100(), &order, d(2020, 3, 1), &rates);
        assert_eq!(march.salary, money("1100.00"));
        assert_eq!(march.bonus, money("82.50"));
        let arrears = arrears(d(2020, 3, 1), &salary_1100(), &order, &rates);
        assert_eq!(
            arrears
                .iter()
                .map(|a| (a.month, a.amount))
                .collect::<Vec<_>>(),
            vec![
                (d(2020, 1, 1), money("82.50")),
                (d(2020, 2, 1), money("82.50"))
            ]
        );
        let total = march.salary + march.bonus + arrears.iter().map(|a| a.amount).sum::<Decimal>();
        assert_eq!(total, money("1347.50"));
        // The January and February registers, as paid, knew nothing of the order.
        let february = month_pay(d(2020, 2, 1), &salary_1100(), &order, d(2020, 2, 1), &rates);
        assert_eq!(february.bonus, Decimal::ZERO);
        // No arrears in April.
        assert!(super::arrears(d(2020, 4, 1), &salary_1100(), &order, &rates).is_empty());
    }

    #[test]
    fn a_class_from_the_17th_is_prorated_by_calendar_days() {
        let order = [ClassChange {
            effective: d(2020, 3, 17),
            class_no: 6,
            first_paid: d(2020, 3, 1),
        }];
        let march = month_pay(
            d(2020, 3, 1),
            &salary_1100(),
            &order,
            d(2020, 3, 1),
            &placeholder_rates(),
        );
        assert_eq!(march.segments.len(), 2);
        assert_eq!(march.segments[1].days, 15);
        // 82.50 × 15 / 31 = 39.9193… → 39.92; the salary, unchanged, is the whole month's.
        assert_eq!(march.bonus, money("39.92"));
        assert_eq!(march.salary, money("1100.00"));
    }

    #[test]
    fn the_confirmed_class_xii_rate() {
        assert_eq!(
            monthly_bonus(money("1350.00"), money("15.00")),
            money("202.50")
        );
    }

    #[test]
    fn a_promotion_pays_the_difference_as_arrears() {
        let classes = [
            ClassChange {
                effective: d(2020, 1, 1),
                class_no: 5,
                first_paid: d(2020, 3, 1),
            },
            ClassChange {
                effective: d(2022, 1, 1),
                class_no: 6,
                first_paid: d(2022, 3, 1),
            },
        ];
        let a = arrears(
            d(2022, 3, 1),
            &salary_1100(),
            &classes,
            &placeholder_rates(),
        );
        // 82.50 − 68.75 = 13.75 for January and February 2022.
        assert_eq!(
            a.iter().map(|l| l.amount).collect::<Vec<_>>(),
            vec![money("13.75"); 2]
        );
        assert_eq!((a[0].class_before, a[0].class_after), (Some(5), Some(6)));
    }

    #[test]
    fn a_rate_change_applies_from_its_date_only() {
        let mut rates = placeholder_rates();
        rates.0.push((6, d(2027, 1, 1), money("9.00")));
        let classes = [ClassChange {
            effective: d(2020, 1, 1),
            class_no: 6,
            first_paid: d(2020, 3, 1),
        }];
        let dec26 = month_pay(
            d(2026, 12, 1),
            &salary_1100(),
            &classes,
            d(2026, 12, 1),
            &rates,
        );
        let jan27 = month_pay(
            d(2027, 1, 1),
            &salary_1100(),
            &classes,
            d(2027, 1, 1),
            &rates,
        );
        assert_eq!((dec26.bonus, jan27.bonus), (money("82.50"), money("99.00")));
    }

    #[test]
    fn a_salary_change_mid_month_splits_the_month() {
        let spans = [
            SalarySpan {
                from: d(2020, 1, 1),
                to: Some(d(2020, 4, 10)),
                salary: money("1100.00"),
                first_paid: None,
            },
            SalarySpan {
                from: d(2020, 4, 11),
                to: None,
                salary: money("1500.00"),
                first_paid: None,
            },
        ];
        let classes = [ClassChange {
            effective: d(2020, 1, 1),
            class_no: 6,
            first_paid: d(2020, 1, 1),
        }];
        let april = month_pay(
            d(2020, 4, 1),
            &spans,
            &classes,
            d(2020, 4, 1),
            &placeholder_rates(),
        );
        // 1100 × 10/30 = 366.67, 1500 × 20/30 = 1000.00; bonus 82.50 × 10/30 = 27.50,
        // 112.50 × 20/30 = 75.00.
        assert_eq!(april.salary, money("1366.67"));
        assert_eq!(april.bonus, money("102.50"));
        // Left service on 10 April: only the days served.
        let gone = month_pay(
            d(2020, 4, 1),
            &spans[..1],
            &classes,
            d(2020, 4, 1),
            &placeholder_rates(),
        );
        assert_eq!(gone.salary, money("366.67"));
    }

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
        /// Proration of a whole month is the monthly amount itself.
        #[test]
        fn a_whole_month_is_the_monthly_amount(salary in 0i64..10_000_000, rate in 0i64..2_000, month in 1u32..=12) {
            let salary = Decimal::new(salary, 2);
            let rate = Decimal::new(rate, 2);
            let classes = [ClassChange { effective: d(2019, 1, 1), class_no: 3, first_paid: d(2019, 1, 1) }];
            let spans = [SalarySpan { from: d(2018, 1, 1), to: None, salary, first_paid: None }];
            let rates = RateTable(vec![(3, d(2017, 1, 1), rate)]);
            let pay = month_pay(d(2024, month, 1), &spans, &classes, d(2024, month, 1), &rates);
            prop_assert_eq!(pay.salary, salary);
            prop_assert_eq!(pay.bonus, monthly_bonus(salary, rate));
        }

        /// Arrears equal the sum of the months they cover: what each month's bonus is under
        /// the order minus what was paid without it.
        #[test]
        fn arrears_are_the_sum_of_the_months_they_cover(
            salary in 50_000i64..500_000,
            class_no in 1u8..=12,
            back in 1u32..15,
            day in 1u32..=28,
            lag in 1u32..4,
        ) {
            let register = d(2024, 6, 1);
            let effective = (register - Months::new(back)).with_day(day).expect("day");
            let spans = [SalarySpan { from: d(2015, 1, 1), to: None, salary: Decimal::new(salary, 2), first_paid: None }];
            let classes = [ClassChange { effective, class_no, first_paid: register }];
            let rates = placeholder_rates();
            let lines = arrears(register, &spans, &classes, &rates);
            let mut expected = Decimal::ZERO;
            let mut month = month_of(effective);
            while month < register {
                expected += month_pay(month, &spans, &classes, register, &rates).bonus;
                month = month + Months::new(1);
            }
            prop_assert_eq!(lines.iter().map(|l| l.amount).sum::<Decimal>(), expected);
            prop_assert_eq!(lines.len() as u32, back);
            // A later register pays nothing more.
            prop_assert!(arrears(register + Months::new(lag), &spans, &classes, &rates).is_empty());
        }

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

    #[test]
    fn an_order_is_first_paid_after_the_later_of_its_date_and_signature() {
        assert_eq!(
            first_paid_month(d(2026, 8, 14), d(2026, 11, 27), 1),
            d(2026, 12, 1)
        );
        assert_eq!(
            first_paid_month(d(2020, 2, 27), d(2020, 2, 27), 1),
            d(2020, 3, 1)
        );
        assert_eq!(
            first_paid_month(d(2026, 12, 31), d(2026, 12, 31), 1),
            d(2027, 1, 1)
        );
        assert_eq!(
            first_paid_month(d(2026, 3, 2), d(2026, 2, 27), 1),
            d(2026, 4, 1)
        );
    }

    /// Registers January–April are closed as computed then (stored); an order dated in
    /// January and signed in April is first paid in May: May pays January–April as arrears
    /// against what the closed registers paid, and every month ends with what the order says.
    #[test]
    fn a_late_signature_is_paid_as_arrears_against_the_closed_registers() {
        let rates = placeholder_rates();
        let spans = [SalarySpan {
            from: d(2019, 1, 1),
            to: None,
            salary: money("1100.00"),
            first_paid: None,
        }];
        let order = ClassChange {
            effective: d(2026, 1, 1),
            class_no: 6,
            first_paid: first_paid_month(d(2026, 1, 20), d(2026, 4, 27), 1),
        };
        let classes = [order];
        // What the closed registers stored for their own months (known in each month).
        let mut paid: std::collections::BTreeMap<NaiveDate, Decimal> = Default::default();
        for m in 1..=4 {
            let month = d(2026, m, 1);
            paid.insert(
                month,
                month_pay(month, &spans, &classes, month, &rates).bonus,
            );
        }
        assert!(paid.values().all(|b| b.is_zero()), "unsigned: nothing paid");
        let may = d(2026, 5, 1);
        let lines = arrears_against(may, &spans, &classes, &rates, |m| Paid {
            salary: money("1100.00"),
            bonus: paid.get(&m).copied().unwrap_or_default(),
        });
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| l.amount == money("82.50")));
        for line in &lines {
            *paid.entry(line.month).or_default() += line.amount;
        }
        for m in 1..=4 {
            let month = d(2026, m, 1);
            assert_eq!(
                paid[&month],
                month_pay(month, &spans, &classes, may, &rates).bonus
            );
        }
    }

    /// A salary revision from 16 March recorded in May, when January–April were closed: May
    /// pays the difference for 16–31 March and April as arrears (salary and the bonus that
    /// follows it), and March and April then total what the new terms say.
    #[test]
    fn a_salary_revision_reaching_into_closed_months_is_paid_as_arrears() {
        let rates = placeholder_rates();
        let class = [ClassChange {
            effective: d(2020, 1, 1),
            class_no: 6,
            first_paid: d(2020, 1, 1),
        }];
        let before = [SalarySpan {
            from: d(2019, 1, 1),
            to: None,
            salary: money("1000.00"),
            first_paid: None,
        }];
        let may = d(2026, 5, 1);
        let after = [
            SalarySpan {
                from: d(2019, 1, 1),
                to: Some(d(2026, 3, 15)),
                salary: money("1000.00"),
                first_paid: None,
            },
            SalarySpan {
                from: d(2026, 3, 16),
                to: None,
                salary: money("1200.00"),
                first_paid: Some(may),
            },
        ];
        let stored = |m: NaiveDate| Paid::from(&month_pay(m, &before, &class, m, &rates));
        let lines = arrears_against(may, &after, &class, &rates, stored);
        assert_eq!(
            lines.iter().map(|l| l.month).collect::<Vec<_>>(),
            [d(2026, 3, 1), d(2026, 4, 1)]
        );
        // 15 days at 1000 (483.87) and 16 at 1200 (619.35) instead of 1000; the bonus is 7.5 % of the salary in force.
        assert_eq!(lines[0].salary, money("103.22"));
        assert_eq!(lines[1].salary, money("200.00"));
        assert_eq!(lines[1].bonus, money("15.00"));
        for line in &lines {
            assert_eq!(line.amount, line.salary + line.bonus);
            let now = month_pay(line.month, &after, &class, may, &rates);
            let was = stored(line.month);
            assert_eq!(was.salary + line.salary, now.salary);
            assert_eq!(was.bonus + line.bonus, now.bonus);
        }
        // The register after May has nothing more to pay for them.
        assert!(arrears_against(d(2026, 6, 1), &after, &class, &rates, |m| {
            Paid::from(&month_pay(m, &after, &class, may, &rates))
        })
        .is_empty());
    }
}
