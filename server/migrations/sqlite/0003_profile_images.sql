-- Profile pictures people upload, stored with the rest of the instance's data so that
-- a backup holds everything and every instance behind a load balancer can serve them.
-- A new upload gets a new id, so a picture's URL never changes meaning and can be cached.

CREATE TABLE profile_images (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX profile_images_by_user ON profile_images (user_id);
