-- case: function_create_drop_and_replace
-- before
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 1 $$;
CREATE FUNCTION gone() RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
-- after
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT i + 2 $$;
COMMENT ON FUNCTION add_one(integer) IS 'adds';
CREATE PROCEDURE archive(days integer) LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE '%', days; END $$;
CREATE FUNCTION overloaded(a text) RETURNS text LANGUAGE sql AS $$ SELECT a $$;
CREATE FUNCTION overloaded(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a $$;

-- case: function_return_type_change_rebuilds_its_view
-- before
CREATE TABLE t (id int, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION label(i integer) RETURNS text LANGUAGE sql AS $$ SELECT i::text $$;
CREATE VIEW labels AS SELECT label(id) AS l FROM t;
-- after
CREATE TABLE t (id int, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $$;
CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
CREATE FUNCTION label(i integer) RETURNS varchar LANGUAGE sql AS $$ SELECT i::text $$;
CREATE VIEW labels AS SELECT label(id) AS l FROM t;

-- case: triggers
-- before
CREATE TABLE t (id int, note text);
CREATE TABLE audit (at timestamptz, what text);
CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (now(), TG_OP); RETURN NULL; END $$;
CREATE TRIGGER t_log AFTER INSERT ON t FOR EACH STATEMENT EXECUTE FUNCTION log_change();
CREATE TRIGGER t_disabled AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION log_change();
-- after
CREATE TABLE t (id int, note text);
CREATE TABLE audit (at timestamptz, what text);
CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (now(), TG_OP); RETURN NULL; END $$;
CREATE TRIGGER t_log AFTER UPDATE ON t REFERENCING NEW TABLE AS added OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION log_change();
CREATE TRIGGER t_disabled AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION log_change();
ALTER TABLE t DISABLE TRIGGER t_disabled;
CREATE TRIGGER t_when BEFORE UPDATE OF note ON t FOR EACH ROW WHEN (OLD.note IS DISTINCT FROM NEW.note) EXECUTE FUNCTION log_change();
COMMENT ON TRIGGER t_when ON t IS 'only real changes';
CREATE CONSTRAINT TRIGGER t_deferred AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_change();

-- case: views_over_a_retyped_column
-- before
CREATE TABLE users (id int PRIMARY KEY, email varchar(100), active boolean);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE VIEW active_emails AS SELECT email FROM active_users;
INSERT INTO users VALUES (1, 'a@b', true);
-- after
CREATE TABLE users (id bigint PRIMARY KEY, email text, active boolean);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
CREATE VIEW active_emails AS SELECT email FROM active_users;

-- case: view_replaced_in_place_and_options
-- before
CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT a FROM t;
CREATE VIEW w AS SELECT a FROM v;
-- after
CREATE TABLE t (a int, b int);
CREATE VIEW v WITH (security_barrier) AS SELECT a, b FROM t WHERE a > 0 WITH LOCAL CHECK OPTION;
CREATE VIEW w AS SELECT a FROM v;
COMMENT ON VIEW v IS 'positive rows';

-- case: view_loses_a_column_with_a_view_over_it
-- before
CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE VIEW w AS SELECT a FROM v;
-- after
CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT a FROM t;
CREATE VIEW w AS SELECT a FROM v;

-- case: materialized_views_with_indexes
-- before
CREATE TABLE t (a int, b text);
CREATE MATERIALIZED VIEW m AS SELECT a, count(*) AS n FROM t GROUP BY a;
CREATE UNIQUE INDEX m_a ON m (a);
-- after
CREATE TABLE t (a int, b text);
CREATE MATERIALIZED VIEW m AS SELECT a, count(*) AS n FROM t GROUP BY a;
CREATE INDEX m_n ON m (n);
COMMENT ON MATERIALIZED VIEW m IS 'counts';
CREATE MATERIALIZED VIEW m2 AS SELECT b FROM t WITH NO DATA;

-- case: enum_recreated_under_a_view_and_a_function
-- before
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (m mood);
CREATE VIEW happy AS SELECT m FROM t WHERE m = 'happy';
CREATE FUNCTION cheer(x mood) RETURNS mood LANGUAGE sql AS $$ SELECT 'happy'::mood $$;
-- after
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE t (m mood);
CREATE VIEW happy AS SELECT m FROM t WHERE m = 'happy';
CREATE FUNCTION cheer(x mood) RETURNS mood LANGUAGE sql AS $$ SELECT 'happy'::mood $$;

-- case: default_and_check_calling_functions
-- before
-- after
CREATE FUNCTION short_id() RETURNS text LANGUAGE sql AS $$ SELECT substr(md5(random()::text), 1, 8) $$;
CREATE FUNCTION is_slug(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s ~ '^[a-z-]+$' $$;
CREATE TABLE t (id text DEFAULT short_id(), slug text CHECK (is_slug(slug)));
CREATE INDEX t_slug ON t (is_slug(slug));

-- case: sql_standard_body_reads_a_table
-- requires: 14
-- before
CREATE TABLE t (a int);
-- after
CREATE TABLE t (a int);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(a) FROM t; END;
CREATE AGGREGATE my_sum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');

-- case: table_dropped_with_its_view_and_trigger
-- before
CREATE TABLE t (a int);
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER t_noop BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION noop();
CREATE VIEW v AS SELECT a FROM t;
-- after
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

-- case: view_recreated_with_its_instead_of_trigger
-- before
CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t (a) VALUES (NEW.a); RETURN NEW; END $$;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
-- after
CREATE TABLE t (a int, b int);
CREATE VIEW v AS SELECT b, a FROM t;
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t (a) VALUES (NEW.a); RETURN NEW; END $$;
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();

-- case: table_replaced_under_a_view_and_a_trigger
-- before
CREATE TABLE old_name (a int);
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER keep BEFORE INSERT ON old_name FOR EACH ROW EXECUTE FUNCTION noop();
CREATE VIEW v AS SELECT a FROM old_name;
-- after
CREATE TABLE new_name (a int);
CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER keep BEFORE INSERT ON new_name FOR EACH ROW EXECUTE FUNCTION noop();
CREATE VIEW v AS SELECT a FROM new_name;

-- case: domain_check_calling_a_function
-- before
-- after
CREATE FUNCTION all_positive(a integer[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT 0 < ALL (a) $$;
CREATE DOMAIN positives AS integer[] CHECK (all_positive(VALUE));
CREATE TABLE t (p positives);

-- case: event_triggers
-- before
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION log_ddl();
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION log_ddl();
-- after
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'ddl'; END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION log_ddl();
CREATE EVENT TRIGGER log_drops ON sql_drop EXECUTE FUNCTION log_ddl();
ALTER EVENT TRIGGER log_drops DISABLE;
COMMENT ON EVENT TRIGGER log_drops IS 'off for now';

-- case: check_calling_a_function_over_its_own_row_type
-- before
-- after
CREATE TABLE t (f1 int);
CREATE FUNCTION t_ok(t) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN $1.f1 > 0; END $$;
ALTER TABLE t ADD CONSTRAINT t_check CHECK (t_ok(t.*));

-- case: function_recreated_under_a_default_a_check_and_an_index
-- before
CREATE FUNCTION short_id() RETURNS text LANGUAGE sql AS $$ SELECT substr(md5(random()::text), 1, 8) $$;
CREATE FUNCTION norm(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(s) $$;
CREATE FUNCTION score(s text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT length(s) $$;
CREATE TABLE t (id text DEFAULT short_id(), slug text, CONSTRAINT slug_short CHECK (score(slug) < 100));
CREATE INDEX t_norm ON t (norm(slug));
COMMENT ON INDEX t_norm IS 'normalized';
COMMENT ON CONSTRAINT slug_short ON t IS 'short';
-- after
CREATE FUNCTION short_id() RETURNS varchar LANGUAGE sql AS $$ SELECT substr(md5(random()::text), 1, 8) $$;
CREATE FUNCTION norm(s text) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT lower(s) $$;
CREATE FUNCTION score(s text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT length(s) $$;
CREATE TABLE t (id text DEFAULT short_id(), slug text, CONSTRAINT slug_short CHECK (score(slug) < 100));
CREATE INDEX t_norm ON t (norm(slug));
COMMENT ON INDEX t_norm IS 'normalized';
COMMENT ON CONSTRAINT slug_short ON t IS 'short';

-- case: enum_recreated_under_a_function_a_check_calls
-- before
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION is_glad(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'happy' $$;
CREATE TABLE t (m mood, CONSTRAINT glad CHECK (is_glad(m)));
-- after
CREATE TYPE mood AS ENUM ('ok', 'happy');
CREATE FUNCTION is_glad(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'happy' $$;
CREATE TABLE t (m mood, CONSTRAINT glad CHECK (is_glad(m)));
