//! Files in and out, the same way for every command: [`input`] reads any file (regular file,
//! device, FIFO, symlink, standard input as `-`) through a byte limit into checked UTF-8 text;
//! [`output`] writes results without ever destroying an input, a link or a device; [`memory`]
//! refuses work whose estimated memory exceeds a budget. Nothing here is numeric, so nothing
//! here is exact or inexact; the limits themselves are listed in the README's "Limits and safety".

pub mod input;
pub mod memory;
pub mod output;
