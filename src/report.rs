//! Reports: text for people, JSON for machines (the CLI's contract),
//! Markdown for tickets, cURL commands that reproduce a failure, and a HAR
//! holding only the exchanges that matter. Every format is redacted by the
//! same [`Redactor`] (see `redact.rs`) unless the caller passes
//! [`Redactor::disabled`].

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::diagnose::{Cause, DecidedBy, Diagnosis};
use crate::engine::Engine;
use crate::har::{Entry, HarError};
use crate::http::{origin_of, path_and_query};
use crate::redact::{RedactionPolicy, Redactor};

/// Masks `user:pass@` and secret-looking query values in a URL, keeping its
/// shape. Kept for callers of the first API; [`Redactor::url`] is the full rule set.
pub fn redact_url(url: &str) -> String {
    Redactor::default().url(url)
}

/// A redactor for this capture: `policy`, having learned the secrets of
/// every entry (so an echo of one in free text is masked too).
pub fn redactor_for(engine: &Engine, policy: RedactionPolicy) -> Redactor {
    let mut r = Redactor::new(policy);
    r.learn_entries(engine.entries());
    r
}

fn shown(d: &Diagnosis, all: bool) -> bool {
    all || d.failed || d.problem || d.needs_probe
}

/// Which diagnoses a report shows, redacted with the default policy.
pub fn selected(engine: &Engine, all: bool) -> Vec<Diagnosis> {
    selected_with(engine, all, &redactor_for(engine, RedactionPolicy::default()))
}

/// Which diagnoses a report shows, redacted by `r`.
pub fn selected_with(engine: &Engine, all: bool, r: &Redactor) -> Vec<Diagnosis> {
    engine.diagnoses().filter(|d| shown(d, all)).map(|d| r.diagnosis(d)).collect()
}

/// Which diagnoses a report shows, unredacted (the `write_*` functions redact
/// each one as they write it).
pub fn shown_diagnoses(engine: &Engine, all: bool) -> Vec<&Diagnosis> {
    engine.diagnoses().filter(|d| shown(d, all)).collect()
}

/// The engine's warnings with their messages redacted.
pub fn warnings_with(engine: &Engine, r: &Redactor) -> Vec<HarError> {
    engine.warnings.iter().map(|w| HarError { location: w.location.clone(), message: r.text(&w.message) }).collect()
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    location: &'a str,
    message: &'a str,
}

/// The `{"diagnoses": [], "warnings": [...]}` around the diagnoses.
#[derive(Serialize)]
struct JsonReport<'a> {
    diagnoses: [(); 0],
    warnings: Vec<JsonWarning<'a>>,
}

/// The CLI's JSON contract: `{"diagnoses": [...], "warnings": [...]}`.
pub fn json(diagnoses: &[Diagnosis], warnings: &[HarError]) -> String {
    let refs: Vec<&Diagnosis> = diagnoses.iter().collect();
    let mut out = Vec::new();
    match write_json(&mut out, &refs, warnings, &Redactor::disabled(), 1) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// [`json`] written to `w`, each diagnosis redacted by `r` just before it is
/// written (nothing but the diagnosis being written is copied). `threads` > 1
/// redacts and renders batches in parallel, written in order (native targets;
/// one thread on wasm32). Byte for byte what [`json`] returns for the redacted
/// diagnoses.
pub fn write_json<W: io::Write + ?Sized>(
    w: &mut W,
    diagnoses: &[&Diagnosis],
    warnings: &[HarError],
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    let frame = JsonReport {
        diagnoses: [],
        warnings: warnings.iter().map(|w| JsonWarning { location: &w.location, message: &w.message }).collect(),
    };
    let frame = serde_json::to_vec_pretty(&frame).map_err(io::Error::other)?;
    const EMPTY: &[u8] = b"[]";
    let at = frame.windows(EMPTY.len()).position(|x| x == EMPTY).unwrap_or(frame.len());
    if diagnoses.is_empty() {
        return w.write_all(&frame);
    }
    w.write_all(&frame[..at + 1])?;
    render_ordered(w, diagnoses, threads, &|i, d, buf| {
        buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        let d = redacted(r, d);
        let mut ser = serde_json::Serializer::with_formatter(&mut *buf, Pretty { indent: 2, has_value: false });
        let _ = d.serialize(&mut ser);
    })?;
    w.write_all(b"\n  ")?;
    w.write_all(&frame[at + 1..])
}

/// `d` as a report shows it: redacted by `r` (borrowed when `r` is off).
fn redacted<'a>(r: &Redactor, d: &'a Diagnosis) -> Cow<'a, Diagnosis> {
    if r.enabled() {
        Cow::Owned(r.diagnosis(d))
    } else {
        Cow::Borrowed(d)
    }
}

/// serde_json's `PrettyFormatter` (two spaces), starting `indent` levels in,
/// so that a value rendered on its own is byte for byte what it is inside the
/// whole document.
struct Pretty {
    indent: usize,
    has_value: bool,
}

impl Pretty {
    fn pad<W: io::Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.pad(w)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: io::Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.pad(w)
    }
    fn end_array_value<W: io::Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.pad(w)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: io::Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.pad(w)
    }
    fn begin_object_value<W: io::Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: io::Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// How many items one thread renders before they are written.
#[cfg(not(target_arch = "wasm32"))]
const BATCH: usize = 128;

