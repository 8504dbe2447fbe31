-- The collected metrics of running jobs (see MetricNames), kept for a rolling window and thinned out
-- with age. A job-level metric has the vertex ''; a vertex-level one the Flink vertex id; a
-- TaskManager's the TaskManager id. Times are epoch milliseconds so that buckets are integer
-- division on both databases.
CREATE TABLE job_metrics (
  job_id        BIGINT           NOT NULL,
  name          VARCHAR(64)      NOT NULL,
  vertex        VARCHAR(255)     NOT NULL,
  at_ms         BIGINT           NOT NULL,
  metric_value  DOUBLE PRECISION NOT NULL
);
-- Charts and downsampling read one series over time; the newest values of a job (alert rules,
-- Prometheus) are its recent rows; retention drops the oldest rows of all jobs.
CREATE INDEX job_metrics_by_series ON job_metrics (job_id, name, at_ms);
CREATE INDEX job_metrics_by_job_time ON job_metrics (job_id, at_ms);
CREATE INDEX job_metrics_by_time ON job_metrics (at_ms);
