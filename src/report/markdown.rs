//! The Markdown report for a ticket (GitHub, GitLab, Jira Cloud, Linear): title, environment, a summary table of
//! the shown requests, then per request the cause and headline, an evidence table, the exchange, the fix and the
//! cURL commands that reproduce it.
//!
//! Everything from the HAR stays inert in the ticket: values go in code spans ([`code`]) or fenced blocks
//! ([`fenced`]) whose fences are longer than any backtick run inside; prose that holds HAR text (summaries,
//! evidence, warnings, fix titles, table cells) goes through [`text`], which backslash-escapes what Markdown or
//! HTML would act on (links, images, tags, emphasis, tables, `#123` and `@user` references, bare URLs). Control
//! characters are shown visibly everywhere, as the report may be printed on a terminal.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;

use super::curl::curl_for;
use super::{redacted, render_ordered, warnings_with, Options, Piece, Spec};
use crate::diagnose::{DecidedBy, Diagnosis};
use crate::engine::Engine;
use crate::http::{origin_of, path_and_query};
use crate::redact::Redactor;
use crate::stack::visible;

pub(super) const SPEC: Spec = Spec {
    name: "markdown",
    aliases: &["md"],
    extension: "md",
    mime: "text/markdown",
    file_name: "why405-report.md",
};

// ============================================================================
// Environment (page, browser, capture time)
// ============================================================================

/// Where and with what a capture was made, for the head of a ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Environment {
    /// The page's origin (the `Origin` its requests carried).
    page_origin: Option<String>,
    /// The browser and version (`log.browser`, else the `User-Agent`).
    browser: Option<String>,
    /// The tool that wrote the HAR (`log.creator`).
    exporter: Option<String>,
    /// When the capture started (`pages[0].startedDateTime`, else the first entry's).
    captured: Option<String>,
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

fn environment(engine: &Engine, r: &Redactor) -> Environment {
    let entries = engine.entries();
    let page_origin = engine
        .briefs()
        .find(|(_, b)| b.names_origin)
        .and_then(|(id, _)| engine.diagnosis_now(id))
        .and_then(|d| d.preflight.as_ref().map(|p| p.origin.clone()).filter(|o| !o.is_empty()))
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
        .or_else(|| entries.first().map(|e| e.started.to_string()).filter(|s| !s.is_empty()));
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
fn exchange_lines(engine: &Engine, d: &Diagnosis, r: &Redactor) -> Vec<String> {
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
        } else if i == 0 && d.preflight.as_ref().is_some_and(|p| p.inferred) {
            let url = short_url(&r.url(&d.url), base.as_deref());
            lines.push(format!("OPTIONS {url} → not in the HAR (a preflight was required)"));
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
                lines.push(format!("{} {} → {why}", d.method, short_url(&r.url(&d.url), base.as_deref())));
            }
        }
    }
    lines
}

// ============================================================================
// Markdown for tickets (GitHub, GitLab, Jira Cloud, Linear)
// ============================================================================

/// Prose that holds text from the HAR (also a table cell): every character Markdown or HTML acts on
/// backslash-escaped, bare URLs and `www.` broken (GitHub links them), line breaks as spaces, controls visible.
pub(crate) fn text(s: &str) -> String {
    let one_line = s.replace(['\r', '\n'], " ");
    let shown = visible(&one_line);
    let mut out = String::with_capacity(shown.len() + 8);
    let chars: Vec<char> = shown.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // `_` between letters or digits never starts emphasis: left as it is (snake_case stays readable).
        let intraword = |k: Option<&char>| k.is_some_and(|k| k.is_alphanumeric());
        let inert_underscore = c == '_' && i > 0 && intraword(chars.get(i - 1)) && intraword(chars.get(i + 1));
        if "\\`*_[]<>!|~&#@".contains(c) && !inert_underscore {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace("://", "\\://").replace("www.", "www\\.").replace("WWW.", "WWW\\.")
}

/// A table cell: [`text`].
fn cell(s: &str) -> String {
    text(s)
}

/// Inline code that survives backticks in the content (and table pipes); controls visible.
pub(crate) fn code(s: &str) -> String {
    let s = visible(&s.replace(['\r', '\n'], " ")).into_owned();
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

/// A fenced block whose fence is longer than any backtick run inside; controls visible (line breaks kept).
fn fenced(lang: &str, body: &str) -> String {
    let body = body.split('\n').map(visible).collect::<Vec<_>>().join("\n");
    let body = body.as_str();
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{lang}\n{}\n{fence}\n", body.trim_end())
}

/// The report of the shown diagnoses, each redacted just before it is written; `threads` as in the JSON report.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    let r = opts.redactor;
    let diagnoses = opts.selection.shown(engine);
    let mut out = head(engine, r);
    if diagnoses.is_empty() {
        let _ = writeln!(out, "No failing requests.");
        return w.write_all(out.as_bytes());
    }
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(out, "| # | Request | Status | Cause | CORS error | Stack |\n|---|---|---|---|---|---|");
    w.write_all(out.as_bytes())?;
    // Each diagnosis is computed for its row and again for its section (a lazy engine keeps none).
    let pieces: Vec<Piece> = diagnoses.iter().enumerate().map(|(n, d)| Piece::Diagnosis(n, *d)).collect();
    render_ordered(w, &pieces, opts.threads, &|_, p, buf| {
        let Piece::Diagnosis(n, s) = p else { return };
        if let Some(d) = engine.diagnosis_now(s.id) {
            buf.extend_from_slice(summary_row(*n, &d, r).as_bytes());
        }
    })?;
    w.write_all(b"\n")?;
    render_ordered(w, &pieces, opts.threads, &|_, p, buf| {
        let Piece::Diagnosis(n, s) = p else { return };
        if let Some(raw) = engine.diagnosis_now(s.id) {
            let d = redacted(r, &raw);
            buf.extend_from_slice(markdown_one(engine, *n, &raw, &d, r).as_bytes());
        }
    })
}

/// The title, the environment table and the warnings.
fn head(engine: &Engine, r: &Redactor) -> String {
    let total = engine.briefs().count();
    let problems = engine.briefs().filter(|(_, b)| b.section.is_problem()).count();
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
        let _ = writeln!(out, "> **Warning:** {}\n", text(&w.to_string()));
    }
    out
}

