-- Window join: two windowed streams joined on key and window.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE clicks (merchant STRING, url STRING, cts TIMESTAMP(3), WATERMARK FOR cts AS cts)
  WITH ('connector' = 'kafka', 'topic' = 'clicks', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (merchant STRING, amount DOUBLE, url STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.merchant, o.amount, c.url
FROM (SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))) AS o
JOIN (SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(cts), INTERVAL '1' MINUTE))) AS c
ON o.merchant = c.merchant AND o.window_start = c.window_start AND o.window_end = c.window_end;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1.url <- clicks.url:IDENTITY
--! out1 where orders.ts:WINDOW, clicks.cts:WINDOW, orders.merchant:JOIN, clicks.merchant:JOIN, orders.ts:JOIN, clicks.cts:JOIN
