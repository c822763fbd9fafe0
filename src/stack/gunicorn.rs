//! # Gunicorn
//!
//! A WSGI HTTP server for Python (Flask, Django, Pyramid, Falcon…; with uvicorn workers, ASGI apps too). It sends
//! `Server: gunicorn` (before 20.0: `gunicorn/<version>`): the header names the server, never the framework.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: its own only for a malformed request (400 with an HTML page `<h1><p>Bad Request</p></h1>`) or a
//!   crashed worker (500 `Internal Server Error`).
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's (flask-cors, django-cors-headers, …).
//!
//! ## Sources
//! - Source, `gunicorn/__init__.py` (`SERVER = "gunicorn"`) and `gunicorn/http/wsgi.py` (`("Server", self.version)`): <https://github.com/benoitc/gunicorn/blob/master/gunicorn/http/wsgi.py>
//! - Design (workers, pre-fork): <https://docs.gunicorn.org/en/stable/design.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Gunicorn";

/// Gunicorn's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Gunicorn, Header("server"), Starts("gunicorn"), ANY, &[], Seen, 60, "Server: {value} (the Gunicorn WSGI server)"),
];

/// Gunicorn's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Gunicorn;

impl Define for Gunicorn {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
