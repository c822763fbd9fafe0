//! Redaction cost is linear in the text and the number of learned secrets: a captured HAR whose one GET is
//! repeated `n` times as presigned S3 URLs (each `X-Amz-Signature` a different learned secret), rendered in every
//! format with redaction on. Before issue 11, every string was searched for every learned secret: 4,000 entries
//! took 10–24 s in `--format json`.
//!
//! The tests count the work ([`why405::redact::Redactor::probes`]), they do not time it (a test must not depend on
//! the machine's load); `cargo test --release --test redaction_scale -- --ignored --nocapture` prints the times at
//! n = 4,000 and 16,000, and `./build.sh bench scaling` measures the same shape through the CLI.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, Selection};

/// The captured GET of `express_cors_get_ok` repeated `n` times, each with a presigned S3 URL of its own.
pub fn presigned_har(n: usize) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/express_cors_get_ok/input.har");
    let mut har: Value = serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("json");
    let template = har["log"]["entries"][0].clone();
    let entries: Vec<Value> = (0..n)
        .map(|i| {
            let mut e = template.clone();
            let sig: String =
                (0..8).map(|k| format!("{:08x}", (i as u64 * 2_654_435_761 + k * 40_503) as u32)).collect();
            e["request"]["url"] = Value::String(format!(
                "http://localhost:7110/api/items/{i}?X-Amz-Algorithm=AWS4-HMAC-SHA256\
                 &X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261201%2Fus-east-1%2Fs3%2Faws4_request\
                 &X-Amz-Date=20261201T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
            ));
            e
        })
        .collect();
    har["log"]["entries"] = Value::Array(entries);
    serde_json::to_vec(&har).expect("json")
}

/// Seconds and scrubbing work ([`Redactor::probes`]) to learn the secrets of an `n`-entry HAR and render `format`
/// of every request, redacted.
fn seconds(n: usize, format: Format) -> (Duration, u64, String) {
    seconds_with(n, format, RedactionPolicy::default())
}

/// [`seconds`] with `policy`.
fn seconds_with(n: usize, format: Format, policy: RedactionPolicy) -> (Duration, u64, String) {
    let bytes = presigned_har(n);
    let engine = Engine::from_har(parse_har(&bytes).expect("readable"));
    let raw: Vec<Value> = serde_json::from_slice::<Value>(&bytes).expect("json")["log"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let raw_entry = |i: usize| engine.entry(i).and_then(|e| raw.get(e.index)).cloned();
    let (start, work) = (Instant::now(), Redactor::probes());
    let r = report::redactor_for(&engine, policy);
    // one thread (Options::new): the work is counted on this one
    let opts = Options { selection: Selection::All, raw: Some(&raw_entry), ..Options::new(&r) };
    let out = report::render_to_string(format, &engine, &opts);
    (start.elapsed(), Redactor::probes() - work, out)
}

/// Linear: 4× the entries cost at most 4.5× the work (the work is counted, not timed: a test must not depend on
/// the machine's load). Scrubbing every text for every learned secret, as before issue 11, made it 16×.
fn assert_linear(what: &str, n: usize, work_n: u64, work_4n: u64) {
    assert!(work_n > 0, "{what}: no text was scrubbed at n = {n}");
    assert!(work_4n * 2 <= work_n * 9, "{what}: work {work_n} at n = {n}, {work_4n} at 4n");
}

#[test]
fn presigned_urls_cost_linear_time() {
    let small = 200;
    for format in Format::ALL.iter().copied() {
        let (t1, w1, out) = seconds(small, format);
        let (t4, w4, out4) = seconds(4 * small, format);
        println!(
            "--format {format}: {small} entries {:.3} s (work {w1}), {} entries {:.3} s (work {w4})",
            t1.as_secs_f64(),
            4 * small,
            t4.as_secs_f64()
        );
        assert!(out.contains("X-Amz-Signature="), "--format {format} names the signature");
        let last = presigned_signature(4 * small - 1);
        assert!(!out4.contains(&last), "--format {format} leaks a signature");
        assert_linear(&format!("--format {format}"), small, w1, w4);
    }
}

/// Seconds to redact the raw entries of an `n`-entry HAR as the HAR export does (learn each, then redact each).
fn har_redaction_seconds(n: usize) -> (Duration, u64) {
    let bytes = presigned_har(n);
    let mut raw: Vec<Value> = serde_json::from_slice::<Value>(&bytes).expect("json")["log"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (start, work) = (Instant::now(), Redactor::probes());
    let mut r = Redactor::new(RedactionPolicy::default());
    for e in &raw {
        r.learn_har_entry(e);
    }
    for e in &mut raw {
        r.har_entry(e);
    }
    let elapsed = start.elapsed();
    assert!(!serde_json::to_string(&raw).expect("json").contains(&presigned_signature(0)));
    (elapsed, Redactor::probes() - work)
}

/// The `X-Amz-Signature` of entry `i`.
fn presigned_signature(i: usize) -> String {
    (0..8).map(|k| format!("{:08x}", (i as u64 * 2_654_435_761 + k * 40_503) as u32)).collect()
}

#[test]
fn har_entries_are_redacted_in_linear_time() {
    let ((t1, w1), (t4, w4)) = (har_redaction_seconds(200), har_redaction_seconds(800));
    println!(
        "HAR entries redacted: 200 in {:.3} s (work {w1}), 800 in {:.3} s (work {w4})",
        t1.as_secs_f64(),
        t4.as_secs_f64()
    );
    assert_linear("HAR entries", 200, w1, w4);
}

/// The numbers of the report (n = 4,000 and 16,000), in `--format json` and `har`.
#[test]
#[ignore = "a measurement: cargo test --release --test redaction_scale -- --ignored --nocapture"]
fn measure_4000_and_16000() {
    for n in [4_000, 16_000] {
        println!("HAR entries redacted (learn + redact): {n}: {:.3} s", har_redaction_seconds(n).0.as_secs_f64());
    }
    for format in [Format::Json, Format::Text, Format::Har] {
        for n in [4_000, 16_000] {
            let (t, _, _) = seconds(n, format);
            let (off, _, _) = seconds_with(n, format, RedactionPolicy::disabled());
            println!(
                "--format {format}: {n} presigned-URL entries: {:.3} s ({:.3} s without redaction)",
                t.as_secs_f64(),
                off.as_secs_f64()
            );
        }
    }
}

/// Where the time of `--format json` goes: learning the secrets, then redacting and rendering.
#[test]
#[ignore = "a measurement: cargo test --release --test redaction_scale -- --ignored --nocapture phases"]
fn phases_of_json() {
    for n in [4_000, 16_000] {
        let bytes = presigned_har(n);
        let engine = Engine::from_har(parse_har(&bytes).expect("readable"));
        let t = Instant::now();
        let r = report::redactor_for(&engine, RedactionPolicy::default());
        let learn = t.elapsed();
        let t = Instant::now();
        let opts = Options { selection: Selection::All, ..Options::new(&r) };
        let _ = report::render_to_string(Format::Json, &engine, &opts);
        println!(
            "{n}: learn {:.3} s, render json {:.3} s, learned {}",
            learn.as_secs_f64(),
            t.elapsed().as_secs_f64(),
            r.learned().len()
        );
    }
}
