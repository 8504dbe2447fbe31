-- Through a view with its own filter and expression.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, net DOUBLE) WITH ('connector' = 'blackhole');
CREATE VIEW paid AS SELECT merchant, amount * 0.97 AS net FROM orders WHERE status = 'PAID';
INSERT INTO out1 SELECT merchant, net FROM paid;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.net <- orders.amount:TRANSFORMATION
--! out1 where orders.status:FILTER
