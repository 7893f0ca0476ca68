-- Follow-up: the tenant's scales and rules, periods, assessments with their workflow,
-- activities and assignments, and per-period progress on activities and commitments.

CREATE TABLE scales (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    levels JSONB NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE followup_settings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL UNIQUE REFERENCES tenants (id),
    goal_scale TEXT NOT NULL,
    assignment_scale TEXT NOT NULL,
    fulfilled_at DOUBLE PRECISION NOT NULL,
    partly_at DOUBLE PRECISION NOT NULL,
    rollup_rule TEXT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE periods (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    deadline DATE NOT NULL,
    values_through BIGINT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (plan_id, name)
);

CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    period_id BIGINT NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    org_unit_id BIGINT NOT NULL REFERENCES org_units (id),
    scale TEXT NOT NULL,
    level TEXT NOT NULL,
    analysis TEXT NOT NULL,
    actions TEXT NOT NULL,
    suggestion JSONB,
    deviation_reason TEXT,
    state TEXT NOT NULL,
    return_comment TEXT,
    version BIGINT NOT NULL,
    UNIQUE (goal_id, period_id, org_unit_id)
);
CREATE INDEX assessments_period ON assessments (tenant_id, period_id);

CREATE TABLE activities (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_unit BIGINT REFERENCES org_units (id),
    starts_on DATE,
    due_on DATE,
    status TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX activities_plan ON activities (tenant_id, plan_id);

CREATE TABLE activity_goals (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    activity_id BIGINT NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (activity_id, goal_id)
);

CREATE TABLE progress_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    period_id BIGINT NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    activity_id BIGINT REFERENCES activities (id) ON DELETE CASCADE,
    commitment_id BIGINT REFERENCES commitments (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    level TEXT,
    comment TEXT NOT NULL,
    version BIGINT NOT NULL,
    CHECK ((activity_id IS NULL) <> (commitment_id IS NULL)),
    UNIQUE (period_id, activity_id),
    UNIQUE (period_id, commitment_id)
);
