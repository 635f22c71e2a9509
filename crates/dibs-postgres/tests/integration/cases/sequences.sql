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

-- case: shared_sequence_and_identity_dropped
-- before
CREATE SEQUENCE shared_seq;
CREATE TABLE a (id bigint DEFAULT nextval('shared_seq'), g int GENERATED ALWAYS AS IDENTITY);
CREATE TABLE b (id bigint DEFAULT nextval('shared_seq'));
-- after
CREATE TABLE a (id bigint);
CREATE TABLE b (id bigint);
