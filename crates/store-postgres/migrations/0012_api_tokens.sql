-- Personal API tokens: only the SHA-256 of each token is kept. A revoked token stays,
-- marked, so that the audit trail can name it.
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES org_units (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (tenant_id, user_id);
