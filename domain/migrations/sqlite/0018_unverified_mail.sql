-- One budget per recipient for mail to addresses that have not proven they are theirs
-- (services::outreach). An address is known by the SHA-256 of its normalised form, never
-- kept in clear here.
CREATE TABLE mail_recipients (
    address_key TEXT PRIMARY KEY,
    -- When its owner first opened a link mailed to it; mail to it is then not capped.
    proven_at   TEXT,
    -- The day (Europe/Paris, YYYY-MM-DD) the count below is for.
    budget_day  TEXT NOT NULL,
    budget_used INTEGER NOT NULL DEFAULT 0
);

-- Which address a queued message goes to, in the same form: to merge follow confirmations
-- of one day into one message and keep quiet periods.
ALTER TABLE mail_queue ADD COLUMN recipient_key TEXT;
CREATE INDEX mail_queue_recipient ON mail_queue (recipient_key, kind, created_at);
