-- The controller's conclusion on god ekonomisk hushållning, at most one per period.
-- Each version is in the audit trail; the row holds the one that stands.
CREATE TABLE conclusions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    period_id BIGINT NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    verdict TEXT NOT NULL,
    text TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (tenant_id, period_id)
);
