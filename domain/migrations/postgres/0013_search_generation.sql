-- The generation of the search facts: every change to `search_sheets` (re-indexing, a sheet
-- deleted) moves it in the same transaction, so a server holding the facts in memory
-- (backend::search::facts) knows from one read whether its copy is still current.
CREATE TABLE search_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO search_generation (id, value) VALUES (1, 1);

CREATE FUNCTION search_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_generation SET value = value + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

-- For each row actually written: an upsert that finds nothing to change moves nothing
-- (a statement-level trigger would fire for it too).
CREATE TRIGGER search_sheets_generation AFTER INSERT OR UPDATE OR DELETE ON search_sheets
    FOR EACH ROW EXECUTE FUNCTION search_generation_bump();
