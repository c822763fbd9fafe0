//! `why405 contract`: checks a deployment's methods and CORS against its OpenAPI description (issue 13).
//!
//! The pieces, each in its own file:
//! - [`spec`]: reads OpenAPI 3.0 / 3.1 (YAML or JSON) and Swagger 2.0 into a [`Spec`] (documented operations), or a
//!   [`SpecError`] naming the place in the spec;
//! - [`live`]: the checks against a running deployment (`--base-url`), sent with the probe's client;
//! - [`compare`]: two deployments' checks side by side (`--compare`), method by method and header by header;
//! - [`drift`]: a HAR's requests against the spec, offline (`--har`);
//! - [`report`]: a [`ContractReport`] as text, JSON, Markdown or JUnit XML.
//!
//! The observed/expected split: a [`Check`] says what the spec expects ([`Expectation`]) and what was observed
//! ([`Outcome`]). Nothing here runs in the panel's wasm (the `contract` feature).

pub mod compare;
pub mod drift;
pub mod live;
mod redact;
pub mod report;
pub mod spec;

use crate::http::Method;

pub use spec::{load, SpecError};

/// Which description format the spec was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// A spec, read: where it came from and every documented operation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Spec {
    /// The file as given on the command line (for messages).
    pub source: String,
    pub version: SpecVersion,
    /// The path every documented path is under (`servers[0].url`'s path, or Swagger's `basePath`), `""` for none;
    /// no trailing `/`.
    pub base_path: String,
    /// Every documented path, in the spec's order, with its operations.
    pub paths: Vec<PathItem>,
}

/// A documented path and its operations.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PathItem {
    /// The template as written (`/users/{id}`).
    pub template: String,
    /// Where it is in the spec, as a JSON pointer (`/paths/~1users~1{id}`).
    pub pointer: String,
    pub operations: Vec<Operation>,
    /// The path parameters (from the path item and its operations), with an example value when the spec has one.
    pub params: Vec<PathParam>,
}

/// One documented method on a path.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Operation {
    pub method: Method,
    pub operation_id: Option<String>,
    /// Where it is in the spec, as a JSON pointer (`/paths/~1users~1{id}/put`).
    pub pointer: String,
    /// The request headers the operation documents (header parameters), names as written.
    pub header_names: Vec<String>,
    /// An example request body and its media type, when the spec gives one (used only with `--allow-writes`).
    pub body_example: Option<BodyExample>,
    /// The request body's media type as documented (JSON first), with or without an example: what a page sends as
    /// `Content-Type`, and so whether its request needs a preflight.
    pub body_type: Option<String>,
}

/// An example body from the spec.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BodyExample {
    pub content_type: String,
    pub body: String,
}

/// A path parameter and the value a check puts in its place.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PathParam {
    pub name: String,
    /// From the spec's `example`/`examples`/`default`/`enum`; `--param name=value` wins over it.
    pub example: Option<String>,
}

/// What a check expects, from the spec.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expectation {
    /// The browser's preflight for a documented method from `origin` passes (every CORS step of the Fetch
    /// standard).
    PreflightPasses { origin: String },
    /// A documented method is not refused (no 405, no 501, no redirect that changes the method).
    MethodAccepted,
    /// An undocumented standard method on a documented path gets 405 with an `Allow` listing exactly the
    /// documented methods.
    MethodRefused { allow: Vec<Method> },
    /// OPTIONS on a path must not be answered by a catch-all that hides a missing route (a path the spec
    /// documents must exist; a path it does not must not be "allowed: OPTIONS").
    NoCatchAll,
    /// A request of a HAR uses a method and path the spec documents (`--har`).
    Documented,
}

/// What was observed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    /// A violation: what was seen, in plain words, the evidence (status, header lines, the failing CORS step by
    /// its Chromium `CorsError` name), and the fix when one can be said.
    Fail {
        message: String,
        evidence: Vec<String>,
        fix: Option<String>,
    },
    /// Not checked, and why (a write without `--allow-writes`, a path parameter with no value, ...).
    Skip {
        reason: String,
    },
}

/// One check: one path, one method, maybe one origin; one test case in JUnit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Check {
    /// Stable and unique within a report (`"PUT /users/{id} preflight from https://app.example"`): JUnit's test
    /// name and `--compare`'s key.
    pub id: String,
    pub method: Method,
    /// The documented template (`/users/{id}`), or the HAR's path for an undocumented one.
    pub path: String,
    /// The URL sent (live checks), or the HAR request's URL (`--har`).
    pub url: Option<String>,
    pub expected: Expectation,
    pub outcome: Outcome,
    /// Where in the spec this check comes from (a JSON pointer), when it does.
    pub pointer: Option<String>,
    /// Live checks: every request sent for this check and what came back, in order (`--compare` reads these);
    /// empty for `--har` and for a skipped check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub observed: Vec<Observed>,
    /// How a live check was judged when that is not plain from its requests: which evidence stood in for a request
    /// not sent (`"not sent (a write): OPTIONS's Allow (GET, PUT) lists PUT"`), or why an answer counted as a pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One request a live check sent, and the answer's status and compared headers ([`COMPARED_HEADERS`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Observed {
    /// What the request was: `"preflight for PUT from https://app.example"`, `"OPTIONS"`, `"GET"`, `"GET from
    /// https://app.example"`, `"GET (redirect hop 1)"`, ...
    pub label: String,
    pub method: Method,
    pub url: String,
    /// The answer's status; `None` when no answer came.
    pub status: Option<u16>,
    /// Why no answer came (a timeout, a refused connection), as Chromium names it (`net::ERR_TIMED_OUT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The answer's headers among [`COMPARED_HEADERS`], names as listed there, values as received (repeated headers
    /// joined with `, `).
    pub headers: Vec<(String, String)>,
}

/// The response headers a live check keeps and `--compare` compares.
pub const COMPARED_HEADERS: [&str; 7] = [
    "Allow",
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Credentials",
    "Location",
    "Vary",
];

/// Where two deployments answered one check differently (`--compare`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Difference {
    /// The [`Check::id`] both runs share.
    pub check: String,
    /// What differs: `"status"`, `"outcome"`, or a header name (`"Allow"`, `"Access-Control-Allow-Origin"`).
    pub what: String,
    /// The first deployment's value (`None`: absent).
    pub a: Option<String>,
    /// The second deployment's value.
    pub b: Option<String>,
}

/// Everything one `why405 contract` run found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ContractReport {
    /// The spec's file.
    pub spec: String,
    /// What was checked: the base URL(s), or the HAR file.
    pub targets: Vec<String>,
    pub checks: Vec<Check>,
    /// With `--compare`: the checks of the second deployment, in the same order as [`ContractReport::checks`].
    pub compared: Option<Vec<Check>>,
    /// With `--compare`: where the two differ.
    pub differences: Vec<Difference>,
}

impl ContractReport {
    /// Whether anything violates the spec (exit status 1), or the two deployments differ.
    pub fn any_violation(&self) -> bool {
        let failed = |c: &[Check]| c.iter().any(|c| matches!(c.outcome, Outcome::Fail { .. }));
        failed(&self.checks) || self.compared.as_deref().is_some_and(failed) || !self.differences.is_empty()
    }
}
