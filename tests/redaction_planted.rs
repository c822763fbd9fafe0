//! Secrets of every kind issue 11 names, planted into captured HARs (`tests/support/planted.rs`), are found in
//! no output: every format (`text json markdown curl har`), with and without `--all`, the HAR export from the
//! original entries and rebuilt from the model, through the library and through the CLI; in raw,
//! percent-encoded and base64 forms. And redaction masks no URL, host or path that holds no secret.

#[path = "support/planted.rs"]
mod planted;

use std::path::PathBuf;

use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, Selection};

/// Captured HARs the secrets are planted in: Chromium with a preflight, Firefox, a 405 with a body, a success.
const FIXTURES: &[&str] =
    &["express_no_cors_put", "express_no_cors_put_firefox", "koa_router_405_put", "express_cors_put_ok"];

fn raw_entries(bytes: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(bytes).expect("json");
    v["log"]["entries"].as_array().cloned().unwrap_or_default()
}

/// Every output of the library for `bytes`: each format, failing and `--all`, the HAR from the original
/// entries and from the model.
fn outputs(bytes: &[u8], policy: RedactionPolicy) -> Vec<(String, String)> {
    let engine = Engine::from_har(parse_har(bytes).expect("readable"));
    let raw = raw_entries(bytes);
    let raw_entry = |i: usize| engine.entry(i).and_then(|e| raw.get(e.index)).cloned();
    let r = report::redactor_for(&engine, policy);
    let mut out = Vec::new();
    for format in Format::ALL.iter().copied() {
        for selection in [Selection::Failing, Selection::All] {
            let opts = Options { selection, raw: Some(&raw_entry), ..Options::new(&r) };
            out.push((format!("--format {format} {selection:?}"), report::render_to_string(format, &engine, &opts)));
            if format == Format::Har {
                let opts = Options { selection, ..Options::new(&r) };
                let text = report::render_to_string(format, &engine, &opts);
                out.push((format!("--format har {selection:?} (rebuilt from the model)"), text));
            }
        }
    }
    out
}

#[test]
fn no_planted_secret_in_any_format() {
    let mut errors = Vec::new();
    for fixture in FIXTURES {
        let bytes = planted::planted_har(fixture);
        let input =
            format!("{}{}", String::from_utf8_lossy(&bytes), planted::base64_bodies(&String::from_utf8_lossy(&bytes)));
        // every secret is in the input, in one form or another
        for s in planted::secrets() {
            assert!(
                planted::forms(&s.value).iter().any(|f| input.contains(f.as_str())),
                "{fixture}: {} not planted",
                s.kind
            );
        }
        // without redaction the outputs do hold them (the check below can fail)
        let unredacted: String = outputs(&bytes, RedactionPolicy::disabled()).into_iter().map(|(_, o)| o).collect();
        assert!(planted::leaks(&unredacted).len() >= 40, "{fixture}: {:?}", planted::leaks(&unredacted));
        for (what, out) in outputs(&bytes, RedactionPolicy::default()) {
            for leak in planted::leaks(&out) {
                errors.push(format!("{fixture} {what}: {leak}"));
            }
            if what.starts_with("--format har") {
                check_har(&out).unwrap_or_else(|e| errors.push(format!("{fixture} {what}: {e}")));
            }
        }
    }
    assert!(errors.is_empty(), "{} leaks:\n{}", errors.len(), errors.join("\n"));
}

/// An exported HAR is JSON that reads back, and its URLs hold no space, bracket or quote (HAR validators check
/// them as URIs).
fn check_har(text: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let back = Engine::from_har(parse_har(text.as_bytes()).map_err(|e| format!("unreadable: {e}"))?);
    if !back.warnings.is_empty() {
        return Err(format!("entries unreadable: {:?}", back.warnings));
    }
    for e in v["log"]["entries"].as_array().into_iter().flatten() {
        for url in [&e["request"]["url"], &e["response"]["redirectURL"]] {
            let u = url.as_str().unwrap_or_default();
            if u.contains([' ', '[', ']', '"', '<', '>', '{', '}', '|', '\\', '^', '`']) {
                return Err(format!("invalid URL {u}"));
            }
        }
    }
    Ok(())
}

/// The verdicts of a capture: what a redaction must not change.
fn verdicts(engine: &Engine) -> Vec<String> {
    let mut v: Vec<String> = engine
        .diagnoses()
        .map(|d| {
            let j = serde_json::to_value(d).unwrap_or(Value::Null);
            format!("{} {} {} {} {}", j["method"], j["cause"], j["status"], j["cors_error"], j["stack"])
        })
        .collect();
    v.sort();
    v
}

/// The planted HAR's redacted export (every request, original entries), diagnosed again, gives the verdicts of
/// the planted HAR: masked path segments, parameters and headers change no diagnosis.
#[test]
fn the_redacted_export_of_a_planted_har_keeps_every_verdict() {
    for fixture in FIXTURES {
        let bytes = planted::planted_har(fixture);
        let engine = Engine::from_har(parse_har(&bytes).expect("readable"));
        let raw = raw_entries(&bytes);
        let raw_entry = |i: usize| engine.entry(i).and_then(|e| raw.get(e.index)).cloned();
        let r = report::redactor_for(&engine, RedactionPolicy::default());
        let opts = Options { selection: Selection::All, raw: Some(&raw_entry), ..Options::new(&r) };
        let export = report::render_to_string(Format::Har, &engine, &opts);
        let back = Engine::from_har(parse_har(export.as_bytes()).expect("export readable"));
        assert!(verdicts(&engine).len() >= 5, "{fixture}: {:?}", verdicts(&engine));
        assert_eq!(verdicts(&back), verdicts(&engine), "{fixture}");
    }
}

