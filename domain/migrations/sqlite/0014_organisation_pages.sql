-- Organisations get a page, /organisations/{slug}. Existing rows receive their slug from
-- their name at startup (`organisations::fill_missing_slugs`, in Rust, which folds accents
-- the way every other slug is made); new rows get one when created.
ALTER TABLE organisations ADD COLUMN slug TEXT;
CREATE UNIQUE INDEX organisations_slug ON organisations (slug);
-- Territory pages list a département's organisations.
CREATE INDEX organisations_departement ON organisations (departement, name);
-- The agenda and the home page list every event to come, soonest first.
CREATE INDEX events_starts ON events (starts_at);
