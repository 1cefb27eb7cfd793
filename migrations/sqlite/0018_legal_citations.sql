-- Legal sources as a person cites them (issue 16, item 6): the act by its number and date, the
-- article where known, and what it says about the value, in Georgian and English. The Georgian
-- text stays in `legal_source`; `legal_source_en` holds the English (NULL: show the Georgian).
-- Only the rows seeded by earlier migrations are rewritten (matched by their old text), so
-- values an institution entered itself keep their words. Portable SQL.
ALTER TABLE rule_settings ADD COLUMN legal_source_en TEXT;
ALTER TABLE class_titles ADD COLUMN legal_source_en TEXT;
ALTER TABLE class_bonus_rates ADD COLUMN legal_source_en TEXT;
ALTER TABLE position_categories ADD COLUMN legal_source_en TEXT;

UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება: თანამდებობის მოვალეობის დროებით შესრულება — არაუმეტეს 3 თვისა',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014: acting in a position for at most 3 months'
 WHERE key = 'acting.max_months' AND legal_source = 'Seed 004 (legacy regulation): acting at most 3 months';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: HR-ს აფრთხილებს მოვალეობის დროებით შესრულების დასრულებამდე ორი კვირით ადრე',
       legal_source_en = 'The institution''s setting: HR is warned two weeks before an acting appointment ends'
 WHERE key = 'acting.warning_days' AND legal_source = 'Practice of municipal HR: HR is warned two weeks before an acting appointment ends';
UPDATE rule_settings SET legal_source = '„საჯარო სამსახურის შესახებ“ საქართველოს კანონი (27.10.2015, №4346-Iს): დისციპლინური გადაცდომისთვის გათავისუფლებიდან ერთი წლის განმავლობაში პირი არ ინიშნება',
       legal_source_en = 'Law of Georgia on Public Service (No. 4346-Iს of 27 October 2015): a person dismissed for a disciplinary offence less than a year ago is not appointed'
 WHERE key = 'appointment.block_after_disciplinary_dismissal_months' AND legal_source = 'Law on Public Service (CSB-REC): a dismissal for a disciplinary offence less than a year ago bars appointment';
UPDATE rule_settings SET legal_source = '„საჯარო სამსახურის შესახებ“ საქართველოს კანონი (27.10.2015, №4346-Iს): მოხელედ ინიშნება 18 წლის ასაკს მიღწეული პირი',
       legal_source_en = 'Law of Georgia on Public Service (No. 4346-Iს of 27 October 2015): an officer is at least 18 years old'
 WHERE key = 'appointment.officer_min_age' AND legal_source = 'Law on Public Service (CSB-REC: at least 18 years old); Borjomi regulation of 2014, art. 19(1)';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: ატესტაცია ჩართულია; დაწესებულებას შეუძლია მისი გამორთვა',
       legal_source_en = 'The institution''s setting: attestation is on; the institution may switch it off'
 WHERE key = 'attestation.enabled' AND legal_source = 'DOMAIN §3.7 product decision: attestation is on by default; an institution may switch it off';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 21(1): მოხელე ატესტაციას გადის სამ წელიწადში ერთხელ',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 21(1): every officer is attested once every three years'
 WHERE key = 'attestation.interval_years' AND legal_source = 'Borjomi regulation of 2014, art. 21(1): every officer is attested once every three years';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: HR ხედავს მოხელეებს, რომელთა ატესტაციის ვადა 90 დღეში დგება',
       legal_source_en = 'The institution''s setting: HR sees the officers due within 90 days'
 WHERE key = 'attestation.notice_days' AND legal_source = 'Institution''s setting: HR sees officers due within 90 days';
UPDATE rule_settings SET legal_source = 'წალენჯიხის მუნიციპალიტეტის მერიის 2020 წლის ანგარიში: 2020 წლის 27 თებერვლის ბრძანება პირველად მარტის უწყისში აისახა; ზოგადი წესი დასადასტურებელია',
       legal_source_en = 'Report of the Tsalenjikha City Hall for 2020: the order of 27 February 2020 was first paid in March 2020; the general rule is to be confirmed'
 WHERE key = 'class.first_paid_after_months' AND legal_source = 'Seed 000 (the order of 27 Feb 2020 was first paid in March 2020); the general rule is not confirmed';
