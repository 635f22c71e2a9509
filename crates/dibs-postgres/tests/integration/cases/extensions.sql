-- case: extension_in_a_schema_of_its_own
-- before
CREATE TABLE t (id int);
-- after
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
CREATE TABLE t (id int, email ext.citext);

-- case: extension_moved_to_another_schema
-- before
CREATE EXTENSION pg_trgm WITH SCHEMA public;
-- after
CREATE SCHEMA extra;
CREATE EXTENSION pg_trgm WITH SCHEMA extra;

-- case: trigram_index_needs_its_extension
-- before
CREATE TABLE docs (id int, title text);
-- after
CREATE EXTENSION pg_trgm;
CREATE TABLE docs (id int, title text);
CREATE INDEX docs_title_trgm ON docs USING gin (title gin_trgm_ops);
