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
