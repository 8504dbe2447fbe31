-- Event-time temporal join against a versioned (upsert) table.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE rates (currency STRING, rate DOUBLE, updated TIMESTAMP(3), WATERMARK FOR updated AS updated, PRIMARY KEY (currency) NOT ENFORCED)
  WITH ('connector' = 'upsert-kafka', 'topic' = 'rates', 'properties.bootstrap.servers' = 'kafka:9092', 'key.format' = 'json', 'value.format' = 'json');
CREATE TABLE out1 (id BIGINT, usd DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.id, o.amount * r.rate
FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.status = r.currency;
--! out1.id <- orders.id:IDENTITY
--! out1.usd <- orders.amount:TRANSFORMATION, rates.rate:TRANSFORMATION
--! out1 where orders.status:JOIN, rates.currency:JOIN, orders.ts:JOIN
