-- Where to reach a user by e-mail, kept apart from the sign-in record.
CREATE TABLE user_emails (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL
);

-- Every reminder sent, or tried: to whom, about which unit and period, and how it went.
CREATE TABLE reminders_sent (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    period_id BIGINT NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    org_unit_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    address TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX reminders_sent_period ON reminders_sent (tenant_id, period_id);
