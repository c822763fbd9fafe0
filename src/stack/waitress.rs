//! # Waitress
//!
//! A pure-Python WSGI server (Pyramid's default, common for Flask and Django on Windows). It sends
//! `Server: waitress` unless the app sets its own or `ident` is changed: the header names the server, never the
//! framework.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: its own only for a malformed request or an exception that escapes the app (500 `Internal Server
//!   Error` text/plain).
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's.
//!
//! ## Sources
//! - `ident` (the `Server` header's value, default `waitress`): <https://docs.pylonsproject.org/projects/waitress/en/stable/arguments.html>
//! - Source, `src/waitress/task.py` (`response_headers.append(("Server", ident))`): <https://github.com/Pylons/waitress/blob/main/src/waitress/task.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Waitress";

/// Waitress's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Waitress, Header("server"), Starts("waitress"), ANY, &[], Seen, 60, "Server: {value} (the Waitress WSGI server)"),
];

/// Waitress's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Waitress;

impl Define for Waitress {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
