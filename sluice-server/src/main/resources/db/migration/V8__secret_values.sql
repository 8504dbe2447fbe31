-- Secrets that scripts reference by name (passwords, SASL configurations) live beside the
-- keys, in one name space: kind tells them apart. A value is stored wrapped with the master key,
-- like a key. project is empty until secrets belong to projects.
ALTER TABLE secrets ADD COLUMN kind VARCHAR(16) DEFAULT 'KEY' NOT NULL;
ALTER TABLE secrets ADD COLUMN project VARCHAR(128);
ALTER TABLE secrets ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE secrets ALTER COLUMN algorithm DROP NOT NULL;