UPDATE rule_settings SET legal_source = 'წალენჯიხის მუნიციპალიტეტის მერიის 2020 წლის ანგარიში: ბრძანების პროექტს ვიზირებს იურიდიული სამსახური (1 — სავალდებულოა, 0 — არა)',
       legal_source_en = 'Report of the Tsalenjikha City Hall for 2020: the legal department visas the draft order (1 = required, 0 = not)'
 WHERE key = 'class.legal_visa' AND legal_source = 'Seed 000: the legal department visas the draft (1 = required, 0 = skipped)';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: საუკეთესო შეფასება — ერთი კლასი ყოველ 2 წელიწადში',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: excellent → one class every 2 years'
 WHERE key = 'class.lower.excellent_years' AND legal_source = 'Res. 219 (BPN, TEL): excellent → one class every 2 years';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: სულ მცირე კარგი შეფასება — ერთი კლასი ყოველ 3 წელიწადში',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: at least good → one class every 3 years'
 WHERE key = 'class.lower.good_years' AND legal_source = 'Res. 219 (BPN, TEL): at least good → one class every 3 years';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: შეუფასებელი წელი გამოიტოვება (1) ან წყვეტს რიგს (0)',
       legal_source_en = 'The institution''s setting: a year without a rating is skipped (1) or breaks the run (0)'
 WHERE key = 'class.skip_unrated_years' AND legal_source = 'DOMAIN §4.3: a year without a rating is skipped (1) or breaks the streak (0)';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: VII–XII კლასები; გადასამოწმებელია სისტემის გაშვებამდე',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: classes VII–XII; to be verified before go-live'
 WHERE key = 'class.upper.excellent_years' AND legal_source = 'Res. 219 for VII–XII, to verify before go-live';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: VII–XII კლასები; გადასამოწმებელია სისტემის გაშვებამდე',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: classes VII–XII; to be verified before go-live'
 WHERE key = 'class.upper.good_years' AND legal_source = 'Res. 219 for VII–XII, to verify before go-live';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: I–VI და VII–XII კლასებს სხვადასხვა ვადა აქვს',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: classes I–VI and VII–XII have different terms'
 WHERE key = 'class.upper_from' AND legal_source = 'Res. 219: classes I–VI and VII–XII have different terms';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 21 აპრილის №204 დადგენილება: კომისია სულ მცირე 3 წევრისგან შედგება (მუნიციპალური წესების მიხედვით)',
       legal_source_en = 'Government of Georgia Resolution No. 204 of 21 April 2017: a commission of at least 3 members (as municipal rules read it)'
 WHERE key = 'commission.min_members' AND legal_source = 'Resolution No. 204 of 2017 and municipal rules: a commission of at least 3 members';
UPDATE rule_settings SET legal_source = 'მუნიციპალიტეტების საკონკურსო წესები: სხდომა უფლებამოსილია, თუ მას წევრთა ნახევარზე მეტი ესწრება',
       legal_source_en = 'Municipal competition rules: a session is valid when more than half of the members are present'
 WHERE key = 'commission.quorum_percent' AND legal_source = 'Municipal competition rules: a session is valid when more than half of the members are present';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 19(4): გამარჯვებული დოკუმენტებს წარადგენს შეტყობინებიდან ორ კვირაში',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 19(4): the winner submits the documents within two weeks of notification'
 WHERE key = 'competition.docs_days' AND legal_source = 'Borjomi regulation of 2014, art. 19(4): the winner submits the documents within two weeks of notification';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება: განცხადებები მიიღება სულ მცირე 10 დღე (მოქმედი ვადა დასაზუსტებელია)',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014: applications are taken for at least 10 days (the current term is to be confirmed)'
 WHERE key = 'competition.min_application_days' AND legal_source = 'Tbilisi City Hall practice of 2014 and the Borjomi regulation: applications for at least 10 days (the current term is to be confirmed)';
UPDATE rule_settings SET legal_source = 'მუნიციპალიტეტების საკონკურსო წესები: რეზერვი მოქმედებს 12 თვე',
       legal_source_en = 'Municipal competition rules: the reserve list is valid for 12 months'
 WHERE key = 'competition.reserve_months' AND legal_source = 'Practice of municipal competition rules: the reserve list is valid for 12 months';
UPDATE rule_settings SET legal_source = 'მუნიციპალიტეტების საკონკურსო წესები: კანდიდატი ეტაპის შედეგს იგებს 5 სამუშაო დღეში',
       legal_source_en = 'Municipal competition rules: applicants learn each stage result within 5 working days'
 WHERE key = 'competition.result_notice_days' AND legal_source = 'Practice of municipal competition rules: applicants learn each stage result within 5 working days';
