-- A PostgreSQL CDC source (updates and deletes) aggregated into an upsert sink.
CREATE TABLE accounts (id BIGINT, province STRING, balance DECIMAL(18, 2), PRIMARY KEY (id) NOT ENFORCED)
  WITH ('connector' = 'postgres-cdc', 'hostname' = 'pg', 'port' = '5432', 'username' = 'u', 'password' = 'p', 'database-name' = 'bank', 'schema-name' = 'core', 'table-name' = 'accounts', 'slot.name' = 's1');
CREATE TABLE out1 (province STRING, total DECIMAL(38, 2), PRIMARY KEY (province) NOT ENFORCED)
  WITH ('connector' = 'upsert-kafka', 'topic' = 'province_totals', 'properties.bootstrap.servers' = 'kafka:9092', 'key.format' = 'json', 'value.format' = 'json');
INSERT INTO out1 SELECT province, SUM(balance) FROM accounts GROUP BY province;
--! out1.province <- accounts.province:IDENTITY
--! out1.total <- accounts.balance:AGGREGATION
--! out1 where accounts.province:GROUP_BY
