-- Foundation: organisation skeleton, accounts, sessions, throttling and the audit log.
-- Portable to PostgreSQL by design: money as integer tetri, dates as ISO text ('YYYY-MM-DD'),
-- timestamps as UTC RFC 3339 text written by the application, no SQLite-only functions.

-- A public institution, e.g. a mayor's office (მერია). A deployment may hold several.
CREATE TABLE institutions (
    id              INTEGER PRIMARY KEY,
    name_ka         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

-- Structural units: services (primary, სამსახური) and departments (secondary, განყოფილება).
-- Effective-dated: a unit is never overwritten, it ends (valid_to) and another begins.
CREATE TABLE org_units (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    parent_id       INTEGER REFERENCES org_units(id),
    kind            TEXT NOT NULL CHECK (kind IN ('service', 'department')),
    code            TEXT NOT NULL,
    name_ka         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    valid_from      TEXT NOT NULL,
    valid_to        TEXT,
    CHECK (valid_to IS NULL OR valid_to >= valid_from),
    CHECK ((kind = 'service') = (parent_id IS NULL))
);
CREATE INDEX org_units_parent ON org_units(parent_id);

-- The staff list (საშტატო ნუსხა): one row per position. Positions outside any unit
-- (the mayor, deputies) have unit_id NULL.
CREATE TABLE positions (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    unit_id         INTEGER REFERENCES org_units(id),
    title_ka        TEXT NOT NULL,
    title_en        TEXT NOT NULL,
    rank            INTEGER CHECK (rank BETWEEN 1 AND 4),
    employment_type TEXT NOT NULL CHECK (employment_type IN
                      ('officer', 'admin_contract', 'labour_contract', 'political', 'intern')),
    salary_tetri    INTEGER NOT NULL CHECK (salary_tetri >= 0),
    is_head         INTEGER NOT NULL DEFAULT 0 CHECK (is_head IN (0, 1)),
    valid_from      TEXT NOT NULL,
    valid_to        TEXT
);
CREATE INDEX positions_unit ON positions(unit_id);

-- Personal files. The personal number (პირადი ნომერი) is 11 digits and unique.
CREATE TABLE employees (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    personal_number TEXT NOT NULL UNIQUE,
    first_name_ka   TEXT NOT NULL,
    last_name_ka    TEXT NOT NULL,
    first_name_en   TEXT NOT NULL,
    last_name_en    TEXT NOT NULL,
    gender          TEXT NOT NULL CHECK (gender IN ('female', 'male')),
    birth_date      TEXT NOT NULL,
    email           TEXT,
    phone           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Who holds which position, when.
CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    position_id     INTEGER NOT NULL REFERENCES positions(id),
    start_date      TEXT NOT NULL,
    end_date        TEXT,
    basis           TEXT NOT NULL CHECK (basis IN ('competition', 'mobility', 'promotion', 'transfer',
                      'acting', 'without_competition', 'reorganization')),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX assignments_employee ON assignments(employee_id);
CREATE INDEX assignments_position ON assignments(position_id);

-- Accounts. Usernames are stored lower-case.
CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    is_active            INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    employee_id          INTEGER UNIQUE REFERENCES employees(id),
    created_at           TEXT NOT NULL,
    password_changed_at  TEXT NOT NULL
);

CREATE TABLE user_roles (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('hr', 'manager', 'employee', 'mayor', 'commission')),
    PRIMARY KEY (user_id, role)
);

-- Server-side sessions. Only a SHA-256 digest of the cookie token is stored.
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    token_digest    TEXT NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    last_seen_at    TEXT NOT NULL,
    client_addr     TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Sign-in throttling, one row per key ('account:<username>' or 'addr:<ip>').
CREATE TABLE login_throttle (
    scope_key         TEXT PRIMARY KEY,
    failures          INTEGER NOT NULL,
    window_started_at TEXT NOT NULL,
    locked_until      TEXT
);

-- Who changed what, when, with the record before and after (JSON).
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY,
    occurred_at     TEXT NOT NULL,
    actor_user_id   INTEGER REFERENCES users(id),
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT,
    before_json     TEXT,
    after_json      TEXT,
    client_addr     TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_time ON audit_log(occurred_at);