UPDATE rule_settings SET legal_source = '„პერსონალურ მონაცემთა დაცვის შესახებ“ საქართველოს კანონი: აღარ საჭირო მონაცემები იშლება; დაწესებულება წარუმატებელ განაცხადებს 6 თვე ინახავს',
       legal_source_en = 'Law of Georgia on Personal Data Protection: data no longer needed is deleted; the institution keeps unsuccessful applications 6 months'
 WHERE key = 'competition.retention_months' AND legal_source = 'Law on Personal Data Protection: data no longer needed is deleted; the institution keeps unsuccessful applications 6 months';
UPDATE rule_settings SET legal_source = 'მუნიციპალიტეტების საკონკურსო წესები: შედეგის გადასინჯვა შეიძლება მოითხოვოს შედეგიდან 3 სამუშაო დღეში',
       legal_source_en = 'Municipal competition rules: a review may be asked within 3 working days of a result'
 WHERE key = 'competition.review_days' AND legal_source = 'Practice of municipal competition rules: a review may be asked within 3 working days of a result';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 23: რეგულარულად დაბალი შეფასების მქონე მოხელე შეიძლება დაქვეითდეს; „რეგულარულად“ — ზედიზედ ორი წლიური შედეგი',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 23: an officer who regularly receives low evaluations may be demoted; “regularly” read as two annual results in a row'
 WHERE key = 'demotion.low_results_in_row' AND legal_source = 'Borjomi regulation of 2014, art. 23: an officer who regularly receives low evaluations may be demoted; "regularly" read as two annual results in a row';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: შეფასება შეიძლება გათავისუფლების საფუძველი გახდეს; ზედიზედ არადამაკმაყოფილებელი შედეგების რაოდენობა დაწესებულების განმარტებაა',
       legal_source_en = 'Government of Georgia Resolution No. 220 of 28 April 2017: an evaluation may lead to dismissal; the number of unsatisfactory results in a row is the institution''s reading'
 WHERE key = 'evaluation.unsat_consecutive_for_dismissal' AND legal_source = 'Resolution No. 220 of 2017: an evaluation may lead to dismissal (BAT-76956); the number of consecutive unsatisfactory results is the institution''s reading';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: შეფასების შედეგად დგინდება გადამზადების საჭიროება',
       legal_source_en = 'Government of Georgia Resolution No. 220 of 28 April 2017: training needs follow from the evaluation'
 WHERE key = 'evaluation.unsat_creates_training_task' AND legal_source = 'Resolution No. 220 of 2017: training needs as a consequence of the evaluation (BAT-76956)';
UPDATE rule_settings SET legal_source = '„პერსონალურ მონაცემთა დაცვის შესახებ“ საქართველოს კანონი: 3-ზე ნაკლებ შემთხვევაზე დაფუძნებული მაჩვენებლები არ ჩანს',
       legal_source_en = 'Law of Georgia on Personal Data Protection: figures over fewer than 3 cases are not shown'
 WHERE key = 'integrity.min_group' AND legal_source = 'Law on Personal Data Protection, statistical disclosure practice: figures over fewer than 3 cases are not shown';
UPDATE rule_settings SET legal_source = '„საჯარო სამსახურის შესახებ“ საქართველოს კანონი (27.10.2015, №4346-Iს): მობილობა იმავე რანგის თანამდებობაზე; დაბალ რანგზე — მხოლოდ თუ მუნიციპალიტეტი ამას უშვებს და მოხელე თანახმაა',
       legal_source_en = 'Law of Georgia on Public Service (No. 4346-Iს of 27 October 2015): mobility is to a position of the same rank; to a lower rank only where the municipality allows it and the officer consents'
 WHERE key = 'mobility.allow_lower_rank' AND legal_source = 'DOMAIN §3.3: mobility is to a position of the same rank; a lower rank only where the municipality allows it and the officer consents';
UPDATE rule_settings SET legal_source = '„საჯარო დაწესებულებაში შრომის ანაზღაურების შესახებ“ საქართველოს კანონი (22.12.2017, №1825-რს): საბაზო თანამდებობრივი სარგო; თანხა დროებითია',
       legal_source_en = 'Law of Georgia on Remuneration in Public Institutions (No. 1825-რს of 22 December 2017): the base official salary; the amount is provisional'
 WHERE key = 'pay.base_salary' AND legal_source = 'Law on remuneration (L-REM); amount is a placeholder';
