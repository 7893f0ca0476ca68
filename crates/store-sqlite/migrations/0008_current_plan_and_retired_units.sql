-- The plan the workspace shows, chosen by a controller; the paragraph (§) of the
-- minutes that record a plan's adoption; and units retired rather than removed,
-- because their history must stay readable.
ALTER TABLE plans ADD COLUMN is_current INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plans ADD COLUMN decision_paragraph TEXT;
-- At most one current plan per tenant, whatever two requests do at once.
CREATE UNIQUE INDEX plans_one_current ON plans (tenant_id) WHERE is_current = 1;
ALTER TABLE org_units ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
