-- The evidence trail (issue 15): monthly work plans and reports, disciplinary sanctions,
-- training records and needs, and the dismissal ground of the annual evaluation. Portable SQL.

-- The officer's monthly work plan and report (seed 004 art. 32–34): drafted by the officer,
-- approved by the supervisor, reported by the first Friday of the next month and evaluated by
-- the supervisor. The position and unit are the ones held when the plan was started.
CREATE TABLE monthly_plans (
    id                  INTEGER PRIMARY KEY,
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    position_id         INTEGER NOT NULL REFERENCES positions(id),
    unit_id             INTEGER REFERENCES org_units(id),
    month               TEXT NOT NULL,
    plan                TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'reported', 'evaluated')),
    return_note         TEXT,
    submitted_at        TEXT,
    approved_by         INTEGER REFERENCES users(id),
    approved_at         TEXT,
    report              TEXT,
    report_due_on       TEXT NOT NULL,
    reported_at         TEXT,
    rating              TEXT CHECK (rating IN ('excellent', 'good', 'satisfactory', 'unsatisfactory')),
    comments            TEXT,
    instructions        TEXT,
    evaluated_by        INTEGER REFERENCES users(id),
    evaluated_at        TEXT,
    revision            INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    UNIQUE (employee_id, month)
);
CREATE INDEX monthly_by_unit ON monthly_plans(unit_id, month);
CREATE INDEX monthly_by_state ON monthly_plans(state, month);

-- A unit's month made public (seed 004 art. 35(3)).
CREATE TABLE monthly_publications (
    unit_id             INTEGER NOT NULL REFERENCES org_units(id),
    month               TEXT NOT NULL,
    published_by        INTEGER NOT NULL REFERENCES users(id),
    published_at        TEXT NOT NULL,
    PRIMARY KEY (unit_id, month)
);

-- Disciplinary sanctions (დისციპლინური სახდელი): in force from `valid_from` through `valid_to`
-- (open-ended until lifted). A dismissal bars a new appointment for the configured months.
CREATE TABLE sanctions (
    id                  INTEGER PRIMARY KEY,
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    kind                TEXT NOT NULL CHECK (kind IN ('reprimand', 'severe_reprimand', 'salary_cut', 'demotion', 'dismissal')),
    reason              TEXT NOT NULL,
    order_id            INTEGER NOT NULL REFERENCES orders(id),
    valid_from          TEXT NOT NULL,
    valid_to            TEXT,
    lifted_on           TEXT,
    lift_reason         TEXT,
    revision            INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER NOT NULL REFERENCES users(id),
    created_at          TEXT NOT NULL,
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX sanctions_by_employee ON sanctions(employee_id, valid_from);

-- Training and qualification records (course, provider, dates, hours, certificate).
CREATE TABLE training_records (
    id                  INTEGER PRIMARY KEY,
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    course              TEXT NOT NULL,
    provider            TEXT NOT NULL,
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    hours               INTEGER NOT NULL CHECK (hours > 0),
    certificate         TEXT,
    qualification       INTEGER NOT NULL DEFAULT 0 CHECK (qualification IN (0, 1)),
    need_id             INTEGER,
    created_by          INTEGER NOT NULL REFERENCES users(id),
    created_at          TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX training_by_employee ON training_records(employee_id, starts_on);

-- Training needs, raised from an evaluation (an unsatisfactory result raises one by itself,
-- DOMAIN §3.9) or by HR; met by a training record.
CREATE TABLE training_needs (
    id                  INTEGER PRIMARY KEY,
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    topic               TEXT NOT NULL,
    source              TEXT NOT NULL CHECK (source IN ('evaluation', 'monthly', 'hr')),
    evaluation_id       INTEGER,
    raised_on           TEXT NOT NULL,
    rule_valid_from     TEXT,
    met_by              INTEGER REFERENCES training_records(id),
    met_on              TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX training_needs_open ON training_needs(employee_id, met_on);
CREATE UNIQUE INDEX one_need_per_evaluation ON training_needs(evaluation_id) WHERE evaluation_id IS NOT NULL;

-- A dismissal ground may now also come from the annual evaluation (DOMAIN §3.9).
CREATE TABLE dismissal_grounds_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('probation', 'evaluation')),
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    probation_id        INTEGER REFERENCES probation_records(id),
    raised_on           TEXT NOT NULL,
    evidence            TEXT NOT NULL,
    rule_valid_from     TEXT NOT NULL,
    decision            TEXT CHECK (decision IN ('dismiss', 'continue')),
    reason              TEXT,
    decided_by          INTEGER REFERENCES users(id),
    decided_on          TEXT,
    order_id            INTEGER REFERENCES orders(id)
);
INSERT INTO dismissal_grounds_new SELECT id, kind, employee_id, probation_id, raised_on, evidence,
    rule_valid_from, decision, reason, decided_by, decided_on, order_id FROM dismissal_grounds;
DROP TABLE dismissal_grounds;
ALTER TABLE dismissal_grounds_new RENAME TO dismissal_grounds;
CREATE UNIQUE INDEX one_open_ground ON dismissal_grounds(kind, employee_id) WHERE decision IS NULL;
CREATE INDEX grounds_open ON dismissal_grounds(decision, raised_on);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('evaluation.unsat_consecutive_for_dismissal', '2', '2017-07-01',
  'Resolution No. 220 of 2017: an evaluation may lead to dismissal (BAT-76956); the number of consecutive unsatisfactory results is the institution''s reading', 'uncertain'),
 ('evaluation.unsat_creates_training_task', '1', '2017-07-01',
  'Resolution No. 220 of 2017: training needs as a consequence of the evaluation (BAT-76956)', 'uncertain'),
 ('appointment.block_after_disciplinary_dismissal_months', '12', '2015-01-01',
  'Law on Public Service (CSB-REC): a dismissal for a disciplinary offence less than a year ago bars appointment', 'confirmed');
