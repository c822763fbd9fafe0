//! The signature machinery: what a row of a stack's signature table looks
//! like ([`Signature`], [`Pat`], [`On`], [`Cond`], [`Role`]) and how one
//! response is read against every row ([`matches`], [`detect`]).
//!
//! Detection reads one response (status, headers, body) against
//! [`SIGNATURES`](super::SIGNATURES), the stacks' tables in registry order. A
//! row either says the stack *generated* the response (its own error page, a
//! header only that stack's server writes) or that the stack is merely *seen*
//! on it (`Server: nginx` in front of an app: nginx's `proxy_pass` replaces
//! the app's `Server` header but passes the body and the other headers
//! through). The highest-confidence "generated" row wins; every other stack
//! that matched is reported as seen. When nothing identifying is present (an
//! empty 405 with only `Allow`, as axum, actix-web and Kestrel behind a proxy
//! all send) nothing is reported: no guessing.
//!
//! Bodies matter less than one would hope: Chromium keeps no body for
//! preflights or CORS-blocked responses, so most rows that decide real cases
//! are header rows.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;

use super::{Stack, SIGNATURES};
use crate::http::Headers;

/// What a response's signatures say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// The stack that generated this very response (its own error page,
    /// its own header), with the evidence in words.
    pub generated_by: Option<(Stack, String)>,
    /// Other stacks visible on the response (a `Server: nginx` in front of an
    /// app, `X-Powered-By`), with evidence.
    pub seen: Vec<(Stack, String)>,
}

