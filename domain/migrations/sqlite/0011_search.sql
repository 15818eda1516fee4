-- Search: the tokens of every sheet (made in Rust by backend::search::tokens, the same on
-- both databases) with the sheet's weight for each, and the words they came from (for
-- "Vouliez-vous dire… ?"). The B-tree on (term, action_id) is the inverted index; ranking
-- is the sum of the weights, computed by the same SQL on SQLite and PostgreSQL.
CREATE TABLE search_terms (
    term      TEXT NOT NULL,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    weight    INTEGER NOT NULL,
    PRIMARY KEY (term, action_id)
) WITHOUT ROWID;
CREATE INDEX search_terms_action ON search_terms (action_id);

-- Every word ever indexed, without accents (`folded`), as written (`display`), with its
-- token; looked up by first letter and length for suggestions.
CREATE TABLE search_vocabulary (
    folded  TEXT PRIMARY KEY,
    display TEXT NOT NULL,
    stem    TEXT NOT NULL,
    initial TEXT NOT NULL,
    letters INTEGER NOT NULL
);
CREATE INDEX search_vocabulary_lookup ON search_vocabulary (initial, letters);

-- What the filters and the ranking read of each indexed sheet, in narrow rows (the sheet's
-- own row is wide: reading ten thousand of them is what a common word would cost).
CREATE TABLE search_sheets (
    action_id   INTEGER PRIMARY KEY REFERENCES actions (id) ON DELETE CASCADE,
    -- last change, whole seconds since 1970
    updated     BIGINT NOT NULL,
    departement TEXT NOT NULL,
    status      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    -- the start of its last event not cancelled, and the last sign-up deadline of its open
    -- events with places left (whole seconds; 0 when none): "an event to come" and
    -- "places left" are then comparisons with the time of the search
    last_event  BIGINT NOT NULL,
    last_open   BIGINT NOT NULL
);

-- Sheets whose indexed text changed: marked by the triggers below in the transaction of the
-- change, re-indexed by the service before that same transaction commits.
CREATE TABLE search_stale (action_id INTEGER PRIMARY KEY);
INSERT INTO search_stale (action_id) SELECT id FROM actions;

CREATE TRIGGER actions_search_insert AFTER INSERT ON actions
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.id); END;
CREATE TRIGGER actions_search_update
AFTER UPDATE OF title, quote, quote_author, summary, status, published, organisation_id, updated_at ON actions
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.id); END;

CREATE TRIGGER action_themes_search_insert AFTER INSERT ON action_themes
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER action_themes_search_update AFTER UPDATE ON action_themes
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER action_themes_search_delete AFTER DELETE ON action_themes
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (OLD.action_id); END;

CREATE TRIGGER action_sections_search_insert AFTER INSERT ON action_sections
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER action_sections_search_update AFTER UPDATE ON action_sections
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER action_sections_search_delete AFTER DELETE ON action_sections
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (OLD.action_id); END;

CREATE TRIGGER events_search_insert AFTER INSERT ON events
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER events_search_update
AFTER UPDATE OF title, description, place, starts_at, ends_at, status, signup_deadline ON events
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
-- A sign-up re-indexes only when it fills an event, or a cancellation frees its first place.
CREATE TRIGGER events_search_fullness AFTER UPDATE OF confirmed_people, capacity ON events
WHEN (OLD.capacity IS NULL OR OLD.confirmed_people < OLD.capacity)
     <> (NEW.capacity IS NULL OR NEW.confirmed_people < NEW.capacity)
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (NEW.action_id); END;
CREATE TRIGGER events_search_delete AFTER DELETE ON events
BEGIN INSERT OR IGNORE INTO search_stale (action_id) VALUES (OLD.action_id); END;

CREATE TRIGGER organisations_search_update
AFTER UPDATE OF name, kind, city, postal_code, departement ON organisations
BEGIN INSERT OR IGNORE INTO search_stale (action_id) SELECT id FROM actions WHERE organisation_id = NEW.id; END;
