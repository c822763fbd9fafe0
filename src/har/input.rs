//! Input decoding: what the bytes of a file are before any JSON is read. An
//! archive (gzip, zip) is opened, a UTF-8 BOM skipped, UTF-16 and UTF-32
//! decoded (with or without a BOM: [`super::sniff`]), invalid UTF-8 replaced
//! (with one warning locating the first bad byte and counting them all), and
//! inputs that cannot be a HAR (empty, a JSON array or scalar, HTML) rejected
//! with a clear message before parsing. [`super::parse_har`] decodes a whole
//! buffer here; [`super::HarStream`] uses the same pieces on its first bytes.

use std::borrow::Cow;

use super::archive;
use super::error::{at_line_col, line_col};
use super::sniff::{decode_wide, sniff, Sniffed};
use super::HarError;

/// The UTF-8 byte order mark, skipped.
pub(super) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes the input to UTF-8 text: an archive is opened ([`super::archive`]),
/// UTF-16 and UTF-32 decoded (with or without a BOM), a UTF-8 BOM skipped,
/// invalid UTF-8 replaced; a known binary format is rejected, named.
/// Borrows unless the input must change.
pub(super) fn decode_input<'b>(bytes: &'b [u8], warnings: &mut Vec<HarError>) -> Result<Cow<'b, str>, HarError> {
    decode_nested(bytes, warnings, 0)
}

/// The input as UTF-8 text, as [`super::parse_har`] reads it: an archive
/// opened, UTF-16/32 decoded, a BOM skipped, invalid UTF-8 replaced; an
/// error for a known binary format. (The CLI re-reads entries from it for
/// the HAR export.)
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, HarError> {
    decode_nested(bytes, &mut Vec::new(), 0)
}

/// How many archives inside each other are opened (a gzip file can contain itself).
const MAX_NESTING: usize = 3;

fn decode_nested<'b>(bytes: &'b [u8], warnings: &mut Vec<HarError>, depth: usize) -> Result<Cow<'b, str>, HarError> {
    match sniff(bytes) {
        Sniffed::Utf8 => {}
        Sniffed::Wide(w, bom) => {
            let (text, bad) = decode_wide(w, &bytes[bom..]);
            if bad > 0 {
                warnings.push(HarError {
                    location: "input".into(),
                    message: format!("invalid {}: {bad} code units replaced by U+FFFD", w.name()),
                });
            }
            return Ok(Cow::Owned(text));
        }
        s @ (Sniffed::Gzip | Sniffed::Zip) => {
            if depth >= MAX_NESTING {
                return Err(HarError { location: "input".into(), message: "archives nested too deeply".into() });
            }
            let (inner, _what) = archive::open(bytes, s == Sniffed::Zip)?;
            // plain UTF-8 inside (the usual case): no copy
            if sniff(&inner) == Sniffed::Utf8 && !inner.starts_with(UTF8_BOM) {
                return match String::from_utf8(inner) {
                    Ok(text) => Ok(Cow::Owned(text)),
                    Err(e) => Ok(Cow::Owned(decode_utf8(e.as_bytes(), warnings)?.into_owned())),
                };
            }
            return Ok(Cow::Owned(decode_nested(&inner, warnings, depth + 1)?.into_owned()));
        }
        Sniffed::Other(what) => return Err(not_a_har(what)),
    }
    match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => decode_utf8(rest, warnings),
        None => decode_utf8(bytes, warnings),
    }
}

/// The error for a file in a known format that is not a HAR.
pub(super) fn not_a_har(what: &str) -> HarError {
    HarError {
        location: "input".into(),
        message: format!(
            "this is {what}, not a HAR (a HAR is a JSON file: in the browser's DevTools, Network panel, \"Export HAR\")"
        ),
    }
}

/// UTF-8 validation: borrowed when valid, else replaced with a warning.
fn decode_utf8<'b>(bytes: &'b [u8], warnings: &mut Vec<HarError>) -> Result<Cow<'b, str>, HarError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let (line, col) = line_col(bytes, at);
            let bad = bytes.get(at).copied().unwrap_or(0);
            let count = bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
            warnings.push(invalid_utf8(line, col, bad, count));
            Ok(String::from_utf8_lossy(bytes))
        }
    }
}

/// Rejects, with a clear message, inputs that cannot be a HAR before parsing
/// them: empty, a JSON array, a scalar, HTML.
pub(super) fn check_top_level(text: &str) -> Result<(), HarError> {
    let Some(pos) = text.bytes().position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')) else {
        return Err(HarError {
            location: "input".into(),
            message: if text.is_empty() { "the file is empty".into() } else { "the file is only whitespace".into() },
        });
    };
    let (line, col) = line_col(text.as_bytes(), pos);
    let location = at_line_col(line, col);
    let first = text.as_bytes()[pos];
    let message = match first {
        b'{' => return Ok(()),
        b'[' => "the file is a JSON array, not a HAR (a HAR is an object {\"log\": {\"entries\": [...]}})".to_string(),
        b'"' => "the file is a JSON string, not a HAR (a HAR is an object {\"log\": {...}})".to_string(),
        b'-' | b'0'..=b'9' => "the file is a JSON number, not a HAR (a HAR is an object {\"log\": {...}})".to_string(),
        b't' | b'f' | b'n' => "the file is not a HAR: expected an object {\"log\": {...}}".to_string(),
        b'<' => "not JSON: the file starts with '<' (an HTML or XML page?), a HAR is JSON".to_string(),
        _ => {
            let c = text[pos..].chars().next().unwrap_or(' ');
            if c.is_control() || c == char::REPLACEMENT_CHARACTER {
                // bytes no rule of `sniff.rs` names
                format!("this looks like a binary file (it starts with {c:?}), not a HAR; a HAR is a JSON file")
            } else {
                format!("not JSON: unexpected character {c:?} at the start of the file")
            }
        }
    };
    Err(HarError { location, message })
}

/// The warning for invalid UTF-8: where the first bad byte is, which it is,
/// and how many invalid sequences were replaced.
pub(super) fn invalid_utf8(line: usize, col: usize, bad: u8, count: usize) -> HarError {
    HarError {
        location: at_line_col(line, col),
        message: format!(
            "invalid UTF-8 (byte 0x{bad:02X}); {count} invalid sequence{} in the file replaced by U+FFFD",
            if count == 1 { "" } else { "s" }
        ),
    }
}

/// [`check_top_level`] on the first bytes of a stream (after any BOM), once
/// they hold a character that is not whitespace or the input ended: valid
/// UTF-8 up to an incomplete or invalid sequence is enough to see the first
/// character.
pub(super) fn check_head(head: &[u8], at_eof: bool) -> Result<(), HarError> {
    let h = match std::str::from_utf8(head) {
        Err(e) if e.error_len().is_none() && !at_eof => &head[..e.valid_up_to()],
        _ => head,
    };
    let probe = String::from_utf8_lossy(h);
    if at_eof || !probe.trim_start_matches([' ', '\t', '\n', '\r']).is_empty() {
        check_top_level(&probe)?;
    }
    Ok(())
}
