//! [`HarError`], why input could not be read, and how its location is
//! written: a line and column in the file (serde_json's, mapped back to the
//! file's when a piece of it was parsed), or an entry and a field path.

/// Why input could not be read: where (JSON line/column, or entry index and
/// field path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarError {
    /// e.g. `"line 3, column 17"`, `"log.entries[4].response.status"`, `"log"`.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for HarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for HarError {}

/// The 1-based line and column of byte `offset` of `text`.
pub(super) fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    (line, before.len() - start + 1)
}

/// A location as [`HarError::location`] writes it.
pub(super) fn at_line_col(line: usize, col: usize) -> String {
    format!("line {line}, column {col}")
}

/// serde_json's message without its " at line L column C" suffix.
pub(super) fn bare_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(s) => s.to_string(),
        None => full,
    }
}

/// A fatal JSON error: location from serde_json, message phrased for people.
pub(super) fn json_error(e: &serde_json::Error, in_entry: Option<usize>, what: &str, map: PosMap) -> HarError {
    let mut message = bare_message(e);
    if let Some(i) = in_entry {
        message.push_str(&format!(" in log.entries[{i}]"));
    }
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(&format!(" ({what} looks truncated)"));
    }
    let (line, col) = map(e.line(), e.column());
    HarError { location: at_line_col(line, col), message }
}

/// Maps a (line, column) reported by serde_json on what it was given to the
/// file's (the reader path parses pieces of the file).
pub(super) type PosMap<'a> = &'a dyn Fn(usize, usize) -> (usize, usize);

/// The identity [`PosMap`]: serde_json was given the whole file.
pub(super) fn same_pos(line: usize, col: usize) -> (usize, usize) {
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col(b"ab", 0), (1, 1));
    }
}
