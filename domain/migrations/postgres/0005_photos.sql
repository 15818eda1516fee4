-- Photos uploaded by référents: a caption, the cover choice, the medium-size variant, and
-- the private original (kept, never served). A photo without alt text is not shown to
-- visitors yet. Files live in the media storage (local folder or S3 bucket).
ALTER TABLE gallery_images ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE gallery_images ADD COLUMN is_cover BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE gallery_images ADD COLUMN medium_name TEXT;
ALTER TABLE gallery_images ADD COLUMN medium_width INTEGER;
ALTER TABLE gallery_images ADD COLUMN original_name TEXT;
ALTER TABLE gallery_images ADD COLUMN uploaded_at TIMESTAMPTZ;
CREATE UNIQUE INDEX gallery_images_one_cover ON gallery_images (action_id) WHERE is_cover;
