-- The severities a channel takes from alert rules that name no channels: a comma-separated list
-- of P0, P1, P2 (empty: none). Every channel takes P0 unless told otherwise.
ALTER TABLE channels ADD COLUMN tiers VARCHAR(16) DEFAULT 'P0' NOT NULL;
