-- Closed pay registers (issue 13, item 1). Portable SQL: money in tetri, ISO months (first day).

-- HR closes a month's register once it is paid: its lines and what it paid for each month are
-- stored and never change. Whatever becomes due later for a closed month is paid as arrears in
-- the first open register, against what was stored. A register is reopened (HR, with a reason,
-- while no later one is closed) by marking the row; closing again adds a new row, so the history
-- of what was closed stays.
CREATE TABLE pay_registers (
    id              INTEGER PRIMARY KEY,
    month           TEXT NOT NULL,
    closed_by       INTEGER NOT NULL REFERENCES users(id),
    closed_at       TEXT NOT NULL,
    -- The pay rules the lines were computed under (domain::pay::RULE_VERSION) and the totals.
    rule_version    TEXT NOT NULL,
    totals_json     TEXT NOT NULL,
    reopened_by     INTEGER REFERENCES users(id),
    reopened_at     TEXT,
    reopen_reason   TEXT
);
CREATE UNIQUE INDEX pay_registers_closed_month ON pay_registers(month) WHERE reopened_at IS NULL;

-- A closed register's lines as they were shown and paid (salary and bonus segments with the
-- class and rate of each, arrears by month), one per officer.
CREATE TABLE pay_register_lines (
    register_id     INTEGER NOT NULL REFERENCES pay_registers(id),
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    unit_id         INTEGER,
    line_json       TEXT NOT NULL,
    PRIMARY KEY (register_id, employee_id)
);

-- What a closed register paid as class bonus for each month: its own, and the months its
-- arrears were for.
CREATE TABLE pay_register_amounts (
    register_id     INTEGER NOT NULL REFERENCES pay_registers(id),
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    for_month       TEXT NOT NULL,
    bonus_tetri     INTEGER NOT NULL,
    PRIMARY KEY (register_id, employee_id, for_month)
);
CREATE INDEX pay_register_amounts_employee ON pay_register_amounts(employee_id, for_month);
