//! The text report, for people: a headline, the warnings, then the shown diagnoses grouped by cause, coloured on
//! a terminal. Every text from the HAR (URL, method, summary, evidence, warnings, fix) is written through
//! [`visible`]: no escape sequence, bell, carriage return, backspace or bidi override reaches the terminal raw
//! (they show as `␛`, `␇`, `␍`, `␈`, `<U+202E>`); the only control bytes written are the report's own colours.

use std::fmt::Write as _;
use std::io;

use super::{redacted, render_ordered, warnings_with, Options, Piece, Shown, Spec};
use crate::diagnose::view::Section;
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::har::HarError;
use crate::stack::visible;

pub(super) const SPEC: Spec = Spec {
    name: "text",
    aliases: &[],
    extension: "txt",
    mime: "text/plain",
    file_name: "why405.txt",
};

/// The shown diagnoses, out of every request of the engine, with its warnings.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    let total = engine.briefs().count();
    let warnings = warnings_with(engine, opts.redactor);
    let shown = opts.selection.shown(engine);
    write(w, engine, &shown, &warnings, total, opts)
}

/// Terminal styling.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours and bold.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
}

/// The report of the `shown` diagnoses (out of `total` requests) written to `w`, each diagnosis computed and
/// redacted just before it is written; threads as in the JSON report.
fn write<W: io::Write + ?Sized>(
    w: &mut W,
    engine: &Engine,
    diagnoses: &[Shown],
    warnings: &[HarError],
    total: usize,
    opts: &Options,
) -> io::Result<()> {
    let (style, r) = (opts.style, opts.redactor);
    let mut out = String::new();
    // One source for the headline's count and the sections': the diagnoses in problem sections.
    let problems = diagnoses.iter().filter(|d| d.brief.section.is_problem()).count();
    let _ = writeln!(
        out,
        "{} {} request{} in the HAR, {} with a method or CORS problem",
        style.bold("why405:"),
        total,
        if total == 1 { "" } else { "s" },
        problems
    );
    for w in warnings {
        let _ = writeln!(out, "{} {}", style.yellow("warning:"), visible(&w.to_string()));
    }
    if diagnoses.is_empty() {
        let _ = writeln!(out, "\n{}", style.green("No failing requests."));
        return w.write_all(out.as_bytes());
    }
    w.write_all(out.as_bytes())?;
    let pieces = grouped(diagnoses, style);
    render_ordered(w, &pieces, opts.threads, &|_, p, buf| match p {
        Piece::Head(h) => buf.extend_from_slice(h.as_bytes()),
        Piece::Diagnosis(_, s) => {
            if let Some(d) = engine.diagnosis_now(s.id) {
                buf.extend_from_slice(text_one(&redacted(r, &d), style).as_bytes());
            }
        }
    })
}

/// The diagnoses grouped, each group under its heading: one per [`Section`] (a cause; for a request whose method
/// is fine, a CORS error on the response, undecided, or not a problem). Redaction changes neither.
fn grouped(diagnoses: &[Shown], style: Style) -> Vec<Piece> {
    let mut pieces = Vec::with_capacity(diagnoses.len() + 8);
    for section in Section::all() {
        let group: Vec<Shown> = diagnoses.iter().copied().filter(|d| d.brief.section == section).collect();
        if group.is_empty() {
            continue;
        }
        let head = format!("{} ({})", section.title(), group.len());
        pieces.push(Piece::Head(format!(
            "\n{}\n",
            if section.is_alarming() { style.red(&style.bold(&head)) } else { style.bold(&head) }
        )));
        pieces.extend(group.into_iter().map(|d| Piece::Diagnosis(0, d)));
    }
    pieces
}

/// One diagnosis of the text report.
fn text_one(d: &Diagnosis, style: Style) -> String {
    let mut out = String::new();
    let mut line =
        format!("  {} {}  → {}", style.bold(&visible(d.method.as_str())), visible(&d.url), visible(&d.status_label()));
    if let Some(c) = d.cors_error {
        let _ = write!(line, "  [{}]", c.as_str());
    }
    if let Some(s) = d.stack_words() {
        let _ = write!(line, "  {}", style.dim(&visible(&s)));
    }
    let _ = writeln!(out, "{line}");
    let _ = writeln!(out, "    {}", visible(&d.summary));
    if let Some(p) = &d.probe {
        let _ = writeln!(out, "    {} {}", style.dim("Probe:"), visible(&p.words()));
    }
    if let Some(a) = &d.allowed {
        let _ = writeln!(
            out,
            "    {} {}",
            style.dim("Allowed:"),
            visible(&a.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "))
        );
    }
    if let Some(s) = &d.suggestion {
        let _ = writeln!(out, "    {} {}", style.dim("Suggestion:"), visible(s));
    }
    if let Some(n) = &d.next {
        let _ = writeln!(out, "    {} {}", style.dim("Next:"), visible(n));
    }
    if let Some(l) = &d.layer {
        let _ = writeln!(out, "    {} {}", style.dim("Answered by:"), visible(&l.answered_by_words()));
        for e in &l.evidence {
            let _ = writeln!(out, "      - {}", visible(e));
        }
    }
    if !d.evidence.is_empty() {
        let _ = writeln!(out, "    {}", style.dim("Evidence:"));
        for e in &d.evidence {
            let _ = writeln!(out, "      - {}", visible(&e.text));
        }
    }
    for w in &d.warnings {
        let _ = writeln!(out, "    {} {}", style.yellow("Warning:"), visible(&w.to_string()));
    }
    if let Some(f) = &d.fix {
        let _ = writeln!(out, "    {} {}", style.dim("Fix:"), visible(&f.title));
        for l in f.code.strip_suffix('\n').unwrap_or(&f.code).split('\n') {
            let _ = writeln!(out, "      {}", visible(l));
        }
    }
    out
}
