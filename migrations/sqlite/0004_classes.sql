-- Professional classes I–XII (კლასი), the class bonus (კლასის დანამატი), class orders and the
-- equalization of old class ranks (საკლასო ჩინი). DOMAIN.md §3.6, §4.3, §5. Portable SQL.

-- The 12 classes with the old class rank each one equalizes; effective-dated like every rule.
CREATE TABLE class_titles (
    class_no        INTEGER NOT NULL CHECK (class_no BETWEEN 1 AND 12),
    valid_from      TEXT NOT NULL,
    name_ka         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    old_rank_ka     TEXT NOT NULL,
    old_rank_en     TEXT NOT NULL,
    legal_source    TEXT NOT NULL,
    certainty       TEXT NOT NULL CHECK (certainty IN ('confirmed', 'seeds', 'uncertain')),
    PRIMARY KEY (class_no, valid_from)
);

-- Class bonus rate, percent of the official salary, as exact decimal text. A change is a new
-- row from its date; past months keep the rate of their time.
CREATE TABLE class_bonus_rates (
    id              INTEGER PRIMARY KEY,
    class_no        INTEGER NOT NULL CHECK (class_no BETWEEN 1 AND 12),
    rate            TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    legal_source    TEXT NOT NULL,
    certainty       TEXT NOT NULL CHECK (certainty IN ('confirmed', 'seeds', 'uncertain')),
    created_by      INTEGER REFERENCES users(id),
    created_at      TEXT NOT NULL,
    UNIQUE (class_no, valid_from)
);

-- A class order: drafted by HR, optionally visaed by the legal department, signed by the
-- mayor. On signing it enters the orders registry and the classes take effect.
CREATE TABLE class_orders (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    kind            TEXT NOT NULL CHECK (kind IN ('promotion', 'equalization')),
    number          TEXT NOT NULL,
    order_date      TEXT NOT NULL,
    -- May precede the order date: the months between are paid as arrears.
    effective_date  TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'visaed', 'signed', 'cancelled')),
    needs_visa      INTEGER NOT NULL CHECK (needs_visa IN (0, 1)),
    visa_by         TEXT,
    visa_date       TEXT,
    order_id        INTEGER REFERENCES orders(id),
    drafted_by      INTEGER REFERENCES users(id),
    drafted_at      TEXT NOT NULL,
    signed_by       INTEGER REFERENCES users(id),
    signed_at       TEXT,
    cancelled_by    INTEGER REFERENCES users(id),
    cancelled_at    TEXT,
    cancel_reason   TEXT
);
CREATE INDEX class_orders_date ON class_orders(institution_id, order_date);

CREATE TABLE class_order_items (
    id              INTEGER PRIMARY KEY,
    class_order_id  INTEGER NOT NULL REFERENCES class_orders(id),
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    from_class      INTEGER,
    to_class        INTEGER NOT NULL CHECK (to_class BETWEEN 1 AND 12),
    -- Why: the qualifying years and ratings with the rule, or the old rank with its proof.
    basis_json      TEXT NOT NULL,
    -- The end of the last evaluation period this class was given for; later periods count
    -- towards the next class.
    basis_through   TEXT NOT NULL,
    old_rank_id     INTEGER,
    UNIQUE (class_order_id, employee_id)
);
CREATE INDEX class_order_items_employee ON class_order_items(employee_id);

