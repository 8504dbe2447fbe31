-- Expressions over several columns, a literal, a cast that changes the type.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id STRING, total DOUBLE, label STRING, one_ INT) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT CAST(id AS STRING), amount * qty, UPPER(merchant) || '-' || status, 1 FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.total <- orders.amount:TRANSFORMATION, orders.qty:TRANSFORMATION
--! out1.label <- orders.merchant:TRANSFORMATION, orders.status:TRANSFORMATION
--! out1.one_ <- (constant)
--! out1 uses UPPER:BUILTIN