/// The CLI, on a planted HAR written to a file: every format, with and without `--all`.
#[test]
fn the_cli_prints_no_planted_secret() {
    let Some(bin) = option_env!("CARGO_BIN_EXE_why405") else { return };
    let dir = std::env::temp_dir().join(format!("why405-redaction-planted-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("planted.har");
    std::fs::write(&file, planted::planted_har("express_no_cors_put")).expect("write");
    let mut errors = Vec::new();
    for format in ["text", "json", "markdown", "curl", "har"] {
        for all in [false, true] {
            let mut cmd = std::process::Command::new(bin);
            cmd.args(["diagnose", file.to_str().unwrap_or_default(), "--format", format]).env("NO_COLOR", "1");
            if all {
                cmd.arg("--all");
            }
            let out = cmd.output().expect("run why405");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.len() > 100, "--format {format}: {stdout}");
            for leak in planted::leaks(&stdout).into_iter().chain(planted::leaks(&String::from_utf8_lossy(&out.stderr)))
            {
                errors.push(format!("--format {format} all={all}: {leak}"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

fn fixtures() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("input.har").is_file()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// `bytes` with a cookie on every request whose values equal the host of its first URL and its longest path
/// segment (a cookie that remembers the last site or tab: `www.cnn.com`, `users`).
fn with_host_and_path_cookies(bytes: &[u8], extra_urls: &[(&str, &str)]) -> Vec<u8> {
    let mut har: Value = serde_json::from_slice(bytes).expect("json");
    let entries = har["log"]["entries"].as_array_mut().expect("entries");
    let first = entries.first().and_then(|e| e["request"]["url"].as_str()).unwrap_or_default().to_string();
    let after_scheme = first.split_once("://").map_or(first.as_str(), |(_, r)| r);
    let host = after_scheme.split(['/', ':', '?']).next().unwrap_or_default().to_string();
    let path = after_scheme.split('?').next().unwrap_or_default();
    let segment = path.split('/').skip(1).max_by_key(|s| s.len()).unwrap_or_default().to_string();
    let template = entries.first().cloned().expect("an entry");
    for (url, cookie) in extra_urls {
        let mut e = template.clone();
        e["request"]["url"] = Value::String(url.to_string());
        e["request"]["headers"] = serde_json::json!([{"name": "Cookie", "value": cookie}]);
        entries.push(e);
    }
    for e in entries.iter_mut() {
        if let Some(h) = e["request"]["headers"].as_array_mut() {
            h.push(serde_json::json!({"name": "Cookie", "value": format!("last_host={host}; tab={segment}")}));
        }
    }
    serde_json::to_vec(&har).expect("json")
}

/// Every URL of the input that holds no secret (the default policy, which has learned nothing, leaves it as it
/// is) and appears in an unredacted output appears unchanged in the redacted one — over every fixture, with
/// cookies holding each fixture's host and a path segment, plus a cookie holding `www.cnn.com` and one
/// holding `users`. And no fixture URL without a query loses anything to the positional rules.
#[test]
fn no_url_host_or_path_is_masked_without_a_secret() {
    let extra = [
        ("https://www.cnn.com/2026/12/01/world/index.html", "last_site=www.cnn.com"),
        ("https://api.example.com/v1/users/?page=2", "tab=users; theme=dark; beta=true"),
    ];
    let mut errors = Vec::new();
    let mut checked = 0;
    for dir in fixtures() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = with_host_and_path_cookies(&std::fs::read(dir.join("input.har")).expect("read"), &extra);
        let fresh = Redactor::new(RedactionPolicy::default());
        let mut clean = Vec::new();
        for e in raw_entries(&bytes) {
            for u in [&e["request"]["url"], &e["response"]["redirectURL"]] {
                let u = u.as_str().unwrap_or_default();
                if u.is_empty() {
                    continue;
                }
                if fresh.url(u) == u {
                    clean.push(u.to_string());
                } else if !u.contains('?') && !u.contains('@') {
                    errors.push(format!("{name}: {u} masked with no secret: {}", fresh.url(u)));
                }
            }
        }
        let plain = outputs(&bytes, RedactionPolicy::disabled());
        let redacted = outputs(&bytes, RedactionPolicy::default());
        for ((what, p), (_, r)) in plain.iter().zip(&redacted) {
            for u in &clean {
                let path = u.split_once("://").and_then(|(_, rest)| rest.find('/').map(|k| &rest[k..])).unwrap_or(u);
                for needle in [u.as_str(), path] {
                    if p.contains(needle) {
                        checked += 1;
                        if !r.contains(needle) {
                            errors.push(format!("{name} {what}: {needle} masked"));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} URLs checked");
    errors.dedup();
    assert!(errors.is_empty(), "{} URLs mangled:\n{}", errors.len(), errors.join("\n"));
}
