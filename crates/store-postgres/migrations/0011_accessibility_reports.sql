-- Accessibility problems reported by visitors of the public site, for the
-- administrators to answer. Only handling changes a row.
CREATE TABLE accessibility_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    page TEXT NOT NULL,
    description TEXT NOT NULL,
    contact TEXT NOT NULL,
    reported_at TIMESTAMPTZ NOT NULL,
    handled_at TIMESTAMPTZ,
    handled_by TEXT
);
CREATE INDEX accessibility_reports_open ON accessibility_reports (tenant_id, handled_at);
