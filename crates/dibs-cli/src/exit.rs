//! Exit codes, documented for CI scripts.

/// Success; for `diff`, the two sides are equal.
pub const IN_SYNC: u8 = 0;
/// Any error: bad input, unreachable server, failed statement.
pub const ERROR: u8 = 1;
/// `diff`: the two sides differ.
pub const DRIFT: u8 = 2;
/// Interrupted by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;
