//! Advice that was wrong (issue 11), on captured fixtures changed in the test the way the real case looks:
//! a method written in lowercase, a duplicated `Access-Control-Allow-Origin` on a plain GET, the text
//! headline's count against its sections, and a request an exporter dropped after a passing preflight.

use std::path::Path;

use serde_json::{json, Value};
use why405::cors::CorsError;
use why405::diagnose::{Cause, Diagnosis};
use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn har(name: &str) -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join(name).join("input.har")).expect("fixture")).expect("json")
}

fn engine(har: &Value) -> Engine {
    Engine::from_har(parse_har(&serde_json::to_vec(har).expect("json")).expect("readable"))
}

fn entries(har: &mut Value) -> &mut Vec<Value> {
    har["log"]["entries"].as_array_mut().expect("entries")
}

fn set_header(headers: &mut Value, name: &str, value: &str) {
    for h in headers.as_array_mut().expect("headers") {
        if h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            h["value"] = json!(value);
        }
    }
}

/// The one diagnosis with a fix (or the first).
fn main_diagnosis(e: &Engine) -> &Diagnosis {
    e.diagnoses().find(|d| d.fix.is_some()).or_else(|| e.diagnoses().next()).expect("a diagnosis")
}

/// `koa_cors_patch_ok` as if the page had written `method: 'patch'`: the browser sends `patch` as written.
fn lowercase_patch() -> Value {
    let mut h = har("koa_cors_patch_ok");
    for e in entries(&mut h) {
        if e["request"]["method"] == "PATCH" {
            e["request"]["method"] = json!("patch");
        } else {
            set_header(&mut e["request"]["headers"], "Access-Control-Request-Method", "patch");
        }
    }
    h
}

#[test]
fn a_lowercase_patch_refused_by_the_preflight_is_told_to_uppercase_it_in_the_client() {
    let mut h = lowercase_patch();
    // Chromium's record of a request its preflight refused: no response, net::ERR_FAILED.
    for e in entries(&mut h) {
        if e["request"]["method"] == "patch" {
            e["response"] = json!({"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1,
                "bodySize": -1, "_error": "net::ERR_FAILED"});
        }
    }
    let e = engine(&h);
    let d = main_diagnosis(&e);
    assert_eq!(d.cause, Cause::CorsPreflight, "{}", d.summary);
    let fix = d.fix.as_ref().expect("a fix");
    assert!(d.summary.contains("lowercase") && d.summary.contains("uppercase only"), "{}", d.summary);
    assert_eq!(fix.language, "js", "{fix:?}");
    assert!(fix.code.contains("method: 'PATCH'"), "{}", fix.code);
    assert!(!fix.code.contains("Allow-Methods: patch") && !fix.code.contains("'patch',"), "{}", fix.code);
    assert!(!fix.title.starts_with("Allow"), "{}", fix.title);
}

#[test]
fn a_lowercase_patch_the_server_refuses_is_not_told_to_add_a_patch_handler() {
    let mut h = lowercase_patch();
    for e in entries(&mut h) {
        if e["request"]["method"] == "patch" {
            // the preflight let `patch` through (`*`), the server's router refused it
            e["response"]["status"] = json!(405);
            e["response"]["statusText"] = json!("Method Not Allowed");
            e["response"]["headers"]
                .as_array_mut()
                .expect("headers")
                .push(json!({"name": "Allow", "value": "GET, PATCH"}));
        } else {
            set_header(&mut e["response"]["headers"], "Access-Control-Allow-Methods", "*");
        }
    }
    let e = engine(&h);
    let d = main_diagnosis(&e);
    let fix = d.fix.as_ref().expect("a fix");
    assert!(fix.code.contains("method: 'PATCH'"), "{}", fix.code);
    let advice = format!("{} {} {}", d.summary, d.suggestion.as_deref().unwrap_or_default(), fix.title);
    assert!(!advice.contains("patch handler") && !advice.contains("Register a patch"), "{advice}");
    assert!(advice.contains("Write method: 'PATCH'"), "{advice}");
}

#[test]
fn a_duplicated_allow_origin_on_a_plain_get_is_told_to_remove_the_duplicate() {
    let e = engine(&har("nginx_duplicate_allow_origin_get"));
    let d = main_diagnosis(&e);
    assert_eq!(d.cors_error, Some(CorsError::MultipleAllowOriginValues));
    let fix = d.fix.as_ref().expect("a fix");
    assert!(fix.title.contains("remove the duplicate"), "{}", fix.title);
    assert!(!fix.title.contains("preflight") && !fix.code.contains("OPTIONS"), "{}\n{}", fix.title, fix.code);
    assert!(fix.code.contains("proxy_hide_header Access-Control-Allow-Origin"), "{}", fix.code);
    assert!(d.suggestion.as_deref().is_some_and(|s| s.contains("Remove the duplicate")), "{:?}", d.suggestion);
}

/// `why405: N requests in the HAR, M with a method or CORS problem` and the sections `Title (n)` below it.
fn headline_and_sections(text: &str) -> (usize, Vec<(String, usize)>) {
    let head = text.lines().next().expect("headline");
    let m = head
        .split(", ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("headline: {head}"));
    let sections = text
        .lines()
        .filter(|l| !l.starts_with(' ') && l.ends_with(')') && !l.starts_with("why405"))
        .filter_map(|l| {
            let (title, n) = l.rsplit_once(" (")?;
            Some((title.to_string(), n.trim_end_matches(')').parse().ok()?))
        })
        .collect();
    (m, sections)
}

#[test]
fn the_text_headline_counts_what_its_sections_list() {
    let mut checked = 0;
    for dir in std::fs::read_dir(fixtures()).expect("fixtures") {
        let dir = dir.expect("entry").path();
        let Ok(bytes) = std::fs::read(dir.join("input.har")) else { continue };
        let Ok(har) = parse_har(&bytes) else { continue };
        let e = Engine::from_har(har);
        let r = report::redactor_for(&e, RedactionPolicy::default());
        for selection in [Selection::Failing, Selection::All] {
            let text = report::render_to_string(Format::Text, &e, &Options { selection, ..Options::new(&r) });
            let (problems, sections) = headline_and_sections(&text);
            let listed: usize = sections
                .iter()
                .filter(|(t, _)| t != "Not a method problem" && !t.starts_with("Undecided"))
                .map(|(_, n)| n)
                .sum();
            assert_eq!(problems, listed, "{}: the headline and the sections disagree:\n{text}", dir.display());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn a_request_an_exporter_dropped_after_a_passing_preflight_is_reported_missing() {
    for name in ["express_cors_put_ok", "koa_cors_patch_ok", "flask_cors_credentials_put", "django_put_profile_ok"] {
        let mut h = har(name);
        // chrome-har, puppeteer-har and chrome-har-capturer leave the failed request out: only the preflight stays.
        entries(&mut h).retain(|e| e["request"]["method"] == "OPTIONS");
        let e = engine(&h);
        let d = main_diagnosis(&e);
        assert!(
            !matches!(
                d.cors_error,
                Some(CorsError::PreflightInvalidAllowCredentials | CorsError::PreflightWildcardOriginNotAllowed)
            ),
            "{name}: a credentials cause invented for a request the HAR does not hold: {}",
            d.summary
        );
        assert!(!d.problem && d.cause == Cause::NotMethodRelated, "{name}: {}", d.summary);
        assert!(d.summary.contains("not in this HAR") && d.summary.contains("exporter"), "{name}: {}", d.summary);
        assert!(!d.evidence.iter().any(|ev| ev.text.contains("so the request was made with credentials")), "{name}");
    }
}