/// Renders `items` in order into `w`: `render(i, item, buf)` appends item `i`.
/// With `threads` > 1 (native targets), batches are rendered in parallel and
/// written in order; memory stays a few batches, never the whole output.
fn render_ordered<T: Sync, W: io::Write + ?Sized>(
    w: &mut W,
    items: &[T],
    threads: usize,
    render: &(dyn Fn(usize, &T, &mut Vec<u8>) + Sync),
) -> io::Result<()> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && items.len() > BATCH {
        let mut bufs: Vec<Vec<u8>> = vec![Vec::new(); threads];
        let mut base = 0;
        for group in items.chunks(BATCH * threads) {
            std::thread::scope(|s| {
                let mut it = bufs.iter_mut().zip(group.chunks(BATCH).enumerate());
                let first = it.next();
                for (buf, (k, chunk)) in it {
                    s.spawn(move || {
                        buf.clear();
                        for (j, item) in chunk.iter().enumerate() {
                            render(base + k * BATCH + j, item, buf);
                        }
                    });
                }
                if let Some((buf, (_, chunk))) = first {
                    buf.clear();
                    for (j, item) in chunk.iter().enumerate() {
                        render(base + j, item, buf);
                    }
                }
            });
            for buf in bufs.iter().take(group.len().div_ceil(BATCH)) {
                w.write_all(buf)?;
            }
            base += group.len();
        }
        return Ok(());
    }
    let _ = threads;
    let mut buf = Vec::new();
    for (i, item) in items.iter().enumerate() {
        buf.clear();
        render(i, item, &mut buf);
        w.write_all(&buf)?;
    }
    Ok(())
}