-- The class history: one row per class taken effect, written when the order is signed and
-- never changed (a class is never lowered or taken away).
CREATE TABLE employee_classes (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL REFERENCES employees(id),
    class_no        INTEGER NOT NULL CHECK (class_no BETWEEN 1 AND 12),
    effective_date  TEXT NOT NULL,
    -- The first pay register that pays it (the month after the order's date); earlier months
    -- from the effective date are arrears in that register.
    first_paid_month TEXT NOT NULL,
    basis_through   TEXT NOT NULL,
    class_order_id  INTEGER NOT NULL REFERENCES class_orders(id),
    created_at      TEXT NOT NULL,
    UNIQUE (employee_id, class_no)
);
CREATE INDEX employee_classes_paid ON employee_classes(first_paid_month);

-- Old class ranks held under the legacy law, with the document proving each one.
CREATE TABLE employee_old_ranks (
    id              INTEGER PRIMARY KEY,
    employee_id     INTEGER NOT NULL UNIQUE REFERENCES employees(id),
    -- The class whose old rank this is (class_titles.old_rank_*): the proposal.
    old_rank_class  INTEGER NOT NULL CHECK (old_rank_class BETWEEN 1 AND 12),
    proof_number    TEXT NOT NULL,
    proof_date      TEXT NOT NULL,
    confirmed_class INTEGER CHECK (confirmed_class BETWEEN 1 AND 12),
    confirmed_by    INTEGER REFERENCES users(id),
    confirmed_at    TEXT,
    recorded_by     INTEGER REFERENCES users(id),
    recorded_at     TEXT NOT NULL
);

INSERT INTO class_titles (class_no, valid_from, name_ka, name_en, old_rank_ka, old_rank_en, legal_source, certainty) VALUES
 (1, '2017-07-01', 'I კლასი', 'Class I', 'საჯარო სამსახურის მესამე კლასის რეფერენტი', '3rd-class referent of the public service', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (2, '2017-07-01', 'II კლასი', 'Class II', 'საჯარო სამსახურის მეორე კლასის რეფერენტი', '2nd-class referent', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (3, '2017-07-01', 'III კლასი', 'Class III', 'საჯარო სამსახურის პირველი კლასის რეფერენტი', '1st-class referent', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (4, '2017-07-01', 'IV კლასი', 'Class IV', 'საჯარო სამსახურის მესამე კლასის მრჩეველი', '3rd-class counsellor', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (5, '2017-07-01', 'V კლასი', 'Class V', 'საჯარო სამსახურის მეორე კლასის მრჩეველი', '2nd-class counsellor', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (6, '2017-07-01', 'VI კლასი', 'Class VI', 'საჯარო სამსახურის პირველი კლასის მრჩეველი', '1st-class counsellor', 'Res. 219; mapping TAB-GE', 'confirmed'),
 (7, '2017-07-01', 'VII კლასი', 'Class VII', 'მესამე კლასის სახელმწიფო მრჩეველი', '3rd-class state counsellor', 'TAB-GE, partly legible', 'uncertain'),
 (8, '2017-07-01', 'VIII კლასი', 'Class VIII', 'მეორე კლასის სახელმწიფო მრჩეველი', '2nd-class state counsellor', 'Inferred from the series', 'uncertain'),
 (9, '2017-07-01', 'IX კლასი', 'Class IX', 'პირველი კლასის სახელმწიფო მრჩეველი', '1st-class state counsellor', 'Inferred from the series', 'uncertain'),
 (10, '2017-07-01', 'X კლასი', 'Class X', 'მესამე კლასის ნამდვილი სახელმწიფო მრჩეველი', '3rd-class actual state counsellor', 'Inferred from the series', 'uncertain'),
 (11, '2017-07-01', 'XI კლასი', 'Class XI', 'მეორე კლასის ნამდვილი სახელმწიფო მრჩეველი', '2nd-class actual state counsellor', 'Inferred from the series', 'uncertain'),
 (12, '2017-07-01', 'XII კლასი', 'Class XII', 'პირველი კლასის ნამდვილი სახელმწიფო მრჩეველი', '1st-class actual state counsellor', 'Inferred from the series', 'uncertain');

-- Placeholders 1.25 % × class (DOMAIN.md §5.2); only XII = 15 % is confirmed.
INSERT INTO class_bonus_rates (class_no, rate, valid_from, legal_source, certainty, created_at) VALUES
 (1, '1.25', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (2, '2.50', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (3, '3.75', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (4, '5.00', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (5, '6.25', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (6, '7.50', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (7, '8.75', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (8, '10.00', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (9, '11.25', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (10, '12.50', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (11, '13.75', '2017-07-01', 'Placeholder (1.25 % × class); replace from the Law on Remuneration', 'uncertain', '2017-07-01T00:00:00Z'),
 (12, '15.00', '2017-07-01', 'EURO: XII = 15 %, the highest', 'confirmed', '2017-07-01T00:00:00Z');

INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty) VALUES
 ('class.upper_from', '7', '2017-07-01', 'Res. 219: classes I–VI and VII–XII have different terms', 'confirmed'),
 ('class.lower.excellent_years', '2', '2017-07-01', 'Res. 219 (BPN, TEL): excellent → one class every 2 years', 'confirmed'),
 ('class.lower.good_years', '3', '2017-07-01', 'Res. 219 (BPN, TEL): at least good → one class every 3 years', 'confirmed'),
 ('class.upper.excellent_years', '3', '2017-07-01', 'Res. 219 for VII–XII, to verify before go-live', 'uncertain'),
 ('class.upper.good_years', '4', '2017-07-01', 'Res. 219 for VII–XII, to verify before go-live', 'uncertain'),
 ('class.skip_unrated_years', '1', '2017-07-01', 'DOMAIN §4.3: a year without a rating is skipped (1) or breaks the streak (0)', 'uncertain'),
 ('class.legal_visa', '1', '2017-07-01', 'Seed 000: the legal department visas the draft (1 = required, 0 = skipped)', 'seeds'),
 ('class.first_paid_after_months', '1', '2017-07-01', 'Seed 000 / DOMAIN §5.4: an order is first paid in the register of the month after its date', 'seeds');
