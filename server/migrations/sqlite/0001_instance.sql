-- One row describing this installation; the readiness probe reads it.
CREATE TABLE instance (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    created_at BIGINT NOT NULL
);

INSERT INTO instance (id, created_at)
VALUES (1, CAST(unixepoch('subsec') * 1000 AS BIGINT));
