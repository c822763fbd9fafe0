//! Bodies (`postData.text`, `content.text`): what is kept of them. Base64
//! bodies are decoded ([`crate::codec`]), only as far as the kept bytes;
//! decoded bytes become text when they are text; everything is cut at
//! [`BODY_KEEP`] bytes on a char boundary, the full length remembered.

use super::lenient::{cut, Kind, Val};
use super::{BODY_KEEP, BODY_RAW_CAP};
use crate::codec::{base64_decode_limited, base64_decoded_len, is_base64_digit};

/// A body's kept text and its full length in bytes (decoded when base64).
///
/// Base64 bodies are decoded (only the first [`BODY_KEEP`] bytes). Decoded
/// bytes that are UTF-8 become the text; bytes that are not UTF-8 but look
/// like text (no NUL, few control bytes: a Latin-1 error page) are decoded
/// lossily; binary bodies (images, …) give no text. Text that says base64 but
/// is not valid base64 is kept as written.
pub(super) fn body(text: Val<'_, BODY_RAW_CAP>, encoding: &Val) -> (Option<String>, usize) {
    if text.kind != Kind::String {
        return (None, 0);
    }
    let is_b64 = encoding.str().is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
    if is_b64 {
        if let Some(bytes) = base64_decode_limited(&text.text, BODY_KEEP + 4) {
            let digits = if text.truncated() {
                text.b64_digits
            } else {
                text.text.bytes().filter(|&b| is_base64_digit(b)).count()
            };
            return (bytes_to_text(&bytes), base64_decoded_len(digits));
        }
    }
    (Some(cut(&text.text, BODY_KEEP).to_owned()), text.len)
}

/// Decoded body bytes as text: UTF-8 (a character cut at the end dropped),
/// else lossily when they look like text, else none (binary).
fn bytes_to_text(bytes: &[u8]) -> Option<String> {
    let b = &bytes[..bytes.len().min(BODY_KEEP)];
    match std::str::from_utf8(b) {
        Ok(s) => Some(s.to_owned()),
        // a character cut at the end
        Err(e) if e.error_len().is_none() => Some(String::from_utf8_lossy(&b[..e.valid_up_to()]).into_owned()),
        Err(_) => {
            let controls = b.iter().filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)).count();
            if b.contains(&0) || controls * 100 > b.len() {
                None
            } else {
                Some(cut(&String::from_utf8_lossy(b), BODY_KEEP).to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_decoding() {
        assert_eq!(bytes_to_text("Méthode non autorisée".as_bytes()).as_deref(), Some("Méthode non autorisée"));
        // Latin-1 error page: lossy
        assert_eq!(bytes_to_text(b"M\xe9thode").as_deref(), Some("M\u{fffd}thode"));
        // binary: none
        assert_eq!(bytes_to_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
        // a character cut by BODY_KEEP
        let mut v = vec![b'a'; BODY_KEEP - 1];
        v.extend_from_slice("é".as_bytes());
        let t = bytes_to_text(&v).unwrap();
        assert_eq!(t.len(), BODY_KEEP - 1);
    }
}
