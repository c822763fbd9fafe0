//! Request and response bodies: JSON, form, multipart, else free text (GraphQL is JSON whose `query` string
//! is text with inline arguments, `login(password: \"…\")`; HTML and scripts are text with `apiKey: "…"`).

use super::{Found, Redactor};

impl Redactor {
    /// A request or response body: JSON (secret fields at any depth), form
    /// (`a=1&password=x`), else free text.
    pub fn body(&self, mime: &str, text: &str) -> String {
        if !self.enabled() {
            return text.to_string();
        }
        self.body_inner(mime, text, &mut Found::new())
    }

    pub(super) fn body_inner(&self, mime: &str, text: &str, found: &mut Found) -> String {
        let t = text.trim_start();
        let lower = mime.to_ascii_lowercase();
        if t.starts_with('{') || t.starts_with('[') || lower.contains("json") {
            return self.json_inner(text, found);
        }
        if lower.contains("multipart/") || (t.starts_with("--") && t.contains("Content-Disposition")) {
            if let Some(r) = self.multipart(mime, text, found) {
                return r;
            }
        }
        if lower.contains("x-www-form-urlencoded") || looks_like_form(text) {
            return self.params_inner(text, false, found);
        }
        self.body_text(text, found)
    }
}

/// `a=1&b=2` with no spaces or newlines: a form body.
pub(super) fn looks_like_form(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && s.split('&')
            .all(|kv| kv.split_once('=').is_some_and(|(k, _)| !k.is_empty() && !k.contains(['<', '>', '{', '"'])))
}
