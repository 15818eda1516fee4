-- Themes become a controlled list that administrators keep (create, rename, merge,
-- delete): free text broke the filters ("démocratie" and "Démocratie" were two themes).
-- Each theme has a name, a slug for its address (/themes/{slug}) and a short description;
-- the slugs a theme had before a rename or a merge keep leading to it (theme_aliases).
-- Today's free-text themes are grouped by their name without accents or case; the server
-- then aligns every slug on `model::slugify` of its name at start (db::themes::align_slugs).

CREATE TABLE themes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE theme_aliases (
    slug     TEXT PRIMARY KEY,
    theme_id BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE
);

CREATE TABLE theme_migration AS
    SELECT DISTINCT theme, lower(trim(theme)) AS slug FROM action_themes;
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, 'à', 'a'), 'â', 'a'), 'ä', 'a'), 'á', 'a'), 'À', 'a'), 'Â', 'a');
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, 'ç', 'c'), 'Ç', 'c'), 'é', 'e'), 'è', 'e'), 'ê', 'e'), 'ë', 'e');
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, 'É', 'e'), 'È', 'e'), 'Ê', 'e'), 'î', 'i'), 'ï', 'i'), 'Î', 'i');
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, 'ô', 'o'), 'ö', 'o'), 'Ô', 'o'), 'ù', 'u'), 'û', 'u'), 'ü', 'u');
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, 'Û', 'u'), 'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), '''', '-'), '’', '-');
UPDATE theme_migration SET slug = replace(replace(replace(replace(replace(replace(slug, ' ', '-'), ',', '-'), '.', '-'), '/', '-'), '--', '-'), '--', '-');
UPDATE theme_migration SET slug = btrim(slug, '-');
UPDATE theme_migration SET slug = 'theme' WHERE slug = '';

INSERT INTO themes (slug, name)
    SELECT slug, upper(substr(MIN(trim(theme)), 1, 1)) || substr(MIN(trim(theme)), 2)
    FROM theme_migration GROUP BY slug;

CREATE TABLE action_themes_new (
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    theme_id  BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, theme_id)
);
INSERT INTO action_themes_new (action_id, position, theme_id)
    SELECT a.action_id, MIN(a.position), t.id
    FROM action_themes a
    JOIN theme_migration m ON m.theme = a.theme
    JOIN themes t ON t.slug = m.slug
    GROUP BY a.action_id, t.id;
DROP TABLE theme_migration;
DROP TABLE action_themes;
ALTER TABLE action_themes_new RENAME TO action_themes;
CREATE INDEX action_themes_theme ON action_themes (theme_id, action_id);

-- The triggers of migrations 0009 (public pages) and 0011 (search) went with the old table.
CREATE TRIGGER action_themes_public AFTER INSERT OR UPDATE OR DELETE ON action_themes
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();
CREATE TRIGGER action_themes_search AFTER INSERT OR UPDATE OR DELETE ON action_themes
    FOR EACH ROW EXECUTE FUNCTION search_mark_part();

-- A theme's name is shown on sheets and indexed for search.
CREATE FUNCTION search_mark_theme() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_stale (action_id)
        SELECT action_id FROM action_themes WHERE theme_id = NEW.id ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER themes_public AFTER INSERT OR UPDATE OR DELETE ON themes
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();
CREATE TRIGGER themes_search AFTER UPDATE ON themes
    FOR EACH ROW EXECUTE FUNCTION search_mark_theme();

-- The themes of each indexed sheet, for the theme filter: ids separated by spaces.
ALTER TABLE search_sheets ADD COLUMN themes TEXT NOT NULL DEFAULT '';
INSERT INTO search_stale (action_id) SELECT id FROM actions ON CONFLICT DO NOTHING;