/// A pattern on a header value or a body. All but [`Pat::Case`] compare
/// ASCII case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pat {
    /// Present, whatever the value.
    Any,
    /// Contains the text.
    Has(&'static str),
    /// Starts with the text (after leading whitespace).
    Starts(&'static str),
    /// Equals the text (surrounding whitespace ignored).
    Is(&'static str),
    /// Contains the text, case-sensitively (for fingerprints that differ
    /// only in case, like tower-http's lower-case `Vary` list).
    Case(&'static str),
}

impl Pat {
    /// Byte offset of the match in `value` (0 for whole-value patterns).
    /// `lower` must be `value.to_ascii_lowercase()`.
    fn find(&self, value: &str, lower: &str) -> Option<usize> {
        match self {
            Pat::Any => Some(0),
            Pat::Has(t) => find_ascii_ci(lower.as_bytes(), t.as_bytes()),
            Pat::Starts(t) => {
                let lead = lower.len() - lower.trim_start().len();
                let rest = &lower.as_bytes()[lead..];
                (rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes())).then_some(lead)
            }
            Pat::Is(t) => lower.trim().eq_ignore_ascii_case(t).then_some(0),
            Pat::Case(t) => value.find(t),
        }
    }
}

/// Where `needle` first occurs in `hay`, ASCII case-insensitively; `hay`
/// already lowercase. Every response is matched against the whole table, so
/// no lowercased copy of the pattern is made: candidates are found with
/// memchr on the needle's first byte and compared in place.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((first, rest)) = needle.split_first() else { return Some(0) };
    let first = first.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memchr(first, hay.get(from..)?) {
        let at = from + p;
        let end = at + needle.len();
        if end > hay.len() {
            return None;
        }
        if hay[at + 1..end].eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where a signature's main pattern looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// A header's value (all values of the name, joined with `", "`).
    Header(&'static str),
    /// The response body.
    Body,
}

/// An extra condition a row needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// The header is present and matches.
    Header(&'static str, Pat),
    /// The header is absent.
    NoHeader(&'static str),
    /// The header is absent, or present and not matching.
    HeaderLacks(&'static str, Pat),
    /// The body matches.
    Body(Pat),
    /// The body is absent or blank (Chromium keeps none for preflights and
    /// CORS-blocked responses).
    NoBody,
    /// The header comes in more than one line (a row on a header reads all its lines joined with `", "`, so only
    /// this tells `Vary: Origin` + `Vary: Access-Control-Request-Method` apart from one line holding both).
    Repeated(&'static str),
}

/// Whether a match means the stack made this response or only appears on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Generated,
    Seen,
}

/// One row of a stack's signature table.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    pub stack: Stack,
    pub on: On,
    pub pat: Pat,
    /// Inclusive status range the row applies to (`None`: any status).
    pub status: Option<(u16, u16)>,
    /// Every condition must hold too.
    pub requires: &'static [Cond],
    pub role: Role,
    /// 0–100; the highest "generated" row decides.
    pub confidence: u8,
    /// Evidence sentence. `{value}` is the matched header's value, `{line}`
    /// the body line that matched, `{h:Name}` another header's value.
    pub evidence: &'static str,
}

/// What a stack file's table needs: `row(…)`, the status ranges and the
/// short names of the patterns (`use super::signature::rows::*;`).
pub(crate) mod rows {
    pub(crate) use super::Cond as C;
    pub(crate) use super::On::{Body, Header};
    pub(crate) use super::Pat::{Any, Case, Has, Is, Starts};
    pub(crate) use super::Role::{Generated, Seen};
    pub(crate) use super::{row, ANY, ERR};
}

/// One row of a signature table.
#[allow(clippy::too_many_arguments)]
pub(crate) const fn row(
    stack: Stack,
    on: On,
    pat: Pat,
    status: Option<(u16, u16)>,
    requires: &'static [Cond],
    role: Role,
    confidence: u8,
    evidence: &'static str,
) -> Signature {
    Signature { stack, on, pat, status, requires, role, confidence, evidence }
}

/// Error statuses (400–599).
pub(crate) const ERR: Option<(u16, u16)> = Some((400, 599));
/// Any status.
pub(crate) const ANY: Option<(u16, u16)> = None;

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/// Bodies longer than this are only searched in their first part: every
/// error page in the table is far smaller.
const BODY_SCAN_LIMIT: usize = 64 * 1024;

struct Input<'a> {
    status: u16,
    headers: &'a Headers,
    body: Option<&'a str>,
    body_lower: String,
    /// The table asks for the same few headers (`Server`, `X-Powered-By`, …)
    /// row after row: each one's combined value and its lowercase, read once.
    seen: RefCell<Vec<(&'static str, HeaderValue)>>,
}

/// A header's combined value and its lowercase (`None`: absent).
type HeaderValue = Option<Rc<(String, String)>>;

impl<'a> Input<'a> {
    fn new(status: u16, headers: &'a Headers, body: Option<&'a str>) -> Self {
        let body = body.map(|b| prefix(b, BODY_SCAN_LIMIT)).filter(|b| !b.trim().is_empty());
        let body_lower = body.map(str::to_ascii_lowercase).unwrap_or_default();
        Input { status, headers, body, body_lower, seen: RefCell::new(Vec::new()) }
    }

    /// `name`'s combined value and its lowercase.
    fn header(&self, name: &'static str) -> HeaderValue {
        if let Some((_, v)) = self.seen.borrow().iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return v.clone();
        }
        let v = self.headers.get_combined(name).map(|v| {
            let lower = v.to_ascii_lowercase();
            Rc::new((v, lower))
        });
        self.seen.borrow_mut().push((name, v.clone()));
        v
    }

    fn header_matches(&self, name: &'static str, pat: &Pat) -> bool {
        self.header(name).is_some_and(|v| pat.find(&v.0, &v.1).is_some())
    }

    fn body_find(&self, pat: &Pat) -> Option<usize> {
        let b = self.body?;
        pat.find(b, &self.body_lower)
    }

    fn holds(&self, c: &Cond) -> bool {
        match c {
            Cond::Header(n, p) => self.header_matches(n, p),
            Cond::NoHeader(n) => !self.headers.contains(n),
            Cond::HeaderLacks(n, p) => !self.header_matches(n, p),
            Cond::Body(p) => self.body_find(p).is_some(),
            Cond::NoBody => self.body.is_none(),
            Cond::Repeated(n) => self.headers.count(n) > 1,
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Shortens `s` for an evidence sentence.
fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// The line of `body` around byte offset `at`.
fn line_at(body: &str, at: usize) -> &str {
    let at = at.min(body.len());
    let mut start = at;
    while start > 0 && !body.is_char_boundary(start) {
        start -= 1;
    }
    let from = body[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let to = body[start..].find('\n').map(|i| start + i).unwrap_or(body.len());
    &body[from..to]
}

impl Signature {
    /// The evidence sentence when this row matches the response.
    fn check(&self, input: &Input) -> Option<String> {
        if let Some((lo, hi)) = self.status {
            if input.status < lo || input.status > hi {
                return None;
            }
        }
        let (value, line) = match self.on {
            On::Header(name) => {
                let v = input.header(name)?;
                self.pat.find(&v.0, &v.1)?;
                (Some(v.0.clone()), None)
            }
            On::Body => {
                let at = input.body_find(&self.pat)?;
                (None, input.body.map(|b| line_at(b, at)))
            }
        };
        if !self.requires.iter().all(|c| input.holds(c)) {
            return None;
        }
        Some(self.render(input, value.as_deref(), line))
    }

    fn render(&self, input: &Input, value: Option<&str>, line: Option<&str>) -> String {
        let mut out = String::new();
        let mut rest = self.evidence;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let key = &rest[open + 1..close];
            let sub = match key {
                "value" => Some(clip(value.unwrap_or(""), 100)),
                "line" => Some(clip(line.unwrap_or(""), 120)),
                _ => key
                    .strip_prefix("h:")
                    .map(|n| clip(input.headers.get_combined(n).as_deref().unwrap_or_default(), 100)),
            };
            match sub {
                Some(s) => {
                    out.push_str(&rest[..open]);
                    out.push_str(&s);
                }
                None => out.push_str(&rest[..=close]),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// One row that matched a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMatch {
    /// Index into [`SIGNATURES`].
    pub row: usize,
    pub stack: Stack,
    pub role: Role,
    pub confidence: u8,
    pub evidence: String,
}

/// Every row of [`SIGNATURES`] that matches the response, in table order.
pub fn matches(status: u16, headers: &Headers, body: Option<&str>) -> Vec<SignatureMatch> {
    let input = Input::new(status, headers, body);
    SIGNATURES
        .iter()
        .enumerate()
        .filter_map(|(row, s)| {
            s.check(&input).map(|evidence| SignatureMatch {
                row,
                stack: s.stack,
                role: s.role,
                confidence: s.confidence,
                evidence,
            })
        })
        .collect()
}

/// Reads a response's signatures.
pub fn detect(status: u16, headers: &Headers, body: Option<&str>) -> Detection {
    let hits = matches(status, headers, body);
    // The generating stack: the most confident "generated" row (earliest on ties).
    let mut best: Option<&SignatureMatch> = None;
    for h in hits.iter().filter(|h| h.role == Role::Generated) {
        if best.is_none_or(|b| h.confidence > b.confidence) {
            best = Some(h);
        }
    }
    let generated_by = best.map(|h| (h.stack, h.evidence.clone()));
    // Every other stack, once, with its most confident evidence.
    let mut others: Vec<&SignatureMatch> = Vec::new();
    for h in &hits {
        if Some(h.stack) == generated_by.as_ref().map(|g| g.0) {
            continue;
        }
        match others.iter_mut().find(|o| o.stack == h.stack) {
            Some(o) if h.confidence > o.confidence => *o = h,
            Some(_) => {}
            None => others.push(h),
        }
    }
    others.sort_by(|a, b| b.confidence.cmp(&a.confidence).then(a.row.cmp(&b.row)));
    Detection { generated_by, seen: others.into_iter().map(|h| (h.stack, h.evidence.clone())).collect() }
}

/// The stacks' tables laid end to end, in the order given (the registry's):
/// the global table [`SIGNATURES`] is built from it at compile time.
pub(crate) const fn concat<const N: usize>(tables: &[&[Signature]]) -> [Signature; N] {
    // Every slot is overwritten below; N is the sum of the tables' lengths.
    const BLANK: Signature = row(Stack::Nginx, On::Body, Pat::Any, None, &[], Role::Seen, 0, "");
    let mut out = [BLANK; N];
    let (mut t, mut k) = (0, 0);
    while t < tables.len() {
        let mut i = 0;
        while i < tables[t].len() {
            out[k] = tables[t][i];
            k += 1;
            i += 1;
        }
        t += 1;
    }
    assert!(k == N, "N must be the sum of the tables' lengths");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_find_agrees_with_lowercasing_both() {
        let hays = [
            "",
            "a",
            "method not allowed. must be one of: options",
            "<h1>cannot put /x</h1>",
            "ééé<center>nginx</center>",
            "aaab",
            "abab",
        ];
        let needles = [
            "",
            "A",
            "Method Not Allowed",
            "<center>NGINX</center>",
            "cannot PUT /x",
            "aab",
            "bab",
            "é<c",
            "zz",
            "abab5",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(find_ascii_ci(h.as_bytes(), n.as_bytes()), h.find(&n.to_ascii_lowercase()), "{h:?} {n:?}");
            }
        }
    }
}
