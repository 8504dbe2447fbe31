-- A realistic risk pipeline: nested JSON, a computed rowtime, a view, a lookup join, a window, a UDF.
CREATE TABLE tx (payload ROW<tx_id STRING, card STRING, merchant STRING, amount DOUBLE>, event_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(event_ms, 3), pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'tx', 'properties.bootstrap.servers' = 'kafka-a:9092,kafka-b:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE risk_rules (merchant STRING, max_amount DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://pg/risk', 'table-name' = 'rules');
CREATE TABLE alerts (card STRING, window_end TIMESTAMP(3), over_limit BIGINT, total DOUBLE)
  WITH ('connector' = 'kafka', 'topic' = 'alerts', 'properties.bootstrap.servers' = 'kafka-b:9092,kafka-a:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TEMPORARY FUNCTION norm_text AS 'dev.sluice.engine.flink.lineage.TestFunctions$Normalize';
CREATE VIEW enriched AS
SELECT norm_text(t.payload.card) AS card, t.payload.amount AS amount, t.ts, t.payload.amount > r.max_amount AS over_limit
FROM tx AS t JOIN risk_rules FOR SYSTEM_TIME AS OF t.pt AS r ON t.payload.merchant = r.merchant;
INSERT INTO alerts
SELECT card, window_end, COUNT(*) FILTER (WHERE over_limit), SUM(amount)
FROM TABLE(TUMBLE(TABLE enriched, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY card, window_start, window_end;
--! alerts.card <- tx.payload.card:TRANSFORMATION
--! alerts.window_end <- tx.event_ms:TRANSFORMATION
--! alerts.over_limit <- tx.payload.amount:FILTER, risk_rules.max_amount:FILTER
--! alerts.total <- tx.payload.amount:AGGREGATION
--! alerts where tx.payload.merchant:JOIN, risk_rules.merchant:JOIN, tx.event_ms:WINDOW, tx.event_ms:GROUP_BY, tx.payload.card:GROUP_BY
--! alerts uses NORM_TEXT:USER, TUMBLE:BUILTIN, COUNT:BUILTIN, SUM:BUILTIN, TO_TIMESTAMP_LTZ:BUILTIN, PROCTIME:BUILTIN
