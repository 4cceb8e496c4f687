-- Saved explorer filters: a name and a query in the explorer's filter language, kept with the
-- workspace so every researcher who opens it sees the same views.
CREATE TABLE saved_filters (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  query      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
