//! Rule: only the preflight is in the HAR, and it passed: the request itself
//! is missing (still in flight, or dropped by the exporter). Not a problem.

use super::super::facts::Facts;
use super::super::verdict::{Decided, Verdict};
use super::super::Context;

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    if f.request.entry.is_some() {
        return None;
    }
    let summary = format!(
        "The preflight for {} {} passed, but the request itself is not in this HAR (still in flight, or dropped by the \
            exporter).",
        f.request.method, f.path
    );
    Some(Verdict::outcome(Decided::preflight(f), false, summary))
}
