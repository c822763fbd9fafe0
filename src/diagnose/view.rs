//! How a diagnosis is shown, decided once for every surface (the reports, the panel): whether it counts as
//! failing, the section it is listed under (and so the headline's count), the status it shows and the path it
//! names.

use std::fmt;

use crate::diagnose::{Cause, DecidedBy, Diagnosis};
use crate::http::path_and_query;
use crate::stack::Tier;

/// The status a diagnosis shows: the real one (the preflight's when the preflight decided), never "CORS error".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownStatus {
    /// No response was recorded (status 0).
    NoResponse,
    /// The preflight decided the outcome, with this status.
    Preflight(u16),
    /// The response to the request itself.
    Response(u16),
}

impl fmt::Display for ShownStatus {
    /// `no response`, `preflight 405`, `405`: the reports' label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShownStatus::NoResponse => f.write_str("no response"),
            ShownStatus::Preflight(s) => write!(f, "preflight {s}"),
            ShownStatus::Response(s) => write!(f, "{s}"),
        }
    }
}

/// The section a report lists a diagnosis under: its cause, except that a request whose method is fine is split
/// three ways. The one source of the headline's "with a method or CORS problem" count: the diagnoses in sections
/// that [`Section::is_problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// A cause other than [`Cause::NotMethodRelated`].
    Cause(Cause),
    /// The method is fine, but the CORS check on the response failed (a duplicate or wrong
    /// `Access-Control-Allow-Origin`, no CORS headers on an error…).
    CorsOnResponse,
    /// The HAR cannot settle it; a probe would.
    Undecided,
    /// Not a method or CORS problem.
    NotMethodRelated,
}

impl Section {
    /// Every section, in the order reports list them.
    pub fn all() -> Vec<Section> {
        let causes = Cause::ALL.iter().filter(|c| **c != Cause::NotMethodRelated).map(|c| Section::Cause(*c));
        causes.chain([Section::CorsOnResponse, Section::Undecided, Section::NotMethodRelated]).collect()
    }

    /// The heading.
    pub fn title(&self) -> &'static str {
        match self {
            Section::Cause(c) => c.title(),
            Section::CorsOnResponse => "CORS error on the response (the method is fine)",
            Section::Undecided => "Undecided: the HAR cannot tell, a probe would",
            Section::NotMethodRelated => Cause::NotMethodRelated.title(),
        }
    }

    /// Counted in the headline as "with a method or CORS problem".
    pub fn is_problem(&self) -> bool {
        matches!(self, Section::Cause(_) | Section::CorsOnResponse)
    }

    /// Shown as an alarm (red on a terminal).
    pub fn is_alarming(&self) -> bool {
        *self != Section::NotMethodRelated
    }
}

impl Diagnosis {
    /// The section reports list it under (see [`Section`]).
    pub fn section(&self) -> Section {
        match self.cause {
            Cause::NotMethodRelated if self.problem => Section::CorsOnResponse,
            Cause::NotMethodRelated if self.needs_probe => Section::Undecided,
            Cause::NotMethodRelated => Section::NotMethodRelated,
            c => Section::Cause(c),
        }
    }

    /// Shown by default (the reports without `--all`, the panel's "Failing" filter): the request failed, has a
    /// method or CORS problem, or needs a probe to be settled.
    pub fn is_failing(&self) -> bool {
        self.failed || self.problem || self.needs_probe
    }

    /// The status to show (see [`ShownStatus`]).
    pub fn shown_status(&self) -> ShownStatus {
        match (self.status, self.decided_by) {
            (0, _) => ShownStatus::NoResponse,
            (s, DecidedBy::Preflight) => ShownStatus::Preflight(s),
            (s, _) => ShownStatus::Response(s),
        }
    }

    /// The reports' status label: `no response`, `preflight 405`, `405`.
    pub fn status_label(&self) -> String {
        self.shown_status().to_string()
    }

    /// The stack as the reports name it: "Express", "FastAPI on uvicorn", or, when only the HTTP server
    /// is known, "a framework behind uvicorn, not identified"; `None` when nothing is.
    pub fn stack_words(&self) -> Option<String> {
        let framework = self.stack.filter(|s| s.tier() == Tier::Framework);
        match (self.stack, framework, self.server) {
            (_, Some(f), Some(srv)) => Some(format!("{} on {}", f.label(), srv.label())),
            (Some(s), _, None) => Some(s.label().to_string()),
            (Some(s), None, Some(srv)) => {
                Some(format!("{}; a framework behind {}, not identified", s.label(), srv.label()))
            }
            (None, _, Some(srv)) => Some(format!("a framework behind {}, not identified", srv.label())),
            (None, _, None) => None,
        }
    }

    /// The request's path and query (`/api/items?x=1`); the whole URL when it has no `scheme://`.
    pub fn path(&self) -> String {
        path_and_query(&self.url)
    }
}
