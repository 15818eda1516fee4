-- Photos attached to a progress update ("Où en est-on ?") rather than to the gallery.
ALTER TABLE gallery_images ADD COLUMN update_id INTEGER REFERENCES progress_updates (id) ON DELETE CASCADE;
CREATE INDEX gallery_images_update ON gallery_images (update_id);
