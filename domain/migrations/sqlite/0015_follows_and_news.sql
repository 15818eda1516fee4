-- "Suivre" without an account, and what is new on the platform.
--
-- news_items: every piece of news of a published sheet (a progress update, a new event, a
-- status change, the sheet's publication), written by triggers in the transaction of the
-- change itself, so no code path can forget one. Atom feeds read it; the background task
-- mails it to followers (at once, or in the Monday digest).
--
-- followers / follows: a person is an email address (no account); each follow names what
-- is followed as one scope key ('action:12', 'organisation:3', 'departement:44',
-- 'region:52', 'theme:7') and its rhythm. A follow is confirmed by its emailed link; an
-- unconfirmed one is forgotten after 7 days, and a person with no follow left is deleted.
-- follow_tokens keeps only the SHA-256 of each link's token (confirm, manage, stop).
-- follow_deliveries records each item sent to each person: once, however many app
-- servers and however many of the person's follows match it.

CREATE TABLE news_items (
    id            INTEGER PRIMARY KEY,
    action_id     INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('update', 'event', 'status', 'published')),
    -- The progress update or the event, for those kinds.
    ref_id        INTEGER,
    -- The new status, for 'status'.
    status        TEXT,
    created_at    TEXT NOT NULL,
    -- When the immediate messages of this item were queued (claimed by one server).
    dispatched_at TEXT
);
CREATE INDEX news_items_action ON news_items (action_id, created_at);
CREATE INDEX news_items_created ON news_items (created_at);
CREATE INDEX news_items_undispatched ON news_items (id) WHERE dispatched_at IS NULL;

-- What existed before: in the feeds, never mailed.
INSERT INTO news_items (action_id, kind, ref_id, created_at, dispatched_at)
    SELECT a.id, 'published', NULL, a.created_at, a.created_at FROM actions a WHERE a.published;
INSERT INTO news_items (action_id, kind, ref_id, created_at, dispatched_at)
    SELECT u.action_id, 'update', u.id, u.created_at, u.created_at
    FROM progress_updates u JOIN actions a ON a.id = u.action_id WHERE a.published;
INSERT INTO news_items (action_id, kind, ref_id, created_at, dispatched_at)
    SELECT e.action_id, 'event', e.id, e.created_at, e.created_at
    FROM events e JOIN actions a ON a.id = e.action_id WHERE a.published;

CREATE TRIGGER progress_updates_news AFTER INSERT ON progress_updates
WHEN (SELECT published FROM actions WHERE id = NEW.action_id)
BEGIN
    INSERT INTO news_items (action_id, kind, ref_id, created_at)
    VALUES (NEW.action_id, 'update', NEW.id, NEW.created_at);
END;

CREATE TRIGGER events_news AFTER INSERT ON events
WHEN (SELECT published FROM actions WHERE id = NEW.action_id)
BEGIN
    INSERT INTO news_items (action_id, kind, ref_id, created_at)
    VALUES (NEW.action_id, 'event', NEW.id, NEW.created_at);
END;

CREATE TRIGGER actions_status_news AFTER UPDATE OF status ON actions
WHEN OLD.status <> NEW.status AND NEW.published
BEGIN
    INSERT INTO news_items (action_id, kind, status, created_at)
    VALUES (NEW.id, 'status', NEW.status, NEW.updated_at);
END;

-- Published again after being withdrawn: not news (it was announced the first time).
CREATE TRIGGER actions_published_news AFTER UPDATE OF published ON actions
WHEN NEW.published AND NOT OLD.published
     AND NOT EXISTS (SELECT 1 FROM news_items WHERE action_id = NEW.id AND kind = 'published')
BEGIN
    INSERT INTO news_items (action_id, kind, created_at)
    VALUES (NEW.id, 'published', NEW.updated_at);
END;

CREATE TRIGGER actions_insert_news AFTER INSERT ON actions
WHEN NEW.published
BEGIN
    INSERT INTO news_items (action_id, kind, created_at)
    VALUES (NEW.id, 'published', NEW.created_at);
END;

CREATE TABLE followers (
    id          INTEGER PRIMARY KEY,
    email       TEXT NOT NULL,
    -- Trimmed, lowercased: one person per address.
    email_key   TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    -- The Monday 8:00 (Europe/Paris) of the last digest claimed for this person.
    digest_slot TEXT
);

CREATE TABLE follows (
    id           INTEGER PRIMARY KEY,
    follower_id  INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
    scope        TEXT NOT NULL,
    rhythm       TEXT NOT NULL CHECK (rhythm IN ('immediate', 'weekly')),
    created_at   TEXT NOT NULL,
    confirmed_at TEXT,
    -- When the rhythm last changed (NULL: never). News from before a switch to
    -- 'immediate' still goes in the next digest.
    rhythm_since TEXT,
    UNIQUE (follower_id, scope)
);
CREATE INDEX follows_scope ON follows (scope, rhythm);
CREATE INDEX follows_unconfirmed ON follows (created_at) WHERE confirmed_at IS NULL;

CREATE TABLE follow_tokens (
    token_hash  TEXT PRIMARY KEY,
    follower_id INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
    follow_id   INTEGER REFERENCES follows (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('confirm', 'manage', 'stop')),
    created_at  TEXT NOT NULL
);
CREATE INDEX follow_tokens_follower ON follow_tokens (follower_id);
CREATE INDEX follow_tokens_follow ON follow_tokens (follow_id);

CREATE TABLE follow_deliveries (
    follower_id INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
    item_id     INTEGER NOT NULL REFERENCES news_items (id) ON DELETE CASCADE,
    PRIMARY KEY (follower_id, item_id)
);
CREATE INDEX follow_deliveries_item ON follow_deliveries (item_id);

-- Calendars: SEQUENCE grows with every rewrite of an event (RFC 5545).
ALTER TABLE events ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

-- Messages to followers carry List-Unsubscribe (RFC 8058): the one-click address.
ALTER TABLE mail_queue ADD COLUMN list_unsubscribe TEXT;
