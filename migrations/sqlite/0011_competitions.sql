-- Vacancies as records and the competitions that fill them (issue 14; DOMAIN §3.1–3.2, §4.2).

-- Days that are not working days besides weekends (HR keeps the table; the deadline helper
-- skips them where a rule counts working days).
CREATE TABLE holidays (
    day         TEXT PRIMARY KEY,
    name_ka     TEXT NOT NULL,
    name_en     TEXT NOT NULL
);
INSERT INTO holidays (day, name_ka, name_en) VALUES
 ('2026-01-01', 'ახალი წელი', 'New Year'), ('2026-01-02', 'ახალი წელი', 'New Year'),
 ('2026-01-07', 'შობა', 'Orthodox Christmas'), ('2026-01-19', 'ნათლისღება', 'Epiphany'),
 ('2026-03-03', 'დედის დღე', 'Mother''s Day'), ('2026-03-08', 'ქალთა საერთაშორისო დღე', 'International Women''s Day'),
 ('2026-04-09', 'ეროვნული ერთიანობის დღე', 'National Unity Day'),
 ('2026-04-10', 'დიდი პარასკევი', 'Good Friday'), ('2026-04-11', 'დიდი შაბათი', 'Holy Saturday'),
 ('2026-04-12', 'აღდგომა', 'Easter'), ('2026-04-13', 'აღდგომის ორშაბათი', 'Easter Monday'),
 ('2026-05-09', 'ფაშიზმზე გამარჯვების დღე', 'Victory Day'), ('2026-05-12', 'წმინდა ანდრია პირველწოდებულის დღე', 'Saint Andrew''s Day'),
 ('2026-05-17', 'ოჯახის სიწმინდის დღე', 'Family Day'),
 ('2026-05-26', 'დამოუკიდებლობის დღე', 'Independence Day'), ('2026-08-28', 'მარიამობა', 'Saint Mary''s Day'),
 ('2026-10-14', 'სვეტიცხოვლობა', 'Svetitskhovloba'), ('2026-11-23', 'გიორგობა', 'Saint George''s Day'),
 ('2027-01-01', 'ახალი წელი', 'New Year'), ('2027-01-02', 'ახალი წელი', 'New Year'),
 ('2027-01-07', 'შობა', 'Orthodox Christmas'), ('2027-01-19', 'ნათლისღება', 'Epiphany');

-- A vacancy (ვაკანსია) from the day after its position fell vacant until it is filled, or
-- cancelled when the position is abolished (seed 004 art. 18).
CREATE TABLE vacancies (
    id                  INTEGER PRIMARY KEY,
    position_id         INTEGER NOT NULL REFERENCES positions(id),
    opened_on           TEXT NOT NULL,
    opened_by           TEXT NOT NULL CHECK (opened_by IN ('new_position', 'dismissal', 'no_competition')),
    state               TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'decision_pending',
                          'competition', 'mobility', 'reserve_placement', 'acting', 'filled', 'cancelled')),
    decision            TEXT CHECK (decision IN ('competition_open', 'competition_closed',
                          'competition_internal', 'mobility', 'promotion', 'transfer', 'acting', 'reserve')),
    decision_reason     TEXT,
    decision_order_id   INTEGER REFERENCES orders(id),
    decided_on          TEXT,
    closed_on           TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX vacancies_live ON vacancies(position_id) WHERE state NOT IN ('filled', 'cancelled');
CREATE INDEX vacancies_state ON vacancies(state);

