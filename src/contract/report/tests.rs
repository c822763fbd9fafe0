//! The report formats: counts, grouping, and escaping of hostile text in each.

use super::*;
use crate::contract::{Expectation, Observed};
use crate::http::Method;

/// A name holding everything a format must neutralise: markup, `]]>`, NUL, ESC, a bidi override, a zero-width
/// space, U+FFFF, a line break, a tab and a Markdown link.
pub(crate) const HOSTILE: &str =
    "/x<y>&\"'z]]>\u{0}\u{1b}[31m\u{202e}evil\u{200b}\u{ffff}\nnext\t[a](http://e.example)";

fn check(id: &str, outcome: Outcome) -> Check {
    Check {
        id: id.to_string(),
        method: Method::Put,
        path: "/users/{id}".to_string(),
        url: Some("http://h.example/users/1".to_string()),
        expected: Expectation::Documented,
        outcome,
        pointer: Some("/paths/~1users~1{id}".to_string()),
        observed: Vec::new(),
        note: None,
    }
}

fn fail(message: &str) -> Outcome {
    Outcome::Fail {
        message: message.to_string(),
        evidence: vec![format!("entry 0: {message}")],
        fix: Some(message.to_string()),
    }
}

fn report(checks: Vec<Check>) -> ContractReport {
    ContractReport {
        spec: "spec.yaml".into(),
        targets: vec!["t.har".into()],
        checks,
        compared: None,
        differences: vec![],
    }
}

fn hostile_report() -> ContractReport {
    let mut r = report(vec![
        check(HOSTILE, fail(HOSTILE)),
        check("GET /users/{id}", Outcome::Pass),
        check("HEAD /users/{id}", Outcome::Skip { reason: HOSTILE.to_string() }),
    ]);
    r.spec = HOSTILE.to_string();
    r.checks[0].path = HOSTILE.to_string();
    r.checks[1].note = Some(HOSTILE.to_string());
    r.checks[1].observed = vec![Observed {
        label: HOSTILE.into(),
        method: Method::Options,
        url: HOSTILE.into(),
        status: Some(204),
        error: None,
        headers: vec![("Allow".into(), HOSTILE.into())],
    }];
    r.targets.push(HOSTILE.to_string());
    r.compared = Some(r.checks.clone());
    r.differences = vec![Difference { check: HOSTILE.into(), what: HOSTILE.into(), a: Some(HOSTILE.into()), b: None }];
    r
}

fn render(format: ContractFormat, r: &ContractReport, color: bool) -> String {
    let mut out = Vec::new();
    write(&mut out, format, r, color).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn text_groups_by_path_and_counts() {
    let mut r = report(vec![
        check("PUT /users/{id}", fail("PUT /users/{id} is not documented")),
        check("GET /users/{id}", Outcome::Pass),
        check("GET /users", Outcome::Pass),
        check("HEAD /users/{id}", Outcome::Skip { reason: "no value for id".into() }),
    ]);
    r.checks[2].path = "/users".into();
    let t = render(ContractFormat::Text, &r, false);
    assert!(t.ends_with("4 checks: 2 passed, 1 failed, 1 skipped\n"), "{t}");
    let users_id = t.find("\n  /users/{id}\n").unwrap();
    let users = t.find("\n  /users\n").unwrap();
    assert!(users_id < users && t.find("HEAD /users/{id}").unwrap() < users, "{t}");
    assert!(t.contains("    FAIL PUT /users/{id}\n         PUT /users/{id} is not documented\n"), "{t}");
    assert!(t.contains("         fix: "), "{t}");
    assert!(!t.contains('\x1b'), "{t}");
    let colored = render(ContractFormat::Text, &r, true);
    assert!(colored.contains("\x1b[31mFAIL\x1b[0m"), "{colored}");
    let one = render(ContractFormat::Text, &report(vec![check("a", Outcome::Pass)]), false);
    assert!(one.ends_with("1 check: 1 passed, 0 failed, 0 skipped\n"), "{one}");
}

#[test]
fn json_has_a_version_and_every_field() {
    let r = hostile_report();
    let v: serde_json::Value = serde_json::from_str(&render(ContractFormat::Json, &r, false)).unwrap();
    assert_eq!(v["version"], JSON_VERSION);
    assert_eq!(v["spec"], HOSTILE);
    assert_eq!(v["checks"][0]["outcome"]["outcome"], "fail");
    assert_eq!(v["checks"][0]["expected"]["kind"], "documented");
    assert_eq!(v["differences"][0]["b"], serde_json::Value::Null);
    let text = render(ContractFormat::Json, &r, false);
    assert!(!text.contains('\u{0}') && !text.contains('\u{1b}'), "{text}");
}

#[test]
fn text_shows_hostile_bytes_visibly() {
    let t = render(ContractFormat::Text, &hostile_report(), true);
    for bad in ['\u{0}', '\u{202e}', '\u{200b}', '\r'] {
        assert!(!t.contains(bad), "{bad:?} in {t}");
    }
    // the only ESCs are our colours
    assert!(!t
        .replace("\x1b[0m", "")
        .replace("\x1b[1m", "")
        .replace("\x1b[2m", "")
        .replace("\x1b[31m", "")
        .replace("\x1b[32m", "")
        .replace("\x1b[33m", "")
        .contains('\x1b'));
    assert!(t.contains("<U+202E>evil"), "{t}");
    assert!(t.contains("1 difference"), "{t}");
}

#[test]
fn markdown_escapes_hostile_text() {
    let m = render(ContractFormat::Markdown, &hostile_report(), false);
    for bad in ['\u{0}', '\u{1b}', '\u{202e}', '\u{200b}'] {
        assert!(!m.contains(bad), "{bad:?} in {m}");
    }
    // outside code spans (single backticks here: the text holds none), nothing Markdown or HTML would act on
    let prose: String = m.split('`').step_by(2).collect();
    assert!(!prose.contains("<y>") && !prose.contains("http://"), "{prose}");
    assert!(prose.contains("\\<y\\>") && prose.contains("\\[a\\](http\\://"), "{prose}");
    assert!(m.contains("`/x<y>&\"'z]]>␀␛[31m<U+202E>evil"), "{m}");
    assert!(m.starts_with("# why405 contract: 2 checks failed\n"), "{m}");
    assert!(m.contains("## Differences"), "{m}");
}

#[test]
fn junit_escapes_every_byte_and_counts() {
    let x = render(ContractFormat::Junit, &hostile_report(), false);
    for bad in ['\u{0}', '\u{1b}', '\u{202e}', '\u{200b}', '\u{ffff}'] {
        assert!(!x.contains(bad), "{bad:?} in {x}");
    }
    assert!(!x.contains("]]>") && !x.contains("<y>") && !x.contains("<U+"), "{x}");
    assert!(x.contains("&lt;U+202E&gt;evil"), "{x}");
    assert!(x.contains("<testsuites name=\"why405 contract "), "{x}");
    assert!(x.contains("tests=\"7\" failures=\"3\" errors=\"0\">"), "{x}");
    assert!(x.contains("<testsuite name=\"differences\" tests=\"1\" failures=\"1\""), "{x}");
    assert!(
        x.contains("<testcase classname=\"PUT /users/{id}\" name=\"GET /users/{id}\">\n      <system-out>note: "),
        "{x}"
    );
    assert!(x.contains("OPTIONS /x&lt;y&gt;"), "{x}");
    assert_eq!(x.matches("<testsuite ").count(), 3);
    // attribute values keep line breaks as references; text keeps them
    assert!(x.contains("&#10;next&#9;"), "{x}");
}
