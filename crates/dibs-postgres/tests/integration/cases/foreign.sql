-- case: servers_and_foreign_tables_created_after_their_wrapper
-- before
CREATE TABLE local (id int PRIMARY KEY);
-- after
CREATE EXTENSION postgres_fdw;
CREATE TYPE status AS ENUM ('open', 'closed');
CREATE SERVER "billing db" FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'billing.internal', dbname 'billing');
COMMENT ON SERVER "billing db" IS 'the billing replica';
CREATE TABLE local (id int PRIMARY KEY);
CREATE FOREIGN TABLE invoices (
    id bigint OPTIONS (column_name 'invoice_id') NOT NULL,
    state status,
    total numeric(12, 2) DEFAULT 0,
    CONSTRAINT total_positive CHECK (total >= 0)
) SERVER "billing db" OPTIONS (schema_name 'public', table_name 'invoices');
COMMENT ON FOREIGN TABLE invoices IS 'read through billing db';
CREATE VIEW open_invoices AS SELECT id, total FROM invoices WHERE state = 'open';

-- case: server_and_table_options_change_in_place
-- before
CREATE EXTENSION postgres_fdw;
CREATE SERVER billing VERSION '14' FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'a.internal', port '5432');
CREATE FOREIGN TABLE invoices (id bigint) SERVER billing OPTIONS (table_name 'invoices');
CREATE VIEW invoice_ids AS SELECT id FROM invoices;
-- after
CREATE EXTENSION postgres_fdw;
CREATE SERVER billing VERSION '15' FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'b.internal', dbname 'billing');
CREATE FOREIGN TABLE invoices (id bigint) SERVER billing OPTIONS (table_name 'invoices_v2', fetch_size '500');
CREATE VIEW invoice_ids AS SELECT id FROM invoices;

-- case: foreign_table_columns_change_and_its_views_are_rebuilt
-- before
CREATE EXTENSION postgres_fdw;
CREATE SERVER billing FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE invoices (id int, total numeric) SERVER billing;
CREATE VIEW totals AS SELECT id, total FROM invoices;
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT SELECT ON invoices TO dibs_reader;
-- after
CREATE EXTENSION postgres_fdw;
CREATE SERVER billing FOREIGN DATA WRAPPER postgres_fdw;
CREATE FOREIGN TABLE invoices (id bigint, total numeric, paid_at timestamptz) SERVER billing;
CREATE VIEW totals AS SELECT id, total FROM invoices;
DO $$ BEGIN CREATE ROLE dibs_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT SELECT ON invoices TO dibs_reader;
GRANT SELECT (id) ON invoices TO PUBLIC;

-- case: a_wrapper_of_our_own_and_a_server_on_it
-- before
CREATE EXTENSION postgres_fdw;
-- after
CREATE EXTENSION postgres_fdw;
CREATE FOREIGN DATA WRAPPER audit_fdw HANDLER postgres_fdw_handler OPTIONS (debug 'true');
COMMENT ON FOREIGN DATA WRAPPER audit_fdw IS 'audit reads';
CREATE SERVER audit FOREIGN DATA WRAPPER audit_fdw;
