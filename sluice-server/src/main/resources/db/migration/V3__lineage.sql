-- Column-level lineage of each saved job version, computed when the version is saved. A version
-- whose script does not validate keeps its problems instead (status INVALID); an engine failure
-- is kept as ERROR and computed again when asked for.
CREATE TABLE job_version_lineage (
  job_id      BIGINT      NOT NULL REFERENCES jobs (id),
  version     INT         NOT NULL,
  status      VARCHAR(16) NOT NULL,
  lineage     TEXT,
  problems    TEXT,
  computed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (job_id, version)
);
