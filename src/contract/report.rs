//! A [`ContractReport`] as text (people), JSON (machines), Markdown (a ticket) or JUnit XML (CI: one test case per
//! check). Every byte that came from a spec, a server or a HAR is escaped for where it goes: the terminal's text
//! shows control, bidi and invisible characters visibly ([`visible`]); Markdown goes through the diagnosis
//! report's escaping (`report::markdown`: prose backslash-escaped, values in code spans); XML escapes `&<>"'`
//! as entities, never uses CDATA, and shows what XML 1.0 cannot hold (C0 controls, U+FFFE/U+FFFF) or should not
//! (DEL, C1, bidi overrides, zero-width characters) visibly, so the document is always well-formed; JSON is
//! serde_json's (control characters as `\u` escapes).
//!
//! JUnit layout: `<testsuites>` with one `<testsuite>` per target (the base URL, the `--compare` URL, or the HAR),
//! each check a `<testcase classname="METHOD /path" name="check id">` holding a `<failure>` (message; evidence and
//! fix in its text) or a `<skipped>`; with `--compare`, a `differences` suite with one failing case per
//! difference. It validates against Jenkins' `junit-10.xsd` (`tests/contract/junit-10.xsd`).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Check, ContractReport, Difference, Outcome};
use crate::report::{markdown_code, markdown_text};
use crate::stack::{is_special, push_visible, visible};

/// The JSON report's `version`: bumped when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// `--format` for `why405 contract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractFormat {
    Text,
    Json,
    Markdown,
    Junit,
}

/// Writes `report` in `format`; `color` only for text on a terminal.
pub fn write(out: &mut dyn Write, format: ContractFormat, report: &ContractReport, color: bool) -> io::Result<()> {
    let text = match format {
        ContractFormat::Text => text(report, color),
        ContractFormat::Json => json(report)?,
        ContractFormat::Markdown => markdown(report),
        ContractFormat::Junit => junit(report),
    };
    out.write_all(text.as_bytes())
}

/// Each target's checks: the first target's are [`ContractReport::checks`], the second's (`--compare`)
/// [`ContractReport::compared`].
fn suites(report: &ContractReport) -> Vec<(&str, &[Check])> {
    let name = |i: usize| report.targets.get(i).map_or("", String::as_str);
    let mut out = vec![(name(0), report.checks.as_slice())];
    if let Some(other) = &report.compared {
        out.push((name(1), other.as_slice()));
    }
    out
}

/// How many checks passed, failed, were skipped.
#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Counts {
    fn of<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Counts {
        let mut c = Counts::default();
        for check in checks {
            match check.outcome {
                Outcome::Pass => c.passed += 1,
                Outcome::Fail { .. } => c.failed += 1,
                Outcome::Skip { .. } => c.skipped += 1,
            }
        }
        c
    }

    fn total(&self) -> usize {
        self.passed + self.failed + self.skipped
    }

    /// `N checks: P passed, F failed, S skipped`.
    fn line(&self) -> String {
        let n = self.total();
        let s = if n == 1 { "" } else { "s" };
        format!("{n} check{s}: {} passed, {} failed, {} skipped", self.passed, self.failed, self.skipped)
    }
}

fn all_counts(report: &ContractReport) -> Counts {
    Counts::of(suites(report).into_iter().flat_map(|(_, checks)| checks))
}

