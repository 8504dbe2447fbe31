-- Regular join: join keys decide every row; columns come from both sides.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE payments (order_id BIGINT, pay_method STRING, paid_at TIMESTAMP(3))
  WITH ('connector' = 'kafka', 'topic' = 'payments', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, amount DOUBLE, pay_method STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT o.id, o.amount, p.pay_method FROM orders AS o JOIN payments AS p ON o.id = p.order_id;
--! out1.id <- orders.id:IDENTITY
--! out1.amount <- orders.amount:IDENTITY
--! out1.pay_method <- payments.pay_method:IDENTITY
--! out1 where orders.id:JOIN, payments.order_id:JOIN
