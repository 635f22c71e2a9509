//! The real `dibs` binary against real databases.

mod bad_input;
mod common;
mod db;
mod diff;
mod generate;
mod import;
mod init;
mod rpc;