/// The checks grouped by path, in first-seen order.
fn by_path(checks: &[Check]) -> Vec<(&str, Vec<&Check>)> {
    let mut groups: Vec<(&str, Vec<&Check>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for c in checks {
        let at = *index.entry(c.path.as_str()).or_insert_with(|| {
            groups.push((c.path.as_str(), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(c);
    }
    groups
}

// ---------------------------------------------------------------------------------------------------------------
// Text

fn paint(color: bool, code: &str, s: &str) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn text(report: &ContractReport, color: bool) -> String {
    let mut out = String::new();
    for (target, checks) in suites(report) {
        let _ =
            writeln!(out, "{}", paint(color, "1", &format!("{} against {}", visible(&report.spec), visible(target))));
        for (path, group) in by_path(checks) {
            let _ = writeln!(out, "\n  {}", paint(color, "1", &visible(path)));
            for c in group {
                text_check(&mut out, c, color);
            }
        }
        if report.compared.is_some() {
            let _ = writeln!(out, "\n{}\n", Counts::of(checks).line());
        } else {
            out.push('\n');
        }
    }
    if report.compared.is_some() {
        text_differences(&mut out, &report.differences, color);
    }
    let mut summary = all_counts(report).line();
    if report.compared.is_some() {
        let n = report.differences.len();
        let _ = write!(summary, ", {n} difference{}", if n == 1 { "" } else { "s" });
    }
    let _ = writeln!(out, "{}", paint(color, "1", &summary));
    out
}

fn text_check(out: &mut String, c: &Check, color: bool) {
    text_outcome(out, c, color);
    if let Some(note) = &c.note {
        let _ = writeln!(out, "         {}", paint(color, "2", &format!("note: {}", visible(note))));
    }
}

fn text_outcome(out: &mut String, c: &Check, color: bool) {
    match &c.outcome {
        Outcome::Pass => {
            let _ = writeln!(out, "    {} {}", paint(color, "32", "pass"), visible(&c.id));
        }
        Outcome::Skip { reason } => {
            let _ = writeln!(out, "    {} {}: {}", paint(color, "33", "skip"), visible(&c.id), visible(reason));
        }
        Outcome::Fail { message, evidence, fix } => {
            let _ = writeln!(out, "    {} {}", paint(color, "31", "FAIL"), visible(&c.id));
            let _ = writeln!(out, "         {}", visible(message));
            for e in evidence {
                let _ = writeln!(out, "         {}", paint(color, "2", &format!("· {}", visible(e))));
            }
            if let Some(fix) = fix {
                let _ = writeln!(out, "         fix: {}", visible(fix));
            }
            if let Some(p) = &c.pointer {
                let _ = writeln!(out, "         spec: {}", visible(p));
            }
        }
    }
}

fn text_differences(out: &mut String, differences: &[Difference], color: bool) {
    if differences.is_empty() {
        let _ = writeln!(out, "The two deployments answered every check alike.\n");
        return;
    }
    let _ = writeln!(out, "{}", paint(color, "1", "Differences"));
    for d in differences {
        let side = |v: &Option<String>| v.as_deref().map_or("(absent)".to_string(), |v| visible(v).into_owned());
        let _ = writeln!(out, "  {} {}: {} | {}", visible(&d.check), visible(&d.what), side(&d.a), side(&d.b));
    }
    let _ = writeln!(out);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

#[derive(serde::Serialize)]
struct Versioned<'a> {
    version: u32,
    #[serde(flatten)]
    report: &'a ContractReport,
}

fn json(report: &ContractReport) -> io::Result<String> {
    let mut s = serde_json::to_string_pretty(&Versioned { version: JSON_VERSION, report }).map_err(io::Error::other)?;
    s.push('\n');
    Ok(s)
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

fn markdown(report: &ContractReport) -> String {
    let counts = all_counts(report);
    let mut out = String::new();
    let title = match counts.failed {
        0 => "every check passed".to_string(),
        1 => "1 check failed".to_string(),
        n => format!("{n} checks failed"),
    };
    let _ = writeln!(out, "# why405 contract: {title}\n");
    let _ = writeln!(out, "| | |\n|---|---|\n| Spec | {} |", markdown_code(&report.spec));
    for t in &report.targets {
        let _ = writeln!(out, "| Target | {} |", markdown_code(t));
    }
    let _ = writeln!(out, "\n{}\n", counts.line());
    for (target, checks) in suites(report) {
        if report.compared.is_some() {
            let _ = writeln!(out, "## {}\n", markdown_text(target));
        }
        markdown_suite(&mut out, checks);
    }
    if report.compared.is_some() {
        let _ = writeln!(out, "## Differences\n");
        if report.differences.is_empty() {
            let _ = writeln!(out, "None: the two deployments answered every check alike.\n");
        } else {
            let _ = writeln!(
                out,
                "| Check | What | {} | {} |\n|---|---|---|---|",
                target_cell(report, 0),
                target_cell(report, 1)
            );
            for d in &report.differences {
                let side = |v: &Option<String>| v.as_deref().map_or("(absent)".to_string(), markdown_code);
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    markdown_code(&d.check),
                    markdown_text(&d.what),
                    side(&d.a),
                    side(&d.b)
                );
            }
            out.push('\n');
        }
    }
    out
}

fn target_cell(report: &ContractReport, i: usize) -> String {
    report.targets.get(i).map_or_else(|| format!("target {}", i + 1), |t| markdown_code(t))
}

fn markdown_suite(out: &mut String, checks: &[Check]) {
    let failed: Vec<&Check> = checks.iter().filter(|c| matches!(c.outcome, Outcome::Fail { .. })).collect();
    for c in &failed {
        let Outcome::Fail { message, evidence, fix } = &c.outcome else { continue };
        let _ = writeln!(out, "### {}\n\n{}\n", markdown_code(&c.id), markdown_text(message));
        for e in evidence {
            let _ = writeln!(out, "- {}", markdown_code(e));
        }
        if !evidence.is_empty() {
            out.push('\n');
        }
        if let Some(fix) = fix {
            let _ = writeln!(out, "**Fix:** {}\n", markdown_text(fix));
        }
        if let Some(p) = &c.pointer {
            let _ = writeln!(out, "Spec: {}\n", markdown_code(p));
        }
        if let Some(note) = &c.note {
            let _ = writeln!(out, "Note: {}\n", markdown_text(note));
        }
    }
    let rest: Vec<&Check> = checks.iter().filter(|c| !matches!(c.outcome, Outcome::Fail { .. })).collect();
    if rest.is_empty() {
        return;
    }
    let _ = writeln!(out, "| Check | Outcome |\n|---|---|");
    for c in rest {
        let mut outcome = match &c.outcome {
            Outcome::Skip { reason } => format!("skipped: {}", markdown_text(reason)),
            _ => "passed".to_string(),
        };
        if let Some(note) = &c.note {
            let _ = write!(outcome, " (note: {})", markdown_text(note));
        }
        let _ = writeln!(out, "| {} | {outcome} |", markdown_code(&c.id));
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// JUnit XML

/// `s` for XML character data or an attribute value: `&<>"'` as entities; tab, line feed and carriage return as
/// character references in attributes (`attr`), kept in text (CR always referenced); every other character XML
/// 1.0 cannot hold or a reader should see (controls, DEL, C1, bidi, zero-width) shown visibly.
fn xml(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' if attr => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '\n' | '\t' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {
                out.push_str(&format!("<U+{:04X}>", c as u32).replace('<', "&lt;").replace('>', "&gt;"))
            }
            c if is_special(c) => {
                let mut shown = String::new();
                push_visible(&mut shown, c);
                out.push_str(&shown.replace('<', "&lt;").replace('>', "&gt;"));
            }
            c => out.push(c),
        }
    }
    out
}

fn junit(report: &ContractReport) -> String {
    let counts = all_counts(report);
    let diffs = if report.compared.is_some() { report.differences.len() } else { 0 };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
        xml(&format!("why405 contract {}", report.spec), true),
        counts.total() + diffs,
        counts.failed + diffs,
    );
    for (target, checks) in suites(report) {
        let c = Counts::of(checks);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\">",
            xml(target, true),
            c.total(),
            c.failed,
            c.skipped
        );
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"spec\" value=\"{}\"/>\n    </properties>",
            xml(&report.spec, true)
        );
        for check in checks {
            junit_case(&mut out, check);
        }
        out.push_str("  </testsuite>\n");
    }
    if report.compared.is_some() {
        junit_differences(&mut out, report);
    }
    out.push_str("</testsuites>\n");
    out
}

fn junit_case(out: &mut String, c: &Check) {
    let classname = format!("{} {}", c.method, c.path);
    let _ = write!(out, "    <testcase classname=\"{}\" name=\"{}\"", xml(&classname, true), xml(&c.id, true));
    let system_out = junit_system_out(c);
    if c.outcome == Outcome::Pass && system_out.is_none() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    match &c.outcome {
        Outcome::Pass => {}
        Outcome::Skip { reason } => {
            let _ = writeln!(out, "      <skipped message=\"{}\"/>", xml(reason, true));
        }
        Outcome::Fail { message, evidence, fix } => {
            let mut body: Vec<String> = evidence.clone();
            if let Some(fix) = fix {
                body.push(format!("fix: {fix}"));
            }
            if let Some(p) = &c.pointer {
                body.push(format!("spec: {p}"));
            }
            if let Some(u) = &c.url {
                body.push(format!("url: {u}"));
            }
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(message, true),
                expectation_kind(c),
                xml(&body.join("\n"), false)
            );
        }
    }
    if let Some(text) = system_out {
        let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&text, false));
    }
    out.push_str("    </testcase>\n");
}

