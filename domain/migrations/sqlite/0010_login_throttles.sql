-- Login and password-link attempts: one counter per account, per client address and per
-- known browser, written once per attempt and not at all while its clients wait (the
-- per-attempt rows of login_failures took two inserts and two counts, even when refused).
DROP TABLE login_failures;

CREATE TABLE login_throttles (
    scope         TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    -- the last attempt, or the end of the wait; the counter starts over a window later
    last_at       TEXT NOT NULL,
    blocked_until TEXT
);
CREATE INDEX login_throttles_last_at ON login_throttles (last_at);

-- Browsers that signed in to an account (OWASP's device cookies): they keep their own
-- counter, so an attack on an account does not lock its owner out.
CREATE TABLE trusted_devices (
    token_hash   TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    PRIMARY KEY (token_hash, account_id)
);
CREATE INDEX trusted_devices_last_used_at ON trusted_devices (last_used_at);
