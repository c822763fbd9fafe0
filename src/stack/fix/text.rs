//! Text helpers the snippets share: method and header lists (deduplicated,
//! quoted, joined), comments in a snippet's language, identifiers.

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

/// `text` as line comments in `language`.
pub(crate) fn comment(language: &str, text: &str) -> String {
    let mark = match language {
        "python" | "ruby" | "nginx" | "apache" | "http" | "text" | "yaml" => "#",
        _ => "//",
    };
    text.lines()
        .map(|l| if l.is_empty() { mark.to_string() } else { format!("{mark} {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `http::Method` expression for a method.
pub(crate) fn rust_method(m: &Method) -> String {
    match m {
        Method::Other(s) => format!("Method::from_bytes(b\"{s}\").unwrap()"),
        m => format!("Method::{name}", name = m.as_str()),
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