/// Terminal styling.
#[derive(Clone, Copy)]
pub struct Style {
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

fn status_label(d: &Diagnosis) -> String {
    match (d.status, d.decided_by) {
        (0, _) => "no response".into(),
        (s, crate::diagnose::DecidedBy::Preflight) => format!("preflight {s}"),
        (s, _) => s.to_string(),
    }
}

/// Plain text for people, grouped by cause.
pub fn text(diagnoses: &[Diagnosis], warnings: &[HarError], total: usize, style: Style) -> String {
    let refs: Vec<&Diagnosis> = diagnoses.iter().collect();
    let mut out = Vec::new();
    let _ = write_text(&mut out, &refs, warnings, total, style, &Redactor::disabled(), 1);
    String::from_utf8(out).unwrap_or_default()
}

/// One piece of a report, rendered on its own.
enum Piece<'a> {
    Head(String),
    Diagnosis(usize, &'a Diagnosis),
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
    let mut out = String::new();
    let problems = diagnoses.iter().filter(|d| d.problem).count();
    let _ = writeln!(
        out,
        "{} {} request{} in the HAR, {} with a method or CORS problem",
        style.bold("why405:"),
        total,
        if total == 1 { "" } else { "s" },
        problems
    );
    for w in warnings {
        let _ = writeln!(out, "{} {}", style.yellow("warning:"), w);
    }
    if diagnoses.is_empty() {
        let _ = writeln!(out, "\n{}", style.green("No failing requests."));
        return w.write_all(out.as_bytes());
    }
    w.write_all(out.as_bytes())?;
    // Groups: one per cause, with the undecided ones (the HAR cannot settle
    // them; a probe would) apart from the plain "not a method problem" ones.
    // Redaction changes neither the cause nor `needs_probe`.
    let undecided = |d: &Diagnosis| d.cause == Cause::NotMethodRelated && d.needs_probe;
    let mut groups: Vec<(String, bool, Vec<&Diagnosis>)> = Cause::ALL
        .iter()
        .map(|&c| {
            (
                c.title().to_string(),
                c != Cause::NotMethodRelated,
                diagnoses.iter().copied().filter(|d| d.cause == c && !undecided(d)).collect(),
            )
        })
        .collect();
    groups.insert(
        groups.len().saturating_sub(1),
        (
            "Undecided: the HAR cannot tell, a probe would".to_string(),
            true,
            diagnoses.iter().copied().filter(|d| undecided(d)).collect(),
        ),
    );
    let mut pieces = Vec::with_capacity(diagnoses.len() + groups.len());
    for (title, alarming, group) in groups {
        if group.is_empty() {
            continue;
        }
        let head = format!("{} ({})", title, group.len());
        pieces.push(Piece::Head(format!(
            "\n{}\n",
            if alarming { style.red(&style.bold(&head)) } else { style.bold(&head) }
        )));
        pieces.extend(group.into_iter().map(|d| Piece::Diagnosis(0, d)));
    }
    render_ordered(w, &pieces, threads, &|_, p, buf| match p {
        Piece::Head(h) => buf.extend_from_slice(h.as_bytes()),
        Piece::Diagnosis(_, d) => {
            let d = redacted(r, d);
            buf.extend_from_slice(text_one(&d, style).as_bytes());
        }
    })
}

/// One diagnosis of the text report.
fn text_one(d: &Diagnosis, style: Style) -> String {
    let mut out = String::new();
    let mut line = format!("  {} {}  → {}", style.bold(d.method.as_str()), d.url, status_label(d));
    if let Some(c) = d.cors_error {
        let _ = write!(line, "  [{}]", c.as_str());
    }
    if let Some(s) = d.stack {
        let _ = write!(line, "  {}", style.dim(s.label()));
    }
    let _ = writeln!(out, "{line}");
    let _ = writeln!(out, "    {}", d.summary);
    if let Some(a) = &d.allowed {
        let _ = writeln!(
            out,
            "    {} {}",
            style.dim("Allowed:"),
            a.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(s) = &d.suggestion {
        let _ = writeln!(out, "    {} {}", style.dim("Suggestion:"), s);
    }
    if !d.evidence.is_empty() {
        let _ = writeln!(out, "    {}", style.dim("Evidence:"));
        for e in &d.evidence {
            let _ = writeln!(out, "      - {}", e.text);
        }
    }
    for w in &d.warnings {
        let _ = writeln!(out, "    {} {}", style.yellow("Warning:"), w);
    }
    if let Some(f) = &d.fix {
        let _ = writeln!(out, "    {} {}", style.dim("Fix:"), f.title);
        for l in f.code.lines() {
            let _ = writeln!(out, "      {l}");
        }
    }
    out
}

/// Markdown for a ticket.
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
        let _ = writeln!(out, "| Status | {} |", status_label(d));
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

// ============================================================================
// Environment (page, browser, capture time)
// ============================================================================

/// Where and with what a capture was made, for the head of a ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Environment {
    /// The page's origin (the `Origin` its requests carried).
    pub page_origin: Option<String>,
    /// The browser and version (`log.browser`, else the `User-Agent`).
    pub browser: Option<String>,
    /// The tool that wrote the HAR (`log.creator`).
    pub exporter: Option<String>,
    /// When the capture started (`pages[0].startedDateTime`, else the first entry's).
    pub captured: Option<String>,
}

/// `HeadlessChrome/156.0.0.0` → `HeadlessChrome 156.0.0.0`, from a User-Agent.
fn browser_from_ua(ua: &str) -> Option<String> {
    for name in ["Firefox", "Edg", "OPR", "HeadlessChrome", "Chrome", "Version"] {
        if let Some(pos) = ua.find(&format!("{name}/")) {
            let ver: String = ua[pos + name.len() + 1..].chars().take_while(|c| !c.is_whitespace()).collect();
            let label = match name {
                "Edg" => "Edge",
                "OPR" => "Opera",
                "Version" => "Safari",
                n => n,
            };
            return Some(format!("{label} {ver}"));
        }
    }
    None
}

pub fn environment(engine: &Engine, r: &Redactor) -> Environment {
    let entries = engine.entries();
    let page_origin = engine
        .diagnoses()
        .find_map(|d| d.preflight.as_ref().map(|p| p.origin.clone()).filter(|o| !o.is_empty()))
        .or_else(|| {
            entries.iter().find_map(|e| e.request.headers.get("origin").filter(|o| *o != "null").map(str::to_string))
        })
        .or_else(|| engine.pages.first().and_then(|p| origin_of(&p.title)))
        .or_else(|| entries.iter().find_map(|e| e.request.headers.get("referer").and_then(origin_of)));
    let ua = entries.iter().find_map(|e| e.request.headers.get("user-agent")).and_then(browser_from_ua);
    let browser = engine.browser.as_ref().map(|b| format!("{} {}", b.name, b.version).trim().to_string()).or(ua);
    let exporter = engine.creator.as_ref().map(|c| format!("{} {}", c.name, c.version).trim().to_string());
    let captured = engine
        .pages
        .first()
        .map(|p| p.started.clone())
        .filter(|s| !s.is_empty())
        .or_else(|| entries.first().map(|e| e.started.clone()).filter(|s| !s.is_empty()));
    Environment { page_origin: page_origin.map(|o| r.url(&o)), browser, exporter, captured }
}

// ============================================================================
// The exchange as a short sequence
// ============================================================================

fn short_url(url: &str, base_origin: Option<&str>) -> String {
    match (origin_of(url), base_origin) {
        (Some(o), Some(b)) if o == b => path_and_query(url),
        _ => url.to_string(),
    }
}

/// The exchange behind a diagnosis, one line per message:
/// `OPTIONS /x → 200 (no Access-Control-Allow-Origin)`, `PUT /x → never sent`.
pub fn exchange_lines(engine: &Engine, d: &Diagnosis, r: &Redactor) -> Vec<String> {
    let mut lines = Vec::new();
    let Some(ex) = engine.exchanges().get(d.id) else { return lines };
    let base = origin_of(&d.url);
    let step = d.cors_step.as_ref();
    let decisive = |on_preflight: bool| -> String {
        match step {
            Some(s) if s.on_preflight == on_preflight => match (&s.header, &s.value) {
                (Some(h), Some(v)) => format!(" ({h}: {})", r.header_value(h, v)),
                (Some(h), None) => format!(" (no {h})"),
                _ => format!(" ({})", s.error.as_str()),
            },
            _ => String::new(),
        }
    };
    let preflight_failed = d.decided_by == DecidedBy::Preflight;
    let hop_count = ex.hops.len().max(1);
    for i in 0..hop_count {
        let pf = ex.preflights.get(i).copied().flatten();
        let hop = ex.hops.get(i).copied();
        let is_last = i + 1 == hop_count;
        if let Some(p) = pf.and_then(|p| engine.entry(p)) {
            let url = short_url(&r.url(&p.request.url), base.as_deref());
            let status = if p.response.status == 0 { "no response".to_string() } else { p.response.status.to_string() };
            let extra = if is_last && preflight_failed { decisive(true) } else { String::new() };
            lines.push(format!("OPTIONS {url} → {status}{extra}"));
        } else if i == 0 {
            if let Some(info) = d.preflight.as_ref().filter(|p| p.inferred) {
                let _ = info;
                lines.push(format!(
                    "OPTIONS {} → not in the HAR (a preflight was required)",
                    short_url(&d.url, base.as_deref())
                ));
            }
        }
        match hop.and_then(|h| engine.entry(h)) {
            Some(e) => {
                let url = short_url(&r.url(&e.request.url), base.as_deref());
                let st = e.response.status;
                let outcome = if st == 0 && is_last && preflight_failed {
                    "never sent".to_string()
                } else if st == 0 {
                    format!("no response{}", e.response.error.as_deref().map(|x| format!(" ({x})")).unwrap_or_default())
                } else if let Some(loc) = e.response.headers.get("location").filter(|_| (300..400).contains(&st)) {
                    format!("{st} (Location: {})", r.header_value("Location", loc))
                } else if is_last && !preflight_failed && step.is_some() {
                    format!("{st}{}", decisive(false))
                } else if let Some(a) = e.response.headers.get_combined("allow").filter(|_| st == 405 || st == 501) {
                    format!("{st} (Allow: {a})")
                } else {
                    st.to_string()
                };
                lines.push(format!("{} {url} → {outcome}", e.request.method));
            }
            None => {
                let why =
                    if d.request_inferred { "never sent (not in the HAR: the preflight failed)" } else { "never sent" };
                lines.push(format!("{} {} → {why}", d.method, short_url(&d.url, base.as_deref())));
            }
        }
    }
    lines
}

// ============================================================================
// Markdown for tickets (GitHub, GitLab, Jira Cloud, Linear)
// ============================================================================

/// Escapes a table cell: `|` and line breaks would end it.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// Inline code that survives backticks in the content (and table pipes).
fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// A fenced block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{lang}\n{}\n{fence}\n", body.trim_end())
}

/// The Markdown report for a ticket: title, environment, a summary table of
/// the failing requests, then per request the cause and headline, an evidence
/// table, the exchange, the fix and the cURL commands that reproduce it.
pub fn markdown_report(engine: &Engine, all: bool, r: &Redactor) -> String {
    let mut out = Vec::new();
    let _ = write_markdown_report(&mut out, engine, all, r, 1);
    String::from_utf8(out).unwrap_or_default()
}

/// [`markdown_report`] written to `w`, each diagnosis redacted just before it
/// is written; `threads` as in [`write_json`].
pub fn write_markdown_report<W: io::Write + ?Sized>(
    w: &mut W,
    engine: &Engine,
    all: bool,
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    let diagnoses: Vec<&Diagnosis> = engine.diagnoses().filter(|d| shown(d, all)).collect();
    let total = engine.diagnoses().count();
    let problems = engine.diagnoses().filter(|d| d.problem).count();
    let env = environment(engine, r);
    let mut out = String::new();
    let title = match problems {
        0 => "no method or CORS problem found".to_string(),
        1 => "1 request refused".to_string(),
        n => format!("{n} requests refused"),
    };
    let _ = writeln!(out, "# why405: {title}\n");
    let _ = writeln!(out, "| Environment | |\n|---|---|");
    let dash = || "—".to_string();
    let _ = writeln!(out, "| Page origin | {} |", env.page_origin.as_deref().map(code).unwrap_or_else(dash));
    let _ = writeln!(out, "| Browser | {} |", env.browser.as_deref().map(cell).unwrap_or_else(dash));
    if let Some(x) = &env.exporter {
        let _ = writeln!(out, "| HAR written by | {} |", cell(x));
    }
    let _ = writeln!(out, "| Captured | {} |", env.captured.as_deref().map(cell).unwrap_or_else(dash));
    let _ = writeln!(out, "| Requests | {total} in the HAR, {problems} with a method or CORS problem |");
    if !r.enabled() {
        let _ = writeln!(out, "| Redaction | **off** — this report contains secrets |");
    } else {
        let _ = writeln!(out, "| Redaction | on: tokens, cookies, passwords and secret URL parameters are masked |");
    }
    let _ = writeln!(out);
    for w in warnings_with(engine, r) {
        let _ = writeln!(out, "> **Warning:** {}\n", w.to_string().replace('\n', " "));
    }
    if diagnoses.is_empty() {
        let _ = writeln!(out, "No failing requests.");
        return w.write_all(out.as_bytes());
    }
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "| # | Request | Status | Cause | CORS error | Stack |\n|---|---|---|---|---|---|");
    w.write_all(out.as_bytes())?;
    // The summary rows: of the fields they show, redaction changes the URL alone.
    let pieces: Vec<Piece> = diagnoses.iter().enumerate().map(|(n, d)| Piece::Diagnosis(n, d)).collect();
    render_ordered(w, &pieces, threads, &|_, p, buf| {
        let Piece::Diagnosis(n, d) = p else { return };
        let url = if r.enabled() { Cow::Owned(r.url(&d.url)) } else { Cow::Borrowed(d.url.as_str()) };
        let dash = || "—".to_string();
        let row = format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            n + 1,
            code(&format!("{} {}", d.method, url)),
            cell(&status_label(d)),
            cell(d.cause.title()),
            d.cors_error.map(|c| code(c.as_str())).unwrap_or_else(dash),
            d.stack.map(|s| cell(s.label())).unwrap_or_else(dash),
        );
        buf.extend_from_slice(row.as_bytes());
    })?;
    w.write_all(b"\n")?;
    render_ordered(w, &pieces, threads, &|_, p, buf| {
        let Piece::Diagnosis(n, raw) = p else { return };
        let d = redacted(r, raw);
        buf.extend_from_slice(markdown_one(engine, *n, raw, &d, r).as_bytes());
    })
}

