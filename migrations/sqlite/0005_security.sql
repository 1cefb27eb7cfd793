-- Security hardening (issue 12). Portable SQL.

-- The addresses an account signed in from successfully: a lock that other addresses caused
-- does not stop the owner at one of these (domain::throttle).
CREATE TABLE sign_in_addresses (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    client_addr     TEXT NOT NULL,
    last_success_at TEXT NOT NULL,
    PRIMARY KEY (user_id, client_addr)
);

-- Optimistic concurrency: every editable record carries a revision. A form sends the revision
-- it was loaded with; a change made meanwhile by someone else makes it stale, and the server
-- refuses it (409) instead of overwriting. The audit row of each change records the revision
-- it produced, which is how a refusal says who changed what since.
ALTER TABLE employees ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
-- The file's entries (education, work history, documents) change apart from its details.
ALTER TABLE employees ADD COLUMN entries_revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE positions ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE org_units ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE evaluation_methods ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
-- Settings kept as effective-dated rows change as a whole.
CREATE TABLE settings_revisions (
    name     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
);
INSERT INTO settings_revisions (name, revision) VALUES ('class_settings', 1);
