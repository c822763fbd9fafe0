//! Odd but real input: captured HARs (`tests/fixtures/*/input.har`) transformed
//! in the test the way people and tools transform them — a cut emoji in a
//! body, a number out of range, a duplicated key, a hand-edited trailing
//! comma, re-encoded to UTF-16/UTF-32, gzipped, zipped, written by Playwright
//! (`_failureText`) — read through every entry point (`parse_har`, the
//! streaming reader the CLI and the page use, `parse_entry` the panel uses,
//! the CLI itself). Each must keep every request of the original and
//! diagnose it the same; what was repaired is named in a warning.

#[path = "support/streamed.rs"]
mod support;

use std::io::Write;
use std::process::Command;

use why405::engine::Engine;
use why405::har::{parse_entry_with_warnings, parse_har, parse_har_reader, Har, HarError};
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{redactor_for, render_to_string, Format, Options, Selection};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}/input.har", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `s` with the `n`-th (0-based) occurrence of `from` replaced; the test fails when there is none.
fn replace_nth(s: &str, from: &str, to: &str, n: usize) -> String {
    let (at, _) = s.match_indices(from).nth(n).unwrap_or_else(|| panic!("no occurrence {n} of {from:?}"));
    format!("{}{to}{}", &s[..at], &s[at + from.len()..])
}

/// The JSON report of every request, redacted: what a user would be told.
fn report(har: Har) -> String {
    let engine = Engine::from_har(har);
    let redactor = redactor_for(&engine, RedactionPolicy::default());
    let opts = Options { selection: Selection::All, ..Options::new(&redactor) };
    let mut v: serde_json::Value = serde_json::from_str(&render_to_string(Format::Json, &engine, &opts)).expect("json");
    // the reading's warnings are checked apart
    v.as_object_mut().expect("an object").remove("warnings");
    v.to_string()
}

/// Through the streaming reader (the CLI's and the page's path), in small chunks.
fn streamed(bytes: &[u8]) -> Result<Har, HarError> {
    support::streamed(bytes, 997)
}

/// Every reader gives the original's entries and report for `changed`;
/// returns parse_har's warnings (the streamed ones are checked equal).
fn same_as_original(original: &str, changed: &[u8]) -> Vec<HarError> {
    let want = parse_har(original.as_bytes()).expect("the fixture reads");
    let n = want.entries.len();
    let want_report = report(want);
    let got = parse_har(changed).unwrap_or_else(|e| panic!("parse_har: {e}"));
    let warnings = got.warnings.clone();
    assert_eq!(got.entries.len(), n, "parse_har lost entries: {warnings:?}");
    assert_eq!(report(got), want_report, "parse_har");
    let got = streamed(changed).unwrap_or_else(|e| panic!("HarStream: {e}"));
    assert_eq!(got.warnings, warnings, "HarStream warns as parse_har does");
    assert_eq!(report(got), want_report, "HarStream");
    let got = parse_har_reader(changed).unwrap_or_else(|e| panic!("parse_har_reader: {e}"));
    assert_eq!(report(got), want_report, "parse_har_reader");
    warnings
}

/// The entries of a fixture as JSON texts (what the panel receives one at a time).
fn entry_texts(har: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(har).expect("json");
    v["log"]["entries"].as_array().expect("entries").iter().map(|e| e.to_string()).collect()
}

fn why405(args: &[&str], input: Option<&[u8]>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_why405"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run why405");
    let mut stdin = child.stdin.take().expect("stdin");
    // (a file refused at its first bytes closes the pipe early)
    let _ = stdin.write_all(input.unwrap_or_default());
    drop(stdin);
    child.wait_with_output().expect("why405 output")
}

fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("why405-odd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

// ---------------------------------------------------------------------------
// Never drop a readable request

/// A cut emoji in the failing request's body: an exporter cut the body's
/// text (a JS string) between the two halves of 😀, and `JSON.stringify`
/// wrote the lone half as `\ud83d`. The entry stays, the body has U+FFFD, the
/// warning names the field. (Before, the entry was dropped: the 405 vanished.)
#[test]
fn a_lone_surrogate_in_a_body_keeps_the_entry() {
    let original = fixture("koa_router_405_put");
    let body = r#""text": "{\"name\":\"x\"}""#;
    let changed = replace_nth(&original, body, r#""text": "{\"name\":\"x \ud83d""#, 0);
    let warnings = same_as_original(&original, changed.as_bytes());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, "log.entries[1].request.postData.text");
    assert!(warnings[0].message.contains("lone surrogate"), "{}", warnings[0]);
    let har = parse_har(changed.as_bytes()).expect("reads");
    let text = har.entries[1].request.post_data.as_ref().and_then(|p| p.text.as_deref());
    assert_eq!(text, Some("{\"name\":\"x \u{fffd}"));
    // in the response's body too, and on the panel's path (one entry at a time)
    let entry = &entry_texts(&original)[1].replace("Method Not Allowed\"", "Method Not Allowed \\ud83d\"");
    let (e, w) = parse_entry_with_warnings(entry, 1).expect("the panel keeps it");
    assert_eq!(e.response.status, 405);
    assert_eq!(w[0].location, "log.entries[1].response.content.text");
}

/// `"time": 1e400` (out of any reader's range) on the failing request.
#[test]
fn a_number_out_of_range_keeps_the_entry() {
    let original = fixture("koa_router_405_put");
    let changed = replace_nth(&original, "\"time\": 14.643", "\"time\": 1e400", 0);
    let warnings = same_as_original(&original, changed.as_bytes());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, "log.entries[1].time");
    assert!(warnings[0].message.contains("1e400 is out of range"), "{}", warnings[0]);
    let har = parse_har(changed.as_bytes()).expect("reads");
    assert_eq!(har.entries[1].time_ms, 0.0);
    // the status too, and in the panel
    let entry = &entry_texts(&original)[1].replace("\"status\":405", "\"status\":4e999");
    assert!(entry.contains("4e999"));
    let (e, w) = parse_entry_with_warnings(entry, 1).expect("the panel keeps it");
    assert_eq!((e.response.status, e.request.url.contains("items")), (0, true));
    assert_eq!(w[0].location, "log.entries[1].response.status");
}

/// A captured HAR followed by three times as many entries that cannot be read
/// (built: `{}` and entries without a URL): the file is refused, exit 2, not
/// "no failing requests".
#[test]
fn a_file_of_mostly_unreadable_entries_is_an_error() {
    let original = fixture("express_cors_get_ok");
    let n = parse_har(original.as_bytes()).expect("reads").entries.len();
    let junk = vec![r#"{}, {"request": {"method": "GET"}}"#; n * 2].join(", ");
    let changed = replace_nth(&original, "\"entries\": [", &format!("\"entries\": [{junk}, "), 0);
    for e in [parse_har(changed.as_bytes()).unwrap_err(), streamed(changed.as_bytes()).unwrap_err()] {
        assert_eq!(e.location, "log.entries");
        assert!(e.message.starts_with(&format!("{} of {} entries cannot be read", n * 4, n * 5)), "{e}");
        assert!(e.message.contains("the first: log.entries[0].request: missing"), "{e}");
    }
    let o = why405(&["diagnose", "-"], Some(changed.as_bytes()));
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stderr).contains("entries cannot be read"));
    // half unreadable is still read (with warnings)
    let junk = vec![r#"{"request": {"method": "GET"}}"#; n].join(", ");
    let half = replace_nth(&original, "\"entries\": [", &format!("\"entries\": [{junk}, "), 0);
    assert_eq!(parse_har(half.as_bytes()).expect("reads").entries.len(), n);
}

// ---------------------------------------------------------------------------
// Odd but real input

/// A duplicated key (hand-edited: a status typed in front of the real one):
/// the last wins, as in `JSON.parse` and so in DevTools.
#[test]
fn duplicate_keys_keep_the_last_value() {
    let original = fixture("koa_router_405_put");
    let changed = replace_nth(&original, "\"status\": 405,", "\"status\": 200, \"status\": 405,", 0);
    let warnings = same_as_original(&original, changed.as_bytes());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, "log.entries[1].response.status");
    assert!(warnings[0].message.contains("duplicate key \"status\""), "{}", warnings[0]);
}

