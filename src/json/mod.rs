//! A small JSON reader and writer for the texts the core handles itself: caller options
//! and inputs (`JSON.stringify` text from the JavaScript shell), error bodies, and the
//! request bodies and results it writes.
//!
//! Why not serde_json here: these paths reach the `.wasm` that every page downloads, and
//! serde_json with its float parsing and formatting costs about 25 KB gzip there, while
//! these values are small and only need strings, integers, booleans, arrays and objects.
//! Numbers are kept as their text: nothing here parses or prints a float. The models
//! (`crate::model`) keep serde for Rust callers and the emulator.

#[allow(unused_imports)]
use crate::prelude::*;

mod ascii;
mod block;
mod read;
mod scan;
mod write;

pub use ascii::ascii_text;
pub use read::{Json, MAX_DEPTH, parse};
pub use scan::{STOPS_A_STRING, ascii_run_end, is_guid, plain_run_end};
pub use write::{JsonObject, array, push_string, push_strings, push_u64};
