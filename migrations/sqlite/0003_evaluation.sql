-- The annual evaluation of officers (DOMAIN.md §3.5, §4.1): methods adopted by order, cycles,
-- one evaluation per officer and cycle, per-competency scores, immutable results (versions),
-- appeals. Portable SQL: TEXT dates (ISO), TEXT decimals, INTEGER booleans.

-- An institution's evaluation method (შეფასების წესი), adopted by a mayor's order and in force
-- from `valid_from` until the next version. `settings_json` is domain::evaluation::MethodSettings;
-- `sources_json` maps each setting to its legal source and certainty. A version used by a cycle
-- is never edited: HR adopts a new one. Like rule_settings, one institution per installation.
CREATE TABLE evaluation_methods (
    id              INTEGER PRIMARY KEY,
    version         INTEGER NOT NULL UNIQUE,
    valid_from      TEXT NOT NULL,
    order_number    TEXT NOT NULL,
    order_date      TEXT NOT NULL,
    settings_json   TEXT NOT NULL,
    sources_json    TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL
);

-- The competency catalogue of a method version.
CREATE TABLE competencies (
    id              INTEGER PRIMARY KEY,
    method_id       INTEGER NOT NULL REFERENCES evaluation_methods(id),
    code            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('core', 'managerial')),
    -- The ranks it applies to by default, e.g. '1,2,3,4'.
    ranks           TEXT NOT NULL,
    name_ka         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    descriptor_ka   TEXT NOT NULL,
    descriptor_en   TEXT NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (method_id, code)
);

CREATE TABLE evaluation_cycles (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    method_id       INTEGER NOT NULL REFERENCES evaluation_methods(id),
    year            INTEGER NOT NULL,
    period_no       INTEGER NOT NULL,
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    planning_due    TEXT NOT NULL,
    rating_due      TEXT NOT NULL,
    summary_due     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_by       INTEGER REFERENCES users(id),
    opened_at       TEXT NOT NULL,
    closed_by       INTEGER REFERENCES users(id),
    closed_at       TEXT,
    UNIQUE (institution_id, year, period_no)
);

CREATE TABLE evaluations (
    id                  INTEGER PRIMARY KEY,
    cycle_id            INTEGER NOT NULL REFERENCES evaluation_cycles(id),
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    -- The position held at the period's end (or last held), and its unit: for reports.
    position_id         INTEGER REFERENCES positions(id),
    unit_id             INTEGER REFERENCES org_units(id),
    rank                INTEGER,
    -- The direct supervisor at the period's end unless HR reassigned (note says why).
    evaluator_id        INTEGER REFERENCES employees(id),
    stage               TEXT NOT NULL CHECK (stage IN ('planning', 'plan_confirmation',
                          'self_assessment', 'rating', 'acknowledgement', 'finalization',
                          'finalized', 'appealed', 'exempt')),
    exempt_reason       TEXT CHECK (exempt_reason IN ('too_short', 'left_service', 'on_probation', 'by_hr')),
    -- HR's recorded reason for adding, exempting or reassigning.
    hr_note             TEXT,
    objectives          TEXT,
    plan_submitted_at   TEXT,
    plan_confirmed_at   TEXT,
    self_comment        TEXT,
    self_submitted_at   TEXT,
    summary_comment     TEXT,
    rated_at            TEXT,
    -- The officer's answer: acknowledged, objected (with text) or none (window passed).
    acknowledged_at     TEXT,
    objection           TEXT,
    finalized_at        TEXT,
    finalized_by        INTEGER REFERENCES users(id),
    -- The result in force (the latest version).
    result_id           INTEGER,
    updated_at          TEXT NOT NULL,
    UNIQUE (cycle_id, employee_id)
);
CREATE INDEX evaluations_evaluator ON evaluations(evaluator_id);
CREATE INDEX evaluations_employee ON evaluations(employee_id);
CREATE INDEX evaluations_cycle_stage ON evaluations(cycle_id, stage);

CREATE TABLE evaluation_scores (
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id),
    competency_id   INTEGER NOT NULL REFERENCES competencies(id),
    self_score      INTEGER,
    score           INTEGER,
    comment         TEXT,
    PRIMARY KEY (evaluation_id, competency_id)
);

-- A computed result. Never updated: an appeal that changes the result adds version 2.
-- `inputs_json` holds the scores by competency code, the scale, the band table, the method
-- version and the rule, so the mark can be re-verified years later.
CREATE TABLE evaluation_results (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id),
    version         INTEGER NOT NULL,
    final_mark      TEXT NOT NULL,
    rating          TEXT NOT NULL CHECK (rating IN ('excellent', 'good', 'satisfactory', 'unsatisfactory')),
    score_sum       INTEGER NOT NULL,
    score_count     INTEGER NOT NULL,
    method_id       INTEGER NOT NULL REFERENCES evaluation_methods(id),
    inputs_json     TEXT NOT NULL,
    appeal_id       INTEGER REFERENCES evaluation_appeals(id),
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    UNIQUE (evaluation_id, version)
);

CREATE TABLE evaluation_appeals (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL UNIQUE REFERENCES evaluations(id),
    filed_at        TEXT NOT NULL,
    grounds         TEXT NOT NULL,
    -- The mayor, or a reviewer HR delegated who is not the evaluator.
    reviewer_user_id INTEGER REFERENCES users(id),
    decided_at      TEXT,
    decision        TEXT CHECK (decision IN ('upheld', 'changed')),
    reasoning       TEXT,
    decided_by      INTEGER REFERENCES users(id)
);
CREATE INDEX evaluation_appeals_open ON evaluation_appeals(decided_at);

