-- Visits from paper: the QR codes of the printed sheet, the posters and the flyers carry
-- `?src=fiche|affiche|flyer`; each such visit adds one here, per sheet and source — no
-- cookie, no address, no time, nothing about the visitor. Référents see the counts.
CREATE TABLE paper_visits (
    action_id INTEGER NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    source    TEXT NOT NULL CHECK (source IN ('fiche', 'affiche', 'flyer')),
    visits    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (action_id, source)
);
