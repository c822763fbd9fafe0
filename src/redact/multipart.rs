//! `multipart/form-data` bodies: a part named as a secret (`name="password"`) has its content masked; other
//! parts are redacted as bodies of their own type. Boundaries and part headers are kept.

use super::mask::{is_mask, mask};
use super::{Found, Redactor};

/// The boundary of a multipart body: from the MIME type's `boundary=` parameter, else from the first line.
fn boundary(mime: &str, text: &str) -> Option<String> {
    let from_mime = mime.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary").then(|| v.trim().trim_matches('"').to_string())
    });
    from_mime
        .or_else(|| {
            let first = text.trim_start().lines().next()?;
            first.strip_prefix("--").map(|b| b.trim_end().to_string())
        })
        .filter(|b| !b.is_empty())
}

/// A part's header value parameter (`name="password"` in `Content-Disposition`).
fn disposition_name(headers: &str) -> Option<&str> {
    let lower = headers.to_ascii_lowercase();
    let at = lower.find(" name=").or_else(|| lower.find(";name="))? + 6;
    let rest = &headers[at..];
    Some(match rest.strip_prefix('"') {
        Some(q) => q.split('"').next().unwrap_or(""),
        None => rest.split([';', '\r', '\n']).next().unwrap_or("").trim(),
    })
}

impl Redactor {
    /// A multipart body redacted part by part; `None` when it has no boundary to split at.
    pub(super) fn multipart(&self, mime: &str, text: &str, found: &mut Found) -> Option<String> {
        let delim = format!("--{}", boundary(mime, text)?);
        let mut out = String::with_capacity(text.len());
        for (k, part) in text.split(delim.as_str()).enumerate() {
            if k > 0 {
                out.push_str(&delim);
            }
            out.push_str(&self.part(part, found));
        }
        Some(out)
    }

    /// One part (between two delimiters): headers, a blank line, the content.
    fn part(&self, part: &str, found: &mut Found) -> String {
        let split = part.find("\r\n\r\n").map(|p| p + 4).or_else(|| part.find("\n\n").map(|p| p + 2));
        let Some(at) = split else { return self.body_text(part, found) };
        let (headers, rest) = part.split_at(at);
        // the content ends before the line break that precedes the next delimiter
        let content_end = rest.strip_suffix("\r\n").or_else(|| rest.strip_suffix('\n')).map_or(rest.len(), str::len);
        let (content, tail) = rest.split_at(content_end);
        let secret = disposition_name(headers).is_some_and(|n| self.is_secret_param(n));
        let masked = if content.is_empty() || is_mask(content) {
            content.to_string()
        } else if secret {
            found.push(content.to_string());
            mask(content)
        } else {
            let ctype = headers
                .lines()
                .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-type")))
                .map_or("", |(_, v)| v.trim());
            self.body_inner(ctype, content, found)
        };
        format!("{headers}{masked}{tail}")
    }
}
