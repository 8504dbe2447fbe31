-- Orders per merchant and minute, from generated data.
-- Runs as it is: deploy it, then watch the TaskManager's stdout in the Flink web UI.
CREATE TABLE orders (
  order_id    BIGINT,
  merchant_id INT,
  amount      DECIMAL(10, 2),
  order_time  AS LOCALTIMESTAMP,
  WATERMARK FOR order_time AS order_time - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '20',
  'fields.merchant_id.min' = '1',
  'fields.merchant_id.max' = '5',
  'fields.amount.min' = '1',
  'fields.amount.max' = '500'
);

CREATE TABLE orders_per_minute (
  window_start TIMESTAMP(3),
  merchant_id  INT,
  orders       BIGINT,
  revenue      DECIMAL(38, 2)
) WITH ('connector' = 'print');

INSERT INTO orders_per_minute
SELECT window_start, merchant_id, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, merchant_id;
