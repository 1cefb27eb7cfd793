-- Issue 14, last parts: each stage's day and place with the notice given to applicants, an
-- upheld review's effect on a stage result, and appointments from a competition's reserve list
-- to an equivalent vacancy.

-- The day and place of a stage, and the day applicants were told (at least `stage.notice_days`
-- before it; DOMAIN §3.2).
ALTER TABLE competition_stages ADD COLUMN venue TEXT NOT NULL DEFAULT '';
ALTER TABLE competition_stages ADD COLUMN noticed_on TEXT;

-- The review that reversed a stage result: the computed result stays as it was computed, and
-- this says the applicant goes on all the same.
ALTER TABLE stage_results ADD COLUMN upheld_review_id INTEGER REFERENCES competition_reviews(id);

-- A vacancy filled from another competition's reserve list (the runner-up appointed).
ALTER TABLE vacancies ADD COLUMN reserve_application_id INTEGER REFERENCES applications(id);

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('stage.notice_days', '3', '2015-01-01',
  'DOMAIN §3.2 and municipal competition rules: applicants are told of each stage at least 3 days before it', 'uncertain');