-- A competition (კონკურსი) for one vacancy, with its announcement in both languages.
CREATE TABLE competitions (
    id                  INTEGER PRIMARY KEY,
    vacancy_id          INTEGER NOT NULL REFERENCES vacancies(id),
    kind                TEXT NOT NULL CHECK (kind IN ('open', 'closed', 'internal', 'simplified')),
    state               TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'announced',
                          'applications_closed', 'formal_check', 'stages', 'decided', 'candidate_docs',
                          'appointed', 'cancelled', 'failed')),
    title_ka            TEXT NOT NULL,
    title_en            TEXT NOT NULL,
    duties_ka           TEXT NOT NULL DEFAULT '',
    duties_en           TEXT NOT NULL DEFAULT '',
    requirements_ka     TEXT NOT NULL DEFAULT '',
    requirements_en     TEXT NOT NULL DEFAULT '',
    -- One question to applicants per line.
    questions_ka        TEXT NOT NULL DEFAULT '',
    questions_en        TEXT NOT NULL DEFAULT '',
    salary              TEXT NOT NULL,
    applications_until  TEXT NOT NULL,
    anonymous_written   INTEGER NOT NULL DEFAULT 1,
    -- The largest difference between two members' scores for one applicant before the chair
    -- must open a re-score round (share of the stage's maximum).
    rescore_gap         TEXT NOT NULL DEFAULT '0.3',
    announce_order_id   INTEGER REFERENCES orders(id),
    announced_on        TEXT,
    current_stage       INTEGER NOT NULL DEFAULT 0,
    winner_id           INTEGER,
    tie_reason          TEXT,
    notified_on         TEXT,
    docs_due            TEXT,
    appoint_order_id    INTEGER REFERENCES orders(id),
    ended_on            TEXT,
    failure_reason      TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
);
CREATE INDEX competitions_vacancy ON competitions(vacancy_id);
CREATE INDEX competitions_state ON competitions(state);

-- The stages as this competition configures them (DOMAIN §4.2), numbered from 1.
CREATE TABLE competition_stages (
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    ordinal             INTEGER NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('test', 'written', 'interview')),
    max_points          TEXT NOT NULL,
    weight              TEXT NOT NULL,
    pass_ratio          TEXT NOT NULL,
    held_on             TEXT,
    closed_at           TEXT,
    PRIMARY KEY (competition_id, ordinal)
);

-- The commission: members with the commission role, one chair and one secretary.
CREATE TABLE commission_members (
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    role                TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member')),
    PRIMARY KEY (competition_id, user_id)
);
CREATE UNIQUE INDEX commission_one_chair ON commission_members(competition_id) WHERE role = 'chair';
CREATE INDEX commission_by_user ON commission_members(user_id);

-- Applications. The receipt code is kept only as its hash.
CREATE TABLE applications (
    id                  INTEGER PRIMARY KEY,
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    receipt_hash        TEXT NOT NULL UNIQUE,
    -- The anonymous code written tasks are marked under.
    blind_code          TEXT NOT NULL,
    source              TEXT NOT NULL DEFAULT 'public' CHECK (source IN ('public', 'entered')),
    personal_number     TEXT NOT NULL,
    first_name_ka       TEXT NOT NULL,
    last_name_ka        TEXT NOT NULL,
    first_name_en       TEXT NOT NULL,
    last_name_en        TEXT NOT NULL,
    gender              TEXT NOT NULL CHECK (gender IN ('female', 'male')),
    birth_date          TEXT NOT NULL,
    email               TEXT NOT NULL,
    phone               TEXT,
    education           TEXT NOT NULL,
    experience          TEXT NOT NULL,
    -- JSON array of answers, one per announcement question.
    answers             TEXT NOT NULL DEFAULT '[]',
    relations           TEXT NOT NULL DEFAULT '',
    accommodation       TEXT NOT NULL DEFAULT '',
    state               TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'admitted',
                          'rejected', 'in_stages', 'not_passed', 'passed', 'winner', 'reserve',
                          'declined', 'appointed')),
    formal_reason       TEXT CHECK (formal_reason IN ('requirement_not_met', 'incomplete', 'late',
                          'not_eligible')),
    formal_note         TEXT,
    total               TEXT,
    place               INTEGER,
    reserve_until       TEXT,
    submitted_at        TEXT NOT NULL,
    amended_at          TEXT,
    purged_at           TEXT,
    revision            INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX applications_person ON applications(competition_id, personal_number);
CREATE INDEX applications_competition ON applications(competition_id, state);

-- Conflict-of-interest declarations: one per member and applicant, before any scoring.
CREATE TABLE commission_declarations (
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    conflict            INTEGER NOT NULL,
    note                TEXT NOT NULL DEFAULT '',
    declared_at         TEXT NOT NULL,
    PRIMARY KEY (competition_id, user_id, application_id)
);

