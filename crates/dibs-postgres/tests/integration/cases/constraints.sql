-- case: primary_keys
-- before
CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a));
-- after
CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a, b));

-- case: unique_constraints
-- requires: 15
-- before
CREATE TABLE t (a int, b int, c int, CONSTRAINT t_a_key UNIQUE (a));
-- after
CREATE TABLE t (a int, b int, c int, CONSTRAINT t_ab_key UNIQUE (a, b), CONSTRAINT t_c_key UNIQUE NULLS NOT DISTINCT (c) INCLUDE (a));

-- case: foreign_keys
-- before
CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (id int, p_id int REFERENCES p (id), code text);
-- after
CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (id int, p_id int, code text,
  CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT c_code_fkey FOREIGN KEY (code) REFERENCES p (code) MATCH FULL);

-- case: foreign_key_not_valid
-- before
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (p_id int);
-- after
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (p_id int);
ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;

-- case: referenced_key_changes
-- before
CREATE TABLE p (id int PRIMARY KEY, other int UNIQUE);
CREATE TABLE c (p_id int REFERENCES p (id));
-- after
CREATE TABLE p (id int, other int PRIMARY KEY);
CREATE TABLE c (p_id int REFERENCES p (other));

-- case: self_reference
-- before
-- after
CREATE TABLE node (id int PRIMARY KEY, parent_id int REFERENCES node (id) ON DELETE CASCADE);

-- case: checks
-- before
CREATE TABLE t (price numeric CHECK (price > 0), qty int, CONSTRAINT qty_check CHECK (qty >= 0));
-- after
CREATE TABLE t (price numeric CHECK (price >= 0), qty int, CONSTRAINT qty_positive CHECK (qty > 0 AND qty < 1000));

-- case: exclusion
-- before
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (room int, during tsrange);
-- after
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE booking (room int, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));

-- case: key_variants
-- before
CREATE TABLE t (a int NOT NULL, b int, "Mixed Case" int);
-- after
CREATE TABLE t (a int NOT NULL, b int, "Mixed Case" int,
  CONSTRAINT t_pkey PRIMARY KEY (a) INCLUDE (b),
  CONSTRAINT t_b_key UNIQUE (b) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT t_mixed_key UNIQUE ("Mixed Case"));

-- case: dropping_referenced_and_checked_columns
-- before
CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE, qty int CHECK (qty > 0));
CREATE TABLE c (id int, p_code text REFERENCES p (code));
-- after
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int, p_code text);

-- case: composite_foreign_keys
-- before
CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE c (x int, y int);
-- after
CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE c (x int, y int, CONSTRAINT c_xy_fkey FOREIGN KEY (x, y) REFERENCES p (a, b) ON DELETE CASCADE);

-- case: not_valid_check_and_deferred_unique
-- before
CREATE TABLE t (a int, b int);
-- after
CREATE TABLE t (a int, b int, CONSTRAINT t_b_key UNIQUE (b) DEFERRABLE);
ALTER TABLE t ADD CONSTRAINT t_a_pos CHECK (a > 0) NOT VALID;

-- case: constraint_comments
-- before
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES parent, qty int CHECK (qty >= 0),
                room int, EXCLUDE USING gist (room WITH =));
COMMENT ON CONSTRAINT parent_code_key ON parent IS 'codes are unique';
COMMENT ON CONSTRAINT t_qty_check ON t IS 'no negative stock';
-- after
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE t (id int PRIMARY KEY, parent int REFERENCES parent, qty int CHECK (qty >= 0),
                room int, EXCLUDE USING gist (room WITH =));
COMMENT ON CONSTRAINT parent_pkey ON parent IS 'the id';
COMMENT ON CONSTRAINT parent_code_key ON parent IS 'codes are unique, also across tenants';
COMMENT ON CONSTRAINT t_parent_fkey ON t IS 'every row has a parent';
COMMENT ON CONSTRAINT t_room_excl ON t IS 'one booking per room';

-- case: commented_constraints_of_new_tables
-- before
CREATE TABLE other (id int);
-- after
CREATE TABLE other (id int);
CREATE TABLE t (id int PRIMARY KEY, qty int CONSTRAINT qty_ok CHECK (qty >= 0));
COMMENT ON CONSTRAINT t_pkey ON t IS 'it''s the key';
COMMENT ON CONSTRAINT qty_ok ON t IS 'stock';

-- case: foreign_key_sets_some_columns_on_delete
-- requires: 15
-- before
CREATE TABLE parents (tenant int, id int, PRIMARY KEY (tenant, id));
CREATE TABLE children (tenant int NOT NULL, parent int, other int,
                       FOREIGN KEY (tenant, parent) REFERENCES parents ON DELETE SET NULL);
-- after
CREATE TABLE parents (tenant int, id int, PRIMARY KEY (tenant, id));
CREATE TABLE children (tenant int NOT NULL, parent int DEFAULT 0, other int,
                       FOREIGN KEY (tenant, parent) REFERENCES parents ON DELETE SET NULL (parent),
                       CONSTRAINT other_fkey FOREIGN KEY (tenant, other) REFERENCES parents
                         ON DELETE SET DEFAULT (other));

-- case: referenced_keys_replaced_under_kept_foreign_keys
-- before
CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int NOT NULL, PRIMARY KEY (a));
CREATE UNIQUE INDEX t_c_idx ON t (c);
CREATE TABLE r (x int REFERENCES t (a), z int REFERENCES t (c));
-- after
CREATE TABLE t (a int NOT NULL, b int NOT NULL, c int NOT NULL, PRIMARY KEY (a, b), UNIQUE (a),
                CONSTRAINT t_c_key UNIQUE (c));
CREATE TABLE r (x int REFERENCES t (a), z int REFERENCES t (c));

-- case: unique_constraints_on_the_same_key_as_another
-- before
-- after
CREATE TABLE t (a int PRIMARY KEY, b int, c int);
ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);
ALTER TABLE t ADD CONSTRAINT t_bc_key UNIQUE (b) INCLUDE (c);
ALTER TABLE t ADD CONSTRAINT t_bc_again UNIQUE (b) INCLUDE (c);