UPDATE rule_settings SET legal_source = 'საქართველოს ზოგადი ადმინისტრაციული კოდექსი: მოსმენის უფლება: გამოსაცდელი ვადით დანიშნული პირი შეფასებას წერილობით პასუხობს 5 დღეში (დაწესებულების პარამეტრი)',
       legal_source_en = 'General Administrative Code of Georgia: the right to be heard: the probationer may answer a review in writing within 5 days (the institution''s setting)'
 WHERE key = 'probation.answer_days' AND legal_source = 'General Administrative Code, the right to be heard: the probationer may answer a review in writing within 5 days (institution''s setting)';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 20: კონკურსის გარეშე დანიშვნისას გამოსაცდელი ვადა არაუმეტეს 6 თვისა',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 20: an appointment without competition with a probation of at most 6 months'
 WHERE key = 'probation.max_months.without_competition' AND legal_source = 'Borjomi regulation of 2014, art. 20: an appointment without competition with a probation of at most 6 months';
UPDATE rule_settings SET legal_source = '„საჯარო სამსახურის შესახებ“ საქართველოს კანონი (27.10.2015, №4346-Iს): გამოსაცდელი ვადა (თავდაპირველი ტექსტი, წაკითხული არაპირდაპირ); გადასამოწმებელია',
       legal_source_en = 'Law of Georgia on Public Service (No. 4346-Iს of 27 October 2015): the probation term (original text, read indirectly); to be verified'
 WHERE key = 'probation.months' AND legal_source = 'Law on Public Service (original text, read indirectly); to verify';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: ორი უარყოფითი შეფასება ზედიზედ არ უნდა იყოს (ასე წაკითხული; დასადასტურებელია)',
       legal_source_en = 'Government of Georgia Resolution No. 220 of 28 April 2017: the two negative evaluations need not be consecutive (as read; to be confirmed)'
 WHERE key = 'probation.negatives_consecutive' AND legal_source = 'Resolution No. 220 of 2017 does not require the two negative evaluations to be consecutive (as read; to be confirmed)';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: გამოსაცდელ ვადაში ორი უარყოფითი შეფასება დანიშვნის შეწყვეტის საფუძველია',
       legal_source_en = 'Government of Georgia Resolution No. 220 of 28 April 2017: two negative evaluations during probation are a ground to end the appointment'
 WHERE key = 'probation.negatives_to_fail' AND legal_source = 'Resolution No. 220 of 2017: two negative evaluations during probation are a ground to end the appointment';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: თუ ბოლო დღემდე გათავისუფლების საფუძველი არ წარმოიშვა, გამოსაცდელი ვადა გავლილია და HR აღრიცხავს ფიცს',
       legal_source_en = 'The institution''s setting: a probation without a dismissal ground by its last day is passed, and HR records the oath'
 WHERE key = 'probation.pass_by_default' AND legal_source = 'Institution''s setting: a probation without a dismissal ground by its last day is passed, and HR records the oath';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: HR-ს ახსენებს გამოსაცდელი ვადის დასრულებამდე 30 დღით ადრე',
       legal_source_en = 'The institution''s setting: HR is reminded 30 days before a probation ends'
 WHERE key = 'probation.remind_days' AND legal_source = 'Institution''s setting: HR is reminded 30 days before a probation ends';
UPDATE rule_settings SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: კვარტალური შეფასება კვარტლის დასრულებიდან 10 დღეში (პრაქტიკა; დასადასტურებელია)',
       legal_source_en = 'Government of Georgia Resolution No. 220 of 28 April 2017: the quarterly review within 10 days of the quarter''s end (practice; to be confirmed)'
 WHERE key = 'probation.review_due_days' AND legal_source = 'Practice under Resolution No. 220 of 2017: the quarterly review within 10 days of the quarter''s end (to be confirmed)';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 22(2)(ბ): მაღალი შეფასება ბოლო ექვსი თვის განმავლობაში',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 22(2)(b): a high evaluation over the last six months'
 WHERE key = 'promotion.high_evaluation_months' AND legal_source = 'Borjomi regulation of 2014, art. 22(2)(b): a high evaluation over the last six months';
