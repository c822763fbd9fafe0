//! # Daphne
//!
//! The ASGI server of Django Channels; it runs any ASGI application. It sends `Server: daphne` (unless
//! `--no-server-name`): the header names the server, not the framework.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: its own only for a malformed request or an exception that escapes the app.
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's (django-cors-headers, …).
//!
//! ## Sources
//! - Source, `daphne/server.py` (`server_name="daphne"`) and `daphne/http_protocol.py` (adds `Server` unless the app set one): <https://github.com/django/daphne/blob/main/daphne/http_protocol.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Daphne";

/// Daphne's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Daphne, Header("server"), Starts("daphne"), ANY, &[], Seen, 60, "Server: {value} (the Daphne ASGI server)"),
];

/// Daphne's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Daphne;

impl Define for Daphne {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
