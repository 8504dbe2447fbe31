-- HAVING filters on an aggregate: the aggregated column decides rows.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, cnt BIGINT, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT merchant, COUNT(id) FROM orders GROUP BY merchant HAVING SUM(amount) > 1000;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.cnt <- orders.id:AGGREGATION
--! out1 where orders.merchant:GROUP_BY, orders.amount:FILTER