UPDATE rule_settings SET legal_source = 'მუნიციპალიტეტების საკონკურსო წესები: კანდიდატებს ყოველი ეტაპის შესახებ ეცნობებათ სულ მცირე 3 დღით ადრე',
       legal_source_en = 'Municipal competition rules: applicants are told of each stage at least 3 days before it'
 WHERE key = 'stage.notice_days' AND legal_source = 'DOMAIN §3.2 and municipal competition rules: applicants are told of each stage at least 3 days before it';
UPDATE rule_settings SET legal_source = 'სიღნაღის მუნიციპალიტეტის საკონკურსო წესი: ეტაპი გავლილია მაქსიმალური ქულის 60 %-ით',
       legal_source_en = 'Competition rules of the Sighnaghi municipality: a stage is passed with 60 % of its maximum'
 WHERE key = 'stage.pass_percent' AND legal_source = 'Municipal competition rules (Sighnaghi): a stage is passed with 60 % of its maximum';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 19(3): გადაწყვეტილება ვაკანსიის შევსების შესახებ — გახსნიდან 14 დღეში (ძველი წესი; მოქმედი ვადა დასაზუსტებელია)',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 19(3): the decision on filling a vacancy within 14 days of its opening (former rule; the current term is to be confirmed)'
 WHERE key = 'vacancy.decision_days' AND legal_source = 'Borjomi regulation of 2014, art. 19(3): the decision on filling the vacancy within 14 days of its opening (legacy; the current term is to be confirmed)';
UPDATE rule_settings SET legal_source = 'ბორჯომის მუნიციპალიტეტის საკრებულოს 2014 წლის 21 ივლისის №22 დადგენილება, მუხ. 18(2): ვაკანსია, როგორც წესი, ივსება 3 თვეში',
       legal_source_en = 'Resolution No. 22 of the Borjomi Municipal Council of 21 July 2014, art. 18(2): a vacancy is filled, as a rule, within 3 months'
 WHERE key = 'vacancy.fill_months' AND legal_source = 'Borjomi regulation of 2014, art. 18(2): a vacancy is filled, as a rule, within 3 months';
UPDATE rule_settings SET legal_source = 'დაწესებულების პარამეტრი: გაფრთხილება ვადის ამოწურვამდე სამი დღით ადრე',
       legal_source_en = 'The institution''s setting: warn three days before a deadline'
 WHERE key = 'vacancy.warn_days' AND legal_source = 'The institution''s practice: warn three days before a deadline';
UPDATE position_categories SET legal_source = '„საჯარო სამსახურის შესახებ“ საქართველოს კანონი (27.10.2015, №4346-Iს): თანამდებობის რანგები და კატეგორიები; კატეგორიების განაწილება და კოეფიციენტები დასაზუსტებელია',
       legal_source_en = 'Law of Georgia on Public Service (No. 4346-Iს of 27 October 2015): ranks and categories of positions; the split of categories and the coefficients are to be confirmed'
 WHERE legal_source = 'CSB-CLS; split and coefficient UNCERTAIN';
UPDATE class_titles SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: ძველი საკლასო ჩინის შესაბამისობა',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: equivalence with the old class rank'
 WHERE legal_source = 'Res. 219; mapping TAB-GE';
UPDATE class_titles SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: შესაბამისობის ცხრილი ნაწილობრივ იკითხება',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: the equivalence table is partly legible'
 WHERE legal_source = 'TAB-GE, partly legible';
UPDATE class_titles SET legal_source = 'საქართველოს მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება: რიგიდან გამოყვანილი; გადასამოწმებელია',
       legal_source_en = 'Government of Georgia Resolution No. 219 of 28 April 2017: inferred from the series; to be verified'
 WHERE legal_source = 'Inferred from the series';
UPDATE class_bonus_rates SET legal_source = '„საჯარო დაწესებულებაში შრომის ანაზღაურების შესახებ“ საქართველოს კანონი (22.12.2017, №1825-რს): დროებითი მნიშვნელობა (1,25 % × კლასი); შეიცვლება კანონით დადგენილით',
       legal_source_en = 'Law of Georgia on Remuneration in Public Institutions (No. 1825-რს of 22 December 2017): provisional value (1.25 % × class); to be replaced by the rate the law sets'
 WHERE legal_source = 'Placeholder (1.25 % × class); replace from the Law on Remuneration';