/// One diagnosis's section of the Markdown report (`d` is `raw` redacted).
fn markdown_one(engine: &Engine, n: usize, raw: &Diagnosis, d: &Diagnosis, r: &Redactor) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}. {} — {}\n", n + 1, code(&format!("{} {}", d.method, d.url)), d.cause.title());
    let _ = writeln!(out, "**Cause:** `{}` — {}\n", d.cause.as_str(), d.summary);
    let _ = writeln!(out, "| Evidence | |\n|---|---|");
    let _ = writeln!(out, "| Status | {} |", cell(&status_label(d)));
    if let Some(c) = d.cors_error {
        let _ = writeln!(out, "| CORS error (Chromium) | {} |", code(c.as_str()));
    }
    if let Some(s) = &d.cors_step {
        let _ = writeln!(out, "| Failing CORS step | {} ([Fetch standard]({})) |", cell(&s.step), s.spec);
    }
    let mut seen = BTreeSet::new();
    for e in &d.evidence {
        let Some(h) = &e.header else { continue };
        if !seen.insert(h.to_ascii_lowercase()) {
            continue;
        }
        let v = e.value.as_deref().map(code).unwrap_or_else(|| "_absent_".to_string());
        let _ = writeln!(out, "| {} | {} |", code(h), v);
    }
    if let Some(a) = &d.allowed {
        if !seen.contains("allow") {
            let _ = writeln!(
                out,
                "| {} | {} |",
                code("Allow"),
                code(&a.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "))
            );
        }
    }
    if let Some(s) = d.stack {
        let _ = writeln!(out, "| Server stack | {} |", cell(s.label()));
    }
    if let Some(i) = &d.initiator {
        let _ = writeln!(
            out,
            "| Made by | {} |",
            code(&format!(
                "{} ({}:{})",
                if i.function.is_empty() { "(anonymous)" } else { &i.function },
                i.url,
                i.line
            ))
        );
    }
    let _ = writeln!(out);
    if !d.evidence.is_empty() {
        for e in &d.evidence {
            let _ = writeln!(out, "- {}", e.text.replace('\n', " "));
        }
        let _ = writeln!(out);
    }
    for w in &d.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", w.replace('\n', " "));
    }
    let lines = exchange_lines(engine, raw, r);
    if !lines.is_empty() {
        let _ = writeln!(out, "**Exchange**\n");
        let _ = writeln!(out, "{}", fenced("text", &lines.join("\n")));
    }
    if let Some(s) = &d.suggestion {
        let _ = writeln!(out, "**Suggestion:** {s}\n");
    }
    if let Some(f) = &d.fix {
        let _ = writeln!(out, "**Fix — {}**\n", f.title);
        let _ = writeln!(out, "{}", fenced(&f.language, &f.code));
    }
    let cmds = curl_for(engine, raw, r);
    if !cmds.trim().is_empty() {
        let _ = writeln!(out, "**Reproduce**\n");
        let _ = writeln!(out, "{}", fenced("sh", &cmds));
    }
    out
}

