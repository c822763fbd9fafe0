//! HAR 1.2 reading (<http://www.softwareishard.com/blog/har-12-spec/>), tolerant of
//! what real exporters write (Chrome DevTools, Firefox devtools, others).
//!
//! The model keeps only what the engine reasons about. Parsing is
//! per entry so that one unreadable entry is reported (index and field) and
//! skipped instead of losing the whole file, and so that the extension can
//! feed entries one at a time through [`parse_entry`].
//!
//! How it reads (and why it is fast and bounded):
//! - the input's first bytes say what it is (`sniff`): a gzip or zip archive is
//!   opened (by content, not by name), UTF-16 and UTF-32 (with or without a
//!   BOM) decoded, a known binary format named ("this is a PNG image, not a
//!   HAR"); the text is checked once for UTF-8 (a BOM is skipped, invalid
//!   bytes replaced with a located warning), and rejected early with a clear
//!   message when it is empty, a JSON array, a scalar or HTML;
//! - the top level is streamed: each `log.entries[i]` is taken as a raw slice
//!   and read at once into private borrowed structs whose fields accept any
//!   JSON type (recording what they found), so a wrong type never aborts the
//!   file and no `serde_json::Value` tree is built; strings are borrowed and
//!   only the capped part is copied (see the `MAX_*` constants);
//! - only `request.method` and `request.url` are required (or the HTTP/2
//!   pseudo-headers when they are absent); an entry without them is skipped
//!   with a warning naming the field (`log.entries[4].request.url`); everything
//!   else defaults;
//! - what a strict reader refuses but whose meaning is clear is repaired and
//!   read, never dropped (`repair`: a lone surrogate escape becomes U+FFFD, a
//!   number out of range is read as missing, trailing commas are ignored, a
//!   duplicate key keeps its last value as `JSON.parse` does), each repair a
//!   warning naming the field (`log.entries[4].response.content.text`);
//! - any other JSON syntax error is fatal and located by line and column (and
//!   the entry it is in); a truncated file says so;
//! - a file where most entries cannot be read is an error, not a HAR of the
//!   few that could (which would say "no failing requests").
//!
//! [`parse_har`] reads bytes already in memory (decoded, then through the
//! same streaming reader); [`parse_har_reader`] streams from a `Read` with
//! the same results, so that peak memory is the model alone
//! instead of the file plus the model (what a CLI reading a 100 MB file wants).
//!
//! Layout (each file says what it owns):
//! - `model`: the types ([`Har`], [`Entry`], …);
//! - `error`: [`HarError`] and how locations are written;
//! - `caps`: the `MAX_*` limits and [`BODY_KEEP`];
//! - `sniff`: what the first bytes say the file is (UTF-16/32, gzip, zip, a PNG…);
//! - `archive`: gzip and zip opened (feature `archive`);
//! - `input`: input decoding (archives, BOM, UTF-16/32, invalid UTF-8, top-level check);
//! - `repair`: what a strict reader refuses but reads clearly (lone surrogates,
//!   `1e400`, trailing commas, duplicate keys), repaired with a warning per field;
//! - `lenient`: the lenient value types (any JSON type read, what was found recorded);
//! - `raw`: the borrowed raw shapes of an entry;
//! - `entry`: one entry read into the model, with its warnings ([`parse_entry`]);
//! - `body`: bodies decoded (base64) and cut;
//! - `document`: the top level, [`parse_har`];
//! - `stream`: [`HarStream`], [`parse_har_reader`];
//! - `splitter`: the lexical scanner that cuts entries out of a stream.

#[cfg_attr(not(feature = "archive"), allow(dead_code))]
mod archive;
mod body;
mod caps;
mod document;
mod entry;
mod error;
mod input;
pub mod intern;
mod lenient;
mod model;
mod raw;
mod repair;
mod sniff;
mod splitter;
mod stream;

pub use caps::{
    BODY_KEEP, MAX_HEADERS, MAX_HEADER_NAME, MAX_HEADER_VALUE, MAX_PAGES, MAX_PARAMS, MAX_TEXT, MAX_URL, MAX_WARNINGS,
};
pub use document::parse_har;
pub use entry::{parse_entry, parse_entry_with_warnings};
pub use error::HarError;
pub use input::decode_text;
pub use model::{CallFrame, Content, Entry, Har, Initiator, Page, PostData, Request, Response, Software};
pub use stream::{parse_har_reader, parse_har_reader_spans, parse_har_reader_with, HarStream, ReadWithSpans};

use caps::{BODY_RAW_CAP, MAX_FRAMES};
