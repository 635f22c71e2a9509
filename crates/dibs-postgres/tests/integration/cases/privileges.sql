-- Roles are cluster-wide and cases run in parallel: each case creates the roles it
-- needs only if they are missing.

-- case: table_and_column_grants
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE dibs_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id bigint PRIMARY KEY, name text, secret text);
GRANT DELETE ON accounts TO dibs_writer;
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE dibs_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id bigint PRIMARY KEY, name text, secret text);
GRANT SELECT, INSERT ON accounts TO dibs_reader;
GRANT UPDATE (name) ON accounts TO dibs_writer WITH GRANT OPTION;
GRANT SELECT ON accounts TO PUBLIC;

-- case: routine_revoked_from_public
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION answer() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION answer() TO dibs_reader;

-- case: new_objects_with_grants
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA extra;
GRANT USAGE ON SCHEMA extra TO dibs_reader;
CREATE TYPE extra.mood AS ENUM ('ok', 'sad');
REVOKE USAGE ON TYPE extra.mood FROM PUBLIC;
GRANT USAGE ON TYPE extra.mood TO dibs_reader;
CREATE SEQUENCE extra.tickets;
GRANT USAGE, SELECT ON SEQUENCE extra.tickets TO dibs_reader;
CREATE TABLE extra.notes (id bigint, mood extra.mood);
GRANT SELECT ON extra.notes TO dibs_reader;
CREATE VIEW extra.sad_notes AS SELECT id FROM extra.notes WHERE mood = 'sad';
GRANT SELECT ON extra.sad_notes TO dibs_reader;

-- case: recreated_view_is_granted_again
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE events (id int, kind text);
CREATE VIEW recent_events AS SELECT id, kind FROM events;
GRANT SELECT ON recent_events TO dibs_reader;
CREATE FUNCTION event_count(k text) RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION event_count(text) FROM PUBLIC;
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE events (id bigint, kind text);
CREATE VIEW recent_events AS SELECT id, kind FROM events;
GRANT SELECT ON recent_events TO dibs_reader;
CREATE FUNCTION event_count(k text) RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';
REVOKE EXECUTE ON FUNCTION event_count(text) FROM PUBLIC;

-- case: default_privileges
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE kept (id int);
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dibs_reader;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
CREATE TABLE kept (id int);
CREATE TABLE added (id int);
CREATE FUNCTION private_answer() RETURNS int LANGUAGE sql AS 'SELECT 42';

-- case: new_object_revoked_under_shared_defaults
-- before
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dibs_reader;
-- after
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dibs_reader;
CREATE TABLE audited (id int);
CREATE TABLE private_notes (id int);
REVOKE SELECT ON private_notes FROM dibs_reader;
