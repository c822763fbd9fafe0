//! # uvicorn
//!
//! An ASGI server for Python (FastAPI, Starlette, Quart, Django's ASGI apps, Litestar…). It sends `server: uvicorn`
//! on every response by default (`--no-server-header` turns it off), whatever the framework: the header names the
//! server, never the framework.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: its own only for a malformed request (400 `Invalid HTTP request received.`) or an exception that
//!   escapes the app (500 `Internal Server Error`, text/plain).
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's middleware (Starlette's `CORSMiddleware`, …).
//!
//! ## Sources
//! - `server_header` (default on) and the `server: uvicorn` default header: <https://www.uvicorn.org/settings/#http>
//! - Source, `uvicorn/config.py` (`self.encoded_headers = [(b"server", b"uvicorn")]…`): <https://github.com/encode/uvicorn/blob/master/uvicorn/config.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "uvicorn";

/// uvicorn's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Uvicorn, Header("server"), Is("uvicorn"), ANY, &[], Seen, 60, "Server: {value} (the uvicorn ASGI server)"),
];

/// uvicorn's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Uvicorn;

impl Define for Uvicorn {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
