//! Reports: text for people, JSON for machines (the CLI's contract),
//! Markdown for tickets. URLs are redacted by default (credentials and
//! secret-looking query parameters).

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnose::{Cause, Diagnosis};
use crate::engine::Engine;
use crate::har::HarError;

/// Query parameter names whose values are secrets.
pub const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "api_key",
    "apikey",
    "key",
    "secret",
    "client_secret",
    "signature",
    "sig",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "password",
    "passwd",
    "pwd",
    "code",
    "auth",
    "session",
    "sessionid",
    "jwt",
];

/// Masks `user:pass@` and secret-looking query values in a URL, keeping its shape.
pub fn redact_url(url: &str) -> String {
    let (main, frag) = match url.split_once('#') {
        Some((m, f)) => (m, Some(f)),
        None => (url, None),
    };
    let mut out = String::with_capacity(url.len());
    let (base, query) = match main.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (main, None),
    };
    // userinfo
    match base.split_once("://") {
        Some((scheme, rest)) => {
            let auth_end = rest.find('/').unwrap_or(rest.len());
            let (auth, tail) = rest.split_at(auth_end);
            out.push_str(scheme);
            out.push_str("://");
            match auth.rsplit_once('@') {
                Some((_, host)) => {
                    out.push_str("[redacted]@");
                    out.push_str(host);
                }
                None => out.push_str(auth),
            }
            out.push_str(tail);
        }
        None => out.push_str(base),
    }
    if let Some(q) = query {
        out.push('?');
        let parts: Vec<String> = q
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) if !v.is_empty() && SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(k)) => {
                    format!("{k}=[redacted]")
                }
                _ => kv.to_string(),
            })
            .collect();
        out.push_str(&parts.join("&"));
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(f);
    }
    out
}

fn redact_diagnosis(d: &Diagnosis) -> Diagnosis {
    let mut d = d.clone();
    d.url = redact_url(&d.url);
    for r in &mut d.redirects {
        r.from = redact_url(&r.from);
        r.to = redact_url(&r.to);
    }
    d
}

/// Which diagnoses a report shows.
pub fn selected(engine: &Engine, all: bool) -> Vec<Diagnosis> {
    engine.diagnoses().filter(|d| all || d.failed || d.problem || d.needs_probe).map(redact_diagnosis).collect()
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    location: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnoses: &'a [Diagnosis],
    warnings: Vec<JsonWarning<'a>>,
}

/// The CLI's JSON contract: `{"diagnoses": [...], "warnings": [...]}`.
pub fn json(diagnoses: &[Diagnosis], warnings: &[HarError]) -> String {
    let r = JsonReport {
        diagnoses,
        warnings: warnings.iter().map(|w| JsonWarning { location: &w.location, message: &w.message }).collect(),
    };
    serde_json::to_string_pretty(&r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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
        return out;
    }
    // Groups: one per cause, with the undecided ones (the HAR cannot settle
    // them; a probe would) apart from the plain "not a method problem" ones.
    let undecided = |d: &Diagnosis| d.cause == Cause::NotMethodRelated && d.needs_probe;
    let mut groups: Vec<(String, bool, Vec<&Diagnosis>)> = Cause::ALL
        .iter()
        .map(|&c| (c.title().to_string(), c != Cause::NotMethodRelated, diagnoses.iter().filter(|d| d.cause == c && !undecided(d)).collect()))
        .collect();
    groups.insert(
        groups.len().saturating_sub(1),
        ("Undecided: the HAR cannot tell, a probe would".to_string(), true, diagnoses.iter().filter(|d| undecided(d)).collect()),
    );
    for (title, alarming, group) in groups {
        if group.is_empty() {
            continue;
        }
        let head = format!("{} ({})", title, group.len());
        let _ = writeln!(out, "\n{}", if alarming { style.red(&style.bold(&head)) } else { style.bold(&head) });
        for d in group {
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
                let _ = writeln!(out, "    {} {}", style.dim("Allowed:"), a.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(", "));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted_but_keep_shape() {
        assert_eq!(redact_url("https://u:p@a.b/x?token=abc&page=2#f"), "https://[redacted]@a.b/x?token=[redacted]&page=2#f");
        assert_eq!(redact_url("http://a/x?X-Amz-Signature=1"), "http://a/x?X-Amz-Signature=[redacted]");
        assert_eq!(redact_url("http://a/x?case=1"), "http://a/x?case=1");
    }
}
