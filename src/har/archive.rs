//! Compressed HARs: a gzip file (`.har.gz`) decompressed, a zip archive
//! (Charles and some exporters write one) opened and its first `.har` (else
//! `.json`, else first) member read, stored or deflated. Recognised by
//! content ([`super::sniff`]), never by the file's name. Behind the `archive`
//! feature (on for the CLI and the web page, off for the DevTools panel's
//! wasm: size budget); without it, [`open`] says to decompress first.

use super::HarError;

/// The most a compressed HAR may decompress to (a small hostile file can
/// claim terabytes): 4 GiB, more than any browser exports.
#[cfg(feature = "archive")]
const MAX_INFLATED: u64 = 4 << 30;

/// Decompressed bytes of `r`, at most [`MAX_INFLATED`]; what was read when
/// the stream is cut (the HAR reader then says where the text ends).
#[cfg(feature = "archive")]
fn inflate(r: impl std::io::Read, hint: usize, what: &str) -> Result<Vec<u8>, HarError> {
    use std::io::Read;
    let mut out = Vec::with_capacity(hint.saturating_mul(4).min(1 << 30));
    let res = r.take(MAX_INFLATED + 1).read_to_end(&mut out);
    if out.len() as u64 > MAX_INFLATED {
        return Err(err(format!("{what} decompresses to more than {} GiB: not read", MAX_INFLATED >> 30)));
    }
    match res {
        Err(e) if out.is_empty() => Err(err(format!("{what} cannot be decompressed: {e}"))),
        _ => Ok(out),
    }
}

fn err(message: String) -> HarError {
    HarError { location: "input".into(), message }
}

/// The decompressed content and what it was (for a warning), or why not.
#[cfg(feature = "archive")]
pub(super) fn open(bytes: &[u8], zip: bool) -> Result<(Vec<u8>, String), HarError> {
    if zip {
        unzip(bytes)
    } else {
        gunzip(bytes).map(|v| (v, "a gzip file".into()))
    }
}

#[cfg(not(feature = "archive"))]
pub(super) fn open(_bytes: &[u8], zip: bool) -> Result<(Vec<u8>, String), HarError> {
    let what = if zip { "a zip archive (extract the .har first)" } else { "a gzip file (decompress it first: gunzip)" };
    Err(err(format!("this is {what}; this build reads uncompressed HAR files only")))
}

#[cfg(feature = "archive")]
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, HarError> {
    inflate(flate2::read::MultiGzDecoder::new(bytes), bytes.len(), "this gzip file")
}

/// A zip member: name, compression method, flags, compressed size, local header offset.
#[cfg(feature = "archive")]
struct Member {
    name: String,
    method: u16,
    flags: u16,
    size: usize,
    local: usize,
}

#[cfg(feature = "archive")]
fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

#[cfg(feature = "archive")]
fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The members listed in the central directory (found from its end record).
#[cfg(feature = "archive")]
fn members(b: &[u8]) -> Option<Vec<Member>> {
    let from = b.len().saturating_sub(22 + 65535);
    let eocd = from + b[from..].windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let count = u16_at(b, eocd + 10)? as usize;
    let mut at = u32_at(b, eocd + 16)?;
    let mut list = Vec::new();
    for _ in 0..count {
        if b.get(at..at + 4)? != b"PK\x01\x02" {
            break;
        }
        let name_len = u16_at(b, at + 28)? as usize;
        let skip = name_len + u16_at(b, at + 30)? as usize + u16_at(b, at + 32)? as usize;
        let name = String::from_utf8_lossy(b.get(at + 46..at + 46 + name_len)?).into_owned();
        let (flags, method) = (u16_at(b, at + 8)?, u16_at(b, at + 10)?);
        list.push(Member { name, method, flags, size: u32_at(b, at + 20)?, local: u32_at(b, at + 42)? });
        at += 46 + skip;
    }
    Some(list)
}

