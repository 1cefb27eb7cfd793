-- Security hardening (issue 12). Portable SQL.

-- The addresses an account signed in from successfully: a lock that other addresses caused
-- does not stop the owner at one of these (domain::throttle).
CREATE TABLE sign_in_addresses (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    client_addr     TEXT NOT NULL,
    last_success_at TEXT NOT NULL,
    PRIMARY KEY (user_id, client_addr)
);
