-- What each Kolada sync brought, so the workspace can say when it last ran and what
-- changed: counted chunk by chunk, in the transaction that stores the chunk.
ALTER TABLE sync_runs ADD COLUMN rows_read BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN inserted BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN revised BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sync_runs_tenant ON sync_runs (tenant_id, id);
