//! A deterministic mutation fuzzer over every captured HAR
//! (`tests/fixtures/*/input.har`), through the whole pipeline: read (whole
//! and streamed in random chunks) → diagnose → render every format, redacted
//! and not. What must hold for every mutation:
//! - no panic;
//! - the streaming reader (the CLI's and the page's) gives `parse_har`'s
//!   entries and warnings, whatever the chunks;
//! - a mutation that only makes a value odd (a number out of range, a bad
//!   escape, a duplicate key, a trailing comma, a re-encoding, gzip) loses no
//!   entry;
//! - any other mutation keeps every entry that ends before the place it touched.
//!
//! Seeded (xorshift), so a failure is reproduced by its run number (printed,
//! with the input written to a temporary file). Bounded: `WHY405_FUZZ_RUNS`
//! runs (default [`DEFAULT_RUNS`]) or `WHY405_FUZZ_SECS` seconds, whichever ends first;
//! `./build.sh fuzz` runs a long one in release. `WHY405_FUZZ_SEED` changes the seed.

#[path = "support/streamed.rs"]
mod support;

use std::io::Write;
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use why405::engine::Engine;
use why405::har::{parse_har, Har, HarError, HarStream};
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{redactor_for, render, Format, Options, Selection};

/// Runs in `cargo test` (debug): about 25 s (8 ms a run: 20,000 runs took 161 s).
const DEFAULT_RUNS: u64 = 3000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn pick_opt<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

struct Fixture {
    name: String,
    bytes: Vec<u8>,
    /// (method, url, status) of each entry, and where each entry is in the file.
    entries: Vec<(String, String, u16)>,
    spans: Vec<(u64, u64)>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let bytes = std::fs::read(format!("{dir}/{name}/input.har")).ok()?;
            let mut s = HarStream::with_spans();
            s.push(&bytes);
            let mut entries: Vec<_> = s.drain_entries().collect();
            let spans = s.spans().expect("spans").to_vec();
            let mut har = s.finish().expect("a fixture reads");
            entries.append(&mut har.entries);
            Some(Fixture { name, bytes, entries: entries.iter().map(key).collect(), spans })
        })
        .collect()
}

fn key(e: &why405::har::Entry) -> (String, String, u16) {
    (e.request.method.as_str().to_string(), e.request.url.clone(), e.response.status)
}

/// A mutated file, the byte range of the original it touched (none: it
/// touched no entry's structure), and whether every entry must survive it.
struct Mutant {
    bytes: Vec<u8>,
    touched: Option<Range<usize>>,
    keeps_all: bool,
    what: String,
}

const BRACKETS: &[u8] = b"{}[]\",:";
const HUGE: &[&str] = &["1e400", "-1E+999", "123456789012345678901234567890123456789e300", "1e-400"];
const BAD_STRINGS: &[&str] = &["\\ud83d", "\\udc00x", "\\q", "\\u12", "\t", "\u{1}", "\\ud83d\\ud83d"];

/// Positions just after `pat` in `b`.
fn after(b: &[u8], pat: &[u8]) -> Vec<usize> {
    b.windows(pat.len()).enumerate().filter(|(_, w)| *w == pat).map(|(i, _)| i + pat.len()).collect()
}

fn structural(rng: &mut Rng, b: &mut Vec<u8>, others: &[Fixture]) -> (Range<usize>, String) {
    let n = b.len().max(1);
    match rng.below(6) {
        0 => {
            let i = rng.below(n).min(b.len().saturating_sub(1));
            let v = rng.next() as u8;
            if let Some(x) = b.get_mut(i) {
                *x = v;
            }
            (i..i + 1, format!("byte {i} = {v:#04x}"))
        }
        1 => {
            let i = rng.below(n);
            b.truncate(i);
            (i..usize::MAX, format!("cut at {i}"))
        }
        2 => {
            let o = &rng.pick(others).bytes;
            let (a, len) = (rng.below(o.len()), rng.below(400));
            let piece = o[a..(a + len).min(o.len())].to_vec();
            let i = rng.below(n).min(b.len());
            b.splice(i..i, piece.iter().copied());
            (i..i + 1, format!("splice {} bytes at {i}", piece.len()))
        }
        3 => {
            let i = rng.below(n).min(b.len());
            let c = *rng.pick(BRACKETS);
            b.insert(i, c);
            (i..i + 1, format!("insert {:?} at {i}", char::from(c)))
        }
        4 => {
            let places: Vec<usize> = (0..b.len()).filter(|&i| BRACKETS.contains(&b[i])).collect();
            let Some(&i) = rng.pick_opt(&places) else { return (0..1, "none".into()) };
            b.remove(i);
            (i..i + 1, format!("remove byte {i}"))
        }
        _ => {
            let (a, len) = (rng.below(n), rng.below(2000));
            let end = (a + len).min(b.len());
            b.drain(a..end);
            (a..end.max(a + 1), format!("remove {a}..{end}"))
        }
    }
}

