-- Public content marks itself changed: every write to a table that public pages show bumps
-- the content generation in the same transaction, so every app server drops its rendered
-- pages (backend::page_cache) without any code path having to remember it. Accounts count
-- only for what sheets show of them (the name of a référent, a disabled account).

CREATE FUNCTION mark_public_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_generation SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER organisations_public AFTER INSERT OR UPDATE OR DELETE ON organisations
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER actions_public AFTER INSERT OR UPDATE OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER action_themes_public AFTER INSERT OR UPDATE OR DELETE ON action_themes
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER action_sections_public AFTER INSERT OR UPDATE OR DELETE ON action_sections
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER gallery_images_public AFTER INSERT OR UPDATE OR DELETE ON gallery_images
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER action_referents_public AFTER INSERT OR UPDATE OR DELETE ON action_referents
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER progress_updates_public AFTER INSERT OR UPDATE OR DELETE ON progress_updates
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER events_public AFTER INSERT OR UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();

CREATE TRIGGER accounts_public AFTER UPDATE OF display_name, disabled OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION mark_public_content_changed();
