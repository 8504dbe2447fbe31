-- A computed column resolves to the physical columns it is computed from.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, total AS amount * qty, dt AS DATE_FORMAT(ts, 'yyyy-MM-dd'), ts TIMESTAMP(3))
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, total DOUBLE, dt STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, total, dt FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.total <- orders.amount:TRANSFORMATION, orders.qty:TRANSFORMATION
--! out1.dt <- orders.ts:TRANSFORMATION
--! out1 uses DATE_FORMAT:BUILTIN