/// A live check's note and every request it sent with the answer (status, compared headers), for `<system-out>`.
fn junit_system_out(c: &Check) -> Option<String> {
    let mut lines: Vec<String> = c.note.iter().map(|n| format!("note: {n}")).collect();
    for o in &c.observed {
        let answer = match (o.status, &o.error) {
            (Some(s), _) => s.to_string(),
            (None, Some(e)) => e.clone(),
            (None, None) => "no answer".to_string(),
        };
        let mut line = format!("{}: {} {} -> {answer}", o.label, o.method, o.url);
        for (name, value) in &o.headers {
            let _ = write!(line, "; {name}: {value}");
        }
        lines.push(line);
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The expectation's kind (`method_refused`), the failure's `type`.
fn expectation_kind(c: &Check) -> String {
    serde_json::to_value(&c.expected)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default()
}

fn junit_differences(out: &mut String, report: &ContractReport) {
    let n = report.differences.len();
    let _ =
        writeln!(out, "  <testsuite name=\"differences\" tests=\"{n}\" failures=\"{n}\" errors=\"0\" skipped=\"0\">");
    let target = |i: usize| report.targets.get(i).map_or("", String::as_str);
    for d in &report.differences {
        let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".to_string());
        let message = format!("{}: {} | {}", d.what, side(&d.a), side(&d.b));
        let body = format!("{}: {}\n{}: {}", target(0), side(&d.a), target(1), side(&d.b));
        let _ = writeln!(
            out,
            "    <testcase classname=\"differences\" name=\"{}\">\n      <failure message=\"{}\" type=\"difference\">{}</failure>\n    </testcase>",
            xml(&format!("{} {}", d.check, d.what), true),
            xml(&message, true),
            xml(&body, false)
        );
    }
    out.push_str("  </testsuite>\n");
}

#[cfg(test)]
mod tests;
