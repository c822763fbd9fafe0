//! Token shapes recognised wherever they occur (JWTs).

use crate::codec::is_base64url_digit;

/// A whole value that is a JWT (`eyJ…` header `.` payload `.` signature).
pub fn is_jwt(s: &str) -> bool {
    jwt_len(s.as_bytes(), 0) == Some(s.len())
}

/// Length of a JWT starting at `i`, if one does.
pub(super) fn jwt_len(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i..)?.starts_with(b"eyJ") {
        return None;
    }
    let mut j = i;
    let mut segs = [0usize; 3];
    for (k, seg) in segs.iter_mut().enumerate() {
        let start = j;
        while j < b.len() && is_base64url_digit(b[j]) {
            j += 1;
        }
        *seg = j - start;
        if k < 2 {
            if b.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    (segs[0] >= 10 && segs[1] >= 2).then_some(j - i)
}

pub(super) fn contains_jwt(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| (i == 0 || !is_base64url_digit(b[i - 1])) && jwt_len(b, i).is_some())
}
