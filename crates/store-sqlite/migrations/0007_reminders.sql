-- Where to reach a user by e-mail, kept apart from the sign-in record.
CREATE TABLE user_emails (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL
);

-- Every reminder sent, or tried: to whom, about which unit and period, and how it went.
CREATE TABLE reminders_sent (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id),
    period_id INTEGER NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    org_unit_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX reminders_sent_period ON reminders_sent (tenant_id, period_id);
