-- case: standalone_sequences
-- before
CREATE SEQUENCE s1;
CREATE SEQUENCE s_gone;
-- after
CREATE SEQUENCE s1 AS int INCREMENT BY 2 MINVALUE 10 MAXVALUE 1000 START 10 CACHE 5 CYCLE;
CREATE SEQUENCE s2;
COMMENT ON SEQUENCE s2 IS 'second';

-- case: owned_sequence_and_default
-- before
CREATE TABLE t (id int);
-- after
CREATE SEQUENCE t_id_seq;
CREATE TABLE t (id int DEFAULT nextval('t_id_seq') NOT NULL);
ALTER SEQUENCE t_id_seq OWNED BY t.id;

-- case: serial_table_dropped
-- before
CREATE TABLE t (id serial PRIMARY KEY, n bigserial);
-- after
