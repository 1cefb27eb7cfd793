-- The statutory clock of a vacancy (issue 14): how long the mayor has to decide how to fill
-- it, how long filling it should take, and how early the screens warn. Effective-dated rules
-- with their sources, read by `domain::deadline` on the vacancy's opening day.
INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('vacancy.decision_days', '14', '2015-01-01',
  'Borjomi regulation of 2014, art. 19(3): the decision on filling the vacancy within 14 days of its opening (legacy; the current term is to be confirmed)', 'seeds'),
 ('vacancy.fill_months', '3', '2015-01-01',
  'Borjomi regulation of 2014, art. 18(2): a vacancy is filled, as a rule, within 3 months', 'seeds'),
 ('vacancy.warn_days', '3', '2015-01-01',
  'The institution''s practice: warn three days before a deadline', 'uncertain');
