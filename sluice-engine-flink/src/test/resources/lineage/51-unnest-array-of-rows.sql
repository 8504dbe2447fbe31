-- CROSS JOIN UNNEST of an array of rows: each unnested column comes from its field of the element.
CREATE TABLE orders (order_id BIGINT, data ARRAY<ROW<c1 BIGINT, c2 STRING>>)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (order_id BIGINT, c1 BIGINT, c2 STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT o.order_id, t.c1, t.c2 FROM orders AS o CROSS JOIN UNNEST(o.data) AS t (c1, c2);
--! out1.order_id <- orders.order_id:IDENTITY
--! out1.c1 <- orders.data.c1:TRANSFORMATION
--! out1.c2 <- orders.data.c2:TRANSFORMATION
