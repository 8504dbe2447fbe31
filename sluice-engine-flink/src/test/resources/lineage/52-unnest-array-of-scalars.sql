-- UNNEST of an array of scalars beside one of rows, filtered on an element's field.
CREATE TABLE carts (cart_id BIGINT, tags ARRAY<STRING>, items ARRAY<ROW<sku STRING, qty INT>>)
  WITH ('connector' = 'kafka', 'topic' = 'carts', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (cart_id BIGINT, tag STRING) WITH ('connector' = 'blackhole');
CREATE TABLE out2 (cart_id BIGINT, sku STRING, qty INT) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT c.cart_id, t.tag FROM carts AS c CROSS JOIN UNNEST(c.tags) AS t (tag);
INSERT INTO out2 SELECT c.cart_id, i.sku, i.qty * 2 FROM carts AS c CROSS JOIN UNNEST(c.items) AS i (sku, qty) WHERE i.qty > 0;
--! out1.cart_id <- carts.cart_id:IDENTITY
--! out1.tag <- carts.tags:TRANSFORMATION
--! out2.cart_id <- carts.cart_id:IDENTITY
--! out2.sku <- carts.items.sku:TRANSFORMATION
--! out2.qty <- carts.items.qty:TRANSFORMATION
--! out2 where carts.items.qty:FILTER