-- A member absent from a stage's session (present is the default).
CREATE TABLE stage_absences (
    competition_id      INTEGER NOT NULL,
    ordinal             INTEGER NOT NULL,
    user_id             INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (competition_id, ordinal, user_id)
);

-- A member's score sheet for one applicant in one stage and round; locked once submitted.
CREATE TABLE score_sheets (
    id                  INTEGER PRIMARY KEY,
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    ordinal             INTEGER NOT NULL,
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    round               INTEGER NOT NULL DEFAULT 1,
    score               TEXT NOT NULL,
    comment             TEXT NOT NULL DEFAULT '',
    submitted_at        TEXT NOT NULL,
    UNIQUE (ordinal, application_id, user_id, round, competition_id)
);
CREATE INDEX score_sheets_stage ON score_sheets(competition_id, ordinal, application_id);

-- Re-score rounds the chair opened, with the reason; earlier rounds are kept.
CREATE TABLE rescore_rounds (
    competition_id      INTEGER NOT NULL,
    ordinal             INTEGER NOT NULL,
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    round               INTEGER NOT NULL,
    reason              TEXT NOT NULL,
    opened_by           INTEGER NOT NULL REFERENCES users(id),
    opened_at           TEXT NOT NULL,
    PRIMARY KEY (competition_id, ordinal, application_id, round)
);

-- Each applicant's stage result as computed when the stage closed, with its inputs.
CREATE TABLE stage_results (
    competition_id      INTEGER NOT NULL,
    ordinal             INTEGER NOT NULL,
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    score_sum           TEXT NOT NULL,
    members             INTEGER NOT NULL,
    mean                TEXT NOT NULL,
    passed              INTEGER NOT NULL,
    rule_json           TEXT NOT NULL,
    computed_at         TEXT NOT NULL,
    PRIMARY KEY (competition_id, ordinal, application_id)
);

-- Probation (გამოსაცდელი ვადა) begun by a first appointment as an officer; the probation
-- issue builds its reviews on it.
CREATE TABLE probation_records (
    id                  INTEGER PRIMARY KEY,
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    assignment_id       INTEGER NOT NULL REFERENCES assignments(id),
    competition_id      INTEGER REFERENCES competitions(id),
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    months              INTEGER NOT NULL,
    rule_valid_from     TEXT NOT NULL,
    state               TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'passed', 'failed', 'ended')),
    created_at          TEXT NOT NULL
);
CREATE INDEX probation_by_employee ON probation_records(employee_id);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('competition.min_application_days', '10', '2015-01-01',
  'Tbilisi City Hall practice of 2014 and the Borjomi regulation: applications for at least 10 days (the current term is to be confirmed)', 'uncertain'),
 ('competition.docs_days', '14', '2015-01-01',
  'Borjomi regulation of 2014, art. 19(4): the winner submits the documents within two weeks of notification', 'seeds'),
 ('competition.result_notice_days', '5', '2015-01-01',
  'Practice of municipal competition rules: applicants learn each stage result within 5 working days', 'uncertain'),
 ('competition.review_days', '3', '2015-01-01',
  'Practice of municipal competition rules: a review may be asked within 3 working days of a result', 'uncertain'),
 ('competition.reserve_months', '12', '2015-01-01',
  'Practice of municipal competition rules: the reserve list is valid for 12 months', 'uncertain'),
 ('competition.retention_months', '6', '2015-01-01',
  'Law on Personal Data Protection: data no longer needed is deleted; the institution keeps unsuccessful applications 6 months', 'uncertain'),
 ('commission.min_members', '3', '2015-01-01',
  'Resolution No. 204 of 2017 and municipal rules: a commission of at least 3 members', 'uncertain'),
 ('commission.quorum_percent', '50', '2015-01-01',
  'Municipal competition rules: a session is valid when more than half of the members are present', 'uncertain'),
 ('stage.pass_percent', '60', '2015-01-01',
  'Municipal competition rules (Sighnaghi): a stage is passed with 60 % of its maximum', 'uncertain');
