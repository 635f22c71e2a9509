//! Migrations, in the order of their ids.

mod m20260101000000_initial_schema;
mod m20260110000000_seed_demo_data;
mod m20260118000000_add_task_search_title;
mod m20260120000000_index_task_search_title;
mod m20261202013945_add_updated_at_and_dashboard;
mod m20261202050000_comments_row_security;
mod m20261202051000_task_title_trigram_search;
