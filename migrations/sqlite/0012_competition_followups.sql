-- What follows a competition's core path (issue 14): applicants' review requests, the moves
-- that fill a vacancy without competition (mobility, promotion, transfer, acting), the
-- members absent from a stage's session, and the rules these read.

-- An applicant's request for a review of one stage result, asked within the configured
-- window from the result; decided by someone who did not score the applicant.
CREATE TABLE competition_reviews (
    id                  INTEGER PRIMARY KEY,
    competition_id      INTEGER NOT NULL REFERENCES competitions(id),
    application_id      INTEGER NOT NULL REFERENCES applications(id),
    ordinal             INTEGER NOT NULL,
    reason              TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    state               TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'upheld', 'rejected')),
    decision            TEXT,
    decided_by          INTEGER REFERENCES users(id),
    decided_at          TEXT,
    revision            INTEGER NOT NULL DEFAULT 1,
    UNIQUE (application_id, ordinal)
);
CREATE INDEX competition_reviews_open ON competition_reviews(competition_id, state);

-- A move that fills a vacancy without competition (DOMAIN §3.3; seed 004 art. 22–23): the
-- officer's written consent, the sending and receiving heads' agreement, the mayor's order.
CREATE TABLE staff_moves (
    id                  INTEGER PRIMARY KEY,
    vacancy_id          INTEGER NOT NULL REFERENCES vacancies(id),
    kind                TEXT NOT NULL CHECK (kind IN ('mobility', 'promotion', 'transfer', 'acting')),
    employee_id         INTEGER NOT NULL REFERENCES employees(id),
    starts_on           TEXT NOT NULL,
    -- Acting only: the last day (within `acting.max_months`); the assignment ends by itself.
    acting_until        TEXT,
    state               TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'consented',
                          'heads_agreed', 'ordered', 'refused')),
    consent_on          TEXT,
    consent_note        TEXT NOT NULL DEFAULT '',
    sending_head        TEXT NOT NULL DEFAULT '',
    receiving_head      TEXT NOT NULL DEFAULT '',
    agreed_on           TEXT,
    refusal_reason      TEXT,
    order_id            INTEGER REFERENCES orders(id),
    assignment_id       INTEGER REFERENCES assignments(id),
    revision            INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
);
CREATE INDEX staff_moves_vacancy ON staff_moves(vacancy_id);
CREATE UNIQUE INDEX staff_moves_live ON staff_moves(vacancy_id) WHERE state NOT IN ('ordered', 'refused');

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('mobility.allow_lower_rank', '0', '2015-01-01',
  'DOMAIN §3.3: mobility is to a position of the same rank; a lower rank only where the municipality allows it and the officer consents', 'uncertain'),
 ('acting.warning_days', '14', '2015-01-01',
  'Practice of municipal HR: HR is warned two weeks before an acting appointment ends', 'uncertain'),
 ('integrity.min_group', '3', '2015-01-01',
  'Law on Personal Data Protection, statistical disclosure practice: figures over fewer than 3 cases are not shown', 'uncertain');
