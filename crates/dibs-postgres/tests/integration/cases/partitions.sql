-- case: range_partitions
-- before
-- after
CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_rest PARTITION OF events DEFAULT;
CREATE INDEX events_at_idx ON events (at);

-- case: partition_bound_change
-- before
CREATE TABLE m (k int NOT NULL) PARTITION BY LIST (k);
CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1, 2);
-- after
CREATE TABLE m (k int NOT NULL, v text) PARTITION BY LIST (k);
CREATE TABLE m_a PARTITION OF m FOR VALUES IN (1, 2, 3);
CREATE TABLE m_b PARTITION OF m FOR VALUES IN (4);
