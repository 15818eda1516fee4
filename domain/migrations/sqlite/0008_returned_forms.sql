-- Forms refused without JavaScript: what was typed and why it was refused, kept a few
-- minutes for the page the person is sent back to (the address carries only a random key;
-- its SHA-256 is the primary key). Deleted once shown, purged when expired.
CREATE TABLE returned_forms (
    key_hash   TEXT PRIMARY KEY,
    payload    TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX returned_forms_expiry ON returned_forms (expires_at);