// ============================================================================
// cURL commands
// ============================================================================

/// A shell word made of literal text and `$VARIABLE`s (the redacted secrets).
#[derive(Debug, Default)]
struct Word(Vec<(bool, String)>);

impl Word {
    fn lit(s: &str) -> Self {
        Word(vec![(false, s.to_string())])
    }
    fn push_lit(&mut self, s: &str) {
        match self.0.last_mut() {
            Some((false, last)) => last.push_str(s),
            _ => self.0.push((false, s.to_string())),
        }
    }
    fn push_var(&mut self, name: &str) {
        self.0.push((true, name.to_string()));
    }
    /// `'literal'"$VAR"'literal'`: single quotes for text (embedded `'` as
    /// `'\''`), double quotes only around variables.
    fn render(&self) -> String {
        let mut out = String::new();
        for (var, s) in &self.0 {
            if *var {
                let _ = write!(out, "\"${s}\"");
            } else if !s.is_empty() {
                let _ = write!(out, "{}", shell_quote(s));
            }
        }
        if out.is_empty() {
            "''".into()
        } else {
            out
        }
    }
}

/// Single-quotes a string for POSIX shells.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Browser-added request headers left out of the cURL command: curl sends its
/// own `User-Agent`, `Accept-Encoding` and `Host`; `sec-*`, client hints and
/// cache headers do not decide CORS or routing. `Origin` is written explicitly.
fn browser_added(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("sec-")
        || n.starts_with(':')
        || matches!(
            n.as_str(),
            "user-agent"
                | "accept-encoding"
                | "accept-language"
                | "connection"
                | "host"
                | "content-length"
                | "referer"
                | "origin"
                | "priority"
                | "pragma"
                | "cache-control"
                | "dnt"
                | "upgrade-insecure-requests"
                | "te"
                | "keep-alive"
        )
}

fn var_name(s: &str) -> String {
    let mut v: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if v.is_empty() || v.starts_with(|c: char| c.is_ascii_digit()) {
        v.insert_str(0, "SECRET_");
    }
    v
}

/// Secret variables a command uses: (name, what it stands for, length).
#[derive(Default)]
struct Vars(Vec<(String, String, usize)>);

impl Vars {
    fn add(&mut self, base: &str, what: &str, len: usize) -> String {
        let mut name = var_name(base);
        let mut k = 2;
        while self.0.iter().any(|(n, w, _)| *n == name && w != what) {
            name = format!("{}_{k}", var_name(base));
            k += 1;
        }
        if !self.0.iter().any(|(n, _, _)| *n == name) {
            self.0.push((name.clone(), what.to_string(), len));
        }
        name
    }
}

/// The URL as a shell word, secret parameters and userinfo as variables.
fn url_word(url: &str, r: &Redactor, vars: &mut Vars) -> Word {
    let url = url.split('#').next().unwrap_or(url);
    if !r.enabled() {
        return Word::lit(url);
    }
    let mut w = Word::default();
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    match base.split_once("://").and_then(|(scheme, rest)| {
        let end = rest.find('/').unwrap_or(rest.len());
        rest[..end].rsplit_once('@').map(|(ui, host)| (scheme, ui, host, &rest[end..]))
    }) {
        Some((scheme, ui, host, tail)) => {
            w.push_lit(&format!("{scheme}://"));
            w.push_var(&vars.add("URL_CREDENTIALS", "user:password in the URL", ui.len()));
            w.push_lit(&format!("@{host}{tail}"));
        }
        None => w.push_lit(&r.url(base)),
    }
    if let Some(q) = query {
        w.push_lit("?");
        for (i, kv) in q.split('&').enumerate() {
            if i > 0 {
                w.push_lit("&");
            }
            match kv.split_once('=') {
                Some((k, v)) if !v.is_empty() && r.is_secret_param(k) => {
                    w.push_lit(&format!("{k}="));
                    w.push_var(&vars.add(k, &format!("the {k} URL parameter"), v.len()));
                }
                _ => w.push_lit(&r.text(kv)),
            }
        }
    }
    w
}

