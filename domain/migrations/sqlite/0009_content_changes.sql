-- Public content marks itself changed: every write to a table that public pages show bumps
-- the content generation in the same transaction, so every app server drops its rendered
-- pages (backend::page_cache) without any code path having to remember it. Accounts count
-- only for what sheets show of them (the name of a référent, a disabled account).

CREATE TRIGGER organisations_public_insert AFTER INSERT ON organisations
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER organisations_public_update AFTER UPDATE ON organisations
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER organisations_public_delete AFTER DELETE ON organisations
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER actions_public_insert AFTER INSERT ON actions
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER actions_public_update AFTER UPDATE ON actions
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER actions_public_delete AFTER DELETE ON actions
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_themes_public_insert AFTER INSERT ON action_themes
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_themes_public_update AFTER UPDATE ON action_themes
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_themes_public_delete AFTER DELETE ON action_themes
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_sections_public_insert AFTER INSERT ON action_sections
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_sections_public_update AFTER UPDATE ON action_sections
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_sections_public_delete AFTER DELETE ON action_sections
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_images_public_insert AFTER INSERT ON gallery_images
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_images_public_update AFTER UPDATE ON gallery_images
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_images_public_delete AFTER DELETE ON gallery_images
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_referents_public_insert AFTER INSERT ON action_referents
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_referents_public_update AFTER UPDATE ON action_referents
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER action_referents_public_delete AFTER DELETE ON action_referents
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER progress_updates_public_insert AFTER INSERT ON progress_updates
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER progress_updates_public_update AFTER UPDATE ON progress_updates
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER progress_updates_public_delete AFTER DELETE ON progress_updates
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER events_public_insert AFTER INSERT ON events
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER events_public_update AFTER UPDATE ON events
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER events_public_delete AFTER DELETE ON events
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER accounts_public_update AFTER UPDATE OF display_name, disabled ON accounts
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;

CREATE TRIGGER accounts_public_delete AFTER DELETE ON accounts
BEGIN UPDATE content_generation SET generation = generation + 1 WHERE id = 1; END;
