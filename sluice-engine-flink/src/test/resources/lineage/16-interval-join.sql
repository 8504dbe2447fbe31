-- Interval join: the time bounds are join conditions too.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE shipments (order_id BIGINT, carrier STRING, shipped TIMESTAMP(3), WATERMARK FOR shipped AS shipped)
  WITH ('connector' = 'kafka', 'topic' = 'shipments', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, carrier STRING, hours BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.id, s.carrier, TIMESTAMPDIFF(HOUR, o.ts, s.shipped)
FROM orders AS o, shipments AS s
WHERE o.id = s.order_id AND s.shipped BETWEEN o.ts AND o.ts + INTERVAL '4' HOUR;
--! out1.id <- orders.id:IDENTITY
--! out1.carrier <- shipments.carrier:IDENTITY
--! out1.hours <- orders.ts:TRANSFORMATION, shipments.shipped:TRANSFORMATION
--! out1 where orders.id:JOIN, shipments.order_id:JOIN, orders.ts:JOIN, shipments.shipped:JOIN