/// A header as a shell word (`-H` argument), secrets as variables.
fn header_word(name: &str, value: &str, r: &Redactor, vars: &mut Vars) -> Word {
    let mut w = Word::lit(&format!("{name}: "));
    if !r.enabled() {
        w.push_lit(value);
        return w;
    }
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" || lower == "proxy-authorization" {
        match value.trim().split_once(' ') {
            Some((scheme, tok)) => {
                w.push_lit(&format!("{scheme} "));
                let base = if scheme.eq_ignore_ascii_case("bearer") {
                    "TOKEN".to_string()
                } else {
                    format!("{}_{scheme}", name)
                };
                w.push_var(&vars.add(&base, &format!("{name}: {scheme} …"), tok.trim().len()));
            }
            None => w.push_var(&vars.add(name, name, value.len())),
        }
        return w;
    }
    if r.is_secret_header(name) {
        w.push_var(&vars.add(name, name, value.len()));
        return w;
    }
    w.push_lit(&r.text(&r.header_value(name, value)));
    w
}

/// The cURL commands reproducing one diagnosis: its preflight and its request.
pub fn curl_for(engine: &Engine, d: &Diagnosis, r: &Redactor) -> String {
    let mut vars = Vars::default();
    let mut body = String::new();
    let Some(ex) = engine.exchanges().get(d.id) else { return body };
    let first = ex.hops.first().and_then(|&h| engine.entry(h));
    let url = first.map(|e| e.request.url.as_str()).unwrap_or(d.url.as_str());
    let origin = d
        .preflight
        .as_ref()
        .map(|p| p.origin.clone())
        .or_else(|| first.and_then(|e| e.request.headers.get("origin").map(str::to_string)));
    let preflight_failed = d.decided_by == DecidedBy::Preflight;
    // 1. the preflight
    if let Some(p) = &d.preflight {
        let observed = ex.first_preflight().and_then(|i| engine.entry(i));
        let got = match observed {
            Some(e) if e.response.status > 0 => format!("the browser got {}", e.response.status),
            Some(_) => "the browser got no response".to_string(),
            None => "not in the HAR; the browser had to send it".to_string(),
        };
        let _ = writeln!(body, "# Preflight ({got}):");
        let _ = write!(body, "curl -i -X OPTIONS {}", url_word(url, r, &mut vars).render());
        if !p.origin.is_empty() {
            let _ = write!(body, " \\\n  -H {}", shell_quote(&format!("Origin: {}", p.origin)));
        }
        let _ =
            write!(body, " \\\n  -H {}", shell_quote(&format!("Access-Control-Request-Method: {}", p.request_method)));
        if !p.request_headers.is_empty() {
            let _ = write!(
                body,
                " \\\n  -H {}",
                shell_quote(&format!("Access-Control-Request-Headers: {}", p.request_headers.join(",")))
            );
        }
        body.push_str("\n\n");
    }
    // 2. the request
    let got = match first {
        _ if preflight_failed && first.is_none_or(|e| e.response.status == 0) => {
            "the browser never sent it: the preflight failed".to_string()
        }
        Some(e) if e.response.status > 0 => format!("the browser got {}", e.response.status),
        Some(e) => format!("no response{}", e.response.error.as_deref().map(|x| format!(", {x}")).unwrap_or_default()),
        None => "not in the HAR".to_string(),
    };
    let _ = writeln!(body, "# Request ({got}):");
    let method = first.map(|e| e.request.method.as_str().to_string()).unwrap_or_else(|| d.method.as_str().to_string());
    let _ = write!(body, "curl -i -X {} {}", method, url_word(url, r, &mut vars).render());
    if let Some(o) = &origin {
        let _ = write!(body, " \\\n  -H {}", shell_quote(&format!("Origin: {o}")));
    }
    let mut cut = None;
    match first {
        Some(e) => {
            let default_accept =
                |h: &crate::http::Header| h.name.eq_ignore_ascii_case("accept") && h.value.trim() == "*/*";
            for h in e.request.headers.iter().filter(|h| !browser_added(&h.name) && !default_accept(h)) {
                let _ = write!(body, " \\\n  -H {}", header_word(&h.name, &h.value, r, &mut vars).render());
            }
            if let Some(p) = &e.request.post_data {
                if let Some(t) = &p.text {
                    let text = r.body(&p.mime_type, t);
                    let _ = write!(body, " \\\n  --data-raw {}", shell_quote(&text));
                    if p.text_len > t.len() {
                        cut = Some((t.len(), p.text_len));
                    }
                }
            }
        }
        None => {
            if let Some(p) = &d.preflight {
                if !p.request_headers.is_empty() {
                    let _ = write!(
                        body,
                        "\n# The HAR does not hold this request; it asked to send these headers: {}",
                        p.request_headers.join(", ")
                    );
                }
            }
        }
    }
    body.push('\n');
    if let Some((kept, full)) = cut {
        let _ = writeln!(body, "# The body was cut at {kept} of {full} bytes.");
    }
    if !d.redirects.is_empty() {
        let hops: Vec<String> =
            d.redirects.iter().map(|h| format!("{} → {} {}", h.status, h.method_after, r.url(&h.to))).collect();
        let _ = writeln!(
            body,
            "# The browser followed: {}\n# curl does not follow redirects; -L would, but with -X it keeps the method (browsers turn POST into GET on 301/302/303).",
            hops.join(" ; then ")
        );
    }
    let mut out = String::new();
    if !vars.0.is_empty() {
        let _ = writeln!(
            out,
            "# Secrets were redacted from this command. Set them first (values are in the original HAR):"
        );
        for (n, what, len) in &vars.0 {
            let _ = writeln!(out, "#   {n}=…   # {what}, {len} chars");
        }
    }
    out.push_str(&body);
    // Last line of defence: nothing learned survives in literal text.
    r.text(&out)
}

/// cURL commands for every shown diagnosis.
pub fn curl(engine: &Engine, all: bool, r: &Redactor) -> String {
    let mut out = Vec::new();
    let _ = write_curl(&mut out, engine, all, r, 1);
    String::from_utf8(out).unwrap_or_default()
}

