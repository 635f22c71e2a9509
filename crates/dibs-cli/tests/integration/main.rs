//! The real `dibs` binary against real databases.

mod db;
mod diff;
mod generate;
mod rpc;