/// Row `n` of the summary table. Of the fields it shows, redaction changes the URL alone.
fn summary_row(n: usize, d: &Diagnosis, r: &Redactor) -> String {
    let url = if r.enabled() { Cow::Owned(r.url(&d.url)) } else { Cow::Borrowed(d.url.as_str()) };
    let dash = || "—".to_string();
    format!(
        "| {} | {} | {} | {} | {} | {} |\n",
        n + 1,
        code(&format!("{} {}", d.method, url)),
        cell(&d.status_label()),
        cell(d.section().title()),
        d.cors_error.map(|c| code(c.as_str())).unwrap_or_else(dash),
        d.stack_words().map(|s| cell(&s)).unwrap_or_else(dash),
    )
}

/// One diagnosis's section of the Markdown report (`d` is `raw` redacted).
fn markdown_one(engine: &Engine, n: usize, raw: &Diagnosis, d: &Diagnosis, r: &Redactor) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}. {} — {}\n", n + 1, code(&format!("{} {}", d.method, d.url)), d.section().title());
    let _ = writeln!(out, "**Cause:** `{}` — {}\n", d.cause.as_str(), text(&d.summary));
    if let Some(p) = &d.probe {
        let _ = writeln!(out, "**Probe:** {}\n", text(&p.words()));
    }
    evidence_table(&mut out, d);
    let _ = writeln!(out);
    if let Some(l) = d.layer.as_ref().filter(|l| !l.evidence.is_empty()) {
        let _ = writeln!(out, "**Which layer answered:** {}\n", text(&l.answered_by_words()));
        for e in &l.evidence {
            let _ = writeln!(out, "- {}", text(e));
        }
        let _ = writeln!(out);
    }
    if let Some(n) = &d.next {
        let _ = writeln!(out, "**What fails next:** {}\n", text(n));
    }
    if !d.evidence.is_empty() {
        for e in &d.evidence {
            let _ = writeln!(out, "- {}", text(&e.text));
        }
        let _ = writeln!(out);
    }
    for w in &d.warnings {
        let _ = writeln!(out, "> **Warning:** {}\n", text(w));
    }
    let lines = exchange_lines(engine, raw, r);
    if !lines.is_empty() {
        let _ = writeln!(out, "**Exchange**\n");
        let _ = writeln!(out, "{}", fenced("text", &lines.join("\n")));
    }
    if let Some(s) = &d.suggestion {
        let _ = writeln!(out, "**Suggestion:** {}\n", text(s));
    }
    if let Some(f) = &d.fix {
        let _ = writeln!(out, "**Fix — {}**\n", text(&f.title));
        let _ = writeln!(out, "{}", fenced(&f.language, &f.code));
    }
    let cmds = curl_for(engine, raw, r);
    if !cmds.trim().is_empty() {
        let _ = writeln!(out, "**Reproduce**\n");
        let _ = writeln!(out, "{}", fenced("sh", &cmds));
    }
    out
}

/// The evidence table of one diagnosis: status, CORS error and step, the deciding headers, stack, initiator.
fn evidence_table(out: &mut String, d: &Diagnosis) {
    let _ = writeln!(out, "| Evidence | |\n|---|---|");
    let _ = writeln!(out, "| Status | {} |", cell(&d.status_label()));
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
    if let Some(s) = d.stack_words() {
        let _ = writeln!(out, "| Server stack | {} |", cell(&s));
    }
    if let Some(l) = &d.layer {
        let _ = writeln!(out, "| Answered by | {} |", cell(&l.answered_by_words()));
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
}
