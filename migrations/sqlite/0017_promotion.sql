-- The promotion check and the demotion grounds (seed 004 art. 22–23; DOMAIN §3.8) read two
-- numbers, effective-dated like every rule.
INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('promotion.high_evaluation_months', '6', '2015-01-01',
  'Borjomi regulation of 2014, art. 22(2)(b): a high evaluation over the last six months', 'seeds'),
 ('demotion.low_results_in_row', '2', '2015-01-01',
  'Borjomi regulation of 2014, art. 23: an officer who regularly receives low evaluations may be demoted; "regularly" read as two annual results in a row', 'uncertain');
