-- Files in, files out.
CREATE TABLE logs (line STRING, host STRING) WITH ('connector' = 'filesystem', 'path' = 'file:///data/logs', 'format' = 'csv');
CREATE TABLE out1 (host STRING, len INT) WITH ('connector' = 'filesystem', 'path' = 's3://lake/out/lengths', 'format' = 'csv');
INSERT INTO out1 SELECT host, CHAR_LENGTH(line) FROM logs;
--! out1.host <- logs.host:IDENTITY
--! out1.len <- logs.line:TRANSFORMATION
--! out1 uses CHAR_LENGTH:BUILTIN
