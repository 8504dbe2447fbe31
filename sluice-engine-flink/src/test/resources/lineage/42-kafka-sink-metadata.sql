-- A Kafka sink writing the record timestamp as a metadata column.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, amount DOUBLE, rec_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp')
  WITH ('connector' = 'kafka', 'topic' = 'orders_out', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
INSERT INTO out1 SELECT id, amount, CAST(ts AS TIMESTAMP_LTZ(3)) FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1.rec_ts <- orders.ts:IDENTITY
