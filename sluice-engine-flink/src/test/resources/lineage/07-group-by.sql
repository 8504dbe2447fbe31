-- Group by: keys copied, aggregates AGGREGATION, keys group every row.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, cnt BIGINT, total DOUBLE, top DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT merchant, COUNT(*), SUM(amount * qty), MAX(amount) FROM orders GROUP BY merchant;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.cnt <- (rows)
--! out1.total <- orders.amount:AGGREGATION, orders.qty:AGGREGATION
--! out1.top <- orders.amount:AGGREGATION
--! out1 where orders.merchant:GROUP_BY
--! out1 uses COUNT:BUILTIN, SUM:BUILTIN, MAX:BUILTIN
