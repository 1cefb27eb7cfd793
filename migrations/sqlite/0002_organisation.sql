-- Organisation and personal files: position categories, the orders registry, reorganization
-- events, supervision overrides and the personal-file entries. Portable SQL, as in 0001.

-- Position categories (DOMAIN.md §2.3): a table, not an enum, because the split of the nine
-- categories over the four ranks is not settled. Effective-dated, with the legal source.
CREATE TABLE position_categories (
    id              INTEGER PRIMARY KEY,
    rank            INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 4),
    category_no     INTEGER NOT NULL CHECK (category_no >= 1),
    title_ka        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    -- Salary coefficient as an exact decimal string, e.g. '1.25'.
    coefficient     TEXT NOT NULL,
    legal_source    TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT,
    UNIQUE (rank, category_no, valid_from)
);

-- The orders registry (ბრძანება). Personnel changes are entered through an order.
CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    number          TEXT NOT NULL,
    order_date      TEXT NOT NULL,
    issuer          TEXT NOT NULL CHECK (issuer IN ('mayor', 'deputy')),
    order_type      TEXT NOT NULL CHECK (order_type IN ('main', 'leave_trip_other', 'personnel')),
    title           TEXT NOT NULL,
    -- May precede the order date (retroactive effect).
    effective_date  TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX orders_date ON orders(institution_id, order_date);
CREATE INDEX orders_number ON orders(institution_id, number);

ALTER TABLE positions ADD COLUMN category_id INTEGER REFERENCES position_categories(id);
-- Base × coefficient institutions: the coefficient the salary was computed with (decimal text).
ALTER TABLE positions ADD COLUMN salary_coefficient TEXT;
ALTER TABLE positions ADD COLUMN job_description_ka TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN job_description_en TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN requirements_min_ka TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN requirements_min_en TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN requirements_extra_ka TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN requirements_extra_en TEXT NOT NULL DEFAULT '';
-- Explicit supervisor override: the position whose holder supervises this one's holder.
ALTER TABLE positions ADD COLUMN reports_to_position_id INTEGER REFERENCES positions(id);
ALTER TABLE positions ADD COLUMN code TEXT;

-- The deputy mayor who directly supervises a service's head (DOMAIN.md §1, DEPUTY_MAYOR).
ALTER TABLE org_units ADD COLUMN supervisor_position_id INTEGER REFERENCES positions(id);

ALTER TABLE employees ADD COLUMN notes TEXT NOT NULL DEFAULT '';

ALTER TABLE assignments ADD COLUMN order_id INTEGER REFERENCES orders(id);
ALTER TABLE assignments ADD COLUMN end_order_id INTEGER REFERENCES orders(id);
ALTER TABLE assignments ADD COLUMN end_reason TEXT;

