-- case: hierarchy_created
-- before
-- after
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_at_known CHECK (at > '2000-01-01'),
  CONSTRAINT events_only_here CHECK (id > 0) NO INHERIT);
CREATE TABLE tagged (tag text NOT NULL);
CREATE TABLE clicks (x int, y int) INHERITS (events);
CREATE TABLE tagged_clicks (id bigint NOT NULL, label text, CONSTRAINT labelled CHECK (label <> ''))
  INHERITS (clicks, tagged);
COMMENT ON TABLE clicks IS 'one per click';

-- case: parent_columns_change_through_the_hierarchy
-- before
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, kind int, source text);
CREATE TABLE clicks (x int) INHERITS (events);
CREATE TABLE clicks_2026 () INHERITS (clicks);
-- after
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL, kind bigint,
  note text DEFAULT 'none', CONSTRAINT events_kind_known CHECK (kind >= 0));
CREATE TABLE clicks (x int, y int) INHERITS (events);
CREATE TABLE clicks_2026 () INHERITS (clicks);

-- case: view_over_an_inherited_column
-- before
CREATE TABLE events (id bigint NOT NULL, kind int);
CREATE TABLE clicks (x int) INHERITS (events);
CREATE VIEW click_kinds AS SELECT id, kind FROM clicks;
-- after
CREATE TABLE events (id bigint NOT NULL, kind bigint);
CREATE TABLE clicks (x int) INHERITS (events);
CREATE VIEW click_kinds AS SELECT id, kind FROM clicks;

-- case: child_joins_a_parent
-- before
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0));
CREATE TABLE clicks (id bigint, x int);
-- after
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL,
  CONSTRAINT events_id_positive CHECK (id > 0));
CREATE TABLE clicks (x int) INHERITS (events);

-- case: child_leaves_its_parent_which_is_dropped
-- before
CREATE TABLE events (id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_id_positive CHECK (id > 0));
CREATE TABLE clicks (x int) INHERITS (events);
-- after
CREATE TABLE clicks (id bigint NOT NULL, at timestamptz, x int);

-- case: hierarchy_dropped
-- before
CREATE TABLE events (id bigint NOT NULL);
CREATE TABLE clicks (x int) INHERITS (events);
CREATE TABLE clicks_2026 () INHERITS (clicks);
-- after
