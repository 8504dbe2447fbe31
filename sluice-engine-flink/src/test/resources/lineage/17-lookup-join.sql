-- Lookup join on a JDBC dimension table (FOR SYSTEM_TIME AS OF a processing-time column).
CREATE TABLE orders (id BIGINT, amount DOUBLE, merchant STRING, pt AS PROCTIME())
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE merchants (merchant STRING, region STRING, fee DOUBLE, PRIMARY KEY (merchant) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://db:5432/shop', 'table-name' = 'merchants');
CREATE TABLE out1 (id BIGINT, region STRING, fee DOUBLE) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.id, m.region, o.amount * m.fee
FROM orders AS o JOIN merchants FOR SYSTEM_TIME AS OF o.pt AS m ON o.merchant = m.merchant;
--! out1.id <- orders.id:IDENTITY
--! out1.region <- merchants.region:IDENTITY
--! out1.fee <- orders.amount:TRANSFORMATION, merchants.fee:TRANSFORMATION
--! out1 where orders.merchant:JOIN, merchants.merchant:JOIN