/// Hand-redacted before attaching: a header deleted after the last one, an
/// entry deleted at the end, a field removed from `log` — trailing commas.
#[test]
fn trailing_commas_from_hand_edits_are_accepted() {
    let original = fixture("express_secrets_bearer_put_preflight");
    let end_of_headers = "}\n          ],\n          \"queryString\"";
    let mut changed = replace_nth(&original, end_of_headers, &end_of_headers.replacen('}', "},", 1), 0);
    let last = changed.rfind("\n    ]\n").expect("the end of the entries");
    changed.insert(last, ',');
    let end = changed.rfind("\n  }\n}").expect("the end of the log");
    changed.insert(end, ',');
    let warnings = same_as_original(&original, changed.as_bytes());
    let places: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(places[0].starts_with("log.entries[") && places[0].ends_with("].request.headers"), "{places:?}");
    assert_eq!(&places[1..], ["log.entries", "log"]);
    assert!(warnings.iter().all(|w| w.message.contains("trailing comma")), "{warnings:?}");
}

fn encode(text: &str, unit: usize, big: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let text = if bom { format!("\u{feff}{text}") } else { text.to_string() };
    for c in text.chars() {
        if unit == 2 {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
            }
        } else {
            out.extend(if big { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() });
        }
    }
    out
}

/// Windows tools (PowerShell's `Out-File`, some proxies) write UTF-16; JSON
/// may be UTF-32. With and without a BOM, both byte orders.
#[test]
fn utf16_and_utf32_with_and_without_bom() {
    let original = fixture("fastapi_api_delete_not_in_allow_methods");
    for unit in [2, 4] {
        for big in [false, true] {
            for bom in [true, false] {
                let bytes = encode(&original, unit, big, bom);
                let warnings = same_as_original(&original, &bytes);
                assert!(warnings.is_empty(), "UTF-{} big {big} bom {bom}: {warnings:?}", unit * 8);
            }
        }
    }
    let o = why405(&["diagnose", "-", "--format", "json"], Some(&encode(&original, 2, false, false)));
    let want = why405(&["diagnose", "-", "--format", "json"], Some(original.as_bytes()));
    assert_eq!(o.stdout, want.stdout);
    assert_eq!(o.status.code(), want.status.code());
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// `.har.gz` as `gzip` writes it, recognised by content whatever the name.
#[test]
fn gzip_files_are_read_by_content() {
    let original = fixture("nginx_cors_snippet_put_not_in_allow_methods");
    let path = temp_file("gz-capture.har", original.as_bytes());
    let gz = match Command::new("gzip").arg("-kf").arg(&path).status() {
        Ok(s) if s.success() => std::fs::read(path.with_extension("har.gz")).expect("gzip output"),
        _ => gzip(original.as_bytes()),
    };
    assert_eq!(&gz[..2], b"\x1f\x8b");
    assert!(same_as_original(&original, &gz).is_empty());
    // UTF-16 inside gzip; gzip inside gzip
    assert!(same_as_original(&original, &gzip(&encode(&original, 2, false, true))).is_empty());
    assert!(same_as_original(&original, &gzip(&gzip(original.as_bytes()))).is_empty());
    // a cut download: the HAR inside is said to be truncated, by every reader alike
    let cut = &gz[..gz.len() * 2 / 3];
    let (whole, streamed) = (parse_har(cut).unwrap_err(), streamed(cut).unwrap_err());
    assert!(whole.message.contains("truncated"), "{whole}");
    assert_eq!(whole, streamed);
    // the CLI, with a name that says nothing
    let named = temp_file("gz-capture.json", &gz);
    let o = why405(&["diagnose", named.to_str().expect("path"), "--format", "json"], None);
    let want = why405(&["diagnose", path.to_str().expect("path"), "--format", "json"], None);
    assert_eq!(String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&want.stdout));
    assert_eq!(o.status.code(), want.status.code());
    assert_eq!(o.status.code(), Some(1));
    // the HAR export re-reads the entries from the decompressed text (bodies whole), as from a plain file
    let o = why405(&["diagnose", named.to_str().expect("path"), "--format", "har"], None);
    let want = why405(&["diagnose", path.to_str().expect("path"), "--format", "har"], None);
    assert_eq!(String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&want.stdout));
}

