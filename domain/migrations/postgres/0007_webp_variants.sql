-- Uploaded photos also have WebP variants (`name-960.webp` next to `name-960.jpg`).
ALTER TABLE gallery_images ADD COLUMN has_webp BOOLEAN NOT NULL DEFAULT FALSE;
