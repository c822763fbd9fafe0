//! Token shapes recognised wherever they occur, whatever their name or position: JWTs, vendor tokens with a
//! known prefix (GitHub `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`, Slack `xox[bpars]-`, Stripe
//! `sk_live_`/`sk_test_`/`rk_live_`/`rk_test_`/`whsec_`, AWS access key ids `AKIA…`/`ASIA…`, Google API keys
//! `AIza…`), and high-entropy URL path segments (`/reset/<token>`).

use crate::codec::is_base64url_digit;

/// A whole value that is a JWT (`eyJ…` header `.` payload `.` signature).
pub fn is_jwt(s: &str) -> bool {
    jwt_len(s.as_bytes(), 0) == Some(s.len())
}

/// Length of a JWT starting at `i`, if one does.
pub(super) fn jwt_len(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i..)?.starts_with(b"eyJ") {
        return None;
    }
    let mut j = i;
    let mut segs = [0usize; 3];
    for (k, seg) in segs.iter_mut().enumerate() {
        let start = j;
        while j < b.len() && is_base64url_digit(b[j]) {
            j += 1;
        }
        *seg = j - start;
        if k < 2 {
            if b.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    (segs[0] >= 10 && segs[1] >= 2).then_some(j - i)
}

/// A vendor token prefix, and how many token characters must follow it at least.
struct Prefix {
    prefix: &'static [u8],
    min_rest: usize,
    /// Characters of the rest: `true` for base64url digits, `false` for upper-case letters and digits (AWS).
    base64url: bool,
}

const PREFIXES: &[Prefix] = &[
    Prefix { prefix: b"ghp_", min_rest: 20, base64url: true },
    Prefix { prefix: b"gho_", min_rest: 20, base64url: true },
    Prefix { prefix: b"ghu_", min_rest: 20, base64url: true },
    Prefix { prefix: b"ghs_", min_rest: 20, base64url: true },
    Prefix { prefix: b"ghr_", min_rest: 20, base64url: true },
    Prefix { prefix: b"github_pat_", min_rest: 20, base64url: true },
    Prefix { prefix: b"xoxb-", min_rest: 10, base64url: true },
    Prefix { prefix: b"xoxp-", min_rest: 10, base64url: true },
    Prefix { prefix: b"xoxa-", min_rest: 10, base64url: true },
    Prefix { prefix: b"xoxs-", min_rest: 10, base64url: true },
    Prefix { prefix: b"xoxr-", min_rest: 10, base64url: true },
    Prefix { prefix: b"sk_live_", min_rest: 8, base64url: true },
    Prefix { prefix: b"sk_test_", min_rest: 8, base64url: true },
    Prefix { prefix: b"rk_live_", min_rest: 8, base64url: true },
    Prefix { prefix: b"rk_test_", min_rest: 8, base64url: true },
    Prefix { prefix: b"whsec_", min_rest: 16, base64url: true },
    Prefix { prefix: b"AKIA", min_rest: 16, base64url: false },
    Prefix { prefix: b"ASIA", min_rest: 16, base64url: false },
    Prefix { prefix: b"AIza", min_rest: 30, base64url: true },
];

/// The first bytes of every shape [`shape_len`] recognises (`e` for JWTs).
pub(super) const SHAPE_STARTS: &[u8] = b"eAgswrx";

/// Length of a vendor token or JWT starting at `i` (which must follow a non-token character), if one does.
pub(super) fn shape_len(b: &[u8], i: usize) -> Option<usize> {
    if b[i] == b'e' {
        return jwt_len(b, i);
    }
    let rest = b.get(i..)?;
    PREFIXES.iter().find_map(|p| {
        if !rest.starts_with(p.prefix) {
            return None;
        }
        let body = &rest[p.prefix.len()..];
        let n = body
            .iter()
            .position(|&c| {
                if p.base64url {
                    !is_base64url_digit(c)
                } else {
                    !(c.is_ascii_uppercase() || c.is_ascii_digit())
                }
            })
            .unwrap_or(body.len());
        (n >= p.min_rest).then_some(p.prefix.len() + n)
    })
}

/// `s` holds a JWT or vendor token (starting at a token boundary).
pub(super) fn contains_shape(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len())
        .any(|i| SHAPE_STARTS.contains(&b[i]) && (i == 0 || !is_base64url_digit(b[i - 1])) && shape_len(b, i).is_some())
}

/// `8-4-4-4-12` hex digits: an identifier, not a secret.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// A file name (`main.3f9a8c7e.chunk.js`, `logo.5d41402abc4b2a76b9719d911017c592.png`): a content hash is
/// not a secret, and a token has no extension.
fn has_file_extension(s: &str) -> bool {
    s.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && (1..=5).contains(&ext.len()) && ext.bytes().all(|c| c.is_ascii_lowercase())
    })
}

/// Changes between letters and digits in `s` (a `-`, `_`, `.` between them is no change): random tokens have
/// many, words, slugs and dates few.
fn letter_digit_changes(s: &str) -> usize {
    let mut prev: Option<bool> = None;
    let mut n = 0;
    for c in s.bytes() {
        if c.is_ascii_alphanumeric() {
            let digit = c.is_ascii_digit();
            if prev.is_some_and(|p| p != digit) {
                n += 1;
            }
            prev = Some(digit);
        } else {
            prev = None;
        }
    }
    n
}

/// A URL path segment that looks like a random token: long, only token characters, letters and digits mixed
/// many times (a hex digest, a base64url token); not a UUID, a slug, a date or a number. `after_secret`: the
/// segment before names a secret (`/reset/…`, `/token/…`), so a shorter, less random one is masked too.
pub(super) fn random_segment(s: &str, after_secret: bool) -> bool {
    let b = s.as_bytes();
    let (min_len, min_changes) = if after_secret { (8, 1) } else { (16, 4) };
    if b.len() < min_len || !b.iter().all(|&c| is_base64url_digit(c) || matches!(c, b'.' | b'~' | b'+' | b'=')) {
        return false;
    }
    if is_uuid(s) || has_file_extension(s) {
        return false;
    }
    let mixed_case = b.iter().any(u8::is_ascii_uppercase) && b.iter().any(u8::is_ascii_lowercase);
    letter_digit_changes(s) >= min_changes || (after_secret && mixed_case && b.len() >= 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_tokens() {
        for t in [
            "ghp_1234567890abcdefABCDEF1234567890abcd",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "AKIAIOSFODNN7EXAMPLE",
            "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        ] {
            assert_eq!(shape_len(t.as_bytes(), 0), Some(t.len()), "{t}");
        }
        for t in ["ghp_short", "AKIAshort", "sk_live_", "something", "AIza"] {
            assert_eq!(shape_len(t.as_bytes(), 0), None, "{t}");
        }
    }

    #[test]
    fn random_segments() {
        for s in ["3f9a8c7e6d5b4a39281706f5e4d3c2b1", "Zx8kQ2vN5mP7wR1tY4uI6oL9aS3dF0gH", "a1b2c3d4e5f6g7h8"] {
            assert!(random_segment(s, false), "{s}");
        }
        for s in [
            "users",
            "550e8400-e29b-41d4-a716-446655440000",
            "my-article-2024-12-01-update",
            "getUserProfileById2024",
            "12345678901234567890",
            "index.html",
            "main.3f9a8c7e6d5b4a39281706f5.chunk.js",
            "v1",
        ] {
            assert!(!random_segment(s, false), "{s}");
        }
        assert!(random_segment("abc123def", true));
        assert!(!random_segment("password", true));
    }
}
