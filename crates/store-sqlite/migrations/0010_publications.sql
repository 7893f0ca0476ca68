-- Publications: what a controller made public, frozen. A row is never changed or
-- removed; a correction is a new version of the same plan and period, with a reason.
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    -- NULL: the plan published before it has results.
    period_id INTEGER REFERENCES periods (id),
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE UNIQUE INDEX publications_version
    ON publications (tenant_id, plan_id, COALESCE(period_id, 0), version);
