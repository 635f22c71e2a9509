-- case: enum_add_values
-- before
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (m mood DEFAULT 'sad');
-- after
CREATE TYPE mood AS ENUM ('angry', 'sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE t (m mood DEFAULT 'sad');

-- case: enum_remove_and_reorder
-- before
CREATE TYPE status AS ENUM ('new', 'old', 'archived');
CREATE TABLE t (s status DEFAULT 'new' NOT NULL, history status[]);
CREATE INDEX t_s_idx ON t (s);
INSERT INTO t VALUES ('new', '{new,old}'), ('old', '{}');
-- after
CREATE TYPE status AS ENUM ('old', 'new');
CREATE TABLE t (s status DEFAULT 'new' NOT NULL, history status[]);
CREATE INDEX t_s_idx ON t (s);

-- case: enum_create_drop_and_column_type
-- before
CREATE TYPE a_kind AS ENUM ('x', 'y');
CREATE TABLE t (k a_kind, n text);
-- after
CREATE TYPE b_kind AS ENUM ('p', 'q');
CREATE TABLE t (k text, n b_kind);
COMMENT ON TYPE b_kind IS 'kinds';

-- case: domains
-- before
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE DOMAIN positive AS int;
CREATE TABLE t (e email, p positive);
-- after
CREATE DOMAIN email AS text NOT NULL DEFAULT 'a@b' CONSTRAINT email_at CHECK (VALUE ~ '@');
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE DOMAIN short_code AS varchar(8) COLLATE "C";
CREATE TABLE t (e email, p positive, s short_code);

-- case: composite_types
-- before
CREATE TYPE pair AS (a int, b text);
CREATE TYPE gone AS (x int);
-- after
CREATE TYPE pair AS (a bigint, b text, c date);
CREATE TYPE address AS (street text, zip varchar(10));
CREATE TABLE t (home address, p pair);

-- case: range_types
-- before
-- after
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (r floatrange);

-- case: extension_types
-- before
-- after
CREATE EXTENSION citext;
CREATE TABLE t (name citext UNIQUE);

-- case: enum_recreated_under_indexes_and_checks
-- before
CREATE TYPE level AS ENUM ('low', 'mid', 'high');
CREATE TABLE t (a level DEFAULT 'low', c level[] DEFAULT '{low}', CONSTRAINT t_a_check CHECK (a <> 'low' OR c IS NOT NULL));
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_hot_idx ON t (a) WHERE a = 'high';
-- after
CREATE TYPE level AS ENUM ('high', 'low');
CREATE TABLE t (a level DEFAULT 'low', c level[] DEFAULT '{low}', CONSTRAINT t_a_check CHECK (a <> 'low' OR c IS NOT NULL));
CREATE INDEX t_a_idx ON t (a);
CREATE INDEX t_hot_idx ON t (a) WHERE a = 'high';

-- case: domains_come_and_go_with_columns
-- before
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE TABLE t (a positive, b int);
-- after
CREATE DOMAIN percent AS numeric(5,2) CHECK (VALUE BETWEEN 0 AND 100);
CREATE TABLE t (a int, b percent);


-- case: composite_in_use_gains_and_changes_attributes
-- before
CREATE TYPE money_amount AS (value int, currency text);
CREATE TABLE t (price money_amount, other int);
INSERT INTO t VALUES (ROW(5, 'EUR'), 1), (NULL, 2);
-- after
CREATE TYPE money_amount AS (value bigint, currency text, note text);
CREATE TABLE t (price money_amount, other int);

-- case: domain_in_use_changes_base_type
-- before
CREATE DOMAIN qty AS int DEFAULT 0 NOT NULL CHECK (VALUE >= 0);
CREATE TABLE stock (id int PRIMARY KEY, q qty, history qty[] DEFAULT '{}', spare qty DEFAULT 5);
INSERT INTO stock VALUES (1, 3, '{1,2}', 4);
-- after
CREATE DOMAIN qty AS bigint DEFAULT 1 NOT NULL CHECK (VALUE >= 0);
CREATE TABLE stock (id int PRIMARY KEY, q qty, history qty[] DEFAULT '{}', spare qty DEFAULT 5);

-- case: composite_arrays_in_use_reorder_attributes
-- before
CREATE TYPE addr AS (street text, zip int);
CREATE TABLE people (id int PRIMARY KEY, home addr, past addr[]);
INSERT INTO people VALUES (1, ROW('a', 1), ARRAY[ROW('b', 2)::addr, NULL, ROW('c', 3)::addr]);
-- after
CREATE TYPE addr AS (zip bigint, city text, street text);
CREATE TABLE people (id int PRIMARY KEY, home addr, past addr[]);

-- case: domain_over_a_recreated_enum
-- before
CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE DOMAIN primary_color AS color CHECK (VALUE <> 'green');
CREATE TABLE paint (id int PRIMARY KEY, c primary_color DEFAULT 'red', cs primary_color[], raw color);
INSERT INTO paint VALUES (1, 'blue', '{red,blue}', 'green');
-- after
CREATE TYPE color AS ENUM ('blue', 'red', 'green', 'yellow');
CREATE DOMAIN primary_color AS color CHECK (VALUE <> 'green');
CREATE TABLE paint (id int PRIMARY KEY, c primary_color DEFAULT 'red', cs primary_color[], raw color);

-- case: range_with_its_subtype_diff_function
-- before
CREATE TYPE floatrange AS RANGE (subtype = float8);
-- after
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE shifts (id int PRIMARY KEY, during timerange);

-- case: range_kept_while_its_subtype_diff_function_is_recreated
-- before
CREATE FUNCTION time_diff(x time, y time) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_diff);
-- after
CREATE FUNCTION time_diff(a time, b time) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT AS 'SELECT EXTRACT(EPOCH FROM (a - b))';
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_diff);

-- case: range_redefined_under_its_columns
-- before
CREATE TYPE floatrange AS RANGE (subtype = float8);
COMMENT ON TYPE floatrange IS 'spans';
CREATE TABLE t (id int PRIMARY KEY, r floatrange DEFAULT '[0,1)', rs floatrange[],
    CONSTRAINT r_not_empty CHECK (NOT isempty(r)), EXCLUDE USING gist (r WITH &&));
CREATE INDEX t_r_gist ON t USING gist (r);
COMMENT ON INDEX t_r_gist IS 'overlaps';
INSERT INTO t VALUES (1, '[1.5,2)', ARRAY['[1,2)', '(3,4]']::floatrange[]);
-- after
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
COMMENT ON TYPE floatrange IS 'spans';
CREATE TABLE t (id int PRIMARY KEY, r floatrange DEFAULT '[0,1)', rs floatrange[],
    CONSTRAINT r_not_empty CHECK (NOT isempty(r)), EXCLUDE USING gist (r WITH &&));
CREATE INDEX t_r_gist ON t USING gist (r);
COMMENT ON INDEX t_r_gist IS 'overlaps';

-- case: range_with_a_named_multirange
-- requires: 14
-- before
CREATE TYPE intspan AS RANGE (subtype = int4, multirange_type_name = intspans);
CREATE TABLE t (s intspans DEFAULT '{[1,2)}', r intspan);
-- after
CREATE FUNCTION int4_diff(a int4, b int4) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT (a - b)::float8';
CREATE TYPE intspan AS RANGE (subtype = int4, subtype_diff = int4_diff, multirange_type_name = intspans);
CREATE TABLE t (s intspans DEFAULT '{[1,2)}', r intspan);
CREATE TYPE floatspan AS RANGE (subtype = float8, multirange_type_name = floatspans);
CREATE TABLE u (s floatspans);
