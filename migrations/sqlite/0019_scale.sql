-- Work that many requests share, and searches that do not scan (issue 17).

-- The structure's revision: every change of what the structure on a day is made of (units and
-- their events, positions, who holds them, categories, the names of the people in them) bumps
-- it in the same transaction, so a value computed from the structure is reused until then.
CREATE TABLE structure_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO structure_revision (id, revision) VALUES (1, 1);

CREATE TRIGGER structure_units_insert AFTER INSERT ON org_units
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_units_update AFTER UPDATE ON org_units
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_units_delete AFTER DELETE ON org_units
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_unit_events_insert AFTER INSERT ON org_unit_events
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_unit_events_update AFTER UPDATE ON org_unit_events
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_unit_events_delete AFTER DELETE ON org_unit_events
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_positions_insert AFTER INSERT ON positions
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_positions_update AFTER UPDATE ON positions
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_positions_delete AFTER DELETE ON positions
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_assignments_insert AFTER INSERT ON assignments
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_assignments_update AFTER UPDATE ON assignments
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_assignments_delete AFTER DELETE ON assignments
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_terms_insert AFTER INSERT ON position_terms
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_terms_update AFTER UPDATE ON position_terms
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_terms_delete AFTER DELETE ON position_terms
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_categories_insert AFTER INSERT ON position_categories
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_categories_update AFTER UPDATE ON position_categories
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_institutions_update AFTER UPDATE ON institutions
BEGIN UPDATE structure_revision SET revision = revision + 1; END;
CREATE TRIGGER structure_names_update
AFTER UPDATE OF first_name_ka, last_name_ka, first_name_en, last_name_en ON employees
BEGIN UPDATE structure_revision SET revision = revision + 1; END;

-- Name search by trigram: any three or more letters of a name or personal number find it
-- through an index instead of a scan of every file.
CREATE VIRTUAL TABLE employee_names USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO employee_names (rowid, text)
SELECT id, personal_number || ' ' || first_name_ka || ' ' || last_name_ka || ' '
           || first_name_en || ' ' || last_name_en
FROM employees;
CREATE TRIGGER employee_names_insert AFTER INSERT ON employees
BEGIN
    INSERT INTO employee_names (rowid, text) VALUES (new.id, new.personal_number || ' '
        || new.first_name_ka || ' ' || new.last_name_ka || ' ' || new.first_name_en || ' '
        || new.last_name_en);
END;
CREATE TRIGGER employee_names_update
AFTER UPDATE OF personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en ON employees
BEGIN
    DELETE FROM employee_names WHERE rowid = old.id;
    INSERT INTO employee_names (rowid, text) VALUES (new.id, new.personal_number || ' '
        || new.first_name_ka || ' ' || new.last_name_ka || ' ' || new.first_name_en || ' '
        || new.last_name_en);
END;
CREATE TRIGGER employee_names_delete AFTER DELETE ON employees
BEGIN
    DELETE FROM employee_names WHERE rowid = old.id;
END;

-- The list's sorts and the day's assignment of each person.
CREATE INDEX employees_name ON employees(last_name_ka, first_name_ka, id);
DROP INDEX employees_last_name;
CREATE INDEX employees_birth_date ON employees(birth_date, id);
CREATE INDEX assignments_employee_start ON assignments(employee_id, start_date);
DROP INDEX assignments_employee;
CREATE INDEX positions_unit_valid ON positions(unit_id, valid_from);
