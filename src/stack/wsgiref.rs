//! # wsgiref (WSGIServer)
//!
//! Python's reference WSGI server (`wsgiref.simple_server`), the server of Django's `runserver` and of several
//! micro-frameworks' development servers (Bottle's default, Pyramid's examples). It answers HTTP/1.0 and sends
//! `Server: WSGIServer/0.2 CPython/3.x` whatever the framework: the header names the server only.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: never its own: the framework answers.
//! - **Errors**: an exception escaping the app gets a 500 `A server error occurred.  Please contact the
//!   administrator.` (text/plain).
//!
//! ## CORS recipe
//! None of its own: CORS is the framework's (django-cors-headers, …).
//!
//! ## Sources
//! - `wsgiref.simple_server` (`server_version = "WSGIServer/" + __version__`, `sys_version = "CPython/…"`): <https://github.com/python/cpython/blob/main/Lib/wsgiref/simple_server.py>
//! - Django's runserver is built on it: <https://github.com/django/django/blob/main/django/core/servers/basehttp.py>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "wsgiref (WSGIServer)";

/// wsgiref (WSGIServer)'s signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Wsgiref, Header("server"), Starts("WSGIServer/"), ANY, &[], Seen, 60,
        "Server: {value} (Python's wsgiref server: Django's runserver and other development servers)"),
    row(Stack::Wsgiref, Body, Is("A server error occurred.  Please contact the administrator."), Some((500, 500)), &[], Generated, 85,
        "wsgiref's own 500: body \"{line}\""),
];

/// wsgiref (WSGIServer)'s hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Wsgiref;

impl Define for Wsgiref {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Python
    }
}
