-- What each Kolada sync brought, so the workspace can say when it last ran and what
-- changed: counted chunk by chunk, in the transaction that stores the chunk.
ALTER TABLE sync_runs ADD COLUMN rows_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN inserted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN revised INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sync_runs_tenant ON sync_runs (tenant_id, id);
