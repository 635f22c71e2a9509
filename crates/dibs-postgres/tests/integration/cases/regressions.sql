-- case: not_valid_constraints_of_a_new_table
-- before
CREATE TABLE parent (id int PRIMARY KEY);
-- after
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int, parent_id int, qty int);
ALTER TABLE child ADD CONSTRAINT child_qty_check CHECK (qty > 0) NOT VALID;
ALTER TABLE child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;

-- case: enum_recreated_under_a_generated_column_with_an_index
-- before
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (m mood, glad boolean GENERATED ALWAYS AS (m = 'happy') STORED);
CREATE INDEX t_glad ON t (glad);
COMMENT ON TYPE mood IS 'how it feels';
-- after
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE t (m mood, glad boolean GENERATED ALWAYS AS (m = 'happy') STORED);
CREATE INDEX t_glad ON t (glad);
COMMENT ON TYPE mood IS 'how it feels';

-- case: enum_recreated_under_a_domain_in_another_schema
-- before
CREATE SCHEMA extra;
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE DOMAIN extra.feeling AS mood;
COMMENT ON DOMAIN extra.feeling IS 'a mood in another schema';
CREATE TABLE t (f extra.feeling);
-- after
CREATE SCHEMA extra;
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN extra.feeling AS mood;
COMMENT ON DOMAIN extra.feeling IS 'a mood in another schema';
CREATE TABLE t (f extra.feeling);

-- case: generated_expression_change_keeps_its_index
-- before
CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED);
CREATE INDEX t_b ON t (b);
-- after
CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 2) STORED);
CREATE INDEX t_b ON t (b);

-- case: enum_of_63_bytes_loses_a_value
-- before
CREATE TYPE a_very_long_enum_type_name_that_fills_all_sixty_three_bytes_xyz AS ENUM ('a', 'b');
CREATE TABLE t (v a_very_long_enum_type_name_that_fills_all_sixty_three_bytes_xyz);
-- after
CREATE TYPE a_very_long_enum_type_name_that_fills_all_sixty_three_bytes_xyz AS ENUM ('a');
CREATE TABLE t (v a_very_long_enum_type_name_that_fills_all_sixty_three_bytes_xyz);

-- case: check_without_columns
-- before
CREATE TABLE t (a int);
-- after
CREATE TABLE t (a int, CONSTRAINT never_before CHECK (now() > '2020-01-01'::timestamptz));

-- case: domain_with_a_not_valid_check
-- before
-- after
CREATE DOMAIN positive AS integer;
ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0) NOT VALID;
CREATE TABLE t (p positive);

-- case: generated_column_naming_a_retyped_column_only_in_a_literal_is_kept
-- before
CREATE TABLE t (a int, b text, g text GENERATED ALWAYS AS ('a' || b) STORED);
CREATE INDEX t_g ON t (g);
-- after
CREATE TABLE t (a bigint, b text, g text GENERATED ALWAYS AS ('a' || b) STORED);
CREATE INDEX t_g ON t (g);

-- case: enum_recreated_beside_a_longer_named_enum_keeps_what_uses_only_that_one
-- before
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TYPE mood_v2 AS ENUM ('x', 'y');
CREATE TABLE t (m mood, n mood_v2, CONSTRAINT n_not_y CHECK (n <> 'y'::mood_v2));
CREATE INDEX t_x ON t (m) WHERE n = 'x'::mood_v2;
CREATE INDEX t_ok ON t (n) WHERE m = 'ok'::mood;
COMMENT ON INDEX t_ok IS 'ok rows';
-- after
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TYPE mood_v2 AS ENUM ('x', 'y');
CREATE TABLE t (m mood, n mood_v2, CONSTRAINT n_not_y CHECK (n <> 'y'::mood_v2));
CREATE INDEX t_x ON t (m) WHERE n = 'x'::mood_v2;
CREATE INDEX t_ok ON t (n) WHERE m = 'ok'::mood;
COMMENT ON INDEX t_ok IS 'ok rows';
