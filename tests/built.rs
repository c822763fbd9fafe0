//! Built cases: one test per folder under `tests/built/`. Each `input.har` is BUILT, not captured: a captured
//! fixture's Chrome DevTools export with its responses replaced by what a stack's documentation (or source) says
//! that stack answers, for stacks and hosts the lab cannot run (IIS, CloudFront, API Gateway, …). Each folder's
//! `SOURCE.md` says so, quotes the documented response and names the fixture it was built from;
//! `tests/built/build.py` writes them all. Also: the README's "Stacks and layers" table has a row for every stack
//! in the registry.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::Value;
use why405::stack::Stack;

#[path = "support/expected.rs"]
mod expected;

/// A built case: marked as built in `expected.json` and `SOURCE.md`, which cites its source and its template,
/// then checked like a fixture.
fn check_built(dir: &Path) -> Result<(), Failed> {
    let source = std::fs::read_to_string(dir.join("SOURCE.md")).map_err(|e| format!("SOURCE.md: {e}"))?;
    if !source.contains("BUILT") || !source.contains("http") || !source.contains("tests/fixtures/") {
        return Err("SOURCE.md must say BUILT, link the documented response and name the fixture it came from".into());
    }
    let exp: Value = serde_json::from_slice(&std::fs::read(dir.join("expected.json")).map_err(|e| e.to_string())?)
        .map_err(|e| format!("expected.json: {e}"))?;
    if exp.get("built") != Some(&Value::Bool(true)) || exp.get("chromium").is_some_and(|c| !c.is_null()) {
        return Err("expected.json must say \"built\": true and carry no Chromium verdict".into());
    }
    expected::check(dir)
}

/// The first cells (`` `name` ``) of the README's "Stacks and layers" table.
fn readme_stacks() -> Result<BTreeSet<String>, String> {
    let readme = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .map_err(|e| format!("README.md: {e}"))?;
    let start = readme.find("## Stacks and layers").ok_or("README.md has no \"## Stacks and layers\" section")?;
    let section = &readme[start + 3..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    Ok(section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_string()))
        .collect())
}

/// Every stack in the registry has a row in the README's table (a new stack must be documented there).
fn readme_table() -> Result<(), Failed> {
    let rows = readme_stacks()?;
    let missing: Vec<&str> = Stack::ALL.iter().map(|s| s.as_str()).filter(|s| !rows.contains(*s)).collect();
    let unknown: Vec<&String> = rows.iter().filter(|r| Stack::parse(r).is_none()).collect();
    if missing.is_empty() && unknown.is_empty() {
        Ok(())
    } else {
        Err(format!("README \"Stacks and layers\": no row for {missing:?}; rows for unknown stacks {unknown:?}").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/built");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("input.har").is_file()).collect())
        .unwrap_or_default();
    dirs.sort();
    let count = dirs.len();
    let mut trials = vec![
        Trial::test("readme_table_has_every_stack", readme_table),
        Trial::test("at_least_16_built_cases", move || {
            if count >= 16 {
                Ok(())
            } else {
                Err(format!("{count} built cases under tests/built/").into())
            }
        }),
    ];
    trials.extend(dirs.into_iter().map(|dir| {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Trial::test(name, move || check_built(&dir))
    }));
    libtest_mimic::run(&args, trials).exit();
}
