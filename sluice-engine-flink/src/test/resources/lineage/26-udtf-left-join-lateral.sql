-- LEFT JOIN LATERAL with ON TRUE, then an aggregate over the function's column.
CREATE TABLE orders (id BIGINT, amount DOUBLE, qty INT, merchant STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE FUNCTION split_words AS 'dev.sluice.engine.flink.lineage.TestFunctions$SplitWords';
CREATE TABLE out1 (merchant STRING, words BIGINT, PRIMARY KEY (merchant) NOT ENFORCED) WITH ('connector' = 'blackhole');
INSERT INTO out1
SELECT o.merchant, COUNT(w.word)
FROM orders AS o LEFT JOIN LATERAL TABLE(split_words(o.status)) AS w(word, len) ON TRUE
GROUP BY o.merchant;
--! out1.merchant <- orders.merchant:IDENTITY
--! out1.words <- orders.status:AGGREGATION
--! out1 where orders.merchant:GROUP_BY
