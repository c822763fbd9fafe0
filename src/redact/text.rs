//! Free text: URLs, token shapes (JWTs, vendor tokens), `Bearer`/`Basic` credentials, query strings, URL paths
//! and learned secrets (whole tokens only) found anywhere in it; in text from the HAR also `name: "value"`
//! pairs whose name is secret (`password: "…"`, `apiKey = '…'`, GraphQL's `login(password: \"…\")`).

use super::learned::{is_separator, token_end};
use super::mask::{is_mask, mask};
use super::shapes::{shape_len, SHAPE_STARTS};
use super::{Found, Redactor};
use crate::codec::is_base64url_digit;

/// What a text scan looks for besides shapes, URLs, credentials, query strings, paths and learned tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Prose written by why405 around HAR values (summaries, evidence, fix code): `name: value` pairs are left
    /// alone (a fix's `credentials: true` stays as it is).
    Prose,
    /// Text from the HAR (bodies, header values, comments, WebSocket messages): the values of `name: value`
    /// and `name = value` pairs whose name is secret are masked too.
    Body,
}

/// A token longer than this is not read as a URL path.
const MAX_PATH: usize = 512;

/// A range of the text and what replaces it.
type Replace = (usize, usize, String);

impl Redactor {
    /// Free text (a summary, an evidence line, fix code): URLs, token shapes,
    /// `Bearer`/`Basic` credentials, `?secret=` pairs, secret path segments
    /// and every learned secret (as a whole token) are masked.
    pub fn text(&self, s: &str) -> String {
        if !self.enabled() {
            return s.to_string();
        }
        self.text_inner(s, &mut Found::new())
    }

    /// [`Redactor::text`], collecting what was masked.
    pub(super) fn text_inner(&self, s: &str, found: &mut Found) -> String {
        self.scan(s, Mode::Prose, found)
    }

    /// Text from the HAR: [`Redactor::text_inner`] plus secret `name: value` pairs.
    pub(super) fn body_text(&self, s: &str, found: &mut Found) -> String {
        self.scan(s, Mode::Body, found)
    }

    /// One pass over `s`: at each byte the shapes that may start there; at the start of each token (the text
    /// between two separators) a path, a `name: value` pair or a learned secret. Linear in `s`: a token is
    /// looked up once, in a hash set.
    fn scan(&self, s: &str, mode: Mode, found: &mut Found) -> String {
        let b = s.as_bytes();
        let mut out = String::new();
        let (mut i, mut copied, mut tok_end) = (0, 0, 0);
        while i < b.len() {
            let token_start = i >= tok_end && !is_separator(b[i]);
            let hit = self.text_match(s, i, found).or_else(|| {
                if !token_start {
                    return None;
                }
                tok_end = token_end(b, i);
                self.token_match(s, i, tok_end, mode, found)
            });
            if let Some((start, end, masked)) = hit {
                out.push_str(&s[copied..start]);
                out.push_str(&masked);
                i = end.max(i + 1);
                copied = end;
                tok_end = end;
                continue;
            }
            i += 1;
            while i < b.len() && !s.is_char_boundary(i) {
                i += 1;
            }
        }
        if copied == 0 {
            return s.to_string();
        }
        out.push_str(&s[copied..]);
        out
    }

    /// What [`Redactor::scan`] masks at byte `i` of `s`, if anything: a
    /// token shape, a URL, a `Bearer`/`Basic` credential, or `?token=…`/`&token=…`
    /// (relative URLs, query strings quoted in evidence).
    #[inline]
    fn text_match(&self, s: &str, i: usize, found: &mut Found) -> Option<Replace> {
        let b = s.as_bytes();
        let boundary = i == 0 || !is_base64url_digit(b[i - 1]);
        match b[i] {
            b'h' if boundary && (b[i..].starts_with(b"http://") || b[i..].starts_with(b"https://")) => {
                let end = url_end(b, i);
                let url = self.url_inner(&s[i..end], found);
                (url != s[i..end]).then_some((i, end, url))
            }
            b'B' | b'b' if boundary => {
                let (start, end) = credential_at(b, i)?;
                let tok = &s[start..end];
                found.push(tok.to_string());
                Some((start, end, mask(tok)))
            }
            c if boundary && SHAPE_STARTS.contains(&c) => {
                let n = shape_len(b, i)?;
                let tok = &s[i..i + n];
                found.push(tok.to_string());
                Some((i, i + n, mask(tok)))
            }
            b'?' | b'&' if i + 1 < b.len() => {
                let start = i + 1;
                let end = prose_end(b, start, query_end(b, start));
                let q = &s[start..end];
                if !q.contains('=') {
                    return None;
                }
                let masked = self.params_inner(q, true, found);
                (masked != q).then_some((start, end, masked))
            }
            _ => None,
        }
    }

