//! Report formats on real fixtures: golden Markdown per cause (`tests/golden/<fixture>.md`, which include the
//! cURL reproduction), shape checks of the Markdown (tables, fences) and of the cURL commands.
//! `WHY405_BLESS=1 cargo test --test reports` rewrites the golden files.

use std::path::PathBuf;

use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::RedactionPolicy;
use why405::report::{self, Format, Options, Selection};

/// One real fixture per cause (and the redaction corpus).
const GOLDEN: &[&str] = &[
    "express_no_cors_put",                      // cors_preflight, preflight without ACAO
    "express_secrets_bearer_put_preflight",     // cors_preflight, method disallowed; secrets
    "slim_catchall_options_put_missing_route",  // catch_all_options
    "express_secrets_cookie_form_post_405",     // method_mismatch; cookies, form password
    "nginx_static_post_text_405",               // server_rule
    "express_secrets_query_token_redirect_302", // redirect_method_change; tokens in URL and Location
    "express_cors_put_unrouted",                // not_method_related, needs a probe
    "express_catch_all_options_put_firefox",    // Firefox HAR: request inferred from its preflight
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `format` of the failing requests (or all), redacted by the default policy, as the CLI writes it.
fn render(e: &Engine, format: Format, selection: Selection) -> String {
    let r = report::redactor_for(e, RedactionPolicy::default());
    report::render_to_string(format, e, &Options { selection, ..Options::new(&r) })
}

fn engine(name: &str) -> Engine {
    let bytes = std::fs::read(root().join("tests/fixtures").join(name).join("input.har")).expect("fixture");
    Engine::from_har(parse_har(&bytes).expect("readable"))
}

#[test]
fn golden_markdown() {
    let bless = std::env::var_os("WHY405_BLESS").is_some_and(|v| v != "0");
    let mut errors = Vec::new();
    for name in GOLDEN {
        let e = engine(name);
        let got = render(&e, Format::Markdown, Selection::Failing);
        let path = root().join("tests/golden").join(format!("{name}.md"));
        if bless {
            std::fs::write(&path, &got).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => {
                let line = want
                    .lines()
                    .zip(got.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(want.lines().count().min(got.lines().count()));
                errors.push(format!(
                    "{name}: differs from tests/golden/{name}.md at line {} (WHY405_BLESS=1 rewrites):\n  want: {:?}\n  got:  {:?}",
                    line + 1,
                    want.lines().nth(line),
                    got.lines().nth(line)
                ));
            }
            Err(e) => errors.push(format!("{name}: tests/golden/{name}.md: {e} (WHY405_BLESS=1 writes it)")),
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// Tables have a consistent column count and fences are closed: what breaks rendering on GitHub, GitLab, Jira.
#[test]
fn markdown_is_well_formed_for_every_fixture() {
    let mut errors = Vec::new();
    let dirs = std::fs::read_dir(root().join("tests/fixtures")).expect("fixtures");
    for d in dirs.filter_map(Result::ok) {
        let name = d.file_name().to_string_lossy().into_owned();
        let e = engine(&name);
        let md = render(&e, Format::Markdown, Selection::All);
        let mut fence: Option<String> = None;
        let mut cols: Option<usize> = None;
        for (n, line) in md.lines().enumerate() {
            let t = line.trim_start();
            if let Some(f) = &fence {
                if t == f.as_str() {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") {
                fence = Some(t.chars().take_while(|&c| c == '`').collect());
                continue;
            }
            if t.starts_with('|') {
                let count = t.replace("\\|", "").matches('|').count();
                match cols {
                    None => cols = Some(count),
                    Some(c) if c != count => {
                        errors.push(format!("{name} line {}: {count} pipes, table started with {c}: {line}", n + 1))
                    }
                    _ => {}
                }
            } else {
                cols = None;
            }
        }
        if fence.is_some() {
            errors.push(format!("{name}: unclosed code fence"));
        }
        if !md.starts_with("# why405: ") || !md.contains("| Page origin |") {
            errors.push(format!("{name}: no title or environment"));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn curl_commands_have_the_preflight_and_request() {
    let e = engine("express_no_cors_put");
    let out = render(&e, Format::Curl, Selection::Failing);
    assert!(out.contains("curl -i -X OPTIONS 'http://localhost:7110/plain/items/1?case=express_no_cors_put'"), "{out}");
    assert!(out.contains("-H 'Access-Control-Request-Method: PUT'"), "{out}");
    assert!(out.contains("-H 'Access-Control-Request-Headers: content-type'"), "{out}");
    assert!(out.contains("curl -i -X PUT "), "{out}");
    assert!(out.contains("--data-raw '{\"name\":\"x\"}'"), "{out}");
    assert!(
        !out.to_ascii_lowercase().contains("sec-ch-ua") && !out.contains("User-Agent"),
        "browser-added headers left out: {out}"
    );
    assert_eq!(report::shell_quote("it's"), r#"'it'\''s'"#);
}

/// One request's commands (the panel's "Copy cURL" on a row): the commands alone, no heading; a note first when
/// redaction is off; nothing for an id that is not there.
#[test]
fn curl_of_one_request_is_its_commands_alone() {
    let e = engine("express_no_cors_put");
    let d = e.diagnoses().find(|d| d.is_failing()).expect("a failing request");
    let r = report::redactor_for(&e, RedactionPolicy::default());
    let one =
        report::render_to_string(Format::Curl, &e, &Options { selection: Selection::One(d.id), ..Options::new(&r) });
    assert_eq!(one, report::curl_for(&e, d, &r));
    assert!(one.starts_with("# Preflight ("), "{one}");
    let off = why405::redact::Redactor::disabled();
    let one =
        report::render_to_string(Format::Curl, &e, &Options { selection: Selection::One(d.id), ..Options::new(&off) });
    assert_eq!(
        one,
        format!("# Redaction is OFF: these commands contain secrets.\n\n{}", report::curl_for(&e, d, &off))
    );
    let none = report::render_to_string(
        Format::Curl,
        &e,
        &Options { selection: Selection::One(usize::MAX), ..Options::new(&off) },
    );
    assert_eq!(none, "");
}

/// The HAR export through the one entry point: the export's JSON value, compact or indented.
#[test]
fn render_writes_the_har_export_compact_or_indented() {
    for name in GOLDEN {
        let e = engine(name);
        let r = report::redactor_for(&e, RedactionPolicy::default());
        for all in [false, true] {
            let opts = Options { selection: Selection::all(all), ..Options::new(&r) };
            let har = report::har_export(&e, all, &r, &|_| None);
            let compact = Options { compact: true, ..opts };
            assert_eq!(report::render_to_string(Format::Har, &e, &compact), serde_json::to_string(&har).expect("json"));
            assert_eq!(
                report::render_to_string(Format::Har, &e, &opts),
                serde_json::to_string_pretty(&har).expect("json"),
                "{name}: har"
            );
        }
    }
}
