-- case: plain_and_unique
-- before
CREATE TABLE t (a int, b text, c int);
CREATE INDEX t_a_idx ON t (a);
-- after
CREATE TABLE t (a int, b text, c int);
CREATE INDEX t_a_idx ON t (a DESC NULLS LAST);
CREATE UNIQUE INDEX t_b_key ON t (b);

-- case: expression_partial_include
-- requires: 15
-- before
CREATE TABLE t (a int, b text, c int, d jsonb);
-- after
CREATE TABLE t (a int, b text, c int, d jsonb);
CREATE INDEX t_lower_b ON t (lower(b)) WHERE a > 0;
CREATE INDEX t_cover ON t (a) INCLUDE (b, c);
CREATE INDEX t_gin ON t USING gin (d jsonb_path_ops);
CREATE INDEX t_hash ON t USING hash (b);
CREATE INDEX t_brin ON t USING brin (c);
CREATE INDEX t_collate ON t (b COLLATE "C" text_pattern_ops);
CREATE UNIQUE INDEX t_nnd ON t (c) NULLS NOT DISTINCT;

-- case: index_on_dropped_column
-- before
CREATE TABLE t (a int, b int);
CREATE INDEX t_b_idx ON t (b);
COMMENT ON INDEX t_b_idx IS 'b lookups';
-- after
CREATE TABLE t (a int);
CREATE INDEX t_a_idx ON t (a);
COMMENT ON INDEX t_a_idx IS 'a lookups';

-- case: plain_and_decorated_keys
-- before
CREATE TABLE t (a varchar(20), "B" text, c int);
-- after
CREATE TABLE t (a varchar(20), "B" text, c int);
CREATE INDEX t_plain ON t (a, "B", c);
CREATE INDEX t_ops ON t (a varchar_pattern_ops);
CREATE INDEX t_coll ON t ("B" COLLATE "C");
CREATE INDEX t_desc ON t (c DESC NULLS LAST, a);

-- case: index_comments_change_without_rebuilding
-- before
CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int);
CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b);
CREATE INDEX t_c ON t (c);
COMMENT ON INDEX t_a IS 'by a';
COMMENT ON INDEX t_b IS 'by b';
-- after
CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int);
CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b);
CREATE INDEX t_c ON t (c);
COMMENT ON INDEX t_b IS 'by b, for reports';
COMMENT ON INDEX t_c IS 'by c';
