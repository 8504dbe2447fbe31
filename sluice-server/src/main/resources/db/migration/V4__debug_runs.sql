-- Debug runs: a script run with a tap on every step; rows are posted by the taps as they arrive.
CREATE TABLE debug_runs (
  id            VARCHAR(36)  PRIMARY KEY,
  job_id        BIGINT       REFERENCES jobs (id),
  script        TEXT         NOT NULL,
  cluster_id    BIGINT       NOT NULL REFERENCES clusters (id),
  flink_job_id  VARCHAR(32)  NOT NULL,
  token         VARCHAR(64)  NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  reason        TEXT,
  steps         TEXT         NOT NULL,
  max_rows      INT          NOT NULL,
  max_seconds   INT          NOT NULL,
  idle_seconds  INT          NOT NULL,
  author        VARCHAR(128),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  last_read_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at      TIMESTAMP WITH TIME ZONE
);
-- seq = batch * 1000 + position in the batch: arrival order, and a retried batch is seen as such.
CREATE TABLE debug_rows (
  run_id      VARCHAR(36)  NOT NULL REFERENCES debug_runs (id) ON DELETE CASCADE,
  step        VARCHAR(256) NOT NULL,
  seq         BIGINT       NOT NULL,
  kind        VARCHAR(2)   NOT NULL,
  row_values  TEXT         NOT NULL,
  PRIMARY KEY (run_id, step, seq)
);
