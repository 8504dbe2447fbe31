-- A job's own scaling policy (automatic mode, bounds, schedule), as JSON; a job without a row
-- follows its tier's default.
CREATE TABLE scaling_policies (
  job_id      BIGINT        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
  policy      VARCHAR(8192) NOT NULL,
  author      VARCHAR(128)  NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- What the automatic mode remembers between looks: its last change and a pending scale-down.
CREATE TABLE scaling_state (
  job_id            BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
  last_scaled_at    TIMESTAMP WITH TIME ZONE,
  scale_down_since  TIMESTAMP WITH TIME ZONE
);
