-- Which statement each operator of a deployment belonged to, so that a later restore plan can name
-- the owner of savepoint state that the new version no longer maps.
CREATE TABLE deployment_operators (
  job_id        BIGINT       NOT NULL REFERENCES jobs (id),
  flink_job_id  VARCHAR(32)  NOT NULL,
  operator_id   VARCHAR(32)  NOT NULL,
  uid           VARCHAR(1024),
  statement     VARCHAR(512) NOT NULL,
  PRIMARY KEY (flink_job_id, operator_id)
);
CREATE INDEX deployment_operators_by_job ON deployment_operators (job_id);

-- Parallelism set by the user: the job's default and (pinned) max, and per operator by stable uid.
ALTER TABLE jobs ADD COLUMN default_parallelism INT;
ALTER TABLE jobs ADD COLUMN max_parallelism INT;
CREATE TABLE operator_parallelism (
  job_id      BIGINT        NOT NULL REFERENCES jobs (id),
  uid         VARCHAR(1024) NOT NULL,
  parallelism INT           NOT NULL,
  PRIMARY KEY (job_id, uid)
);
