//! What a file's first bytes say it is, before any decoding: text in one of
//! the encodings JSON may be written in (UTF-8, UTF-16 or UTF-32, with or
//! without a byte order mark), a gzip or zip archive (read by content, not by
//! the file's name), or a known binary format that is not a HAR, named so the
//! user knows what they attached ("this is a PNG image, not a HAR").

/// The encodings of text other than UTF-8, recognised by a BOM or by where
/// the zero bytes of the first (ASCII) characters are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

/// What the input is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sniffed {
    /// UTF-8 text (or bytes no rule recognises: read as UTF-8).
    Utf8,
    /// UTF-16 or UTF-32; the BOM's length (0 without one).
    Wide(Wide, usize),
    Gzip,
    Zip,
    /// A binary format that is not a HAR: what it is.
    Other(&'static str),
}

/// Known binary formats: their first bytes and what they are.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"BZh", "a bzip2-compressed file (decompress it first: bunzip2)"),
    (b"\xFD7zXZ\x00", "an xz-compressed file (decompress it first: unxz)"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive (extract the .har from it first)"),
    (b"Rar!", "a RAR archive (extract the .har from it first)"),
    (b"\x28\xB5\x2F\xFD", "a zstd-compressed file (decompress it first: unzstd)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xD4\xC3\xB2\xA1", "a packet capture (pcap; export HTTP as a HAR from the browser instead)"),
    (b"\xA1\xB2\xC3\xD4", "a packet capture (pcap; export HTTP as a HAR from the browser instead)"),
    (b"\x0A\x0D\x0D\x0A", "a packet capture (pcapng; export HTTP as a HAR from the browser instead)"),
    (b"\xAC\xED\x00\x05", "a Java serialized object (a Charles session? In Charles: File › Export Session… › HAR)"),
    (b"\x7FELF", "an executable (ELF)"),
    (b"\x00asm", "a WebAssembly module"),
    (b"MZ", "a Windows executable"),
];

/// What `head` (the first bytes of the input, at least 4 unless the input is
/// shorter) says the input is.
pub(super) fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"\x1F\x8B") {
        return Sniffed::Gzip;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(&b"WEBP"[..]) {
        return Sniffed::Other("a WebP image");
    }
    if let Some(w) = wide(head) {
        return Sniffed::Wide(w.0, w.1);
    }
    match MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        Some(&(_, what)) => Sniffed::Other(what),
        None => Sniffed::Utf8,
    }
}

/// UTF-16 or UTF-32: by BOM, else by the zero bytes around the first
/// character (JSON starts with an ASCII character, RFC 4627 §3).
fn wide(h: &[u8]) -> Option<(Wide, usize)> {
    let at = |i: usize| h.get(i).copied();
    let bom = match h {
        [0, 0, 0xFE, 0xFF, ..] => Some((Wide::Utf32Be, 4)),
        [0xFF, 0xFE, 0, 0, ..] => Some((Wide::Utf32Le, 4)),
        [0xFE, 0xFF, ..] => Some((Wide::Utf16Be, 2)),
        [0xFF, 0xFE, ..] => Some((Wide::Utf16Le, 2)),
        _ => None,
    };
    if bom.is_some() {
        return bom;
    }
    let nz = |b: Option<u8>| b.is_some_and(|b| b != 0);
    match (at(0), at(1), at(2), at(3)) {
        (Some(0), Some(0), Some(0), c) if nz(c) => Some((Wide::Utf32Be, 0)),
        (a, Some(0), Some(0), Some(0)) if nz(a) => Some((Wide::Utf32Le, 0)),
        (Some(0), b, ..) if nz(b) => Some((Wide::Utf16Be, 0)),
        (a, Some(0), ..) if nz(a) => Some((Wide::Utf16Le, 0)),
        _ => None,
    }
}

/// Decodes UTF-16 or UTF-32 text (after its BOM); invalid code units become
/// U+FFFD, and how many were is returned.
pub(super) fn decode_wide(w: Wide, bytes: &[u8]) -> (String, usize) {
    let mut bad = 0;
    let mut out = String::with_capacity(bytes.len() / 2);
    match w {
        Wide::Utf16Le | Wide::Utf16Be => {
            let units = bytes.chunks(2).map(|c| match (w, c) {
                (Wide::Utf16Le, [a, b]) => u16::from_le_bytes([*a, *b]),
                (_, [a, b]) => u16::from_be_bytes([*a, *b]),
                // an odd last byte
                _ => 0xD800,
            });
            for r in char::decode_utf16(units) {
                out.push(r.unwrap_or_else(|_| {
                    bad += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
        }
        Wide::Utf32Le | Wide::Utf32Be => {
            for c in bytes.chunks(4) {
                let n = match (w, <[u8; 4]>::try_from(c)) {
                    (Wide::Utf32Le, Ok(q)) => u32::from_le_bytes(q),
                    (_, Ok(q)) => u32::from_be_bytes(q),
                    _ => u32::MAX,
                };
                out.push(char::from_u32(n).unwrap_or_else(|| {
                    bad += 1;
                    char::REPLACEMENT_CHARACTER
                }));
            }
        }
    }
    (out, bad)
}

impl Wide {
    pub(super) fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "UTF-16LE",
            Wide::Utf16Be => "UTF-16BE",
            Wide::Utf32Le => "UTF-32LE",
            Wide::Utf32Be => "UTF-32BE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, w: Wide, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let chars = if bom { format!("\u{feff}{text}") } else { text.to_string() };
        for c in chars.chars() {
            match w {
                Wide::Utf16Le | Wide::Utf16Be => {
                    let mut buf = [0u16; 2];
                    for u in c.encode_utf16(&mut buf) {
                        out.extend(if w == Wide::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() });
                    }
                }
                _ => out.extend(if w == Wide::Utf32Le { (c as u32).to_le_bytes() } else { (c as u32).to_be_bytes() }),
            }
        }
        out
    }

    #[test]
    fn every_wide_encoding_with_and_without_bom() {
        let text = "{\"log\": \"é😀\"}";
        for w in [Wide::Utf16Le, Wide::Utf16Be, Wide::Utf32Le, Wide::Utf32Be] {
            for bom in [true, false] {
                let bytes = encode(text, w, bom);
                let Sniffed::Wide(found, skip) = sniff(&bytes) else { panic!("{w:?} {bom}: {:?}", sniff(&bytes)) };
                assert_eq!(found, w, "bom {bom}");
                assert_eq!(decode_wide(found, &bytes[skip..]), (text.to_string(), 0));
            }
        }
        // leading whitespace is ASCII too
        assert_eq!(sniff(&encode(" \n{}", Wide::Utf16Le, false)), Sniffed::Wide(Wide::Utf16Le, 0));
    }

    #[test]
    fn binary_formats_are_named() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Sniffed::Other("a PNG image"));
        assert_eq!(sniff(b"\x1f\x8b\x08\x00"), Sniffed::Gzip);
        assert_eq!(sniff(b"PK\x03\x04"), Sniffed::Zip);
        assert_eq!(sniff(b"{\"log\""), Sniffed::Utf8);
        assert_eq!(sniff(b"\xEF\xBB\xBF{"), Sniffed::Utf8);
        assert_eq!(sniff(b""), Sniffed::Utf8);
    }
}
