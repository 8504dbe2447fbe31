-- CREATE TABLE ... AS SELECT and CREATE OR REPLACE TABLE ... AS: the created table's lineage is its query's.
CREATE TABLE orders (id BIGINT, amount DOUBLE, merchant STRING)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE totals WITH ('connector' = 'blackhole') AS SELECT merchant, SUM(amount) AS total, COUNT(*) AS cnt FROM orders WHERE amount > 0 GROUP BY merchant;
CREATE OR REPLACE TABLE big WITH ('connector' = 'blackhole') AS SELECT id, amount * 100 AS cents FROM orders;
--! totals.merchant <- orders.merchant:IDENTITY
--! totals.total <- orders.amount:AGGREGATION
--! totals.cnt <- (rows)
--! totals where orders.amount:FILTER, orders.merchant:GROUP_BY
--! big.id <- orders.id:IDENTITY
--! big.cents <- orders.amount:TRANSFORMATION
