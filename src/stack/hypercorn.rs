//! # Hypercorn
//!
//! An ASGI and WSGI server for Python (Quart's default, also FastAPI, Starlette, Django…). It sends
//! `server: hypercorn-h11` (or `-h2`, `-h3`) unless `include_server_header` is off: the header names the server,
//! never the framework.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: its own only for a malformed request or an exception that escapes the app.
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's (quart-cors, Starlette's `CORSMiddleware`, …).
//!
//! ## Sources
//! - `include_server_header`: <https://hypercorn.readthedocs.io/en/latest/how_to_guides/configuring.html>
//! - Source, `src/hypercorn/protocol/h11.py` (`(b"server", b"hypercorn-h11")`): <https://github.com/pgjones/hypercorn/blob/main/src/hypercorn/protocol/h11.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Hypercorn";

/// Hypercorn's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Hypercorn, Header("server"), Starts("hypercorn-"), ANY, &[], Seen, 60, "Server: {value} (the Hypercorn ASGI server)"),
];

/// Hypercorn's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Hypercorn;

impl Define for Hypercorn {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
