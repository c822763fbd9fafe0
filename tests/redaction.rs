//! Redaction over the whole fixture corpus (real captures):
//! * every format (text, json, markdown, curl, har) of every fixture holds none of the secrets of its HAR — the
//!   values planted by the lab's redaction scenarios (`"secrets"` in `tests/lab/servers/*/scenarios.json`), and
//!   every value the default policy masks — raw, percent-encoded or base64-encoded;
//! * redaction never changes a diagnosis: the redacted HAR export, diagnosed again, gives the same verdicts;
//! * the failing-only HAR export round-trips too (context entries included when a diagnosis needs them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::{base64_encode, RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, Selection};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("input.har").is_file()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Planted secrets per scenario name.
fn planted() -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let Ok(dirs) = std::fs::read_dir(root().join("tests/lab/servers")) else { return out };
    for d in dirs.filter_map(Result::ok) {
        let Ok(text) = std::fs::read(d.path().join("scenarios.json")) else { continue };
        let Ok(Value::Array(list)) = serde_json::from_slice::<Value>(&text) else { continue };
        for s in list {
            if let (Some(name), Some(secrets)) = (s["name"].as_str(), s["secrets"].as_array()) {
                out.insert(name.to_string(), secrets.iter().filter_map(Value::as_str).map(str::to_string).collect());
            }
        }
    }
    out
}

fn engine_of(bytes: &[u8]) -> Engine {
    Engine::from_har(parse_har(bytes).expect("readable HAR"))
}

fn raw_entries(bytes: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(bytes).expect("json");
    v["log"]["entries"].as_array().cloned().unwrap_or_default()
}

fn render(engine: &Engine, raw: &[Value], format: Format, selection: Selection, r: &Redactor) -> String {
    let raw_entry = |i: usize| engine.entry(i).and_then(|e| raw.get(e.index)).cloned();
    report::render_to_string(format, engine, &Options { selection, raw: Some(&raw_entry), ..Options::new(r) })
}

/// The HAR export of every request, on one line.
fn compact_har(engine: &Engine, raw: &[Value], r: &Redactor) -> String {
    let raw_entry = |i: usize| engine.entry(i).and_then(|e| raw.get(e.index)).cloned();
    let opts = Options { selection: Selection::All, compact: true, raw: Some(&raw_entry), ..Options::new(r) };
    report::render_to_string(Format::Har, engine, &opts)
}

/// Every output format for one HAR.
fn outputs(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let engine = engine_of(bytes);
    let raw = raw_entries(bytes);
    let r = report::redactor_for(&engine, RedactionPolicy::default());
    let all = |format| render(&engine, &raw, format, Selection::All, &r);
    vec![
        ("text", all(Format::Text)),
        ("json", all(Format::Json)),
        ("markdown", all(Format::Markdown)),
        ("curl", all(Format::Curl)),
        ("har", all(Format::Har)),
        ("har-failing", render(&engine, &raw, Format::Har, Selection::Failing, &r)),
        ("markdown-failing", render(&engine, &raw, Format::Markdown, Selection::Failing, &r)),
    ]
}

fn forms(secret: &str) -> Vec<String> {
    let mut v = vec![secret.to_string(), base64_encode(secret.as_bytes())];
    let enc: String = secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    v.push(enc);
    v.retain(|s| s.len() >= 4);
    v.dedup();
    v
}

