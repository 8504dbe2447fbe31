-- CROSS JOIN UNNEST of an array inside nested JSON.
CREATE TABLE carts (cart_id BIGINT, detail ROW<customer STRING, items ARRAY<STRING>>)
  WITH ('connector' = 'kafka', 'topic' = 'carts', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (cart_id BIGINT, customer STRING, item STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT c.cart_id, c.detail.customer, i.item FROM carts AS c CROSS JOIN UNNEST(c.detail.items) AS i(item);
--! out1.cart_id <- carts.cart_id:IDENTITY
--! out1.customer <- carts.detail.customer:IDENTITY
--! out1.item <- carts.detail.items:TRANSFORMATION
