-- Legal and money corrections (issue 13). Portable SQL.

-- Settings tell the truth (item 13). The evaluation rules are Res. 220 (Res. 219 is the classes);
-- the probation term and the month an order is first paid are not confirmed.
UPDATE rule_settings SET certainty = 'uncertain',
       legal_source = 'Law on Public Service (original text, read indirectly); to verify'
 WHERE key = 'probation.months';
UPDATE rule_settings SET certainty = 'uncertain',
       legal_source = 'Seed 000 (the order of 27 Feb 2020 was first paid in March 2020); the general rule is not confirmed'
 WHERE key = 'class.first_paid_after_months';
-- One value in one place: the evaluation's minimum service and number of periods are settings of
-- the evaluation method (its versions are adopted by order), not rule rows that could disagree.
-- Settings nothing reads are removed; the modules that apply them (vacancies, attestation, pay
-- increments) add them with their rules.
DELETE FROM rule_settings WHERE key IN ('evaluation.min_service_months', 'evaluation.periods_per_year',
    'class.count', 'pay.increments_annual_cap', 'pay.rewards_annual_cap',
    'vacancy.decision_days', 'vacancy.fill_months', 'attestation.interval_years');

-- An officer is appointed at 18 or older on the start date (item 11).
INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('appointment.officer_min_age', '18', '2015-01-01',
  'Law on Public Service (CSB-REC: at least 18 years old); Borjomi regulation of 2014, art. 19(1)', 'confirmed');

-- The method's sources as a person cites them (Res. 220 of 28 Apr 2017 is the evaluation).
UPDATE evaluation_methods SET sources_json =
    '{"scale":["The institution''s order on the evaluation method (Res. 220 leaves the scale to it)","uncertain"],"bands":["Res. 220: four result categories (BAT-110154)","uncertain"],"min_service_months":["Tsalenjikha annual report 2020: at least three months of service in the period","seeds"],"periods_per_year":["Res. 220: at least once a year (BAT-76956); twice a year under the 2024 amendment (reported)","confirmed"],"planning_days":["The institution''s order: objectives set within a month of the period''s start","uncertain"],"rating_days":["The institution''s order","uncertain"],"summary_days":["The institution''s order","uncertain"],"acknowledge_days":["The institution''s order","uncertain"],"appeal_days":["General Administrative Code: one month to complain, counted from receipt","uncertain"],"appeal_decision_days":["General Administrative Code","uncertain"],"self_assessment":["Res. 220 (self-assessment optional)","uncertain"],"comment_required_for_extremes":["The institution''s order","uncertain"],"competencies":["The institution''s order: its competency catalogue","uncertain"]}'
 WHERE version = 1;

-- Acting (item 5): why the person acting comes from another service, when HR records it.
ALTER TABLE assignments ADD COLUMN acting_reason TEXT;
