//! The streaming reader (`HarStream`, the CLI's and the page's path) fed a file in chunks of `size` bytes, for the
//! tests that compare it with `parse_har` (`tests/odd_input.rs`, `tests/fuzz.rs`).

use why405::har::{Har, HarError, HarStream};

/// `bytes` read through [`HarStream`] in chunks of `size` bytes: the entries drained as they come, then the rest.
pub fn streamed(bytes: &[u8], size: usize) -> Result<Har, HarError> {
    let mut s = HarStream::new();
    let mut entries = Vec::new();
    for chunk in bytes.chunks(size.max(1)) {
        s.push(chunk);
        entries.extend(s.drain_entries());
    }
    let mut har = s.finish()?;
    entries.append(&mut har.entries);
    har.entries = entries;
    Ok(har)
}
