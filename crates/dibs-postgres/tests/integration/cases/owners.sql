-- case: owners_of_kept_and_created_objects
-- before
DO $$ BEGIN CREATE ROLE dibs_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE accounts (id serial PRIMARY KEY, name text);
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
CREATE TYPE mood AS ENUM ('ok');
-- after
DO $$ BEGIN CREATE ROLE dibs_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA extra AUTHORIZATION dibs_owner;
CREATE TABLE accounts (id serial PRIMARY KEY, name text);
ALTER TABLE accounts OWNER TO dibs_owner;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
ALTER FUNCTION answer() OWNER TO dibs_owner;
CREATE TYPE mood AS ENUM ('ok');
ALTER TYPE mood OWNER TO dibs_owner;
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
ALTER DOMAIN positive OWNER TO dibs_owner;
CREATE VIEW names AS SELECT name FROM accounts;
ALTER VIEW names OWNER TO dibs_owner;
CREATE MATERIALIZED VIEW counted AS SELECT count(*) AS n FROM accounts;
ALTER MATERIALIZED VIEW counted OWNER TO dibs_owner;
CREATE SEQUENCE tickets;
ALTER SEQUENCE tickets OWNER TO dibs_owner;
CREATE PUBLICATION feed FOR TABLE accounts;
ALTER PUBLICATION feed OWNER TO dibs_owner;
CREATE STATISTICS accounts_stats ON id, name FROM accounts;
ALTER STATISTICS accounts_stats OWNER TO dibs_owner;

-- case: owner_kept_through_a_recreated_view
-- before
DO $$ BEGIN CREATE ROLE dibs_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id int, v int);
CREATE VIEW tv AS SELECT id, v FROM t;
ALTER VIEW tv OWNER TO dibs_owner;
-- after
DO $$ BEGIN CREATE ROLE dibs_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id int, v bigint);
CREATE VIEW tv AS SELECT id, v FROM t;
ALTER VIEW tv OWNER TO dibs_owner;