/// A minimal zip writer for the test when `zip` is not installed: stored members.
fn stored_zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in members {
        let local = out.len() as u32;
        let (crc, len, nlen) = (crc32(data), data.len() as u32, name.len() as u16);
        out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        out.extend(crc.to_le_bytes().iter().chain(&len.to_le_bytes()).chain(&len.to_le_bytes()));
        out.extend(nlen.to_le_bytes().iter().chain(&[0, 0]));
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00");
        central.extend(crc.to_le_bytes().iter().chain(&len.to_le_bytes()).chain(&len.to_le_bytes()));
        central.extend(nlen.to_le_bytes().iter().chain(&[0u8; 12]).chain(&local.to_le_bytes()));
        central.extend_from_slice(name.as_bytes());
    }
    let (at, size, n) = (out.len() as u32, central.len() as u32, members.len() as u16);
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend(n.to_le_bytes().iter().chain(&n.to_le_bytes()).chain(&size.to_le_bytes()).chain(&at.to_le_bytes()));
    out.extend_from_slice(&[0, 0]);
    out
}

/// Zip archives (Charles, some exporters, "compress before attaching"): the
/// first `.har` member, stored or deflated, read by content.
#[test]
fn zip_files_are_read_by_content() {
    let original = fixture("django_class_view_patch_get_only");
    let readme: &[u8] = b"exported by hand\n";
    // stored, with another file first: the .har is picked
    let zip = stored_zip(&[("README.txt", readme), ("session/capture.har", original.as_bytes())]);
    assert!(same_as_original(&original, &zip).is_empty());
    // macOS's "Compress" adds a resource fork named like the file: not it
    let fork: &[u8] = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ";
    let zip = stored_zip(&[("__MACOSX/._capture.har", fork), ("capture.har", original.as_bytes())]);
    assert!(same_as_original(&original, &zip).is_empty());
    // deflated, as `zip` writes it (when installed)
    let har = temp_file("zip-capture.har", original.as_bytes());
    let dir = har.parent().expect("dir").to_path_buf();
    let _ = std::fs::remove_file(dir.join("zip-capture.zip"));
    let made = Command::new("zip").current_dir(&dir).args(["-q", "zip-capture.zip", "zip-capture.har"]).status();
    if made.is_ok_and(|s| s.success()) {
        let zip = std::fs::read(dir.join("zip-capture.zip")).expect("zip output");
        assert_eq!(zip[8], 8, "deflated");
        assert!(same_as_original(&original, &zip).is_empty());
        let o = why405(&["diagnose", dir.join("zip-capture.zip").to_str().expect("path")], None);
        assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    } else {
        eprintln!("zip is not installed: only the stored archive was checked");
    }
}

/// Playwright's HAR recorder writes the failure on the response as
/// `_failureText` (`harTracer.ts`: `harEntry.response._failureText =
/// request._failureText`), where Chromium's DevTools writes `_error`.
#[test]
fn playwright_failure_text_is_read_like_chromium_error() {
    let original = fixture("apache_hardcoded_origin_get");
    assert!(original.contains("\"_error\": \"net::ERR_FAILED\""));
    let changed = original.replace("\"_error\": \"net::ERR_FAILED\"", "\"_failureText\": \"net::ERR_FAILED\"");
    let har = parse_har(changed.as_bytes()).expect("reads");
    assert!(har.entries.iter().any(|e| e.response.error.as_deref() == Some("net::ERR_FAILED")));
    assert!(same_as_original(&original, changed.as_bytes()).is_empty());
}

// ---------------------------------------------------------------------------
// Errors name the place

#[test]
fn a_binary_file_says_what_it_is() {
    let png =
        std::fs::read(format!("{}/docs/panel-400-light.png", env!("CARGO_MANIFEST_DIR"))).expect("a PNG in the repo");
    for e in [parse_har(&png).unwrap_err(), streamed(&png).unwrap_err()] {
        assert!(e.message.starts_with("this is a PNG image, not a HAR"), "{e}");
    }
    let o = why405(&["diagnose", "-"], Some(&png));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("this is a PNG image, not a HAR"));
}

/// A real syntax error (a colon deleted by hand) in a captured HAR: the line,
/// the column and the entry are named.
#[test]
fn a_syntax_error_names_line_column_and_entry() {
    let original = fixture("koa_router_405_put");
    let changed = replace_nth(&original, "\"status\": 405", "\"status\" 405", 0);
    let line = changed[..changed.find("\"status\" 405").expect("changed")].lines().count();
    for e in [parse_har(changed.as_bytes()).unwrap_err(), streamed(changed.as_bytes()).unwrap_err()] {
        assert!(e.location.starts_with(&format!("line {line}, column ")), "{e}");
        assert!(e.message.contains("in log.entries[1]"), "{e}");
    }
    let _ = Redactor::new(RedactionPolicy::default());
}
