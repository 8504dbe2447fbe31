-- A MySQL CDC source written to PostgreSQL over JDBC.
CREATE TABLE src_users (id BIGINT, name STRING, email STRING, PRIMARY KEY (id) NOT ENFORCED)
  WITH ('connector' = 'mysql-cdc', 'hostname' = 'mysql', 'port' = '3306', 'username' = 'u', 'password' = 'p', 'database-name' = 'app', 'table-name' = 'users');
CREATE TABLE dst_users (id BIGINT, name STRING, domain STRING, PRIMARY KEY (id) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://pg:5432/dw', 'table-name' = 'ods.users');
INSERT INTO dst_users SELECT id, name, SPLIT_INDEX(email, '@', 1) FROM src_users;
--! dst_users.id <- src_users.id:IDENTITY
--! dst_users.name <- src_users.name:IDENTITY
--! dst_users.domain <- src_users.email:TRANSFORMATION
--! dst_users uses SPLIT_INDEX:BUILTIN
