//! The real `dibs` binary against real databases.

mod common;
mod db;
mod diff;
mod generate;
mod rpc;
