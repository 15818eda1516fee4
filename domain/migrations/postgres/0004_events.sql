-- "Participer": events of an action, residents' registrations (no account), and the
-- queue of outgoing mail (written in the transaction that causes it, sent by the
-- background task, retried until it goes).

CREATE TABLE events (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id         BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description       TEXT NOT NULL DEFAULT '',
    starts_at         TIMESTAMPTZ NOT NULL,
    ends_at           TIMESTAMPTZ NOT NULL,
    place             TEXT NOT NULL,
    -- In people; NULL means no limit.
    capacity          BIGINT CHECK (capacity IS NULL OR capacity > 0),
    signup_deadline   TIMESTAMPTZ NOT NULL,
    -- 'open' or 'closed' (sign-ups stopped by a référent) or 'cancelled'. "Complet" and
    -- "closed by the deadline" are derived, not stored.
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    -- People counted by the sign-up transactions: the capacity guard.
    confirmed_people  BIGINT NOT NULL DEFAULT 0 CHECK (confirmed_people >= 0),
    waitlisted_people BIGINT NOT NULL DEFAULT 0 CHECK (waitlisted_people >= 0),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    CHECK (capacity IS NULL OR confirmed_people <= capacity)
);
CREATE INDEX events_action ON events (action_id, starts_at);

CREATE TABLE registrations (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL,
    -- Trimmed, lowercased email: one active registration per address and event.
    email_key          TEXT NOT NULL,
    people             BIGINT NOT NULL CHECK (people BETWEEN 1 AND 10),
    message            TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    created_at         TIMESTAMPTZ NOT NULL,
    confirmed_at       TIMESTAMPTZ,
    cancelled_at       TIMESTAMPTZ,
    reminder_queued_at TIMESTAMPTZ,
    anonymised_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX registrations_one_per_email
    ON registrations (event_id, email_key) WHERE status <> 'cancelled';
CREATE INDEX registrations_event ON registrations (event_id, status, id);

-- Personal links (to see or cancel one's registration): only the SHA-256 of each token is
-- kept; the token itself is only in the person's emails. Each email carries its own.
CREATE TABLE registration_tokens (
    token_hash      TEXT PRIMARY KEY,
    registration_id BIGINT NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX registration_tokens_registration ON registration_tokens (registration_id);

CREATE TABLE mail_queue (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id BIGINT REFERENCES registrations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT,
    ics             TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until   TIMESTAMPTZ,
    attempts        BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_queue_pending ON mail_queue (next_attempt_at) WHERE sent_at IS NULL;
