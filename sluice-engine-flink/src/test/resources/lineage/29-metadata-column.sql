-- Kafka metadata columns (record timestamp, partition, offset) are columns of the topic.
CREATE TABLE orders (id BIGINT, kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', part INT METADATA FROM 'partition' VIRTUAL, off BIGINT METADATA FROM 'offset' VIRTUAL)
  WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (id BIGINT, kafka_ts TIMESTAMP_LTZ(3), pos STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT id, kafka_ts, CAST(part AS STRING) || ':' || CAST(off AS STRING) FROM orders;
--! out1.id <- orders.id:IDENTITY
--! out1.kafka_ts <- orders.kafka_ts:IDENTITY
--! out1.pos <- orders.part:TRANSFORMATION, orders.off:TRANSFORMATION
