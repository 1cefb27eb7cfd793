-- Attestation (issue 15; seed 004 art. 21–23, DOMAIN §3.7): commission sessions, the officers
-- attested at each with their dossier and conclusion, the members' votes and recusals, and the
-- mayor's order. Portable SQL.

CREATE TABLE attestation_sessions (
    id                  INTEGER PRIMARY KEY,
    held_on             TEXT NOT NULL,
    place               TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('scheduled', 'concluded', 'ordered')),
    order_id            INTEGER REFERENCES orders(id),
    revision            INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER NOT NULL REFERENCES users(id),
    created_at          TEXT NOT NULL
);

CREATE TABLE attestation_members (
    session_id          INTEGER NOT NULL REFERENCES attestation_sessions(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    role                TEXT NOT NULL CHECK (role IN ('chair', 'member')),
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX attestation_members_by_user ON attestation_members(user_id);

-- One officer at one session: the position then, the day they were due, the conclusion with
-- its reasoning, the dossier as it stood (what the conclusion rests on) and the rule version.
CREATE TABLE attestations (
    id                  INTEGER PRIMARY KEY,
    session_id          INTEGER NOT NULL REFERENCES attestation_sessions(id),
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    position_id         INTEGER NOT NULL REFERENCES positions(id),
    due_on              TEXT NOT NULL,
    conclusion          TEXT CHECK (conclusion IN ('does_not_fit', 'fits_position', 'fits_higher')),
    reasoning           TEXT,
    dossier             TEXT,
    rule_valid_from     TEXT NOT NULL,
    concluded_by        INTEGER REFERENCES users(id),
    concluded_at        TEXT,
    UNIQUE (session_id, employee_id)
);
CREATE INDEX attestations_by_employee ON attestations(employee_id);

CREATE TABLE attestation_votes (
    attestation_id      INTEGER NOT NULL REFERENCES attestations(id),
    user_id             INTEGER NOT NULL REFERENCES users(id),
    vote                TEXT NOT NULL CHECK (vote IN ('does_not_fit', 'fits_position', 'fits_higher', 'recused')),
    note                TEXT NOT NULL DEFAULT '',
    voted_at            TEXT NOT NULL,
    PRIMARY KEY (attestation_id, user_id)
);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('attestation.interval_years', '3', '2015-01-01',
  'Borjomi regulation of 2014, art. 21(1): every officer is attested once every three years', 'seeds'),
 ('attestation.notice_days', '90', '2015-01-01',
  'Institution''s setting: HR sees officers due within 90 days', 'uncertain'),
 ('attestation.enabled', '1', '2015-01-01',
  'DOMAIN §3.7 product decision: attestation is on by default; an institution may switch it off', 'uncertain');
