-- Indicators with their targets, observations from Kolada and elsewhere, the Kolada
-- catalogue kept per tenant, and the progress of Kolada syncs.

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    unit TEXT,
    decimals INTEGER NOT NULL,
    direction TEXT NOT NULL,
    band_low REAL,
    band_high REAL,
    source TEXT NOT NULL,
    kolada_kpi TEXT,
    divided_by_gender INTEGER NOT NULL,
    responsible_unit INTEGER REFERENCES org_units (id),
    version INTEGER NOT NULL
);
CREATE INDEX indicators_tenant ON indicators (tenant_id, name);

CREATE TABLE indicator_goals (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    weight REAL NOT NULL,
    PRIMARY KEY (indicator_id, goal_id)
);
CREATE INDEX indicator_goals_goal ON indicator_goals (goal_id);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    indicator_id INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    target_year INTEGER NOT NULL,
    comparator TEXT NOT NULL,
    target_value REAL NOT NULL,
    base_year INTEGER,
    base_value REAL,
    is_final INTEGER NOT NULL,
    text_target_id INTEGER REFERENCES text_targets (id) ON DELETE SET NULL,
    version INTEGER NOT NULL,
    UNIQUE (indicator_id, target_year)
);

-- Observations arrive by the million, so tenant_id has no foreign key: checking it
-- per row costs a third of an import on PostgreSQL, and the store only ever writes
-- tenant ids it has read from `tenants`, which are never deleted.
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL,
    series TEXT NOT NULL,
    area TEXT NOT NULL,
    period INTEGER NOT NULL,
    gender TEXT NOT NULL,
    value REAL,
    status TEXT,
    member_count INTEGER,
    source TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    published TEXT,
    UNIQUE (tenant_id, series, area, period, gender)
);

CREATE TABLE kolada_kpis (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    divided_by_gender INTEGER NOT NULL,
    municipality_type TEXT,
    operating_area TEXT,
    publication_date TEXT,
    publ_period TEXT,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE kolada_areas (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE kolada_groups (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    members TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The Kolada groups a tenant compares itself with, besides the whole country.
CREATE TABLE comparison_groups (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    group_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id)
);

-- A sync is a list of chunks (at most 25 KPIs × 25 areas); each chunk is marked when
-- all its pages are stored, so a sync cut off half way resumes at the first chunk not
-- done. `fingerprint` identifies the work list, so only the same sync is resumed.
CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    fingerprint TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
);

CREATE TABLE sync_chunks (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    run_id INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    chunk TEXT NOT NULL,
    done_at TEXT NOT NULL,
    PRIMARY KEY (run_id, chunk)
);
