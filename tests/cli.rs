//! The `why405` command line, run as a user runs it: usage errors exit 2, every subcommand has its `--help`,
//! completions come out for each shell, a bad `--format` lists the formats, unreadable input is named, and the
//! exit status says whether a problem was found.

use std::process::{Command, Output};

fn why405(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_why405")).args(args).env("NO_COLOR", "1").output().expect("run why405")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}/input.har", env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["frobnicate"],
        &["diagnose"],
        &["diagnose", "a.har", "--bogus"],
        &["diagnose", "a.har", "b.har"],
        &["diagnose", "a.har", "--format"],
        &["diagnose", "a.har", "--color", "sometimes"],
        &["completions"],
        &["completions", "tcsh"],
    ] {
        let o = why405(args);
        assert_eq!(o.status.code(), Some(2), "why405 {args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty(), "why405 {args:?} says nothing on standard error");
    }
}

#[test]
fn every_subcommand_has_its_help() {
    for (args, expect) in [
        (&["--help"][..], "diagnose"),
        (&["help"], "completions"),
        (&["diagnose", "--help"], "--include-secrets"),
        (&["diagnose", "-h"], "--format"),
        (&["help", "diagnose"], "--all"),
        (&["completions", "--help"], "fish"),
    ] {
        let o = why405(args);
        assert_eq!(o.status.code(), Some(0), "why405 {args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains(expect), "why405 {args:?} does not mention {expect}:\n{}", stdout(&o));
    }
    let o = why405(&["diagnose", "--help"]);
    for f in ["text", "json", "markdown", "curl", "har"] {
        assert!(stdout(&o).contains(f), "diagnose --help does not name the {f} format");
    }
    let o = why405(&["--version"]);
    assert_eq!(stdout(&o), format!("why405 {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = why405(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "completions {shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains("why405") && script.contains("diagnose"), "completions {shell}:\n{script}");
        assert!(script.contains("include-secrets"), "completions {shell} lack diagnose's flags");
    }
}

#[test]
fn a_bad_format_lists_the_formats() {
    let o = why405(&["diagnose", &fixture("express_cors_get_ok"), "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown format 'xml' (text, json, markdown, curl, har)"), "stderr: {}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn unreadable_input_is_named_and_exits_2() {
    let o = why405(&["diagnose", "/nonexistent/x.har"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("why405: cannot read /nonexistent/x.har: "), "{}", stderr(&o));
    let o = why405(&["diagnose", "/nonexistent/x.har", "--format", "har"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("why405: cannot read /nonexistent/x.har: "), "{}", stderr(&o));
    let dir = std::env::temp_dir().join(format!("why405-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.har");
    std::fs::write(&bad, "{\"log\": ").expect("write");
    let o = why405(&["diagnose", bad.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a readable HAR: "), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_status_says_whether_a_problem_was_found() {
    let o = why405(&["diagnose", &fixture("express_cors_get_ok"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = why405(&["diagnose", &fixture("express_no_cors_put"), "--format=md", "-a", "--color", "never"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("# why405: "), "{}", stdout(&o));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    let bytes = std::fs::read(fixture("express_no_cors_put")).expect("fixture");
    let mut child = Command::new(env!("CARGO_BIN_EXE_why405"))
        .args(["diagnose", "-", "--format", "curl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run why405");
    child.stdin.take().expect("stdin").write_all(&bytes).expect("write");
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("curl -i -X OPTIONS"), "{}", stdout(&o));
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let file = fixture("express_no_cors_put");
    let o = why405(&["diagnose", &file, "--color", "always"]);
    assert!(stdout(&o).contains("\x1b["), "--color always colours");
    // not a terminal (and NO_COLOR set): auto means no colour
    let o = why405(&["diagnose", &file]);
    assert!(!stdout(&o).contains("\x1b["), "auto without a terminal does not colour");
}

/// Traffic that CORS does not govern raises no alarm (issue 12): a no-cors fetch, a beacon, a CSP report, an
/// iframe (each in Chromium's HAR, and the first two in Firefox's) exit 0; a form post refused with 405 is a real
/// refusal and exits 1, as does the CORS failure beside a WebSocket handshake.
#[test]
fn traffic_outside_cors_raises_no_alarm() {
    for name in [
        "express_nocors_fetch_post",
        "express_nocors_fetch_post_firefox",
        "express_beacon_post",
        "express_beacon_post_firefox",
        "express_csp_report",
        "express_iframe_get",
    ] {
        let o = why405(&["diagnose", &fixture(name)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stdout(&o));
    }
    for name in ["nginx_form_post_static_405", "koa_form_post_405", "express_websocket_hmr_then_no_cors_put"] {
        let o = why405(&["diagnose", &fixture(name)]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
    }
}

/// The CLI keeps less of each entry than the library does (it drops what no diagnosis reads and its report does
/// not show, to bound its memory): its reports must still be the library's, byte for byte, on every captured
/// fixture, so that the CLI, the panel and the page never disagree.
#[test]
fn the_cli_reports_what_the_library_reports() {
    use why405::engine::Engine;
    use why405::redact::RedactionPolicy;
    use why405::report::{self, Format, Options, Selection};

    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|d| d.ok()?.file_name().into_string().ok())
        .filter(|n| std::path::Path::new(&fixture(n)).is_file())
        .collect();
    names.sort();
    assert!(names.len() > 10, "fixtures found: {}", names.len());
    for name in &names {
        let bytes = std::fs::read(fixture(name)).expect("fixture");
        let engine = Engine::from_har(why405::har::parse_har(&bytes).expect("readable"));
        let r = report::redactor_for(&engine, RedactionPolicy::default());
        for (format, all) in [("json", false), ("text", false), ("text", true), ("markdown", false), ("markdown", true)]
        {
            let f: Format = format.parse().expect("format");
            let selection = Selection::all(all);
            let want = report::render_to_string(f, &engine, &Options { selection, ..Options::new(&r) });
            let mut args = vec!["diagnose", fixture(name).leak() as &str, "--format", format];
            if all {
                args.push("--all");
            }
            let o = why405(&args);
            // (the CLI ends its output with a line break)
            assert_eq!(
                stdout(&o).trim_end(),
                want.trim_end(),
                "{name}: why405 {args:?} differs from the library's report"
            );
        }
    }
}
