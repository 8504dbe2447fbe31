-- IN (subquery): the subquery's columns only decide rows.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE blocked (merchant STRING, reason STRING)
  WITH ('connector' = 'kafka', 'topic' = 'blocked', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, amount FROM orders WHERE merchant NOT IN (SELECT merchant FROM blocked WHERE reason <> 'test');
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1 where orders.merchant:FILTER, blocked.merchant:FILTER, blocked.reason:FILTER
