//! The checks against a running deployment (`why405 contract SPEC --base-url URL`): for every documented path and
//! method, the browser's preflight from each origin and the method itself (safe methods only unless
//! `--allow-writes`); for every other standard method, a 405 with the right `Allow`; no catch-all OPTIONS; no
//! method-changing redirect.
//!
//! A run has three steps: [`ask`] plans the checks and the requests they read (each request built by the probe's
//! [`plan`](crate::probe::plan), shared when several checks read it: one plain `OPTIONS` per path), [`pace`] sends
//! them (`--concurrency` threads, `--rate` a token bucket, each request bounded by `--timeout`), and [`judge`] turns
//! the answers into outcomes (CORS by the same [`Engine`](crate::engine::Engine) as `why405 diagnose`). The checks
//! come out in the spec's order whatever the concurrency.
//!
//! What is sent, and what counts (the rules [`judge`] applies):
//! - documented method M, per `--origin`: the preflight a browser sends for M (with `Access-Control-Request-Headers`
//!   for the operation's header parameters that are not CORS-safelisted, and `Content-Type` when the operation has
//!   an example body); a GET or HEAD, which needs none, is sent itself with `Origin`. A write that needs no
//!   preflight (a simple POST) is checked on its response, so only with `--allow-writes`.
//! - documented M itself: GET, HEAD, OPTIONS are sent (GET and HEAD follow redirects hop by hop); a write only with
//!   `--allow-writes` (with its example body, from the first origin; POST, PUT, PATCH without one are skipped). Without it a write is
//!   judged from the plain `OPTIONS`'s `Allow`, else from its preflights; the message names the evidence. 404, 405,
//!   501 and a 301/302/303 that turns M into GET fail.
//! - every other standard method U (GET HEAD POST PUT PATCH DELETE OPTIONS; HEAD left out when GET is documented):
//!   405 with an `Allow` that lists exactly the documented methods. Exact means: every documented method is listed
//!   (OPTIONS may be left out), and nothing else except OPTIONS (a server that answers OPTIONS itself) and HEAD when
//!   GET is documented (HEAD is implied by GET). An undocumented OPTIONS may also be answered 2xx (the server's own
//!   OPTIONS), its `Allow`, when present, exact. An undocumented write is sent only with `--allow-writes`; without it
//!   the plain `OPTIONS`'s `Allow` must not list it, or (no `Allow`) no preflight may allow it.
//! - no catch-all: a plain `OPTIONS` and a preflight (for a method that always needs one) on an undocumented sibling
//!   path (the last literal segment replaced by `__why405_<n>`, or `/__why405_<n>` appended after a parameter) must
//!   not answer 2xx, nor 405 with `Allow: OPTIONS` alone (Slim's catch-all recipe).

mod ask;
mod judge;
pub mod pace;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::time::Duration;

use super::{ContractReport, Spec};
use crate::probe::{Client, Sent};

/// How to run the live checks.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    pub base_url: String,
    /// The page origins to send preflights from (`--origin`, repeatable).
    pub origins: Vec<String>,
    /// `--param name=value`: path parameter values, over the spec's examples.
    pub params: Vec<(String, String)>,
    /// Send documented writes (POST, PUT, PATCH, DELETE) with the spec's example bodies.
    pub allow_writes: bool,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// At most this many requests a second (`None`: no limit).
    pub rate: Option<f64>,
    /// Each request's timeout.
    pub timeout: Duration,
}

/// Called after each request (a redirect followed hop by hop counts once) with (done, total): the CLI draws its
/// progress bar from it.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Runs every check of `spec` against `opts.base_url`.
pub fn run(spec: &Spec, opts: &LiveOptions, progress: Progress<'_>) -> ContractReport {
    let paths = ask::paths(spec, opts);
    let planned = ask::checks(&paths, opts);
    let asks = ask::unique(&planned);
    let requests: Vec<Option<ask::Request>> = asks.iter().map(|a| ask::request(a, &paths, opts)).collect();
    let client = Client::new(opts.timeout);
    let sent = pace::send_all(&requests, &client, opts.concurrency, opts.rate, progress);
    let results: HashMap<&ask::Ask, Vec<Sent>> = asks.iter().zip(sent).collect();
    let checks = planned.iter().map(|p| judge::check(p, &paths, &results, opts)).collect();
    ContractReport {
        spec: spec.source.clone(),
        targets: vec![opts.base_url.clone()],
        checks,
        compared: None,
        differences: Vec::new(),
    }
}
