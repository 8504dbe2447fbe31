-- CDC through Kafka: a Debezium changelog topic aggregated.
CREATE TABLE products (id BIGINT, category STRING, price DECIMAL(10, 2))
  WITH ('connector' = 'kafka', 'topic' = 'dbserver.inventory.products', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'debezium-json');
CREATE TABLE out1 (category STRING, avg_price DECIMAL(38, 6), PRIMARY KEY (category) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT category, AVG(price) FROM products GROUP BY category;
--! out1.category <- products.category:IDENTITY
--! out1.avg_price <- products.price:AGGREGATION
--! out1 where products.category:GROUP_BY
