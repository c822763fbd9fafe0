//! # Werkzeug
//!
//! Werkzeug, the WSGI toolkit under Flask: its routing answers wrong methods and missing paths with its HTML
//! error pages, and its development server (`flask run`, `app.run()`, `werkzeug.run_simple`) sends
//! `Server: Werkzeug/<version> Python/<version>`. Both are Werkzeug's, not Flask's: Quart and other frameworks
//! routed by Werkzeug write the same pages, and any WSGI app can run on the development server.
//!
//! ## How it answers
//! - **Wrong method**: 405 with `werkzeug.exceptions.MethodNotAllowed`'s HTML page ("The method is not allowed
//!   for the requested URL.") and `Allow`.
//! - **Missing path**: 404 with `NotFound`'s page ("The requested URL was not found on the server.").
//! - **OPTIONS**: answered by the framework (Flask's automatic OPTIONS).
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's (flask-cors, quart-cors).
//!
//! ## Sources
//! - HTTP exceptions and their pages: <https://werkzeug.palletsprojects.com/en/stable/exceptions/>
//! - Source, `src/werkzeug/exceptions.py` (`MethodNotAllowed.description`, `NotFound.description`): <https://github.com/pallets/werkzeug/blob/main/src/werkzeug/exceptions.py>
//! - Source, `src/werkzeug/serving.py` (`server_version = f"Werkzeug/{_get_version()}"`, plus Python's `sys_version`): <https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Werkzeug";

/// Werkzeug's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Werkzeug, Body, Has("<p>The method is not allowed for the requested URL.</p>"), Some((405, 405)), &[], Generated, 80,
        "Werkzeug's 405 page: body contains \"{line}\""),
    row(Stack::Werkzeug, Body, Has("<p>The requested URL was not found on the server."), Some((404, 404)), &[], Generated, 75,
        "Werkzeug's 404 page: body contains \"The requested URL was not found on the server.\""),
    row(Stack::Werkzeug, Header("server"), Starts("Werkzeug/"), ANY, &[], Seen, 60, "Server: {value} (Werkzeug's development server)"),
];

/// Werkzeug's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Werkzeug;

impl Define for Werkzeug {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
