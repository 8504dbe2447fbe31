-- Lookup join with a filter on the dimension side and a derived key on the stream side.
CREATE TABLE orders (id BIGINT, amount DOUBLE, merchant STRING, pt AS PROCTIME())
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE merchants (merchant STRING, region STRING, active BOOLEAN, PRIMARY KEY (merchant) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://mysql:3306/crm', 'table-name' = 'merchants', 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '1000');
CREATE TABLE out1 (id BIGINT, region STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.id, m.region
FROM orders AS o JOIN merchants FOR SYSTEM_TIME AS OF o.pt AS m ON UPPER(o.merchant) = m.merchant
WHERE m.active;
--! out1.id <- orders.id:IDENTITY
--! out1.region <- merchants.region:IDENTITY
--! out1 where orders.merchant:JOIN, merchants.merchant:JOIN, merchants.active:FILTER
