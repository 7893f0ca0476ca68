-- The controller's conclusion on god ekonomisk hushållning, at most one per period.
-- Each version is in the audit trail; the row holds the one that stands.
CREATE TABLE conclusions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    period_id INTEGER NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    verdict TEXT NOT NULL,
    text TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (tenant_id, period_id)
);
