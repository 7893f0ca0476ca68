-- A user who signs in with a one-time password must choose a new one first.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

-- User names are compared folded (lower case); fold the stored ones that can be
-- folded without meeting another user's name.
UPDATE users SET username = lower(username)
WHERE username <> lower(username)
  AND NOT EXISTS (
      SELECT 1 FROM users AS other
      WHERE other.tenant_id = users.tenant_id
        AND other.id <> users.id
        AND lower(other.username) = lower(users.username)
  );

-- Expired sessions are purged by expiry.
CREATE INDEX sessions_expires_at ON sessions (expires_at);
