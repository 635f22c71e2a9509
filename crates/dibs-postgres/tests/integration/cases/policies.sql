-- case: policies_and_row_security
-- before
CREATE TABLE notes (id int PRIMARY KEY, owner text NOT NULL, body text);
-- after
CREATE TABLE notes (id int PRIMARY KEY, owner text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_own ON notes USING (owner = current_user);
CREATE POLICY notes_insert ON notes FOR INSERT TO postgres WITH CHECK (owner = current_user);
CREATE POLICY "no empty bodies" ON notes AS RESTRICTIVE FOR UPDATE TO PUBLIC, postgres
  USING (true) WITH CHECK (body IS NOT NULL AND body <> '');
COMMENT ON POLICY notes_own ON notes IS 'Everyone sees their own notes.';

-- case: policy_changed
-- before
CREATE TABLE notes (id int PRIMARY KEY, owner text NOT NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_own ON notes FOR SELECT USING (owner = current_user);
COMMENT ON POLICY notes_own ON notes IS 'old';
-- after
CREATE TABLE notes (id int PRIMARY KEY, owner text NOT NULL);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_own ON notes FOR ALL USING (owner = current_user OR owner = 'shared');
COMMENT ON POLICY notes_own ON notes IS 'new';

-- case: column_retyped_under_a_policy
-- before
CREATE TABLE docs (id int PRIMARY KEY, level int NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_public ON docs USING (level < 3);
-- after
CREATE TABLE docs (id int PRIMARY KEY, level bigint NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_public ON docs USING (level < 3);

-- case: function_recreated_under_a_policy
-- before
CREATE FUNCTION visible(level int) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT level < 3';
CREATE TABLE docs (id int PRIMARY KEY, level int NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_visible ON docs USING (visible(level));
-- after
CREATE FUNCTION visible(level bigint) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT level < 5';
CREATE TABLE docs (id int PRIMARY KEY, level int NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY docs_visible ON docs USING (visible(level));

-- case: table_dropped_with_its_policies
-- before
CREATE TABLE gone (id int, owner text);
CREATE POLICY gone_own ON gone USING (owner = current_user);
CREATE TABLE kept (id int);
-- after
CREATE TABLE kept (id int);
