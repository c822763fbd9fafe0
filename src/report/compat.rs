//! The entry points from before [`render`](super::render), kept for their callers outside the core: the panel
//! (`ui/src/state.rs`, `ui/src/bindings.rs`), `tests/redaction.rs` and `benches/diagnose.rs`. Each is the pipeline
//! under another name (or, for [`markdown`], a compact Markdown only a test reads). Delete one once its callers
//! call [`render`](super::render).

use std::fmt::Write as _;
use std::io;

use super::{json as json_format, redactor_for, text as text_format};
use super::{Format, Options, Selection, Style};
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::har::HarError;
use crate::redact::{RedactionPolicy, Redactor};

/// Which diagnoses a report shows, redacted with the default policy.
pub fn selected(engine: &Engine, all: bool) -> Vec<Diagnosis> {
    selected_with(engine, all, &redactor_for(engine, RedactionPolicy::default()))
}

/// Which diagnoses a report shows, redacted by `r`.
pub fn selected_with(engine: &Engine, all: bool, r: &Redactor) -> Vec<Diagnosis> {
    Selection::all(all).diagnoses(engine).into_iter().map(|d| r.diagnosis(d)).collect()
}

/// Which diagnoses a report shows, unredacted (the `write_*` functions redact
/// each one as they write it).
pub fn shown_diagnoses(engine: &Engine, all: bool) -> Vec<&Diagnosis> {
    Selection::all(all).diagnoses(engine)
}

/// The CLI's JSON contract: `{"diagnoses": [...], "warnings": [...]}`.
pub fn json(diagnoses: &[Diagnosis], warnings: &[HarError]) -> String {
    let refs: Vec<&Diagnosis> = diagnoses.iter().collect();
    let mut out = Vec::new();
    match json_format::write(&mut out, &refs, warnings, &Redactor::disabled(), 1) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// [`json`] written to `w`, each diagnosis redacted by `r` just before it is
/// written. `threads` > 1 renders batches in parallel (native targets).
pub fn write_json<W: io::Write + ?Sized>(
    w: &mut W,
    diagnoses: &[&Diagnosis],
    warnings: &[HarError],
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    json_format::write(w, diagnoses, warnings, r, threads)
}

/// Plain text for people, grouped by cause.
pub fn text(diagnoses: &[Diagnosis], warnings: &[HarError], total: usize, style: Style) -> String {
    let refs: Vec<&Diagnosis> = diagnoses.iter().collect();
    let mut out = Vec::new();
    let _ = text_format::write(&mut out, &refs, warnings, total, style, &Redactor::disabled(), 1);
    String::from_utf8(out).unwrap_or_default()
}

/// [`text`] written to `w`, each diagnosis redacted by `r` just before it is
/// written; `threads` as in [`write_json`].
pub fn write_text<W: io::Write + ?Sized>(
    w: &mut W,
    diagnoses: &[&Diagnosis],
    warnings: &[HarError],
    total: usize,
    style: Style,
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    text_format::write(w, diagnoses, warnings, total, style, r, threads)
}

/// The Markdown report for a ticket: [`render`](super::render) of [`Format::Markdown`].
pub fn markdown_report(engine: &Engine, all: bool, r: &Redactor) -> String {
    super::render_to_string(Format::Markdown, engine, &Options { selection: Selection::all(all), ..Options::new(r) })
}

/// cURL commands for every shown diagnosis: [`render`](super::render) of [`Format::Curl`].
pub fn curl(engine: &Engine, all: bool, r: &Redactor) -> String {
    super::render_to_string(Format::Curl, engine, &Options { selection: Selection::all(all), ..Options::new(r) })
}

/// A compact Markdown of `diagnoses` (no environment, exchange or cURL): only `tests/redaction.rs` reads it.
pub fn markdown(diagnoses: &[Diagnosis], warnings: &[HarError], total: usize) -> String {
    let mut out = String::new();
    let problems = diagnoses.iter().filter(|d| d.problem).count();
    let _ = writeln!(out, "# why405 report\n");
    let _ = writeln!(out, "{total} requests in the HAR, {problems} with a method or CORS problem.\n");
    for w in warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", w);
    }
    for d in diagnoses {
        let _ = writeln!(out, "## `{} {}` — {}\n", d.method, d.url, d.cause.title());
        let _ = writeln!(out, "{}\n", d.summary);
        let _ = writeln!(out, "| | |\n|---|---|");
        let _ = writeln!(out, "| Cause | `{}` |", d.cause.as_str());
        let _ = writeln!(out, "| Status | {} |", d.status_label());
        if let Some(c) = d.cors_error {
            let _ = writeln!(out, "| CORS error | `{}` |", c.as_str());
        }
        if let Some(s) = &d.cors_step {
            let _ = writeln!(out, "| Failing CORS step | {} ([spec]({})) |", s.step, s.spec);
        }
        if let Some(a) = &d.allowed {
            let _ = writeln!(out, "| Allow | `{}` |", a.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "));
        }
        if let Some(s) = d.stack {
            let _ = writeln!(out, "| Stack | {} |", s.label());
        }
        let _ = writeln!(out);
        if !d.evidence.is_empty() {
            let _ = writeln!(out, "**Evidence**\n");
            for e in &d.evidence {
                let _ = writeln!(out, "- {}", e.text);
            }
            let _ = writeln!(out);
        }
        for w in &d.warnings {
            let _ = writeln!(out, "> **Warning:** {w}\n");
        }
        if let Some(s) = &d.suggestion {
            let _ = writeln!(out, "**Suggestion:** {s}\n");
        }
        if let Some(f) = &d.fix {
            let _ = writeln!(out, "**Fix — {}**\n\n```{}\n{}\n```\n", f.title, f.language, f.code.trim_end());
        }
    }
    out
}