/// A mutation that makes values odd but every entry still readable.
fn odd_value(rng: &mut Rng, b: &mut Vec<u8>) -> String {
    match rng.below(4) {
        0 => {
            let places = after(b, b"\"time\": ");
            let Some(&i) = rng.pick_opt(&places) else { return "none".into() };
            let end = i + b[i..]
                .iter()
                .position(|c| !matches!(c, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'))
                .unwrap_or(0);
            let h = rng.pick(HUGE);
            b.splice(i..end, h.bytes());
            format!("time {h} at {i}")
        }
        1 => {
            let mut places = after(b, b"\"value\": \"");
            places.extend(after(b, b"\"text\": \""));
            let Some(&i) = rng.pick_opt(&places) else { return "none".into() };
            let s = rng.pick(BAD_STRINGS);
            b.splice(i..i, s.bytes());
            format!("{s:?} in a string at {i}")
        }
        2 => {
            let places = after(b, b"\"response\": {");
            let Some(&i) = rng.pick_opt(&places) else { return "none".into() };
            b.splice(i..i, b"\"status\": 0, \"_error\": 1e999,".iter().copied());
            format!("duplicate keys at {i}")
        }
        _ => {
            let places: Vec<usize> =
                after(b, b"}\n").into_iter().filter(|&i| b[i..].trim_ascii_start().starts_with(b"]")).collect();
            let Some(&i) = rng.pick_opt(&places) else { return "none".into() };
            let i = i - 1;
            b.insert(i, b',');
            format!("trailing comma at {i}")
        }
    }
}

fn utf16(b: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(b).encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).expect("gzip");
    e.finish().expect("gzip")
}

fn mutate(rng: &mut Rng, f: &Fixture, all: &[Fixture]) -> Mutant {
    let mut bytes = f.bytes.clone();
    let mut what = Vec::new();
    let mut touched: Option<Range<usize>> = None;
    let mut keeps_all = true;
    for _ in 0..1 + rng.below(2) {
        if rng.below(3) == 0 {
            what.push(odd_value(rng, &mut bytes));
        } else {
            let (r, w) = structural(rng, &mut bytes, all);
            keeps_all = false;
            // the earliest place touched (later edits shift nothing before it)
            touched = Some(match touched {
                Some(t) if t.start <= r.start => t,
                _ => r,
            });
            what.push(w);
        }
    }
    // odd values are inserted before structural edits' places only by chance:
    // entries are checked up to the first structural edit only
    match rng.below(10) {
        0 => {
            bytes = utf16(&bytes);
            what.push("UTF-16".into());
            touched = touched.map(|_| 0..usize::MAX);
        }
        1 => {
            bytes = gzip(&bytes);
            what.push("gzip".into());
        }
        _ => {}
    }
    Mutant { bytes, touched, keeps_all, what: what.join(", ") }
}

fn streamed(bytes: &[u8], rng: &mut Rng) -> Result<Har, HarError> {
    let size = 1 + rng.below(4096);
    support::streamed(bytes, size)
}

/// Everything a user can get out of the file.
fn render_all(har: Har) {
    let engine = Engine::from_har(har);
    let redacted = redactor_for(&engine, RedactionPolicy::default());
    let open = Redactor::disabled();
    for redactor in [&redacted, &open] {
        for &format in Format::ALL {
            let opts = Options { selection: Selection::All, ..Options::new(redactor) };
            let mut out = Vec::new();
            render(format, &engine, &opts, &mut out).expect("render to memory");
        }
    }
}

fn check(f: &Fixture, m: &Mutant, rng: &mut Rng) {
    let whole = parse_har(&m.bytes);
    let stream = streamed(&m.bytes, rng);
    match (&whole, &stream) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.entries.iter().map(key).collect::<Vec<_>>(), b.entries.iter().map(key).collect::<Vec<_>>());
            assert_eq!(a.warnings, b.warnings, "the stream warns as parse_har does");
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "the stream fails as parse_har does"),
        _ => panic!("parse_har {:?} but the stream {:?}", whole.as_ref().err(), stream.as_ref().err()),
    }
    let har = match whole {
        Ok(h) => h,
        Err(e) => {
            assert!(!m.keeps_all, "an odd value made the file unreadable: {e}");
            return;
        }
    };
    let got: Vec<_> = har.entries.iter().map(key).collect();
    if m.keeps_all {
        assert_eq!(got, f.entries, "an odd value lost an entry: {:?}", har.warnings);
    } else if let Some(t) = &m.touched {
        let before = f.spans.iter().take_while(|s| (s.1 as usize) < t.start).count();
        assert!(got.len() >= before && got[..before] == f.entries[..before], "an entry before the change was lost");
    }
    render_all(har);
}

#[test]
fn mutated_captures_never_panic_nor_lose_untouched_entries() {
    let all = fixtures();
    assert!(all.len() >= 10, "the captured fixtures");
    let runs: u64 = std::env::var("WHY405_FUZZ_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_RUNS);
    let budget = std::env::var("WHY405_FUZZ_SECS").ok().and_then(|v| v.parse().ok()).map(Duration::from_secs);
    let seed: u64 =
        std::env::var("WHY405_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    let mut done = 0u64;
    while done < runs && budget.is_none_or(|b| start.elapsed() < b) {
        let mut rng = Rng(seed ^ done.wrapping_mul(0xA24B_AED4_963E_E407) | 1);
        let f = &all[rng.below(all.len())];
        let m = mutate(&mut rng, f, &all);
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(f, &m, &mut rng))) {
            let path = std::env::temp_dir().join(format!("why405-fuzz-{done}.har"));
            let _ = std::fs::write(&path, &m.bytes);
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!(
                "run {done} (seed {seed}): {} mutated by [{}] failed: {}; input written to {}",
                f.name,
                m.what,
                msg.unwrap_or_default(),
                path.display()
            );
        }
        done += 1;
    }
    eprintln!("fuzz: {done} runs in {:.1} s", start.elapsed().as_secs_f64());
}
