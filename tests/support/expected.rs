//! One case folder (`input.har` + `expected.json`) checked against the engine's diagnoses: the captured fixtures
//! (`tests/fixtures.rs`) and the built cases (`tests/built.rs`) share this check.

use std::path::Path;

use libtest_mimic::Failed;
use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;

fn as_set(v: &Value) -> Option<std::collections::BTreeSet<String>> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

/// Diagnoses `dir/input.har` (in a batch and entry by entry, which must agree) and compares every `expect` of
/// `dir/expected.json` with the diagnosis of its method and URL.
pub fn check(dir: &Path) -> Result<(), Failed> {
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
