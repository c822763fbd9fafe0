//! Fixture tests: one test per folder under `tests/fixtures/`, each an
//! `input.har` captured from a real server by real Chromium (see
//! `tests/lab/`) and an `expected.json` whose CORS verdicts are Chromium's own.

use std::path::PathBuf;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;

#[path = "support/expected.rs"]
mod expected;
use expected::check;

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
