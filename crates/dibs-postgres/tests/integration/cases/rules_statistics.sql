-- case: rules_created
-- before
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text NOT NULL);
CREATE TABLE notes (id int PRIMARY KEY, body text);
CREATE TABLE note_history (note_id int, body text, at timestamptz DEFAULT now());
-- after
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text NOT NULL);
CREATE TABLE notes (id int PRIMARY KEY, body text);
CREATE TABLE note_history (note_id int, body text, at timestamptz DEFAULT now());
CREATE RULE "audit log is append-only" AS ON DELETE TO audit_log DO INSTEAD NOTHING;
CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
ALTER TABLE audit_log DISABLE RULE audit_log_no_update;
CREATE RULE notes_keep_history AS ON UPDATE TO notes WHERE OLD.body IS DISTINCT FROM NEW.body
  DO ALSO INSERT INTO note_history (note_id, body) VALUES (OLD.id, OLD.body);
COMMENT ON RULE notes_keep_history ON notes IS 'Every edit keeps the old text.';

-- case: rule_changed_in_place
-- before
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text NOT NULL);
CREATE RULE audit_log_guard AS ON DELETE TO audit_log DO INSTEAD NOTHING;
COMMENT ON RULE audit_log_guard ON audit_log IS 'old';
-- after
CREATE TABLE audit_log (id bigint PRIMARY KEY, entry text NOT NULL);
CREATE RULE audit_log_guard AS ON DELETE TO audit_log WHERE OLD.id > 100 DO INSTEAD NOTHING;
ALTER TABLE audit_log ENABLE ALWAYS RULE audit_log_guard;

-- case: writable_view_rule_and_view_recreated
-- before
CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL);
CREATE VIEW item_view AS SELECT id, qty FROM items;
CREATE RULE item_view_insert AS ON INSERT TO item_view
  DO INSTEAD INSERT INTO items (id, qty) VALUES (NEW.id, NEW.qty);
-- after
CREATE TABLE items (id int PRIMARY KEY, qty bigint NOT NULL);
CREATE VIEW item_view AS SELECT id, qty FROM items;
CREATE RULE item_view_insert AS ON INSERT TO item_view
  DO INSTEAD INSERT INTO items (id, qty) VALUES (NEW.id, NEW.qty);

-- case: rule_dropped_with_the_table_it_writes
-- before
CREATE TABLE notes (id int PRIMARY KEY, body text);
CREATE TABLE note_history (note_id int, body text);
CREATE RULE notes_keep_history AS ON UPDATE TO notes
  DO ALSO INSERT INTO note_history (note_id, body) VALUES (OLD.id, OLD.body);
-- after
CREATE TABLE notes (id int PRIMARY KEY, body text);

-- case: statistics_created_and_tuned
-- before
CREATE TABLE orders (id int PRIMARY KEY, city text, zip text, country text, total numeric);
CREATE STATISTICS orders_geo (dependencies) ON city, zip FROM orders;
CREATE STATISTICS orders_total_target ON city, country FROM orders;
ALTER STATISTICS orders_total_target SET STATISTICS 400;
-- after
CREATE TABLE orders (id int PRIMARY KEY, city text, zip text, country text, total numeric);
CREATE STATISTICS orders_geo (dependencies, ndistinct) ON city, zip, country FROM orders;
CREATE STATISTICS orders_total_target ON city, country FROM orders;
CREATE STATISTICS "Orders by place" (mcv) ON country, zip FROM orders;
COMMENT ON STATISTICS "Orders by place" IS 'country and zip go together';

-- case: statistics_on_expressions_and_a_retyped_column
-- requires: 14
-- before
CREATE TABLE events (id int PRIMARY KEY, kind text, at timestamptz, code int);
CREATE STATISTICS events_day ON date_trunc('day', at), kind FROM events;
CREATE STATISTICS events_code ON code, kind FROM events;
-- after
CREATE TABLE events (id int PRIMARY KEY, kind text, at timestamptz, code bigint);
CREATE STATISTICS events_day ON date_trunc('day', at), kind FROM events;
CREATE STATISTICS events_code ON code, kind FROM events;

-- case: statistics_dropped_with_their_column
-- before
CREATE TABLE orders (id int PRIMARY KEY, city text, zip text);
CREATE STATISTICS orders_geo ON city, zip FROM orders;
-- after
CREATE TABLE orders (id int PRIMARY KEY, city text);
