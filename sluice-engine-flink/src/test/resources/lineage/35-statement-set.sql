-- Two INSERTs into the same sink from one statement set, and one into another sink.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (k STRING, v DOUBLE) WITH ('connector' = 'blackhole');
CREATE TABLE out2 (id BIGINT) WITH ('connector' = 'blackhole');
BEGIN STATEMENT SET;
INSERT INTO out1 SELECT merchant, amount FROM orders;
INSERT INTO out1 SELECT status, CAST(qty AS DOUBLE) FROM orders;
INSERT INTO out2 SELECT id FROM orders WHERE amount > 0;
END;
--! @1 out1.k <- orders.merchant:IDENTITY
--! @1 out1.v <- orders.amount:IDENTITY
--! @2 out1.k <- orders.status:IDENTITY
--! @2 out1.v <- orders.qty:IDENTITY
--! out2.id <- orders.id:IDENTITY
--! out2 where orders.amount:FILTER
