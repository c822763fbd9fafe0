//! Causes and rules: turns one [`Exchange`] into one [`Diagnosis`].
//!
//! The order of reasoning mirrors the browser's: first the preflight (if the
//! request needed one), then each hop's response and the CORS check on it,
//! then what the final response says about the method.
//!
//! [`diagnose`] gathers the facts of an exchange once (`facts.rs`: the
//! request as the page made it, what the browser required of it — CORS mode,
//! a preflight — and what the HAR observed: the preflight, each hop, the
//! final response), then runs the ordered rules (`rules/`, the list
//! `rules::RULES`): the first rule that returns a verdict (`verdict.rs`)
//! decides. This module owns the
//! types of the diagnosis (its JSON contract) and the [`Context`] a diagnosis
//! reads other requests through.

// `cors`'s checks return a rich `CheckFailure` (the evidence a report shows); it is
// built once per failing request, so its size on the error path does not matter.
#![allow(clippy::result_large_err)]

pub mod brief;
mod facts;
pub mod kind;
pub mod layer;
mod preflight;
pub mod probed;
mod replay;
mod rules;
pub mod settle;
mod verdict;
pub mod view;
mod words;

use serde::Serialize;

use crate::cors::{CheckFailure, CorsError};
use crate::exchange::Exchange;
use crate::har::{CallFrame, Entry};
use crate::http::Method;
use crate::stack::{self, FixNote, Stack};

pub use brief::Brief;
pub use kind::RequestKind;
pub use layer::{AnsweredBy, Layer, Shape};
pub use probed::{ProbeRequest, Probed};

/// Why a request ended the way it did. Exactly one per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The preflight failed, so the request was never sent.
    CorsPreflight,
    /// A generic OPTIONS route let the preflight pass; the method has no route here.
    CatchAllOptions,
    /// The resource exists and refuses this method.
    MethodMismatch,
    /// A web server or proxy in front of the app refused the method.
    ServerRule,
    /// A 301/302/303 turned the request into GET.
    RedirectMethodChange,
    /// Succeeded, or failed for reasons that have nothing to do with the method.
    NotMethodRelated,
}

impl Cause {
    pub fn as_str(&self) -> &'static str {
        match self {
            Cause::CorsPreflight => "cors_preflight",
            Cause::CatchAllOptions => "catch_all_options",
            Cause::MethodMismatch => "method_mismatch",
            Cause::ServerRule => "server_rule",
            Cause::RedirectMethodChange => "redirect_method_change",
            Cause::NotMethodRelated => "not_method_related",
        }
    }

    /// A short human title.
    pub fn title(&self) -> &'static str {
        match self {
            Cause::CorsPreflight => "CORS preflight refused",
            Cause::CatchAllOptions => "Catch-all OPTIONS route hides a missing route",
            Cause::MethodMismatch => "Method not allowed on this resource",
            Cause::ServerRule => "Web server or proxy rule refused the method",
            Cause::RedirectMethodChange => "Redirect changed the method",
            Cause::NotMethodRelated => "Not a method problem",
        }
    }

    pub const ALL: [Cause; 6] = [
        Cause::CorsPreflight,
        Cause::CatchAllOptions,
        Cause::MethodMismatch,
        Cause::ServerRule,
        Cause::RedirectMethodChange,
        Cause::NotMethodRelated,
    ];
}

/// Which response decided the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Preflight,
    Response,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Status,
    Header,
    CorsCheck,
    Body,
    Redirect,
    Observation,
    Signature,
    Inference,
}

/// One fact the diagnosis rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub text: String,
    /// The header this is about, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// That header's value (`null` when it was absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The HAR entry it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<usize>,
    /// The spec section behind it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
}

impl Evidence {
    fn new(kind: EvidenceKind, text: impl Into<String>) -> Self {
        Evidence { kind, text: text.into(), header: None, value: None, entry: None, spec: None }
    }
    fn entry(mut self, e: usize) -> Self {
        self.entry = Some(e);
        self
    }
    fn header(mut self, name: &str, value: Option<&str>) -> Self {
        self.header = Some(name.to_string());
        self.value = value.map(str::to_string);
        self
    }
    /// A failed CORS step, read from entry `entry`.
    fn cors_check(f: &CheckFailure, entry: usize) -> Self {
        Evidence {
            kind: EvidenceKind::CorsCheck,
            text: format!("{}: {}", f.error.as_str(), f.detail),
            header: f.header.map(str::to_string),
            value: f.value.clone(),
            entry: Some(entry),
            spec: Some(f.spec.to_string()),
        }
    }
}

/// One redirect hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redirect {
    pub status: u16,
    pub from: String,
    pub to: String,
    pub method_before: Method,
    pub method_after: Method,
}

/// The failing CORS step, as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorsStep {
    pub error: CorsError,
    pub step: String,
    pub spec: String,
    pub header: Option<String>,
    pub value: Option<String>,
    pub failed_parameter: Option<String>,
    pub detail: String,
    /// True when the step failed on the preflight response.
    pub on_preflight: bool,
}

