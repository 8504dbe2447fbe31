-- A tap's batch is identified by who sent it and its number from that sender: the sink's subtask,
-- its attempt (a failover starts the sink again with a new attempt, whose batches count from 0
-- again) and a random id of the sink instance. A batch posted again with the same identity is a
-- retry and is stored once. From here on, seq of debug_rows is the arrival order within a step,
-- given by the server (one more than the step's last row), no longer derived from batch numbers.
CREATE TABLE debug_batches (
  run_id       VARCHAR(36)  NOT NULL REFERENCES debug_runs (id) ON DELETE CASCADE,
  step         VARCHAR(256) NOT NULL,
  subtask      INT          NOT NULL,
  attempt      INT          NOT NULL,
  instance_id  VARCHAR(64)  NOT NULL,
  batch        BIGINT       NOT NULL,
  row_count    INT          NOT NULL,
  PRIMARY KEY (run_id, step, subtask, attempt, instance_id, batch)
);
