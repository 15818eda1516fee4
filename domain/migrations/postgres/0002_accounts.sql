-- Accounts (administrators and référents), who is référent of what, sessions, login
-- attempts (rate limits), the change history of sheets, and progress updates.

CREATE TABLE accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,          -- stored trimmed and lowercased
    display_name  TEXT NOT NULL,
    password_hash TEXT,                          -- NULL until the person chooses one
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE action_referents (
    action_id  BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, account_id)
);
CREATE INDEX action_referents_account ON action_referents (account_id);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Failed logins, per IP and per account, for rate limiting across servers.
CREATE TABLE login_failures (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope  TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures (scope, at);

-- Every saved change of a sheet: who, when, which part, before and after.
CREATE TABLE action_changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id  BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    part       TEXT NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_changes_action ON action_changes (action_id, at DESC);

-- "Où en est-on ?": dated progress updates posted by référents.
CREATE TABLE progress_updates (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id  BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    happened_on DATE NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX progress_updates_action ON progress_updates (action_id, happened_on DESC);
