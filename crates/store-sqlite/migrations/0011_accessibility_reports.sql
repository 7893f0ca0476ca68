-- Accessibility problems reported by visitors of the public site, for the
-- administrators to answer. Only handling changes a row.
CREATE TABLE accessibility_reports (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    page TEXT NOT NULL,
    description TEXT NOT NULL,
    contact TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    handled_at TEXT,
    handled_by TEXT
);
CREATE INDEX accessibility_reports_open ON accessibility_reports (tenant_id, handled_at);
