-- Distinct and FILTER (WHERE ...) aggregates: the filter column decides that column only.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, payers BIGINT, paid DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT merchant, COUNT(DISTINCT id), SUM(amount) FILTER (WHERE status = 'PAID') FROM orders GROUP BY merchant;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.payers <- orders.id:AGGREGATION
--! out1.paid <- orders.amount:AGGREGATION, orders.status:FILTER
--! out1 where orders.merchant:GROUP_BY