#[test]
fn no_secret_survives_in_any_format() {
    let planted = planted();
    assert!(planted.len() >= 3, "the lab plants secrets in at least 3 scenarios, found {}", planted.len());
    let mut checked = 0;
    let mut errors = Vec::new();
    for dir in fixtures() {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(dir.join("input.har")).expect("read");
        // Secrets: the planted ones, and everything the default policy learns from the HAR (the value of every
        // Authorization, Cookie, Set-Cookie, token header, secret URL parameter and secret body field).
        let engine = engine_of(&bytes);
        let mut r = report::redactor_for(&engine, RedactionPolicy::default());
        for e in raw_entries(&bytes) {
            r.learn_har_entry(&e);
        }
        let mut secrets: Vec<String> = r.learned().into_iter().filter(|s| s.len() >= 6).map(str::to_string).collect();
        let base = name.trim_end_matches("_firefox");
        if let Some(p) = planted.get(base) {
            // The first planted value is sent verbatim (the others may appear only encoded or decoded).
            let first = p.first().map(String::as_str).unwrap_or("");
            assert!(
                bytes.windows(first.len()).any(|w| w == first.as_bytes()),
                "{name}: planted secret {first} not in the HAR"
            );
            secrets.extend(p.iter().cloned());
        }
        for (format, out) in outputs(&bytes) {
            for s in &secrets {
                for f in forms(s) {
                    if out.contains(&f) {
                        errors.push(format!("{name} --format {format}: contains the secret {f:?}"));
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 7 * 70, "only {checked} outputs checked");
    assert!(errors.is_empty(), "{} leaks:\n{}", errors.len(), errors.join("\n"));
}

fn verdicts(engine: &Engine) -> Vec<Value> {
    engine
        .diagnoses()
        .map(|d| {
            let v = serde_json::to_value(d).unwrap_or(Value::Null);
            let mut allowed: Vec<String> = v["allowed"]
                .as_array()
                .map(|a| a.iter().filter_map(|m| m.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            allowed.sort();
            serde_json::json!({
                "method": v["method"], "cause": v["cause"], "cors_error": v["cors_error"], "status": v["status"],
                "allowed": allowed, "stack": v["stack"], "needs_probe": v["needs_probe"], "problem": v["problem"],
                "request_inferred": v["request_inferred"], "redirects": v["redirects"].as_array().map(|a| a.len()),
            })
        })
        .collect()
}

fn check_round_trip(dir: &Path, all: bool, r_policy: RedactionPolicy, from_model: bool) -> Result<(), String> {
    let bytes = std::fs::read(dir.join("input.har")).map_err(|e| e.to_string())?;
    let engine = engine_of(&bytes);
    let raw = if from_model { Vec::new() } else { raw_entries(&bytes) };
    let r = report::redactor_for(&engine, r_policy);
    let text = render(&engine, &raw, Format::Har, Selection::all(all), &r).into_bytes();
    let back = Engine::from_har(parse_har(&text).map_err(|e| format!("export unreadable: {e}"))?);
    if !back.warnings.is_empty() {
        return Err(format!("export has unreadable entries: {:?}", back.warnings));
    }
    let want: Vec<Value> = {
        let shown: Vec<&why405::diagnose::Diagnosis> =
            engine.diagnoses().filter(|d| all || d.failed || d.problem || d.needs_probe).collect();
        let v = verdicts(&engine);
        engine.diagnoses().zip(v).filter(|(d, _)| shown.iter().any(|s| s.id == d.id)).map(|(_, v)| v).collect()
    };
    let got = verdicts(&back);
    for w in &want {
        if !got.contains(w) {
            return Err(format!("verdict lost in the export: {w}\n got: {got:?}"));
        }
    }
    Ok(())
}

#[test]
fn redaction_never_changes_a_diagnosis() {
    let mut errors = Vec::new();
    let dirs = fixtures();
    for dir in &dirs {
        for (all, model) in [(true, false), (false, false), (true, true)] {
            if let Err(e) = check_round_trip(dir, all, RedactionPolicy::default(), model) {
                errors.push(format!("{} (all={all}, rebuilt from the model={model}): {e}", dir.display()));
            }
        }
    }
    assert!(dirs.len() >= 70);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn unredacted_export_round_trips_and_keeps_secrets() {
    let dir = root().join("tests/fixtures/express_secrets_bearer_put_preflight");
    check_round_trip(&dir, true, RedactionPolicy::disabled(), false).expect("round trip");
    let bytes = std::fs::read(dir.join("input.har")).expect("read");
    let engine = engine_of(&bytes);
    let r = report::redactor_for(&engine, RedactionPolicy::disabled());
    let out = report::render_to_string(Format::Curl, &engine, &Options::new(&r));
    assert!(out.contains("ak_live_9f8e7d6c5b4a3f2e1d0c") && out.contains("Redaction is OFF"), "{out}");
}

#[test]
fn masks_keep_the_shape() {
    let dir = root().join("tests/fixtures/express_secrets_cookie_form_post_405");
    let bytes = std::fs::read(dir.join("input.har")).expect("read");
    let engine = engine_of(&bytes);
    let r = report::redactor_for(&engine, RedactionPolicy::default());
    let text = compact_har(&engine, &raw_entries(&bytes), &r);
    for want in [
        "sid=[redacted, 32 chars]; theme=[redacted, 4 chars]",
        "user=ada&password=[redacted, 17 chars]&remember=1",
        "refresh=[redacted, 27 chars]; Path=/; HttpOnly; SameSite=Lax",
        r#"\"access_token\":\"eyJ…[redacted, "#,
        r#""name":"Access-Control-Allow-Origin","value":"http://localhost:7100""#,
    ] {
        assert!(text.contains(want), "export lacks {want}");
    }
    let dir = root().join("tests/fixtures/express_secrets_query_token_redirect_302");
    let bytes = std::fs::read(dir.join("input.har")).expect("read");
    let engine = engine_of(&bytes);
    let r = report::redactor_for(&engine, RedactionPolicy::default());
    let text = compact_har(&engine, &raw_entries(&bytes), &r);
    assert!(text.contains("/vault/v2/upload?token=REDACTED"), "Location path kept, token masked");
    assert!(text.contains("access_token=REDACTED&signature=REDACTED&X-Amz-Credential=REDACTED&case="));
}

/// A captured HAR with a secret query parameter added to every URL, and the entries `keep` says to keep (an
/// exporter that drops preflights, the preflight cache, Firefox leaving out a request its preflight blocked).
fn with_token_in_urls(fixture: &str, token: &str, keep: impl Fn(&Value) -> bool) -> Vec<u8> {
    let bytes = std::fs::read(root().join("tests/fixtures").join(fixture).join("input.har")).expect("read");
    let mut har: Value = serde_json::from_slice(&bytes).expect("json");
    let entries = har["log"]["entries"].as_array_mut().expect("entries");
    entries.retain(|e| keep(e));
    for e in entries.iter_mut() {
        let url = e["request"]["url"].as_str().unwrap_or_default().to_string();
        e["request"]["url"] = Value::String(format!("{url}&access_token={token}"));
        if let Some(init) = e.get_mut("_initiator").and_then(|i| i.get_mut("url")) {
            *init = Value::String(format!("{}&access_token={token}", init.as_str().unwrap_or_default()));
        }
    }
    serde_json::to_vec(&har).expect("json")
}

/// The exchange lines of the Markdown report name the request even when the HAR lacks the preflight ("not in
/// the HAR") or the request ("never sent"): the URL is redacted there too.
#[test]
fn markdown_redacts_urls_of_messages_the_har_lacks() {
    let token = "tok_Zq81Xw92Lm47Pv35";
    let cases = [
        // the PUT's preflight dropped: "OPTIONS … → not in the HAR (a preflight was required)"
        (
            "express_no_cors_put",
            with_token_in_urls("express_no_cors_put", token, |e| e["request"]["method"] != "OPTIONS"),
        ),
        // Firefox: the PUT its preflight blocked is absent: "PUT … → never sent"
        ("express_no_cors_put_firefox", with_token_in_urls("express_no_cors_put_firefox", token, |_| true)),
    ];
    for (name, bytes) in cases {
        let engine = engine_of(&bytes);
        let r = report::redactor_for(&engine, RedactionPolicy::default());
        for selection in [Selection::Failing, Selection::All] {
            let md = report::render_to_string(Format::Markdown, &engine, &Options { selection, ..Options::new(&r) });
            assert!(md.contains("access_token="), "{name}: the URL is in the report:\n{md}");
            assert!(md.contains("not in the HAR") || md.contains("never sent"), "{name}: the line under test:\n{md}");
            for format in Format::ALL.iter().copied() {
                let out = report::render_to_string(format, &engine, &Options { selection, ..Options::new(&r) });
                for f in forms(token) {
                    assert!(!out.contains(&f), "{name} --format {format}: the token leaks as {f:?}:\n{out}");
                }
            }
        }
    }
}