/// [`curl`] written to `w`; `threads` as in [`write_json`].
pub fn write_curl<W: io::Write + ?Sized>(
    w: &mut W,
    engine: &Engine,
    all: bool,
    r: &Redactor,
    threads: usize,
) -> io::Result<()> {
    if !r.enabled() {
        w.write_all(b"# Redaction is OFF: these commands contain secrets.\n\n")?;
    }
    let shown_ds: Vec<&Diagnosis> = engine.diagnoses().filter(|d| shown(d, all)).collect();
    if shown_ds.is_empty() {
        w.write_all(b"# No failing requests.\n")?;
    }
    render_ordered(w, &shown_ds, threads, &|_, d, buf| {
        let mut out = String::new();
        // of the diagnosis, the heading shows the URL redacted
        let url = if r.enabled() { Cow::Owned(r.url(&d.url)) } else { Cow::Borrowed(d.url.as_str()) };
        let _ = writeln!(
            out,
            "# ── {} {} — {}{}",
            d.method,
            url,
            d.cause.title(),
            d.cors_error.map(|c| format!(" ({})", c.as_str())).unwrap_or_default()
        );
        out.push_str(&curl_for(engine, d, r));
        out.push('\n');
        buf.extend_from_slice(out.as_bytes());
    })
}

// ============================================================================
// HAR export
// ============================================================================

fn name_values(pairs: impl Iterator<Item = (String, String)>) -> Value {
    Value::Array(pairs.map(|(n, v)| json!({"name": n, "value": v})).collect())
}

