//! The masks that replace secrets.

use super::shapes::is_jwt;

/// The mask for a secret of `n` characters.
pub fn mask_len(n: usize) -> String {
    format!("[redacted, {n} chars]")
}

/// The mask for a secret value: JWTs keep their `eyJ` prefix so the reader
/// sees a JWT was sent.
pub fn mask(value: &str) -> String {
    let n = value.chars().count();
    if is_jwt(value) {
        format!("eyJ…{}", mask_len(n))
    } else {
        mask_len(n)
    }
}

/// The mask of a secret inside a URL (userinfo, query and fragment values, path segments): URL-safe, so the
/// URL stays valid (no space, bracket or quote) and a shell word or Markdown link is not broken by it.
pub const URL_MASK: &str = "REDACTED";

/// `s` is a mask already (redacting twice changes nothing).
pub(super) fn is_mask(s: &str) -> bool {
    s == URL_MASK || s.starts_with("[redacted") || s.starts_with("eyJ…[redacted")
}