-- Reorganization events (move, rename, merge, abolish, create) with their order. The unit row
-- holds the current state; `before_json` keeps what it was, so any past date can be rebuilt.
CREATE TABLE org_unit_events (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES org_units(id),
    event_type      TEXT NOT NULL CHECK (event_type IN ('create', 'rename', 'move', 'merge', 'abolish')),
    effective_date  TEXT NOT NULL,
    order_id        INTEGER REFERENCES orders(id),
    successor_unit_id INTEGER REFERENCES org_units(id),
    before_json     TEXT,
    after_json      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX org_unit_events_unit ON org_unit_events(unit_id, effective_date);

-- Personal-file entries.
CREATE TABLE employee_education (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    institution     TEXT NOT NULL,
    qualification   TEXT NOT NULL,
    graduated_year  INTEGER
);
CREATE INDEX employee_education_employee ON employee_education(employee_id);

CREATE TABLE employee_work_history (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    employer        TEXT NOT NULL,
    position_title  TEXT NOT NULL,
    from_date       TEXT NOT NULL,
    to_date         TEXT
);
CREATE INDEX employee_work_history_employee ON employee_work_history(employee_id);

-- Documents are metadata only (the paper or scanned file lives in the records system).
CREATE TABLE employee_documents (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    reference       TEXT NOT NULL DEFAULT '',
    issued_on       TEXT,
    added_at        TEXT NOT NULL
);
CREATE INDEX employee_documents_employee ON employee_documents(employee_id);

CREATE INDEX employees_last_name ON employees(last_name_ka);
CREATE INDEX audit_log_actor ON audit_log(actor_user_id);

-- Defaults (DOMAIN.md §2.3): nine categories, split 2 + 2 + 3 + 2 over the ranks. Both the split
-- and the coefficients are placeholders to be confirmed per municipality [UNCERTAIN].
INSERT INTO position_categories (rank, category_no, title_ka, title_en, coefficient, legal_source, valid_from) VALUES
 (1, 1, 'პირველადი სტრუქტურული ერთეულის ხელმძღვანელი', 'Head of a primary structural unit', '2.60', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (1, 2, 'პირველადი სტრუქტურული ერთეულის ხელმძღვანელის მოადგილე', 'Deputy head of a primary structural unit', '2.30', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (2, 1, 'მეორადი სტრუქტურული ერთეულის ხელმძღვანელი', 'Head of a secondary structural unit', '2.00', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (2, 2, 'მეორადი სტრუქტურული ერთეულის ხელმძღვანელის მოადგილე', 'Deputy head of a secondary structural unit', '1.80', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (3, 1, 'პირველი კატეგორიის უფროსი სპეციალისტი', 'Senior specialist, 1st category', '1.50', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (3, 2, 'მეორე კატეგორიის უფროსი სპეციალისტი', 'Senior specialist, 2nd category', '1.35', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (3, 3, 'მესამე კატეგორიის უფროსი სპეციალისტი', 'Senior specialist, 3rd category', '1.20', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (4, 1, 'პირველი კატეგორიის უმცროსი სპეციალისტი', 'Junior specialist, 1st category', '0.95', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01'),
 (4, 2, 'მეორე კატეგორიის უმცროსი სპეციალისტი', 'Junior specialist, 2nd category', '0.85', 'CSB-CLS; split and coefficient UNCERTAIN', '2017-07-01');

-- Rules as data: every deadline, threshold, scale and rate the system applies, effective-dated
-- with its legal source (DOMAIN.md §5.5). Values are text; the code reading a key parses it
-- (exact decimals, never floats). A change of rule is a new row from its effective date.
CREATE TABLE rule_settings (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT,
    legal_source    TEXT NOT NULL,
    certainty       TEXT NOT NULL CHECK (certainty IN ('confirmed', 'seeds', 'uncertain')),
    UNIQUE (key, valid_from)
);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('acting.max_months', '3', '2015-01-01', 'Seed 004 (legacy regulation): acting at most 3 months', 'seeds'),
 ('vacancy.decision_days', '14', '2015-01-01', 'Seed 004 (legacy regulation)', 'seeds'),
 ('vacancy.fill_months', '3', '2015-01-01', 'Seed 004 (legacy regulation), soft limit', 'seeds'),
 ('pay.base_salary', '1000.00', '2017-07-01', 'Law on remuneration (L-REM); amount is a placeholder', 'uncertain'),
 ('pay.increments_annual_cap', '0.20', '2017-07-01', 'CSB-REM: 20 % of the annual official salary', 'confirmed'),
 ('pay.rewards_annual_cap', '0.10', '2017-07-01', 'CSB-REM: 10 % of the annual official salary', 'confirmed'),
 ('evaluation.min_service_months', '3', '2017-07-01', 'Seed 000: at least 3 months of service in the period', 'seeds'),
 ('evaluation.periods_per_year', '1', '2017-07-01', 'Res. 219 (annual evaluation)', 'confirmed'),
 ('probation.months', '12', '2017-07-01', 'Law on Public Service (original text)', 'confirmed'),
 ('class.count', '12', '2017-07-01', 'Res. 219: 12 classes', 'confirmed'),
 ('attestation.interval_years', '3', '2015-01-01', 'Seed 004 (legacy regulation)', 'seeds');
