-- Generates payment events with nested JSON and an event time into the Kafka topic
-- demo.payment_events, for the demo metric group demo_payments (sluice metrics list).
CREATE TABLE generated (
  payment_id  BIGINT,
  payer_no    INT,
  merchant_no INT,
  province_no INT,
  channel     STRING,
  amount      DOUBLE
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.payer_no.min' = '1',
  'fields.payer_no.max' = '5000',
  'fields.merchant_no.min' = '1',
  'fields.merchant_no.max' = '20',
  'fields.province_no.min' = '1',
  'fields.province_no.max' = '5',
  'fields.channel.length' = '1',
  'fields.amount.min' = '1',
  'fields.amount.max' = '2000'
);

CREATE TABLE payment_events (
  payment_id BIGINT,
  payer      ROW<id STRING, province STRING>,
  merchant   ROW<id STRING>,
  channel    STRING,
  amount     DOUBLE,
  ts         BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'demo.payment_events',
  'properties.bootstrap.servers' = '${kafka}',
  'format' = 'json'
);

INSERT INTO payment_events
SELECT
  payment_id,
  ROW(CONCAT('u', CAST(payer_no AS STRING)), CONCAT('P', CAST(province_no AS STRING))),
  ROW(CONCAT('m', CAST(merchant_no AS STRING))),
  channel,
  amount,
  UNIX_TIMESTAMP() * 1000
FROM generated;
