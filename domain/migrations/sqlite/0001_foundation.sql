-- Organisations, actions (fiches action), their sections, themes and gallery.
-- Timestamps are RFC 3339 text (what sqlx's chrono support reads and writes on SQLite).

CREATE TABLE organisations (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('social_centre', 'social_life_space', 'federation', 'association')),
    postal_code  TEXT NOT NULL CHECK (length(postal_code) = 5),
    city         TEXT NOT NULL,
    departement  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE actions (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE RESTRICT,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    quote           TEXT NOT NULL DEFAULT '',
    quote_author    TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    start_date      TEXT,
    status          TEXT NOT NULL DEFAULT 'preparing' CHECK (status IN ('preparing', 'in_progress', 'finished')),
    progress        INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    referent_name   TEXT NOT NULL DEFAULT '',
    published       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX actions_published_created ON actions (published, created_at DESC);
CREATE INDEX actions_organisation ON actions (organisation_id);

CREATE TABLE action_themes (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    theme     TEXT NOT NULL,
    PRIMARY KEY (action_id, theme)
);

CREATE TABLE action_sections (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    question  TEXT NOT NULL,
    answer    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX action_sections_action ON action_sections (action_id, position);

CREATE TABLE gallery_images (
    id           INTEGER PRIMARY KEY,
    action_id    INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    thumb_name   TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    thumb_width  INTEGER NOT NULL,
    thumb_height INTEGER NOT NULL,
    alt_text     TEXT NOT NULL
);
CREATE INDEX gallery_images_action ON gallery_images (action_id, position);

-- One row: bumped by every edit of public content, so that every app server drops its
-- rendered-page cache (see backend::page_cache).
CREATE TABLE content_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO content_generation (id, generation) VALUES (1, 1);
