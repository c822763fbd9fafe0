//! [`Brief`]: what a report needs to know of a diagnosis before it writes any (which section it goes in, whether
//! it is shown by default, whether it is a problem), a few bytes instead of the diagnosis. An engine that keeps no
//! diagnoses ([`Engine::set_lazy`](crate::engine::Engine::set_lazy), the CLI's) keeps these, and the reports
//! compute each diagnosis again when they write it: the output is the same, and peak memory is the entries'.

use super::view::Section;
use super::Diagnosis;

/// The facts of a diagnosis a report decides on before writing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    /// The section it is listed under ([`Diagnosis::section`]).
    pub section: Section,
    /// Shown by default ([`Diagnosis::is_failing`]).
    pub failing: bool,
    /// A method or CORS problem ([`Diagnosis::problem`]).
    pub problem: bool,
    /// Its preflight names the page's origin (the Markdown report's environment table reads the first).
    pub names_origin: bool,
}

impl Brief {
    pub fn of(d: &Diagnosis) -> Brief {
        Brief {
            section: d.section(),
            failing: d.is_failing(),
            problem: d.problem,
            names_origin: d.preflight.as_ref().is_some_and(|p| !p.origin.is_empty()),
        }
    }
}
