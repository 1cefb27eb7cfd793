-- Dated pay terms (issue 13, item 3). A position's official salary, category and coefficient
-- and employment type change by an act from a date while its holders stay in place; the
-- history is kept. The position row keeps the terms in force today (the staff list reads it);
-- everything that asks about a past or future day (the pay register, the evaluation
-- population, class eligibility, an appointment's checks) reads the terms in force that day.
CREATE TABLE position_terms (
    id                  INTEGER PRIMARY KEY,
    position_id         INTEGER NOT NULL REFERENCES positions(id),
    valid_from          TEXT NOT NULL,
    -- The day before the next terms take effect (kept by the application on every change).
    valid_to            TEXT,
    employment_type     TEXT NOT NULL CHECK (employment_type IN
                          ('officer', 'admin_contract', 'labour_contract', 'political', 'intern')),
    salary_tetri        INTEGER NOT NULL CHECK (salary_tetri >= 0),
    category_id         INTEGER REFERENCES position_categories(id),
    -- Base × coefficient positions: the coefficient (decimal text); NULL: salary as entered.
    salary_coefficient  TEXT,
    -- The act that set these terms (NULL for the terms a position was created with).
    order_id            INTEGER REFERENCES orders(id),
    -- When the change reaches back into months whose registers were already closed: the first
    -- open register, which pays the difference for those months as arrears.
    first_paid          TEXT,
    created_at          TEXT,
    UNIQUE (position_id, valid_from)
);
CREATE INDEX position_terms_officer ON position_terms(employment_type, valid_from);

INSERT INTO position_terms (position_id, valid_from, valid_to, employment_type, salary_tetri, category_id,
                            salary_coefficient)
SELECT id, valid_from, NULL, employment_type, salary_tetri, category_id, salary_coefficient FROM positions;

-- Every new line of the staff list starts with the terms it was created with, whichever
-- workflow creates it (the form, the import, a merge's copy, the demo).
CREATE TRIGGER positions_first_terms AFTER INSERT ON positions
BEGIN
    INSERT INTO position_terms (position_id, valid_from, employment_type, salary_tetri, category_id,
                                salary_coefficient)
    VALUES (NEW.id, NEW.valid_from, NEW.employment_type, NEW.salary_tetri, NEW.category_id,
            NEW.salary_coefficient);
END;

-- What a closed register paid as official salary for each month (its own and the months of
-- its arrears), beside the bonus: a salary revision reaching into a closed month is paid as
-- the difference against it.
ALTER TABLE pay_register_amounts ADD COLUMN salary_tetri INTEGER NOT NULL DEFAULT 0;
UPDATE pay_register_amounts SET salary_tetri = COALESCE((
    SELECT CAST(ROUND(CAST(json_extract(l.line_json, '$.pay.salary') AS REAL) * 100) AS INTEGER)
    FROM pay_register_lines l JOIN pay_registers r ON r.id = l.register_id
    WHERE l.register_id = pay_register_amounts.register_id AND l.employee_id = pay_register_amounts.employee_id
      AND r.month = pay_register_amounts.for_month), 0);
