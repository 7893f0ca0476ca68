-- The plan model: tenants, organisation, plans, goals, commitments, text targets and
-- the audit trail. Every table but tenants carries tenant_id, as on SQLite.

CREATE TABLE tenants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kolada_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE org_units (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    parent_id BIGINT REFERENCES org_units (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX org_units_parent ON org_units (parent_id);

CREATE TABLE plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    title TEXT NOT NULL,
    first_year BIGINT NOT NULL,
    last_year BIGINT NOT NULL,
    status TEXT NOT NULL,
    decided_by TEXT,
    decided_on DATE,
    case_number TEXT,
    source_name TEXT,
    source_sha256 TEXT,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, title)
);

CREATE TABLE goals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES goals (id),
    code TEXT NOT NULL,
    short_name TEXT,
    statement TEXT NOT NULL,
    heading TEXT,
    category TEXT,
    level TEXT NOT NULL,
    political_text TEXT NOT NULL,
    agenda2030 JSONB NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (plan_id, code)
);
CREATE INDEX goals_parent ON goals (parent_id);

CREATE TABLE goal_units (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    PRIMARY KEY (goal_id, org_unit_id)
);
CREATE INDEX goal_units_org_unit ON goal_units (org_unit_id);

CREATE TABLE commitments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX commitments_goal ON commitments (goal_id, position);

CREATE TABLE text_targets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    comparator TEXT,
    target_value DOUBLE PRECISION,
    unit TEXT,
    target_year BIGINT,
    version BIGINT NOT NULL
);
CREATE INDEX text_targets_goal ON text_targets (goal_id, position);

-- No foreign key to the entity: the trail must outlive what it describes.
CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    before_state JSONB,
    after_state JSONB,
    reason TEXT
);
CREATE INDEX audit_events_entity ON audit_events (tenant_id, entity, entity_id);
