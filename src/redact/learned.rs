//! Learned secrets: every value masked somewhere is remembered, then scrubbed from free text.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::policy::HeaderClass;
use super::{Found, Redactor};
use crate::codec::{base64_encode, percent_decode, percent_encode};
use crate::har::Entry;

/// Bytes that end a token in free text: a learned secret is matched only as a whole token between two of
/// these (or the ends of the text), never inside a word, a host or a path (`/`, `.`, `-`, `_`, `%`, `+` and
/// `~` are token characters).
pub(super) const fn is_separator(c: u8) -> bool {
    c <= b' '
        || matches!(
            c,
            b'"' | b'\''
                | b'<'
                | b'>'
                | b'('
                | b')'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b','
                | b';'
                | b'&'
                | b'?'
                | b'#'
                | b'|'
                | b'\\'
                | b'`'
                | b'='
                | b':'
                | b'!'
                | b'*'
                | b'@'
                | b'^'
                | 0x7f
        )
}

/// The end of the token starting at `i`.
pub(super) fn token_end(b: &[u8], i: usize) -> usize {
    b[i..].iter().position(|&c| is_separator(c)).map_or(b.len(), |p| i + p)
}

/// The tokens of `s` (the pieces between separators).
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_ascii() && is_separator(c as u8)).filter(|t| !t.is_empty())
}

/// Worth hunting in free text: a token unlike an ordinary word, number, host or path. Short or low-entropy
/// values (`dark`, `users`, `1`, `true`, `www.cnn.com`) stay masked where they sit but are not hunted.
fn worth_hunting(t: &str, min_len: usize) -> bool {
    let n = t.chars().count();
    if n < min_len.max(6) || super::mask::is_mask(t) {
        return false;
    }
    let b = t.as_bytes();
    if looks_like_host(t) {
        return false;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    let inner_upper = b.iter().skip(1).any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase);
    let wordlike = b.iter().all(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'-' | b'/'));
    (digits > 0 && letters > 0)
        || (digits == n && n >= 12)
        || (inner_upper && n >= 8)
        || (n >= 16 && !wordlike)
        || (!b.is_ascii() && n >= 8)
}

/// `api2.example.com`, `www.cnn.com`: lower-case labels joined by dots, the last one alphabetic (a TLD). Hosts
/// are masked by position only (userinfo), never hunted.
fn looks_like_host(t: &str) -> bool {
    let labels: Vec<&str> = t.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'))
        && labels.last().is_some_and(|l| (2..=12).contains(&l.len()) && l.bytes().all(|c| c.is_ascii_lowercase()))
}

/// The secret tokens hunted in free text, looked up in a hash set: one lookup per token of the text, so
/// scrubbing is linear in the text whatever the number of secrets.
#[derive(Debug, Clone, Default)]
pub(super) struct Learned {
    set: HashSet<String>,
    /// A bit per token length (lengths from 256 share the last bit): most tokens of a text are passed over
    /// without hashing.
    lens: [u64; 5],
}

thread_local! {
    /// Work of scrubbing on this thread so far ([`Redactor::probes`]: one per token looked up plus its length),
    /// counted so that a test can check it grows with the text, not with the text times the number of secrets.
    /// Per thread, so that threads rendering in parallel share no counter.
    static PROBES: Cell<u64> = const { Cell::new(0) };
}

/// The work of scrubbing on this thread so far.
pub(super) fn probes() -> u64 {
    PROBES.with(Cell::get)
}

impl Learned {
    fn insert(&mut self, t: &str) {
        if !self.set.contains(t) {
            let k = t.len().min(256);
            self.lens[k >> 6] |= 1 << (k & 63);
            self.set.insert(t.to_string());
        }
    }

    /// The length of the learned token `t` is, if it is one (a trailing `.` ending a sentence is not part of it).
    pub(super) fn find(&self, t: &str) -> Option<usize> {
        PROBES.with(|p| p.set(p.get() + 1 + t.len() as u64));
        let hit = |t: &str| {
            let k = t.len().min(256);
            self.lens[k >> 6] & (1 << (k & 63)) != 0 && self.set.contains(t)
        };
        if hit(t) {
            return Some(t.len());
        }
        let trimmed = t.trim_end_matches(['.', '/']);
        (trimmed.len() < t.len() && !trimmed.is_empty() && hit(trimmed)).then_some(trimmed.len())
    }

    /// Every learned token, sorted.
    pub(super) fn tokens(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.set.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

impl Redactor {
    /// Learns the values `found` masked: every token worth hunting of each value, in its raw, percent-decoded,
    /// percent-encoded and base64 forms.
    pub(super) fn add_learned(&mut self, found: Found) {
        let min = self.policy.min_learned_len;
        for s in found {
            let s = s.trim();
            if s.is_empty() || s.contains("[redacted") {
                continue;
            }
            let decoded = percent_decode(s);
            // a value not worth hunting is not either in its encodings (base64 makes `true` look random)
            if !tokens(s).chain(tokens(&decoded)).any(|t| worth_hunting(t, min)) {
                continue;
            }
            let mut forms = vec![percent_encode(&decoded), base64_encode(decoded.as_bytes())];
            let b64url: String = forms[1].trim_end_matches('=').replace('+', "-").replace('/', "_");
            forms.push(b64url);
            for form in [s, decoded.as_str()].into_iter().chain(forms.iter().map(String::as_str)) {
                for t in tokens(form) {
                    if worth_hunting(t, min) {
                        self.learned.insert(t);
                    }
                }
            }
        }
    }

    /// Learns the secrets of parsed entries (headers, URLs, kept bodies).
    pub fn learn_entries<'a>(&mut self, entries: impl IntoIterator<Item = &'a Entry>) {
        if !self.enabled() {
            return;
        }
        let mut found = Found::new();
        // header names repeat from entry to entry: each is classified once
        let mut classes: HashMap<&str, HeaderClass> = HashMap::new();
        for e in entries {
            self.url_inner(&e.request.url, &mut found);
            for h in e.request.headers.iter().chain(e.response.headers.iter()) {
                let class = *classes.entry(h.name.as_str()).or_insert_with(|| self.header_class(&h.name));
                self.header_as(class, &h.value, &mut found);
            }
            if let Some(r) = &e.response.redirect_url {
                self.url_inner(r, &mut found);
            }
            if let Some(p) = &e.request.post_data {
                if let Some(t) = &p.text {
                    self.body_inner(&p.mime_type, t, &mut found);
                }
                for (k, v) in &p.params {
                    if self.is_secret_field(k) {
                        found.push(v.clone());
                    }
                }
            }
            if let Some(t) = &e.response.content.text {
                self.body_inner(&e.response.content.mime_type, t, &mut found);
            }
        }
        self.add_learned(found);
    }

    /// Learns the secrets of one raw HAR entry (`log.entries[i]` as JSON).
    pub fn learn_har_entry(&mut self, entry: &Value) {
        if !self.enabled() {
            return;
        }
        let mut copy = entry.clone();
        let mut found = Found::new();
        self.har_entry_inner(&mut copy, &mut found);
        self.add_learned(found);
    }
}
