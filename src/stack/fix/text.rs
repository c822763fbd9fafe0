//! Text helpers the snippets share: method and header lists (deduplicated,
//! quoted, joined), comments in a snippet's language, identifiers.

use super::escape::Lang;
use crate::http::Method;

/// The methods' names, deduplicated (`GET, POST` when none).
pub(crate) fn method_names(methods: &[Method]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for m in methods {
        let s = m.as_str().to_string();
        if !v.contains(&s) {
            v.push(s);
        }
    }
    if v.is_empty() {
        v.push("GET".into());
        v.push("POST".into());
    }
    v
}

/// The headers, trimmed and deduplicated (`Content-Type` when none).
pub(crate) fn header_names(headers: &[String]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for h in headers {
        let h = h.trim();
        if !h.is_empty() && !v.iter().any(|x| x.eq_ignore_ascii_case(h)) {
            v.push(h.to_string());
        }
    }
    if v.is_empty() {
        v.push("Content-Type".into());
    }
    v
}

/// `"a", "b"` (double quotes).
pub(crate) fn dq(items: &[String]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

/// `'a', 'b'` (single quotes).
pub(crate) fn sq(items: &[String]) -> String {
    items.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}

/// `a, b`
pub(crate) fn csv(items: &[String]) -> String {
    items.join(", ")
}

/// Every item in lowercase.
pub(crate) fn lower_all(items: &[String]) -> Vec<String> {
    items.iter().map(|s| s.to_ascii_lowercase()).collect()
}

/// A method usable as an identifier in route shorthands (`app.put`), if it has one.
pub(crate) fn shorthand(m: &Method) -> Option<&'static str> {
    match m {
        Method::Get => Some("get"),
        Method::Post => Some("post"),
        Method::Put => Some("put"),
        Method::Patch => Some("patch"),
        Method::Delete => Some("delete"),
        Method::Head => Some("head"),
        Method::Options => Some("options"),
        _ => None,
    }
}

/// `text` as line comments in `language` (XML: each line in its own `<!-- -->`): one comment line per line of
/// `text` (split at `\n` only), every
/// other control or invisible character shown visibly ([`Lang::comment_text`]), so nothing in `text` can end the
/// comment. XML has no line comment: each line is its own `<!-- … -->`.
pub(crate) fn comment(language: &str, text: &str) -> String {
    let lang = Lang::of_fence(language);
    let mark = lang.comment_mark();
    let line = |l: &str| match lang {
        Lang::Xml => format!("<!-- {l} -->", l = lang.comment_text(l)),
        _ if l.is_empty() => mark.to_string(),
        _ => format!("{mark} {l}", l = lang.comment_text(l)),
    };
    text.strip_suffix('\n').unwrap_or(text).split('\n').map(line).collect::<Vec<_>>().join("\n")
}

/// The `http::Method` expression for a method (an unknown one as a byte string, every byte but letters and
/// digits written `\xNN`).
pub(crate) fn rust_method(m: &Method) -> String {
    match m {
        Method::Other(s) => format!("Method::from_bytes(b\"{bytes}\").unwrap()", bytes = rust_bytes(s)),
        m => format!("Method::{name}", name = m.as_str()),
    }
}

/// `s` for a Rust byte-string literal: letters and digits as they are, every other byte `\xNN`.
pub(crate) fn rust_bytes(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("\\x{b:02x}") }).collect()
}

/// A method name as an identifier (a Python `def`): lowercase letters, digits and `_` only, prefixed when it
/// would start with a digit or be empty.
pub(crate) fn ident(name: &str) -> String {
    let id: String =
        name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>().to_ascii_lowercase();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("method_{id}")
    } else {
        id
    }
}

/// A Ruby symbol for an (escaped, double-quote-safe) name: `:put`, or `:"…"` when it is not an identifier.
pub(crate) fn ruby_symbol(escaped: &str) -> String {
    let plain = escaped.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && escaped.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        format!(":{escaped}")
    } else {
        format!(":\"{escaped}\"")
    }
}

/// `s` with the regex metacharacters escaped.
pub(crate) fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