/// The member to read: the first `.har`, else the first `.json`, else the first file.
#[cfg(feature = "archive")]
fn pick(list: Vec<Member>) -> Option<Member> {
    let ends = |m: &Member, ext: &str| m.name.to_ascii_lowercase().ends_with(ext);
    // not folders, nor macOS's resource forks (`__MACOSX/._capture.har`)
    let is_file = |m: &&Member| {
        let base = m.name.rsplit('/').next().unwrap_or("");
        !m.name.ends_with('/') && !m.name.starts_with("__MACOSX/") && !base.starts_with("._")
    };
    let files = || list.iter().filter(is_file);
    let i = files()
        .position(|m| ends(m, ".har"))
        .or_else(|| files().position(|m| ends(m, ".json")))
        .or_else(|| files().position(|_| true))?;
    list.into_iter().filter(|m| is_file(&m)).nth(i)
}

#[cfg(feature = "archive")]
fn unzip(b: &[u8]) -> Result<(Vec<u8>, String), HarError> {
    // no central directory (a cut file): the first member, from its local header
    let member = match members(b) {
        Some(list) => pick(list).ok_or_else(|| err("a zip archive with no file in it".into()))?,
        None => {
            let name_len = u16_at(b, 26).unwrap_or(0) as usize;
            let name = String::from_utf8_lossy(b.get(30..30 + name_len).unwrap_or_default()).into_owned();
            let (flags, method) = (u16_at(b, 6).unwrap_or(0), u16_at(b, 8).unwrap_or(0));
            Member { name, method, flags, size: u32_at(b, 18).unwrap_or(0), local: 0 }
        }
    };
    let what = format!("{:?} in a zip archive", member.name);
    if member.flags & 1 != 0 {
        return Err(err(format!("{what} is encrypted: extract it first")));
    }
    if member.size == 0xFFFF_FFFF {
        return Err(err(format!("{what} is in a ZIP64 archive, which is not read: extract it first")));
    }
    let header = member.local;
    let data_at =
        header + 30 + u16_at(b, header + 26).map_or(0, usize::from) + u16_at(b, header + 28).map_or(0, usize::from);
    let data = b.get(data_at..).unwrap_or_default();
    // sizes written after the data (flag bit 3) are 0 here: read to the end of the stream
    let known = member.size > 0 || member.flags & 8 == 0;
    let data = if known { data.get(..member.size).unwrap_or(data) } else { data };
    match member.method {
        0 => Ok((data.to_vec(), what)),
        8 => inflate(flate2::read::DeflateDecoder::new(data), data.len(), &what).map(|out| (out, what)),
        m => Err(err(format!(
            "{what} is compressed with method {m} (only stored and deflate are read): extract it first"
        ))),
    }
}

/// A gzip stream decompressed as it arrives ([`super::HarStream`] reads a
/// `.har.gz` in slices, as it reads a plain HAR), at most [`MAX_INFLATED`].
#[cfg(feature = "archive")]
pub(super) struct Gunzip {
    dec: flate2::write::MultiGzDecoder<Vec<u8>>,
    total: u64,
    /// The data was damaged after some text came out: the rest is ignored.
    ended: bool,
}

#[cfg(feature = "archive")]
impl Gunzip {
    pub(super) fn new() -> Self {
        Gunzip { dec: flate2::write::MultiGzDecoder::new(Vec::new()), total: 0, ended: false }
    }

    /// Decompresses `chunk`: the bytes it gave. An error once the data is
    /// corrupt (before any byte came out: the file is unreadable; after:
    /// the text so far is read, as [`open`] does).
    pub(super) fn push(&mut self, chunk: &[u8]) -> Result<Vec<u8>, HarError> {
        use std::io::Write;
        if self.ended {
            return Ok(Vec::new());
        }
        let res = self.dec.write_all(chunk);
        self.taken(res)
    }

    /// The end of the input: the last bytes.
    pub(super) fn finish(&mut self) -> Result<Vec<u8>, HarError> {
        if self.ended {
            return Ok(Vec::new());
        }
        let res = self.dec.try_finish();
        self.taken(res)
    }

    fn taken(&mut self, res: std::io::Result<()>) -> Result<Vec<u8>, HarError> {
        let out = std::mem::take(self.dec.get_mut());
        self.total += out.len() as u64;
        if self.total > MAX_INFLATED {
            return Err(err(format!("this gzip file decompresses to more than {} GiB: not read", MAX_INFLATED >> 30)));
        }
        match res {
            Err(e) if self.total == 0 => Err(err(format!("this gzip file cannot be decompressed: {e}"))),
            Err(_) => {
                self.ended = true;
                Ok(out)
            }
            Ok(()) => Ok(out),
        }
    }
}
