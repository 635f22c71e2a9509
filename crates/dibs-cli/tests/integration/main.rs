//! The real `dibs` binary against real databases.

mod diff;
