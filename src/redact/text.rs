//! Free text: URLs, JWTs, `Bearer`/`Basic` credentials and query strings found anywhere in it.

use super::mask::mask;
use super::shapes::jwt_len;
use super::{Found, Redactor};
use crate::codec::is_base64url_digit;

/// The bytes at which [`Redactor::text_inner`] may find something to mask.
pub(super) const TEXT_STARTS: [bool; 256] = {
    let mut t = [false; 256];
    t[b'e' as usize] = true;
    t[b'h' as usize] = true;
    t[b'B' as usize] = true;
    t[b'b' as usize] = true;
    t[b'?' as usize] = true;
    t[b'&' as usize] = true;
    t
};

impl Redactor {
    // ------------------------------------------------------------------ text

    /// Free text (a summary, an evidence line, fix code, a body): URLs,
    /// JWTs, `Bearer`/`Basic` credentials, `?secret=` pairs and every learned
    /// secret are masked.
    pub fn text(&self, s: &str) -> String {
        if !self.enabled() {
            return s.to_string();
        }
        let out = self.text_inner(s, &mut Found::new());
        self.scrub_learned(&out)
    }

    pub(super) fn text_inner(&self, s: &str, found: &mut Found) -> String {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        let mut copied = 0;
        while i < b.len() {
            if let Some((start, end, masked)) = self.text_match(s, i, found) {
                out.push_str(&s[copied..start]);
                out.push_str(&masked);
                i = end;
                copied = i;
                continue;
            }
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            // nothing above starts at other bytes (all ASCII, so the next one is on a char boundary)
            i += b[i..].iter().position(|&c| TEXT_STARTS[usize::from(c)]).unwrap_or(b.len() - i);
        }
        out.push_str(&s[copied..]);
        out
    }

    /// What [`Redactor::text_inner`] masks at byte `i` of `s`, if anything: a
    /// JWT, a URL, a `Bearer`/`Basic` credential, or `?token=…`/`&token=…`
    /// (relative URLs, query strings quoted in evidence). The range of `s`
    /// it replaces, and with what.
    #[inline]
    pub(super) fn text_match(&self, s: &str, i: usize, found: &mut Found) -> Option<(usize, usize, String)> {
        let b = s.as_bytes();
        let boundary = i == 0 || !is_base64url_digit(b[i - 1]);
        match b[i] {
            b'e' if boundary => {
                let n = jwt_len(b, i)?;
                let tok = &s[i..i + n];
                found.push(tok.to_string());
                Some((i, i + n, mask(tok)))
            }
            b'h' if boundary && (b[i..].starts_with(b"http://") || b[i..].starts_with(b"https://")) => {
                let end = url_end(b, i);
                Some((i, end, self.url_inner(&s[i..end], found)))
            }
            b'B' | b'b' if boundary => {
                let (start, end) = credential_at(b, i)?;
                let tok = &s[start..end];
                found.push(tok.to_string());
                Some((start, end, mask(tok)))
            }
            b'?' | b'&' if i + 1 < b.len() => {
                let start = i + 1;
                let end = prose_end(b, start, query_end(b, start));
                let q = &s[start..end];
                q.contains('=').then(|| (start, end, self.params_inner(q, true, found)))
            }
            _ => None,
        }
    }
}

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
