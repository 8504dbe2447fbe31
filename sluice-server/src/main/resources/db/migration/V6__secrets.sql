-- Keys for ENCRYPT/DECRYPT, referenced by name. The key material is stored wrapped (AES-GCM) with
-- the server's master key, and is handed only to jobs whose script names the key.
CREATE TABLE secrets (
  name        VARCHAR(128) PRIMARY KEY,
  algorithm   VARCHAR(16)  NOT NULL,
  wrapped     TEXT         NOT NULL,
  author      VARCHAR(128),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
