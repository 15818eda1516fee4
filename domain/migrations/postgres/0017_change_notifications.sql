-- Changes pushed to every app server: each new content generation (migration 0009) is
-- announced on the channel `passeurs_changes`, delivered by PostgreSQL when the changing
-- transaction commits. Each server listens (backend::page_cache) and drops its rendered
-- pages at once instead of waiting for its next poll. The payload is the generation.
CREATE FUNCTION announce_content_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('passeurs_changes', NEW.generation::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER content_generation_announced AFTER UPDATE ON content_generation
    FOR EACH ROW EXECUTE FUNCTION announce_content_generation();
