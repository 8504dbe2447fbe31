-- LEFT JOIN with an extra join predicate and a WHERE on the right side.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE merchants (merchant STRING, region STRING, fee DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db:5432/shop', 'table-name' = 'merchants');
CREATE TABLE out1 (id BIGINT, region STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT o.id, COALESCE(m.region, 'unknown') FROM orders AS o LEFT JOIN merchants AS m ON o.merchant = m.merchant AND m.fee < 0.1 WHERE o.qty > 0;
--! out1.id <- orders.id:IDENTITY
--! out1.region <- merchants.region:TRANSFORMATION
--! out1 where orders.merchant:JOIN, merchants.merchant:JOIN, merchants.fee:JOIN, orders.qty:FILTER
--! out1 uses COALESCE:BUILTIN
