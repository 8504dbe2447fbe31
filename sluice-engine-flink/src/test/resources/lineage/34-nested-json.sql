-- Fields taken from nested JSON: the origin is the nested path.
CREATE TABLE tx (id STRING, payer ROW<id STRING, address ROW<province STRING, city STRING>>, amount ROW<val DOUBLE, currency STRING>)
  WITH ('connector' = 'kafka', 'topic' = 'tx', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id STRING, payer_id STRING, province STRING, cents BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, payer.id, payer.address.province, CAST(amount.val * 100 AS BIGINT) FROM tx WHERE amount.currency = 'CNY';
--! out1.id <- tx.id:IDENTITY
--! out1.payer_id <- tx.payer.id:IDENTITY
--! out1.province <- tx.payer.address.province:IDENTITY
--! out1.cents <- tx.amount.val:TRANSFORMATION
--! out1 where tx.amount.currency:FILTER
