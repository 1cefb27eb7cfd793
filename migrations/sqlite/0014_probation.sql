-- Probation recorded, not guessed (issue 15): mentor, plan, quarterly reviews with the
-- probationer's answer, the dismissal ground the mayor decides, the oath. Portable SQL.

ALTER TABLE probation_records ADD COLUMN mentor_id INTEGER REFERENCES employees(id);
ALTER TABLE probation_records ADD COLUMN plan TEXT NOT NULL DEFAULT '';
ALTER TABLE probation_records ADD COLUMN oath_on TEXT;
ALTER TABLE probation_records ADD COLUMN closed_on TEXT;
ALTER TABLE probation_records ADD COLUMN close_reason TEXT;
ALTER TABLE probation_records ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE INDEX probation_by_state ON probation_records(state, ends_on);
CREATE INDEX probation_by_assignment ON probation_records(assignment_id);

-- One review per quarter. The rule version (the due and answer days in force) is kept with it.
CREATE TABLE probation_reviews (
    id                  INTEGER PRIMARY KEY,
    probation_id        INTEGER NOT NULL REFERENCES probation_records(id),
    quarter             INTEGER NOT NULL CHECK (quarter >= 1),
    period_from         TEXT NOT NULL,
    period_to           TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    reviewer_user_id    INTEGER NOT NULL REFERENCES users(id),
    outcome             TEXT NOT NULL CHECK (outcome IN ('positive', 'negative')),
    justification       TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('proposed', 'answered', 'final', 'acknowledged')),
    proposed_at         TEXT NOT NULL,
    answer_until        TEXT NOT NULL,
    answer              TEXT,
    answered_at         TEXT,
    final_note          TEXT,
    finalized_at        TEXT,
    acknowledged_at     TEXT,
    rule_valid_from     TEXT NOT NULL,
    UNIQUE (probation_id, quarter)
);

-- A ground to end an appointment, raised by the records it rests on (never acted on by the
-- system): `evidence` lists them, `rule_valid_from` the rule that counted them.
CREATE TABLE dismissal_grounds (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('probation')),
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
CREATE UNIQUE INDEX one_open_ground ON dismissal_grounds(kind, employee_id) WHERE decision IS NULL;
CREATE INDEX grounds_open ON dismissal_grounds(decision, raised_on);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('probation.max_months.without_competition', '6', '2015-01-01',
  'Borjomi regulation of 2014, art. 20: an appointment without competition with a probation of at most 6 months', 'seeds'),
 ('probation.review_due_days', '10', '2017-07-01',
  'Practice under Resolution No. 220 of 2017: the quarterly review within 10 days of the quarter''s end (to be confirmed)', 'uncertain'),
 ('probation.negatives_to_fail', '2', '2017-07-01',
  'Resolution No. 220 of 2017: two negative evaluations during probation are a ground to end the appointment', 'confirmed'),
 ('probation.negatives_consecutive', '0', '2017-07-01',
  'Resolution No. 220 of 2017 does not require the two negative evaluations to be consecutive (as read; to be confirmed)', 'uncertain'),
 ('probation.answer_days', '5', '2017-07-01',
  'General Administrative Code, the right to be heard: the probationer may answer a review in writing within 5 days (institution''s setting)', 'uncertain'),
 ('probation.remind_days', '30', '2017-07-01',
  'Institution''s setting: HR is reminded 30 days before a probation ends', 'uncertain'),
 ('probation.pass_by_default', '1', '2017-07-01',
  'Institution''s setting: a probation without a dismissal ground by its last day is passed, and HR records the oath', 'uncertain');
