//! # Puma
//!
//! The Ruby/Rack HTTP server Rails uses by default. It sends no `Server` header of its own (only when
//! `server_header_value` is set, on its own error responses): it shows only in its own error bodies.
//!
//! ## How it answers
//! - **Wrong method / OPTIONS**: the Rack app answers (Rails, Sinatra, …).
//! - **Errors**: an exception that escapes the app gets a 500 "An unhandled lowlevel error occurred. The
//!   application logs may have details." (or, in development, "Puma caught this error: …").
//!
//! ## CORS recipe
//! None of its own: CORS is the app's (rack-cors, …).
//!
//! ## Sources
//! - Source, `lib/puma/server.rb` (`lowlevel_error`: `"Puma caught this error: …"` in development, else `"An unhandled lowlevel error occurred. The application logs may have details.\n"`): <https://github.com/puma/puma/blob/master/lib/puma/server.rb>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Puma";

/// Puma's signature rows: the HTTP server, never the framework it runs.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Puma, Body, Starts("An unhandled lowlevel error occurred. The application logs may have details."), Some((500, 500)), &[], Generated, 85,
        "Puma's low-level 500: body \"{line}\""),
    row(Stack::Puma, Body, Starts("Puma caught this error: "), Some((500, 500)), &[], Generated, 85,
        "Puma's low-level 500 (development): body \"{line}\""),
];

/// Puma's hooks: an application server, with no fix snippets of its own (the framework's are generic until
/// one is identified).
pub(super) struct Puma;

impl Define for Puma {
    fn tier(&self) -> Tier {
        Tier::AppServer
    }

    fn lang(&self) -> Lang {
        Lang::Ruby
    }
}
