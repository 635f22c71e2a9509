-- case: collations_created_before_what_uses_them
-- before
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
-- after
CREATE COLLATION "case insensitive" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION bytewise (provider = libc, locale = 'C');
COMMENT ON COLLATION "case insensitive" IS 'a = A';
CREATE DOMAIN handle AS text COLLATE bytewise CHECK (VALUE <> '');
CREATE TABLE users (id int PRIMARY KEY, email text COLLATE "case insensitive" NOT NULL, nick handle);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_email_bytes ON users (email COLLATE bytewise);
CREATE VIEW sorted_users AS SELECT id, email FROM users ORDER BY email COLLATE bytewise;

-- case: columns_move_to_a_collation_under_a_new_name
-- before
CREATE COLLATION ci_v1 (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE tags (id int PRIMARY KEY, label text COLLATE ci_v1 UNIQUE);
-- after
CREATE COLLATION ci_v2 (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
CREATE TABLE tags (id int PRIMARY KEY, label text COLLATE ci_v2 UNIQUE);

-- case: an_unused_collation_is_redefined_and_recommented
-- before
CREATE COLLATION german (provider = icu, locale = 'de');
CREATE COLLATION spare (provider = libc, locale = 'C');
COMMENT ON COLLATION spare IS 'old';
-- after
CREATE COLLATION german (provider = icu, locale = 'de-u-co-phonebk');
CREATE COLLATION spare (provider = libc, locale = 'C');
COMMENT ON COLLATION spare IS 'new';

-- case: collation_in_another_schema_with_its_table
-- before
-- after
CREATE SCHEMA extra;
CREATE COLLATION extra.numeric (provider = icu, locale = 'en-u-kn-true');
CREATE TABLE extra.files (name text COLLATE extra.numeric PRIMARY KEY);