-- HR's reminders about overdue steps; shown on the reminded person's task.
CREATE TABLE evaluation_reminders (
    id              INTEGER PRIMARY KEY,
    evaluation_id   INTEGER NOT NULL REFERENCES evaluations(id),
    sent_by         INTEGER REFERENCES users(id),
    sent_at         TEXT NOT NULL
);
CREATE INDEX evaluation_reminders_evaluation ON evaluation_reminders(evaluation_id);

-- The default method (DOMAIN.md §3.5, §4.1), as Tsalenjikha adopted it by the mayor's order
-- of 22 Jan 2018 #2-1/023 (seed 000). Values DOMAIN.md marks UNCERTAIN say so.
INSERT INTO evaluation_methods (version, valid_from, order_number, order_date,
    settings_json, sources_json, created_by, created_at)
VALUES (1, '2018-01-01', '2-1/023', '2018-01-22',
    '{"scale_min":1,"scale_max":4,"bands":{"excellent":"3.50","good":"2.50","satisfactory":"1.50"},"min_service_months":3,"periods_per_year":1,"planning_days":31,"rating_days":30,"summary_days":45,"acknowledge_days":7,"appeal_days":30,"appeal_decision_days":30,"self_assessment":true,"comment_required_for_extremes":true}',
    '{"scale":["DOMAIN.md 4.1; the institution''s order","uncertain"],"bands":["DOMAIN.md 4.1 (BAT-110154: four categories)","uncertain"],"min_service_months":["Seed 000; Law on Public Service","seeds"],"periods_per_year":["BAT-76956 (at least once a year); 2 under the 2024 amendment (QAFQAZ-2024)","confirmed"],"planning_days":["DOMAIN.md 3.5 planning_due","uncertain"],"rating_days":["DOMAIN.md 3.5","uncertain"],"summary_days":["DOMAIN.md 3.5 summary_due","uncertain"],"acknowledge_days":["DOMAIN.md 3.5 acknowledgement","uncertain"],"appeal_days":["DOMAIN.md 3.5 appeal (general administrative complaint term)","uncertain"],"appeal_decision_days":["DOMAIN.md 3.5","uncertain"],"self_assessment":["Res. 220 (self-assessment optional)","uncertain"],"comment_required_for_extremes":["The institution''s order","uncertain"],"competencies":["DOMAIN.md 4.1 default catalogue","uncertain"]}',
    NULL, '2018-01-22T00:00:00Z');

-- The default catalogue (DOMAIN.md §4.1, UNCERTAIN: each institution defines its own).
INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en, sort_order) VALUES
    (1, 'QUALITY', 'core', '1,2,3,4', 'სამუშაოს ხარისხი', 'Quality of work', 'დავალებებს ასრულებს ზუსტად, სრულად და შეცდომების გარეშე', 'Completes tasks accurately, fully and without errors', 1),
    (1, 'RESULTS', 'core', '1,2,3,4', 'შედეგზე ორიენტირებულობა და დროულობა', 'Timeliness and results orientation', 'დავალებებს ასრულებს დადგენილ ვადაში და აღწევს შეთანხმებულ შედეგს', 'Meets deadlines and achieves the agreed results', 2),
    (1, 'KNOWLEDGE', 'core', '1,2,3,4', 'პროფესიული ცოდნა', 'Professional knowledge', 'ფლობს და იყენებს საქმიანობისთვის საჭირო კანონმდებლობასა და პროცედურებს', 'Knows and applies the legislation and procedures the work requires', 3),
    (1, 'COMMUNICATION', 'core', '1,2,3,4', 'კომუნიკაცია', 'Communication', 'ინფორმაციას გადასცემს მკაფიოდ, წერილობით და ზეპირად', 'Conveys information clearly in writing and orally', 4),
    (1, 'TEAMWORK', 'core', '1,2,3,4', 'გუნდური მუშაობა', 'Teamwork', 'თანამშრომლობს კოლეგებთან და უზიარებს ცოდნას', 'Cooperates with colleagues and shares knowledge', 5),
    (1, 'INTEGRITY', 'core', '1,2,3,4', 'პასუხისმგებლობა და კეთილსინდისიერება', 'Responsibility and integrity', 'იცავს ეთიკის ნორმებს და პასუხს აგებს საკუთარ გადაწყვეტილებებზე', 'Follows the code of ethics and answers for own decisions', 6),
    (1, 'PROBLEMS', 'core', '1,2,3,4', 'პრობლემების გადაჭრა', 'Problem solving', 'აანალიზებს პრობლემას და გვთავაზობს გადაწყვეტას', 'Analyses problems and proposes solutions', 7),
    (1, 'PLANNING', 'managerial', '1,2', 'დაგეგმვა და ორგანიზება', 'Planning and organization', 'გეგმავს ერთეულის სამუშაოს და ანაწილებს რესურსებს', 'Plans the unit''s work and allocates resources', 8),
    (1, 'LEADERSHIP', 'managerial', '1,2', 'ლიდერობა', 'Leadership', 'აყალიბებს მიზნებს და მოტივაციას აძლევს გუნდს', 'Sets goals and motivates the team', 9),
    (1, 'DECISIONS', 'managerial', '1,2', 'გადაწყვეტილების მიღება', 'Decision making', 'იღებს დროულ და დასაბუთებულ გადაწყვეტილებებს', 'Takes timely, well-founded decisions', 10),
    (1, 'DEVELOPING', 'managerial', '1,2', 'თანამშრომელთა განვითარება', 'Developing staff', 'აფასებს თანამშრომლებს და ხელს უწყობს მათ განვითარებას', 'Evaluates staff and supports their development', 11);
