-- The plan the workspace shows, chosen by a controller; the paragraph (§) of the
-- minutes that record a plan's adoption; and units retired rather than removed,
-- because their history must stay readable.
ALTER TABLE plans ADD COLUMN is_current BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE plans ADD COLUMN decision_paragraph TEXT;
-- At most one current plan per tenant, whatever two requests do at once.
CREATE UNIQUE INDEX plans_one_current ON plans (tenant_id) WHERE is_current;
ALTER TABLE org_units ADD COLUMN retired BOOLEAN NOT NULL DEFAULT FALSE;