UPDATE class_bonus_rates SET legal_source = '„საჯარო დაწესებულებაში შრომის ანაზღაურების შესახებ“ საქართველოს კანონი (22.12.2017, №1825-რს): XII კლასი — 15 %, უმაღლესი',
       legal_source_en = 'Law of Georgia on Remuneration in Public Institutions (No. 1825-რს of 22 December 2017): class XII — 15 %, the highest'
 WHERE legal_source = 'EURO: XII = 15 %, the highest';
-- The method's sources: setting → [Georgian, English, certainty] (was [text, certainty]).
UPDATE evaluation_methods SET sources_json =
    '{"scale": ["საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: შკალას ადგენს დაწესებულების ბრძანება", "Government of Georgia Resolution No. 220 of 28 April 2017: the scale is left to the institution''s order", "uncertain"], "bands": ["საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: შედეგის ოთხი კატეგორია", "Government of Georgia Resolution No. 220 of 28 April 2017: four result categories", "uncertain"], "min_service_months": ["წალენჯიხის მუნიციპალიტეტის მერიის 2020 წლის ანგარიში: საანგარიშო პერიოდში სულ მცირე სამი თვის სამსახური", "Report of the Tsalenjikha City Hall for 2020: at least three months of service in the period", "seeds"], "periods_per_year": ["საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: წელიწადში სულ მცირე ერთხელ; 2024 წლის ცვლილებით — ორჯერ (ცნობით)", "Government of Georgia Resolution No. 220 of 28 April 2017: at least once a year; twice a year under the 2024 amendment (reported)", "confirmed"], "planning_days": ["დაწესებულების ბრძანება შეფასების წესის შესახებ: მიზნები დგინდება პერიოდის დაწყებიდან ერთ თვეში", "The institution''s order on the evaluation method: objectives are set within a month of the period''s start", "uncertain"], "rating_days": ["დაწესებულების ბრძანება შეფასების წესის შესახებ", "The institution''s order on the evaluation method", "uncertain"], "summary_days": ["დაწესებულების ბრძანება შეფასების წესის შესახებ", "The institution''s order on the evaluation method", "uncertain"], "acknowledge_days": ["დაწესებულების ბრძანება შეფასების წესის შესახებ", "The institution''s order on the evaluation method", "uncertain"], "appeal_days": ["საქართველოს ზოგადი ადმინისტრაციული კოდექსი: საჩივრის ვადა — ერთი თვე ჩაბარებიდან", "General Administrative Code of Georgia: one month to complain, counted from receipt", "uncertain"], "appeal_decision_days": ["საქართველოს ზოგადი ადმინისტრაციული კოდექსი", "General Administrative Code of Georgia", "uncertain"], "self_assessment": ["საქართველოს მთავრობის 2017 წლის 28 აპრილის №220 დადგენილება: თვითშეფასება არასავალდებულოა", "Government of Georgia Resolution No. 220 of 28 April 2017: self-assessment is optional", "uncertain"], "comment_required_for_extremes": ["დაწესებულების ბრძანება შეფასების წესის შესახებ", "The institution''s order on the evaluation method", "uncertain"], "competencies": ["დაწესებულების ბრძანება შეფასების წესის შესახებ: დაწესებულების კომპეტენციების კატალოგი", "The institution''s order on the evaluation method: the institution''s competency catalogue", "uncertain"]}'
 WHERE sources_json = '{"scale":["The institution''s order on the evaluation method (Res. 220 leaves the scale to it)","uncertain"],"bands":["Res. 220: four result categories (BAT-110154)","uncertain"],"min_service_months":["Tsalenjikha annual report 2020: at least three months of service in the period","seeds"],"periods_per_year":["Res. 220: at least once a year (BAT-76956); twice a year under the 2024 amendment (reported)","confirmed"],"planning_days":["The institution''s order: objectives set within a month of the period''s start","uncertain"],"rating_days":["The institution''s order","uncertain"],"summary_days":["The institution''s order","uncertain"],"acknowledge_days":["The institution''s order","uncertain"],"appeal_days":["General Administrative Code: one month to complain, counted from receipt","uncertain"],"appeal_decision_days":["General Administrative Code","uncertain"],"self_assessment":["Res. 220 (self-assessment optional)","uncertain"],"comment_required_for_extremes":["The institution''s order","uncertain"],"competencies":["The institution''s order: its competency catalogue","uncertain"]}';
