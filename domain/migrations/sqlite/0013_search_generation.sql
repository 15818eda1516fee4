-- The generation of the search facts: every change to `search_sheets` (re-indexing, a sheet
-- deleted) moves it in the same transaction, so a server holding the facts in memory
-- (backend::search::facts) knows from one read whether its copy is still current.
CREATE TABLE search_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO search_generation (id, value) VALUES (1, 1);

CREATE TRIGGER search_sheets_generation_insert AFTER INSERT ON search_sheets
BEGIN UPDATE search_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER search_sheets_generation_update AFTER UPDATE ON search_sheets
BEGIN UPDATE search_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER search_sheets_generation_delete AFTER DELETE ON search_sheets
BEGIN UPDATE search_generation SET value = value + 1 WHERE id = 1; END;
