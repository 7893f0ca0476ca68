-- A number that every committed write raises, so that a server can keep what it has
-- rendered from the data until the data changes, even when another process (the
-- command line, a second server) is the one that wrote.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
