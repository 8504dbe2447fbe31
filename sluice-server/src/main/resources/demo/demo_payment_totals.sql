-- Running totals per payment channel, from Kafka to Kafka (an upsert topic keyed by channel).
-- Deploy demo_payments_to_kafka first so that there is something to read.
CREATE TABLE payments (
  payment_id BIGINT,
  payer_id   INT,
  channel    STRING,
  amount     DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'demo.payments',
  'properties.bootstrap.servers' = '${kafka}',
  'properties.group.id' = 'demo_payment_totals',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE payment_totals (
  channel  STRING,
  payments BIGINT,
  total    DOUBLE,
  PRIMARY KEY (channel) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'demo.payment_totals',
  'properties.bootstrap.servers' = '${kafka}',
  'key.format' = 'json',
  'value.format' = 'json'
);

INSERT INTO payment_totals
SELECT channel, COUNT(*), SUM(amount) FROM payments GROUP BY channel;
