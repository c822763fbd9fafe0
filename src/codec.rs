//! Byte codecs shared by the HAR reader and the redactor, one implementation
//! each: base64 (RFC 4648 standard and URL-safe alphabets, decoded leniently)
//! and percent decoding (RFC 3986 `%XX`, with the form encoding's `+`).
//!
//! - [`base64_decode_limited`] decodes a HAR body (`content.encoding:
//!   "base64"`), only as far as the bytes that are kept;
//!   [`base64_decode`] decodes all of it (a `Basic` credential, a base64
//!   response body being redacted), [`base64_encode`] encodes it back.
//! - [`percent_decode`] reads URL query values and form fields; [`percent_encode`] writes them.

/// The standard base64 alphabet (RFC 4648 §4).
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A base64 digit of either alphabet: standard (`+`, `/`) or URL-safe (`-`, `_`).
#[inline]
pub fn is_base64_digit(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_')
}

/// A digit of the URL-safe base64 alphabet (RFC 4648 §5), as in JWTs.
#[inline]
pub fn is_base64url_digit(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// How many bytes `digits` base64 digits (padding and whitespace not
/// counted) decode to.
pub fn base64_decoded_len(digits: usize) -> usize {
    digits / 4 * 3 + digits % 4 * 3 / 4
}

/// Standard base64 with padding.
pub fn base64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (k, &c)| acc | (u32::from(c) << (16 - 8 * k)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard or URL-safe base64, whitespace ignored; `None` when not base64.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    base64_decode_limited(s, usize::MAX)
}

/// Decodes standard or URL-safe base64, ignoring whitespace, stopping at `=`
/// or after `limit` bytes. `None` when a character is not base64.
pub fn base64_decode_limited(s: &str, limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(limit.min(s.len() * 3 / 4 + 3));
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s.as_bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() >= limit {
                break;
            }
        }
    }
    Some(out)
}

/// Percent-decodes (and `+` → space), lossily: a `%` not followed by two hex
/// digits is kept as written, bytes that are not UTF-8 become U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes every byte but the unreserved ones (RFC 3986 `A-Z a-z 0-9 - _ . ~`, upper-case hex): the
/// form in which a secret copied into a URL is hunted.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.bytes() {
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~') {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_standard_urlsafe_whitespace_and_limit() {
        assert_eq!(base64_decode_limited("aGVsbG8gd29ybGQ=", 100).unwrap(), b"hello world");
        assert_eq!(base64_decode_limited("aGVs\r\nbG8=", 100).unwrap(), b"hello");
        assert_eq!(base64_decode_limited("-_-_", 100).unwrap(), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(base64_decode_limited("aGVsbG8gd29ybGQ=", 3).unwrap(), b"hel");
        assert_eq!(base64_decode_limited("", 3).unwrap(), b"");
        assert!(base64_decode_limited("not base64!", 100).is_none());
    }

    #[test]
    fn base64_round_trip() {
        for s in ["", "a", "ab", "abc", "abcd", "hello world!"] {
            assert_eq!(base64_decode(&base64_encode(s.as_bytes())).as_deref(), Some(s.as_bytes()));
        }
        assert_eq!(base64_encode(b"user:pass"), "dXNlcjpwYXNz");
    }

    #[test]
    fn decoded_length_from_digits() {
        for s in ["", "a", "ab", "abc", "abcd", "hello world!"] {
            let enc = base64_encode(s.as_bytes());
            let digits = enc.bytes().filter(|&b| is_base64_digit(b)).count();
            assert_eq!(base64_decoded_len(digits), s.len(), "{s:?}");
        }
    }

    #[test]
    fn alphabets() {
        assert!(is_base64_digit(b'+') && is_base64_digit(b'_') && !is_base64_digit(b'='));
        assert!(is_base64url_digit(b'-') && !is_base64url_digit(b'+') && !is_base64url_digit(b'.'));
    }

    #[test]
    fn percent() {
        assert_eq!(percent_decode("a%21b+c%2"), "a!b c%2");
        assert_eq!(percent_decode("%e2%82%ac%zz%"), "€%zz%");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_encode("a/b+c=é~"), "a%2Fb%2Bc%3D%C3%A9~");
        assert_eq!(percent_decode(&percent_encode("x y/€")), "x y/€");
    }
}
