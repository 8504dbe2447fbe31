-- Generates payments into the Kafka topic demo.payments (JSON), for demo_payment_totals to read.
CREATE TABLE generated_payments (
  payment_id BIGINT,
  payer_id   INT,
  channel    STRING,
  amount     DOUBLE
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.payer_id.min' = '1',
  'fields.payer_id.max' = '1000',
  'fields.channel.length' = '1',
  'fields.amount.min' = '0.5',
  'fields.amount.max' = '900'
);

CREATE TABLE payments (
  payment_id BIGINT,
  payer_id   INT,
  channel    STRING,
  amount     DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'demo.payments',
  'properties.bootstrap.servers' = '${kafka}',
  'format' = 'json'
);

INSERT INTO payments SELECT * FROM generated_payments;
