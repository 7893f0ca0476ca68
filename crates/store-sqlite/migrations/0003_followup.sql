-- Follow-up: the tenant's scales and rules, periods, assessments with their workflow,
-- activities and assignments, and per-period progress on activities and commitments.

CREATE TABLE scales (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    levels TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE followup_settings (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL UNIQUE REFERENCES tenants (id),
    goal_scale TEXT NOT NULL,
    assignment_scale TEXT NOT NULL,
    fulfilled_at REAL NOT NULL,
    partly_at REAL NOT NULL,
    rollup_rule TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    deadline TEXT NOT NULL,
    values_through INTEGER NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (plan_id, name)
);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    period_id INTEGER NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    org_unit_id INTEGER NOT NULL REFERENCES org_units (id),
    scale TEXT NOT NULL,
    level TEXT NOT NULL,
    analysis TEXT NOT NULL,
    actions TEXT NOT NULL,
    suggestion TEXT,
    deviation_reason TEXT,
    state TEXT NOT NULL,
    return_comment TEXT,
    version INTEGER NOT NULL,
    UNIQUE (goal_id, period_id, org_unit_id)
);
CREATE INDEX assessments_period ON assessments (tenant_id, period_id);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    responsible_unit INTEGER REFERENCES org_units (id),
    starts_on TEXT,
    due_on TEXT,
    status TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX activities_plan ON activities (tenant_id, plan_id);

CREATE TABLE activity_goals (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (activity_id, goal_id)
);

CREATE TABLE progress_reports (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    period_id INTEGER NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activities (id) ON DELETE CASCADE,
    commitment_id INTEGER REFERENCES commitments (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    level TEXT,
    comment TEXT NOT NULL,
    version INTEGER NOT NULL,
    CHECK ((activity_id IS NULL) <> (commitment_id IS NULL)),
    UNIQUE (period_id, activity_id),
    UNIQUE (period_id, commitment_id)
);