    /// What [`Redactor::scan`] masks in the token `s[i..end]`: a URL path's secret segments, the value after a
    /// secret name (in [`Mode::Body`]), or the token itself when it is a learned secret.
    fn token_match(&self, s: &str, i: usize, end: usize, mode: Mode, found: &mut Found) -> Option<Replace> {
        let tok = &s[i..end];
        if tok.starts_with('/') {
            // a path: masked by position and shape only, never by learned values (a long one is base64 data,
            // `/9j/4AAQ…`, whose "segments" are not a path's)
            return (tok.len() <= MAX_PATH).then(|| self.path_inner(tok, found)).flatten().map(|p| (i, end, p));
        }
        if mode == Mode::Body {
            if let Some((vs, ve)) = value_after(s.as_bytes(), end) {
                if self.is_secret_field(tok) {
                    let value = &s[vs..ve];
                    found.push(value.to_string());
                    return Some((vs, ve, mask(value)));
                }
            }
        }
        if let Some(n) = self.learned.find(tok) {
            return Some((i, i + n, mask(&tok[..n])));
        }
        // in prose, a path after a route parameter (`:id/reset/<token>`); not in text from the HAR, where such
        // tokens are base64 data or ETags (`W/"e-o8/jXHV…"`)
        if mode == Mode::Prose && tok.len() <= MAX_PATH && tok.contains('/') {
            return self.path_inner(tok, found).map(|p| (i, end, p));
        }
        None
    }
}

/// After a name ending at `k`: an optional closing quote, `:` or `=`, and a value — quoted (`"…"`, `'…'`,
/// `` `…` ``, or `\"…\"` inside a JSON string), or bare up to a space or punctuation. The value's range, unless it
/// is empty, a mask already, a literal (`true`, `null`, …) or an object.
fn value_after(b: &[u8], mut k: usize) -> Option<(usize, usize)> {
    if b[k..].starts_with(b"\\\"") {
        k += 2;
    } else if matches!(b.get(k), Some(b'"' | b'\'')) {
        k += 1;
    }
    let skip = |mut k: usize| {
        while matches!(b.get(k), Some(b' ' | b'\t')) {
            k += 1;
        }
        k
    };
    k = skip(k);
    if !matches!(b.get(k), Some(b':' | b'=')) || matches!(b.get(k + 1), Some(b'=' | b'>' | b':')) {
        return None;
    }
    k = skip(k + 1);
    let (start, end) = if b[k..].starts_with(b"\\\"") {
        let start = k + 2;
        // the next `\"` (memchr on the quote: no substring searcher in the panel's wasm)
        let end = memchr::memchr_iter(b'"', &b[start..])
            .map(|p| start + p)
            .find(|&p| p > start && b[p - 1] == b'\\')
            .map_or(b.len(), |p| p - 1);
        (start, end)
    } else if let Some(&q) = b.get(k).filter(|&&q| matches!(q, b'"' | b'\'' | b'`')) {
        let start = k + 1;
        (start, memchr::memchr(q, &b[start..]).map_or(b.len(), |p| start + p))
    } else {
        let end = b[k..]
            .iter()
            .position(|&c| {
                c <= b' ' || matches!(c, b',' | b';' | b'&' | b')' | b'}' | b']' | b'"' | b'\'' | b'<' | b'>' | b'\\')
            })
            .map_or(b.len(), |p| k + p);
        (k, end)
    };
    let v = std::str::from_utf8(&b[start..end]).ok()?;
    let literal = ["true", "false", "null", "undefined", "none", "nil"].iter().any(|l| v.eq_ignore_ascii_case(l));
    (!v.is_empty() && !is_mask(v) && !literal && !v.starts_with(['{', '[', '$'])).then_some((start, end))
}

/// `Bearer <token>` / `Basic <token>` at `i`: the token's range, when it looks
/// like a credential (long enough, not only letters: "Bearer tokens" stays).
pub(super) fn credential_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    for scheme in ["bearer ", "basic "] {
        let Some(head) = b.get(i..i + scheme.len()) else { continue };
        if !head.eq_ignore_ascii_case(scheme.as_bytes()) {
            continue;
        }
        let start = i + scheme.len();
        let end = b[start..]
            .iter()
            .position(|&c| !(is_base64url_digit(c) || matches!(c, b'.' | b'~' | b'+' | b'/' | b'=')))
            .map_or(b.len(), |p| start + p);
        let tok = &b[start..end];
        if tok.len() >= 8 && !tok.iter().all(|c| c.is_ascii_alphabetic()) {
            return Some((start, end));
        }
    }
    None
}

/// Where a query string in text ends. A mask already in it
/// (`[redacted, 17 chars]`) is one atom, so redacting twice changes nothing.
pub(super) fn query_end(b: &[u8], start: usize) -> usize {
    let mut k = start;
    while k < b.len() {
        let c = b[k];
        if c == b'[' && b[k..].starts_with(b"[redacted") {
            k += b[k..].iter().position(|&c| c == b']').map_or(b.len() - k, |p| p + 1);
            continue;
        }
        if c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`' | b')' | b'#' | b'|') {
            break;
        }
        k += 1;
    }
    k
}

/// Where a URL starting at `i` of text ends.
pub(super) fn url_end(b: &[u8], i: usize) -> usize {
    let end = b[i..]
        .iter()
        .position(|&c| c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`' | b')' | b'|' | b'\\'))
        .map_or(b.len(), |p| i + p);
    prose_end(b, i, end)
}

/// A URL or query string in prose ends before the punctuation that follows
/// it (`…?token=abc, and the GET` keeps its comma).
pub(super) fn prose_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(b[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?') {
        end -= 1;
    }
    end
}
