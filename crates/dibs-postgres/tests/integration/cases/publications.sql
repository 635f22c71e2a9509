-- case: publications_created_and_dropped_with_their_tables
-- before
CREATE TABLE tasks (id int PRIMARY KEY, title text, done boolean);
-- after
CREATE TABLE tasks (id int PRIMARY KEY, title text, done boolean);
CREATE TABLE projects (id int PRIMARY KEY);
CREATE PUBLICATION warehouse FOR TABLE tasks, projects WITH (publish = 'insert, update');
COMMENT ON PUBLICATION warehouse IS 'to the warehouse';
CREATE PUBLICATION everything FOR ALL TABLES WITH (publish_via_partition_root = true);
CREATE PUBLICATION "Empty one";

-- case: publication_members_and_options_change_in_place
-- before
CREATE TABLE tasks (id int PRIMARY KEY, title text);
CREATE TABLE projects (id int PRIMARY KEY);
CREATE TABLE notes (id int PRIMARY KEY);
CREATE PUBLICATION warehouse FOR TABLE tasks, notes;
-- after
CREATE TABLE tasks (id int PRIMARY KEY, title text);
CREATE TABLE projects (id int PRIMARY KEY);
CREATE PUBLICATION warehouse FOR TABLE tasks, projects WITH (publish = 'insert');

-- case: publication_column_lists_row_filters_and_schemas
-- requires: 15
-- before
CREATE SCHEMA extra;
CREATE TABLE tasks (id int PRIMARY KEY, title text, done boolean);
CREATE PUBLICATION warehouse FOR TABLE tasks (id, title);
-- after
CREATE SCHEMA extra;
CREATE TABLE extra.audit (id int PRIMARY KEY);
CREATE TABLE tasks (id int PRIMARY KEY, title text, done boolean);
CREATE PUBLICATION warehouse FOR TABLE tasks (id, done) WHERE (done IS NOT TRUE);
CREATE PUBLICATION audit_feed FOR TABLES IN SCHEMA extra, TABLE tasks WHERE (id > 0);

-- case: publication_gains_a_schema_and_loses_a_column_list
-- requires: 15
-- before
CREATE SCHEMA extra;
CREATE TABLE tasks (id int PRIMARY KEY, title text);
CREATE PUBLICATION feed FOR TABLE tasks (id);
-- after
CREATE SCHEMA extra;
CREATE TABLE tasks (id int PRIMARY KEY, title text);
CREATE PUBLICATION feed FOR TABLE tasks, TABLES IN SCHEMA extra;

-- case: publication_becomes_for_all_tables
-- before
CREATE TABLE tasks (id int PRIMARY KEY);
CREATE PUBLICATION feed FOR TABLE tasks;
-- after
CREATE TABLE tasks (id int PRIMARY KEY);
CREATE PUBLICATION feed FOR ALL TABLES;
