-- A recovery policy may act when a running job completes no checkpoint for a while (0: it does not).
ALTER TABLE recovery_policies ADD COLUMN no_checkpoint_ms BIGINT DEFAULT 0 NOT NULL;
