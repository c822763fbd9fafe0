//! # Google Frontend
//!
//! Google's edge in front of Cloud Run, App Engine, Cloud Functions and Cloud Storage: it replaces the
//! application's `Server` header with `Server: Google Frontend` and passes the rest of the response through.
//!
//! ## How it answers
//! - **Wrong method**: a 405 seen through it is the service's own (the body and `Allow` are the application's):
//!   Cloud Run and App Engine pass every method to the container.
//! - **OPTIONS**: passed to the service, which answers CORS in its own code; a Cloud Storage bucket answers it
//!   from its CORS configuration.
//! - **Errors**: the application's, passed through.
//!
//! ## CORS recipe
//! The service's own CORS code (Cloud Run, App Engine, Functions); for a bucket, its CORS configuration.
//!
//! ## Sources
//! - Cloud Run passes requests to the container: <https://cloud.google.com/run/docs/container-contract>. No Google
//!   page states the `Server` value; responses from App Engine and Cloud Run services show `server: Google
//!   Frontend` (e.g. the documented responses of the iso3166-updates API, <https://iso3166-updates.com>, and
//!   App Engine's request and response headers reference, <https://cloud.google.com/appengine/docs/standard/reference/request-headers>)
//!   (row: `Server: Google Frontend`, Seen only)
//! - Cloud Run CORS is the service's own: <https://cloud.google.com/run/docs/tips/general>
//! - Cloud Storage CORS configuration (`origin`, `method`, `responseHeader`, `maxAgeSeconds`): <https://cloud.google.com/storage/docs/cors-configurations>

use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack, Tier};

/// The human name.
pub(super) const LABEL: &str = "Google Frontend";

/// Google Frontend's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::GoogleFrontend, Header("server"), Is("Google Frontend"), ANY, &[], Seen, 55,
        "Server: {value} (Google's edge: Cloud Run, App Engine, Cloud Functions)"),
];

/// Google Frontend's hooks: none of its own (the service behind it answers methods and CORS: the generic recipes).
pub(super) struct GoogleFrontend;

impl Define for GoogleFrontend {
    fn tier(&self) -> Tier {
        Tier::Proxy
    }
}