/// A HAR 1.2 entry rebuilt from the parsed model (for surfaces that do not
/// keep the raw JSON). Bodies are the kept ones (cut at `BODY_KEEP` bytes).
pub fn entry_to_har(e: &Entry) -> Value {
    let query = e
        .request
        .url
        .split('#')
        .next()
        .and_then(|u| u.split_once('?'))
        .map(|(_, q)| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let headers = |h: &crate::http::Headers| name_values(h.iter().map(|x| (x.name.to_string(), x.value.clone())));
    let mut request = json!({
        "method": e.request.method.as_str(),
        "url": e.request.url,
        "httpVersion": if e.request.http_version.is_empty() { "HTTP/1.1" } else { &e.request.http_version },
        "cookies": [],
        "headers": headers(&e.request.headers),
        "queryString": name_values(query.into_iter()),
        "headersSize": -1,
        "bodySize": e.request.body_size,
    });
    if let Some(p) = &e.request.post_data {
        let mut pd = json!({"mimeType": p.mime_type, "text": p.text.clone().unwrap_or_default()});
        if !p.params.is_empty() {
            pd["params"] = name_values(p.params.iter().cloned());
        }
        request["postData"] = pd;
    }
    let mut content = json!({"size": e.response.content.size, "mimeType": e.response.content.mime_type});
    if let Some(t) = &e.response.content.text {
        content["text"] = Value::String(t.clone());
    }
    let mut response = json!({
        "status": e.response.status,
        "statusText": e.response.status_text,
        "httpVersion": if e.response.http_version.is_empty() { "HTTP/1.1" } else { &e.response.http_version },
        "cookies": [],
        "headers": headers(&e.response.headers),
        "content": content,
        "redirectURL": e.response.redirect_url.clone().unwrap_or_default(),
        "headersSize": -1,
        "bodySize": -1,
    });
    if let Some(err) = &e.response.error {
        response["_error"] = Value::String(err.clone());
    }
    let time = if e.time_ms.is_finite() && e.time_ms >= 0.0 { e.time_ms } else { 0.0 };
    let mut v = json!({
        "startedDateTime": if e.started.is_empty() { "1970-01-01T00:00:00.000Z" } else { &e.started },
        "time": time,
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": time, "receive": 0, "ssl": -1},
    });
    if let Some(p) = &e.pageref {
        v["pageref"] = Value::String(p.clone());
    }
    if let Some(t) = &e.resource_type {
        v["_resourceType"] = Value::String(t.clone());
    }
    if let Some(ip) = &e.server_ip {
        v["serverIPAddress"] = Value::String(ip.clone());
    }
    if let Some(i) = &e.initiator {
        let mut init = Map::new();
        init.insert("type".into(), Value::String(i.kind.clone()));
        if let Some(u) = &i.url {
            init.insert("url".into(), Value::String(u.clone()));
        }
        if let Some(id) = &i.request_id {
            init.insert("requestId".into(), Value::String(id.clone()));
        }
        if let Some(f) = &i.frame {
            init.insert(
                "stack".into(),
                json!({"callFrames": [{"functionName": f.function, "scriptId": "", "url": f.url,
                    "lineNumber": f.line.saturating_sub(1), "columnNumber": f.column.saturating_sub(1)}]}),
            );
        }
        v["_initiator"] = Value::Object(init);
    }
    v
}

/// Fixes what real exporters write that HAR 1.2 validators reject: Chrome
/// writes `serverIPAddress: ""` for requests without a response and `[::1]`
/// for IPv6. Nothing the engine reads is changed.
fn conform_entry(v: &mut Value) {
    let Some(o) = v.as_object_mut() else { return };
    let ip = o
        .get("serverIPAddress")
        .and_then(Value::as_str)
        .map(|s| s.trim().trim_start_matches('[').trim_end_matches(']').to_string());
    match ip {
        Some(ip) if ip.parse::<std::net::IpAddr>().is_ok() => {
            o.insert("serverIPAddress".into(), Value::String(ip));
        }
        Some(_) => {
            o.remove("serverIPAddress");
        }
        None => {}
    }
}

/// The facts a round trip must keep, per diagnosis.
fn verdict(d: &Diagnosis) -> String {
    serde_json::to_string(&json!([d.method, d.url, d.cause, d.cors_error, d.status, d.allowed, d.stack, d.needs_probe]))
        .unwrap_or_default()
}

/// The entries (engine indices, ascending) to export for `chosen` so that
/// diagnosing the export gives the same verdicts: the chosen exchanges' own
/// entries, plus, when their diagnosis leaned on other requests (another
/// method seen on the path, a stack signature seen elsewhere on the origin),
/// those as context — the smallest of: none, same path, same origin, all.
pub fn export_entries(engine: &Engine, chosen: &[&Diagnosis]) -> Vec<usize> {
    let own: BTreeSet<usize> = chosen.iter().flat_map(|d| d.entries.iter().copied()).collect();
    let want: Vec<String> = chosen.iter().map(|d| verdict(d)).collect();
    let keys = |f: &dyn Fn(&str) -> Option<String>| -> BTreeSet<String> {
        chosen
            .iter()
            .flat_map(|d| d.entries.iter().filter_map(|&i| engine.entry(i)).filter_map(|e| f(&e.request.url)))
            .collect()
    };
    let path_key =
        |u: &str| crate::http::split_url(u).map(|p| format!("{}{}", origin_of(u).unwrap_or_default(), p.path));
    let paths = keys(&path_key);
    let origins = keys(&origin_of);
    let with = |f: &dyn Fn(&Entry) -> bool| -> BTreeSet<usize> {
        let mut s = own.clone();
        for ex in engine.exchanges() {
            if ex.entries().filter_map(|i| engine.entry(i)).any(f) {
                s.extend(ex.entries());
            }
        }
        s
    };
    let candidates = [
        own.clone(),
        with(&|e| path_key(&e.request.url).is_some_and(|k| paths.contains(&k))),
        with(&|e| origin_of(&e.request.url).is_some_and(|o| origins.contains(&o))),
    ];
    for set in candidates {
        let mut sub = Engine::new();
        sub.extend(set.iter().filter_map(|&i| engine.entry(i)).cloned());
        let got: BTreeSet<String> = sub.diagnoses().map(verdict).collect();
        if want.iter().all(|w| got.contains(w)) {
            return set.into_iter().collect();
        }
    }
    (0..engine.entries().len()).collect()
}

/// A HAR 1.2 document holding the exchanges (preflights, requests, redirect
/// hops) of the shown diagnoses — failing ones, or all with `all` — plus any
/// context entries their diagnosis needs, redacted by `r`. `raw(i)` gives
/// entry `i` (engine index) as the JSON it was read from, when the caller
/// kept it (the CLI re-reads the file; it then exports bodies whole); else
/// the entry is rebuilt from the model. Each entry carries `_why405`:
/// `{"role": "request" | "context", "diagnosis": id}`.
pub fn har_export(engine: &Engine, all: bool, r: &Redactor, raw: &dyn Fn(usize) -> Option<Value>) -> Value {
    let chosen: Vec<&Diagnosis> = engine.diagnoses().filter(|d| shown(d, all)).collect();
    let indices = export_entries(engine, &chosen);
    let own: BTreeSet<usize> = chosen.iter().flat_map(|d| d.entries.iter().copied()).collect();
    let mut items: Vec<(usize, Value)> =
        indices.iter().filter_map(|&i| raw(i).or_else(|| engine.entry(i).map(entry_to_har)).map(|v| (i, v))).collect();
    let mut r = r.clone();
    for (_, v) in &items {
        r.learn_har_entry(v);
    }
    let mut pagerefs = BTreeSet::new();
    for (i, v) in &mut items {
        r.har_entry(v);
        conform_entry(v);
        let id = engine.exchanges().iter().find(|ex| ex.entries().any(|k| k == *i)).map(|ex| ex.id);
        let role = if own.contains(i) { "request" } else { "context" };
        if let Some(o) = v.as_object_mut() {
            o.insert("_why405".into(), json!({"role": role, "diagnosis": id}));
            if let Some(p) = o.get("pageref").and_then(Value::as_str) {
                pagerefs.insert(p.to_string());
            }
        }
    }
    let pages: Vec<Value> = engine
        .pages
        .iter()
        .filter(|p| pagerefs.contains(&p.id) && !p.started.is_empty())
        .map(|p| {
            let mut v = json!({"startedDateTime": p.started, "id": p.id, "title": p.title, "pageTimings": {"onContentLoad": -1, "onLoad": -1}});
            r.har_page(&mut v);
            v
        })
        .collect();
    // An entry pointing at a page that is not exported loses its pageref.
    let ids: BTreeSet<&str> = pages.iter().filter_map(|p| p["id"].as_str()).collect();
    for (_, v) in &mut items {
        let dangling = v.get("pageref").and_then(Value::as_str).is_some_and(|p| !ids.contains(p));
        if dangling {
            if let Some(o) = v.as_object_mut() {
                o.remove("pageref");
            }
        }
    }
    let source = engine
        .creator
        .as_ref()
        .map(|c| format!("{} {}", c.name, c.version))
        .unwrap_or_else(|| "an unknown exporter".into());
    let mut log = json!({
        "version": "1.2",
        "creator": {"name": "why405", "version": env!("CARGO_PKG_VERSION")},
        "pages": pages,
        "entries": items.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        "comment": format!(
            "why405 export of {} request(s) from a HAR written by {source}; {}",
            chosen.len(),
            if r.enabled() { "secrets redacted" } else { "NOT redacted: contains secrets" }
        ),
    });
    if let Some(b) = &engine.browser {
        log["browser"] = json!({"name": b.name, "version": b.version});
    }
    json!({ "log": log })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_but_keep_shape() {
        assert_eq!(
            redact_url("https://u:p@a.b/x?token=abc&page=2#f"),
            "https://[redacted]@a.b/x?token=[redacted]&page=2#f"
        );
        assert_eq!(redact_url("http://a/x?X-Amz-Signature=1"), "http://a/x?X-Amz-Signature=[redacted]");
        assert_eq!(redact_url("http://a/x?case=1"), "http://a/x?case=1");
    }
}
