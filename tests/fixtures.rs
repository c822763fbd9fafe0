//! Fixture tests: one test per folder under `tests/fixtures/`, each an
//! `input.har` captured from a real server by real Chromium (see
//! `tests/lab/`) and an `expected.json` whose CORS verdicts are Chromium's own.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;

fn as_set(v: &Value) -> Option<std::collections::BTreeSet<String>> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

fn check(dir: &Path) -> Result<(), Failed> {
    let bytes = std::fs::read(dir.join("input.har")).map_err(|e| format!("input.har: {e}"))?;
    let expected: Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).map_err(|e| format!("expected.json: {e}"))?)
            .map_err(|e| format!("expected.json: {e}"))?;
    let har = parse_har(&bytes).map_err(|e| format!("input.har unreadable: {e}"))?;
    if !har.warnings.is_empty() {
        return Err(format!("input.har had unreadable entries: {:?}", har.warnings).into());
    }
    // The extension feeds entries one at a time: that path must agree with the batch.
    let mut live = Engine::new();
    for e in har.entries.clone() {
        live.push(e);
    }
    let engine = Engine::from_har(har);
    let batch_json: Vec<String> = engine.diagnoses().map(|d| serde_json::to_string(d).unwrap_or_default()).collect();
    let live_json: Vec<String> = live.diagnoses().map(|d| serde_json::to_string(d).unwrap_or_default()).collect();
    if batch_json != live_json {
        return Err(format!(
            "incremental diagnoses differ from the batch:\n batch: {batch_json:?}\n live: {live_json:?}"
        )
        .into());
    }
    let diagnoses: Vec<Value> = engine.diagnoses().map(|d| serde_json::to_value(d).unwrap_or(Value::Null)).collect();
    let expects = expected.get("expect").and_then(Value::as_array).ok_or("expected.json has no expect array")?;
    if expects.is_empty() {
        return Err("expected.json expects nothing".into());
    }
    let mut errors = Vec::new();
    for exp in expects {
        let method = exp.get("method").and_then(Value::as_str).unwrap_or("");
        let url = exp.get("url").and_then(Value::as_str).unwrap_or("");
        // The last request with this method and URL: a scenario's own request is the last the page made.
        let Some(d) = diagnoses.iter().rev().find(|d| d["method"] == method && d["url"] == url) else {
            errors.push(format!(
                "no diagnosis for {method} {url}; have: {:?}",
                diagnoses.iter().map(|d| format!("{} {}", d["method"], d["url"])).collect::<Vec<_>>()
            ));
            continue;
        };
        for key in ["cause", "cors_error", "status", "allowed", "stack", "server", "needs_probe", "kind", "problem"] {
            let Some(want) = exp.get(key) else { continue };
            let got = &d[key];
            // Servers emit Allow in no fixed order (Werkzeug builds it from a set): compare as sets.
            let same = if key == "allowed" { as_set(got) == as_set(want) } else { got == want };
            if !same {
                errors.push(format!("{method} {url}: {key} is {got}, expected {want} (summary: {})", d["summary"]));
            }
        }
        if let Some(want) = exp.get("suggestion_contains").and_then(Value::as_str) {
            if !d["suggestion"].as_str().is_some_and(|s| s.contains(want)) {
                errors.push(format!("{method} {url}: suggestion {} does not contain {want:?}", d["suggestion"]));
            }
        }
        // Words the diagnosis must not use (a navigation is explained without CORS words).
        for word in exp.get("words_lack").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            for key in ["summary", "suggestion"] {
                if d[key].as_str().is_some_and(|s| s.contains(word)) {
                    errors.push(format!("{method} {url}: the {key} says {word:?}: {}", d[key]));
                }
            }
        }
        if let Some(want) = exp.get("preflight_inferred") {
            if &d["preflight"]["inferred"] != want {
                errors.push(format!(
                    "{method} {url}: preflight.inferred is {}, expected {want}",
                    d["preflight"]["inferred"]
                ));
            }
        }
        for key in ["summary"] {
            if d[key].as_str().is_none_or(str::is_empty) {
                errors.push(format!("{method} {url}: empty {key}"));
            }
        }
        if d["cause"] != "not_method_related" && d["fix"].is_null() {
            errors.push(format!("{method} {url}: a {} diagnosis without a fix", d["cause"]));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n").into())
    }
}

/// The lab must cover every cause and at least 8 distinct Chromium `CorsError`
/// values, with at least 30 scenarios, and each fixture's expected
/// `cors_error` must be what Chromium itself reported when it was captured.
fn coverage(dirs: &[PathBuf]) -> Result<(), Failed> {
    let mut causes = std::collections::BTreeSet::new();
    let mut cors_errors = std::collections::BTreeSet::new();
    let mut errors = Vec::new();
    let mut chromium_captures = 0;
    for dir in dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read(dir.join("expected.json")).map_err(|e| format!("{name}/expected.json: {e}"))?;
        let expected: Value = serde_json::from_slice(&text).map_err(|e| format!("{name}/expected.json: {e}"))?;
        let chromium = expected.get("chromium").filter(|c| !c.is_null());
        if chromium.is_some() {
            chromium_captures += 1;
        }
        let recorded = chromium.and_then(|c| c.get("corsError")).and_then(Value::as_str).filter(|s| !s.is_empty());
        let expects = expected.get("expect").and_then(Value::as_array).cloned().unwrap_or_default();
        for exp in &expects {
            if let Some(c) = exp.get("cause").and_then(Value::as_str) {
                causes.insert(c.to_string());
            }
            if let Some(w) = exp.get("cors_error").and_then(Value::as_str) {
                cors_errors.insert(w.to_string());
            }
        }
        // The scenario's own request (the last one the page made) carries Chromium's verdict.
        let want = expects.last().and_then(|e| e.get("cors_error")).and_then(Value::as_str);
        if chromium.is_some() && want != recorded {
            errors.push(format!("{name}: expected cors_error {want:?} but Chromium recorded {recorded:?}"));
        }
    }
    for cause in [
        "cors_preflight",
        "catch_all_options",
        "method_mismatch",
        "server_rule",
        "redirect_method_change",
        "not_method_related",
    ] {
        if !causes.contains(cause) {
            errors.push(format!("no fixture covers cause {cause}"));
        }
    }
    if chromium_captures < 30 {
        errors.push(format!("{chromium_captures} Chromium-captured scenarios, at least 30 wanted"));
    }
    if cors_errors.len() < 8 {
        errors.push(format!("{} distinct CorsError values ({cors_errors:?}), at least 8 wanted", cors_errors.len()));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("input.har").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    let all = dirs.clone();
    let mut trials: Vec<Trial> = vec![Trial::test("coverage", move || coverage(&all))];
    trials.extend(dirs.into_iter().map(|dir| {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Trial::test(name, move || check(&dir))
    }));
    libtest_mimic::run(&args, trials).exit();
}
