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
