//! Small wording helpers the rules share: a status with its reason phrase, a
//! method list, a sentence's first letter lowered.

use crate::http::{reason_phrase, Method};

/// `405 Method Not Allowed` (just `599` when the status has no reason phrase).
pub(super) fn status_text(s: u16) -> String {
    let r = reason_phrase(s);
    if r.is_empty() {
        s.to_string()
    } else {
        format!("{s} {r}")
    }
}

/// `GET, POST`.
pub(super) fn list(ms: &[Method]) -> String {
    ms.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
}

/// The sentence with its first letter lower-cased (to follow a colon).
pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(status_text(405), "405 Method Not Allowed");
        assert_eq!(status_text(599), "599");
        assert_eq!(list(&[Method::Get, Method::Post]), "GET, POST");
        assert_eq!(lower_first("The preflight"), "the preflight");
        assert_eq!(lower_first(""), "");
    }
}
