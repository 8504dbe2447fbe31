-- UNNEST of a map: its key and its value both come from the map column.
CREATE TABLE profiles (user_id STRING, attrs MAP<STRING, STRING>)
  WITH ('connector' = 'kafka', 'topic' = 'profiles', 'properties.bootstrap.servers' = 'kafka:9092', 'scan.startup.mode' = 'latest-offset', 'format' = 'json');
CREATE TABLE out1 (user_id STRING, attr STRING, attr_value STRING) WITH ('connector' = 'blackhole');
INSERT INTO out1 SELECT p.user_id, a.k, UPPER(a.v) FROM profiles AS p CROSS JOIN UNNEST(p.attrs) AS a (k, v);
--! out1.user_id <- profiles.user_id:IDENTITY
--! out1.attr <- profiles.attrs:TRANSFORMATION
--! out1.attr_value <- profiles.attrs:TRANSFORMATION
--! out1 uses UPPER:BUILTIN
