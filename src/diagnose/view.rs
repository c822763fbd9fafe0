//! How a diagnosis is shown, decided once for every surface (the reports, the panel): whether it counts as
//! failing, the status it shows and the path it names.

use std::fmt;

use crate::diagnose::{DecidedBy, Diagnosis};
use crate::http::path_and_query;

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

impl Diagnosis {
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

    /// The request's path and query (`/api/items?x=1`); the whole URL when it has no `scheme://`.
    pub fn path(&self) -> String {
        path_and_query(&self.url)
    }
}
