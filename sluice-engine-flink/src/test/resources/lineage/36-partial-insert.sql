-- INSERT naming only some sink columns: the others are written as NULL.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, note STRING, amount DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1 (amount, id) SELECT amount, id FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.note <- (constant)
--! out1.amount <- orders.amount:IDENTITY
