-- Aggregating over a union of two sources.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE refunds (id BIGINT, refunded DOUBLE, merchant STRING)
  WITH ('connector' = 'kafka', 'topic' = 'refunds', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, net DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT merchant, SUM(v) FROM (
  SELECT merchant, amount AS v FROM orders
  UNION ALL
  SELECT merchant, -refunded AS v FROM refunds
) GROUP BY merchant;
--! out1.merchant <- orders.merchant:IDENTITY, refunds.merchant:IDENTITY
--! out1.net <- orders.amount:AGGREGATION, refunds.refunded:AGGREGATION
--! out1 where orders.merchant:GROUP_BY, refunds.merchant:GROUP_BY