impl CorsStep {
    fn of(f: &CheckFailure, on_preflight: bool) -> Self {
        CorsStep {
            error: f.error,
            step: f.step.to_string(),
            spec: f.spec.to_string(),
            header: f.header.map(str::to_string),
            value: f.value.clone(),
            failed_parameter: f.failed_parameter.clone(),
            detail: f.detail.clone(),
            on_preflight,
        }
    }
}

/// The preflight as reconstructed: the JSON view of [`preflight::Preflight`]
/// (observed, or required but not in the HAR; absent when not needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreflightInfo {
    /// Not in the HAR: reconstructed per the Fetch standard.
    pub inferred: bool,
    pub entry: Option<usize>,
    pub status: Option<u16>,
    /// `Access-Control-Request-Method`.
    pub request_method: Method,
    /// `Access-Control-Request-Headers` (lower-cased, sorted).
    pub request_headers: Vec<String>,
    pub origin: String,
}

/// The diagnosis of one request. Serialises to the CLI's JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnosis {
    pub method: Method,
    pub url: String,
    /// What kind of request it is; absent from the JSON for a fetch (a navigation, a WebSocket, a beacon… are
    /// outside CORS).
    #[serde(skip_serializing_if = "RequestKind::is_fetch")]
    pub kind: RequestKind,
    /// Real status of the response that decided the outcome (the preflight's
    /// when the preflight failed); 0 when there was no response.
    pub status: u16,
    pub cause: Cause,
    pub cors_error: Option<CorsError>,
    pub allowed: Option<Vec<Method>>,
    pub stack: Option<Stack>,
    /// The HTTP server the application runs in (uvicorn, Gunicorn, Kestrel…), named apart from the framework;
    /// absent from the JSON when none is identified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<Stack>,
    /// Which layer answered a refusal, from the comparison with the origin's other responses (see [`layer`]);
    /// absent when nothing was compared or nothing told them apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<Box<Layer>>,
    pub summary: String,
    /// Written when first read (see [`FixNote`]).
    pub fix: Option<Box<FixNote>>,
    pub evidence: Vec<Evidence>,
    pub redirects: Vec<Redirect>,
    /// A method or CORS problem was found.
    pub problem: bool,
    /// The request did not succeed (problem, error status, or no response).
    pub failed: bool,
    pub decided_by: DecidedBy,
    pub cors_step: Option<Box<CorsStep>>,
    pub suggestion: Option<String>,
    /// What will fail next once the fix is in (a static file that will refuse the method once the preflight
    /// passes); absent when nothing is expected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// RFC 9110 and other protocol warnings.
    pub warnings: Vec<String>,
    /// The HAR cannot settle this: a probe request would.
    pub needs_probe: bool,
    /// The probe this diagnosis rests on (`diagnose --probe`): when it was made and what it sent; absent from the
    /// JSON when no probe was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<Box<Probed>>,
    pub preflight: Option<Box<PreflightInfo>>,
    /// The request is not in the HAR; it was reconstructed from its preflight.
    pub request_inferred: bool,
    /// Where the page's code made the request.
    pub initiator: Option<Box<CallFrame>>,
    /// Exchange id (stable for the life of an engine).
    pub id: usize,
    /// HAR entries of this exchange (preflights and hops).
    pub entries: Vec<usize>,
}

/// What other requests of the same HAR tell about a path.
pub trait Context {
    /// The distinct (method, status) pairs of the successful (2xx, 3xx)
    /// responses observed for this origin + path, in the order first seen (a
    /// repeat adds nothing; the engine keeps the first few dozen).
    fn observed(&self, origin: &str, path: &str) -> Vec<(Method, u16)>;
    /// Stacks seen on responses of this origin, with evidence.
    fn stacks(&self, origin: &str) -> &[(Stack, String)];
    /// Entry `entry`'s stack signatures, when the context already read them
    /// (the engine does, once per entry); `None` reads them from the response.
    fn detection(&self, _entry: usize) -> Option<&stack::Detection> {
        None
    }
    /// The distinct shapes of the successful (2xx) responses of this origin, preflights aside (see [`layer`]; the
    /// engine keeps at most [`layer::SHAPES_MAX`]).
    fn shapes(&self, _origin: &str) -> &[Shape] {
        &[]
    }
}

/// The names of the rules, in the order [`diagnose`] tries them.
pub fn rule_names() -> impl Iterator<Item = &'static str> {
    rules::RULES.iter().map(|rule| rule.name)
}

/// Diagnoses one exchange: gathers its facts once, then the first rule with
/// a verdict decides.
pub fn diagnose(ex: &Exchange, entries: &[Entry], ctx: &dyn Context) -> Diagnosis {
    let facts = facts::Facts::gather(ex, entries, ctx);
    let verdict =
        rules::RULES.iter().find_map(|rule| (rule.check)(&facts, ctx)).unwrap_or_else(verdict::Verdict::undecided);
    verdict.into_diagnosis(&facts)
}
