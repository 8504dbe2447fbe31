-- An aggregate over an aggregate: per-merchant counts, then how many merchants per count.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (cnt BIGINT, merchants BIGINT, PRIMARY KEY (cnt) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT cnt, COUNT(*) FROM (SELECT merchant, COUNT(*) AS cnt FROM orders GROUP BY merchant) GROUP BY cnt;
--! out1.cnt <- (rows)
--! out1.merchants <- (rows)
--! out1 where orders.merchant:GROUP_BY
