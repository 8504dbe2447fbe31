-- Event time computed from an epoch column with a watermark, then a window on it.
CREATE TABLE events (user_id STRING, epoch_ms BIGINT, ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'events', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (user_id STRING, window_start TIMESTAMP(3), cnt BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT user_id, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end;
--! out1.user_id <- events.user_id:IDENTITY
--! out1.window_start <- events.epoch_ms:TRANSFORMATION
--! out1.cnt <- (rows)
--! out1 where events.epoch_ms:WINDOW, events.epoch_ms:GROUP_BY, events.user_id:GROUP_BY
