//! The library half of the `scopes` command: what other tools (the fuzz
//! targets in `fuzz/`) call without going through the command line.

pub mod authorize;
