-- Indicators with their targets, observations from Kolada and elsewhere, the Kolada
-- catalogue kept per tenant, and the progress of Kolada syncs.

CREATE TABLE indicators (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    unit TEXT,
    decimals BIGINT NOT NULL,
    direction TEXT NOT NULL,
    band_low DOUBLE PRECISION,
    band_high DOUBLE PRECISION,
    source TEXT NOT NULL,
    kolada_kpi TEXT,
    divided_by_gender BOOLEAN NOT NULL,
    responsible_unit BIGINT REFERENCES org_units (id),
    version BIGINT NOT NULL
);
CREATE INDEX indicators_tenant ON indicators (tenant_id, name);

CREATE TABLE indicator_goals (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (indicator_id, goal_id)
);
CREATE INDEX indicator_goals_goal ON indicator_goals (goal_id);

CREATE TABLE targets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    indicator_id BIGINT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    target_year BIGINT NOT NULL,
    comparator TEXT NOT NULL,
    target_value DOUBLE PRECISION NOT NULL,
    base_year BIGINT,
    base_value DOUBLE PRECISION,
    is_final BOOLEAN NOT NULL,
    text_target_id BIGINT REFERENCES text_targets (id) ON DELETE SET NULL,
    version BIGINT NOT NULL,
    UNIQUE (indicator_id, target_year)
);

-- Observations arrive by the million, so tenant_id has no foreign key: checking it
-- per row costs a third of an import on PostgreSQL, and the store only ever writes
-- tenant ids it has read from `tenants`, which are never deleted.
CREATE TABLE observations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL,
    series TEXT NOT NULL,
    area TEXT NOT NULL,
    period BIGINT NOT NULL,
    gender TEXT NOT NULL,
    value DOUBLE PRECISION,
    status TEXT,
    member_count BIGINT,
    source TEXT NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    published DATE,
    UNIQUE (tenant_id, series, area, period, gender)
);

CREATE TABLE kolada_kpis (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    divided_by_gender BOOLEAN NOT NULL,
    municipality_type TEXT,
    operating_area TEXT,
    publication_date TEXT,
    publ_period TEXT,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE kolada_areas (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE kolada_groups (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    members JSONB NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The Kolada groups a tenant compares itself with, besides the whole country.
CREATE TABLE comparison_groups (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    group_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_id)
);

-- A sync is a list of chunks (at most 25 KPIs × 25 areas); each chunk is marked when
-- all its pages are stored, so a sync cut off half way resumes at the first chunk not
-- done. `fingerprint` identifies the work list, so only the same sync is resumed.
CREATE TABLE sync_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    fingerprint TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

CREATE TABLE sync_chunks (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    run_id BIGINT NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    chunk TEXT NOT NULL,
    done_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, chunk)
);
