-- case: create_and_drop_table
-- before
-- after
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text);

-- case: quoted_names
-- before
CREATE TABLE "User Accounts" ("Id" int PRIMARY KEY);
-- after
CREATE TABLE "User Accounts" ("Id" int PRIMARY KEY, "order" text, "select" int);
CREATE TABLE "order" (id int);

-- case: unlogged_toggle
-- before
CREATE TABLE cache (k text PRIMARY KEY, v bytea);
-- after
CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v bytea);

-- case: table_options
-- before
CREATE TABLE docs (id int PRIMARY KEY, body text);
-- after
CREATE TABLE docs (id int PRIMARY KEY, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
ALTER TABLE docs REPLICA IDENTITY FULL;

-- case: replica_identity_index
-- before
CREATE TABLE r (id int NOT NULL, code text NOT NULL);
-- after
CREATE TABLE r (id int NOT NULL, code text NOT NULL);
CREATE UNIQUE INDEX r_code_key ON r (code);
ALTER TABLE r REPLICA IDENTITY USING INDEX r_code_key;

-- case: comments
-- before
CREATE TABLE t (id int, note text);
COMMENT ON TABLE t IS 'old';
-- after
CREATE TABLE t (id int, note text);
COMMENT ON TABLE t IS 'it''s new';
COMMENT ON COLUMN t.note IS 'a note';

-- case: second_schema
-- before
CREATE SCHEMA extra;
CREATE TABLE extra.items (id int PRIMARY KEY);
-- after
CREATE SCHEMA extra;
CREATE TABLE extra.items (id int PRIMARY KEY, owner_id int);
CREATE TABLE public.owners (id int PRIMARY KEY);
ALTER TABLE extra.items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES public.owners (id);

-- case: mutual_foreign_keys_dropped
-- before
CREATE TABLE a (id int PRIMARY KEY, b_id int);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);
-- after

-- case: empty_table
-- before
-- after
CREATE TABLE nothing ();

-- case: same_table_name_in_two_schemas
-- before
CREATE SCHEMA extra;
CREATE TABLE public.items (id int PRIMARY KEY);
CREATE TABLE extra.items (id int PRIMARY KEY, note text);
-- after
CREATE SCHEMA extra;
CREATE TABLE public.items (id int PRIMARY KEY, note text);
CREATE TABLE extra.items (id int PRIMARY KEY);

-- case: storage_parameters
-- before
CREATE TABLE t (a int, b text) WITH (fillfactor = 90, autovacuum_enabled = false);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 80);
-- after
CREATE TABLE t (a int, b text) WITH (fillfactor = 70, toast_tuple_target = 256);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 60);
CREATE INDEX t_b_idx ON t (b);

-- case: managed_schema_created_when_missing
-- before
CREATE TABLE owners (id int PRIMARY KEY);
-- after
CREATE TABLE owners (id int PRIMARY KEY);
CREATE SCHEMA extra;
CREATE TABLE extra.items (id int PRIMARY KEY, owner_id int REFERENCES public.owners);

-- case: schema_dropped_with_its_objects_and_commented
-- before
CREATE SCHEMA extra;
COMMENT ON SCHEMA extra IS 'old notes';
CREATE TABLE extra.t (id int);
CREATE VIEW extra.v AS SELECT id FROM extra.t;
CREATE FUNCTION extra.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
-- after
COMMENT ON SCHEMA public IS 'the app';
