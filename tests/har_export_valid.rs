//! `why405 diagnose --format har` writes valid HAR 1.2 whatever came in (issue 11). Every captured fixture HAR,
//! and each of them reshaped as other exporters write HARs (Firefox's empty `timings`, mitmproxy's missing
//! `content.size`, no `httpVersion` / `cookies` / sizes, `pageref`s to pages that do not exist, odd values a hand
//! edit leaves: numbers as header values, a cookie expiry that is no date, white space in a URL, a bare IPv6
//! address, a start time with a space), is exported failing-only and `--all`, redacted and not, and every export
//! is checked:
//! * here, against the HAR 1.2 schema's required fields and types (the `har-schema` package's rules), always;
//! * and by the npm package har-validator (`tests/lab/validate-har.js`), when the lab's node modules are installed
//!   (`./build.sh test` installs them and sets WHY405_REQUIRE_HAR_VALIDATOR=1, which makes them required).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<(String, Value)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures"))
        .expect("fixtures")
        .map(|d| d.expect("dir").path())
        .filter(|p| p.join("input.har").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() > 10);
    dirs.iter()
        .map(|d| {
            let name = d.file_name().expect("name").to_string_lossy().into_owned();
            (name, serde_json::from_slice(&std::fs::read(d.join("input.har")).expect("read")).expect("json"))
        })
        .collect()
}

fn entries(har: &mut Value) -> &mut Vec<Value> {
    har["log"]["entries"].as_array_mut().expect("entries")
}

/// The exporters' shapes, applied to a captured HAR.
fn reshape(kind: &str, mut har: Value) -> Value {
    for (i, e) in entries(&mut har).iter_mut().enumerate() {
        let o = e.as_object_mut().expect("entry");
        match kind {
            // Firefox: a request without a response has `timings: {}`; no Chrome extensions
            "firefox" => {
                o.insert("timings".into(), json!({}));
                o.retain(|k, _| !k.starts_with("_resource") && k != "_initiator");
                e["response"]["httpVersion"] = json!("");
            }
            // mitmproxy and friends: no content.size, no cookies, no sizes, no httpVersion
            "mitmproxy" => {
                for side in ["request", "response"] {
                    let s = e[side].as_object_mut().expect(side);
                    for k in ["cookies", "headersSize", "bodySize", "httpVersion"] {
                        s.remove(k);
                    }
                }
                e["request"].as_object_mut().expect("request").remove("queryString");
                e["response"]["content"].as_object_mut().expect("content").remove("size");
                e.as_object_mut().expect("entry").remove("cache");
            }
            // pages that do not exist, and a page list with a broken page
            "pagerefs" => {
                o.insert("pageref".into(), json!(format!("page_{}", 90 + i % 3)));
            }
            // what a hand edit or a careless tool leaves
            "odd" => {
                o.insert("startedDateTime".into(), json!("2026-11-30 10:00:00"));
                o.insert("serverIPAddress".into(), json!(if i % 2 == 0 { "[::1]" } else { "" }));
                o.insert("timings".into(), json!({"send": 0, "wait": "12", "receive": 0, "ssl": null}));
                o.insert("cache".into(), json!({"beforeRequest": {"eTag": 1}, "afterRequest": null}));
                let url = e["request"]["url"].as_str().unwrap_or_default().to_string();
                e["request"]["url"] =
                    json!(format!("{url}{}note=a b&token=tok en{i}", if url.contains('?') { '&' } else { '?' }));
                if let Some(hs) = e["request"]["headers"].as_array_mut() {
                    hs.push(json!({"name": "X-Count", "value": 3}));
                    hs.push(json!({"name": "Authorization", "value": format!("Bearer sk_live_{i}abcdefghijklmnop")}));
                }
                e["request"]["cookies"] = json!([{"name": "sid", "value": format!("s{i}secretvalue"), "expires": "someday", "httpOnly": "yes"}]);
                e["response"]["content"]["compression"] = json!("none");
            }
            _ => unreachable!("{kind}"),
        }
    }
    if kind == "pagerefs" {
        har["log"]["pages"] = json!([{"id": "page_90", "startedDateTime": "2026-11-30T10:00:00.000Z", "title": 3}]);
    }
    har
}

/// The HAR 1.2 schema (har-schema 2.0) as far as JSON types and required fields go, plus the `uri` and
/// `date-time` formats ajv checks: every violation, by path.
fn violations(har: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let mut need = |ok: bool, path: String| {
        if !ok {
            bad.push(path);
        }
    };
    let is_int = |v: &Value| v.is_i64() || v.is_u64();
    let date = |v: &Value| {
        v.as_str().is_some_and(|s| {
            let b = s.as_bytes();
            b.len() >= 20 && b[4] == b'-' && b[10] == b'T' && (s.ends_with('Z') || s[19..].contains(['+', '-']))
        })
    };
    let log = &har["log"];
    need(log["version"].is_string() && log["creator"]["name"].is_string(), "log".into());
    for (i, p) in log["pages"].as_array().into_iter().flatten().enumerate() {
        need(date(&p["startedDateTime"]) && p["id"].is_string() && p["title"].is_string(), format!("pages[{i}]"));
        need(p["pageTimings"].is_object(), format!("pages[{i}].pageTimings"));
    }
    let pairs =
        |v: &Value| v.as_array().is_some_and(|a| a.iter().all(|p| p["name"].is_string() && p["value"].is_string()));
    for (i, e) in log["entries"].as_array().expect("entries").iter().enumerate() {
        let at = |f: &str| format!("entries[{i}].{f}");
        need(date(&e["startedDateTime"]), at("startedDateTime"));
        need(e["time"].is_number() && e["cache"].is_object(), at("time/cache"));
        for k in ["beforeRequest", "afterRequest"] {
            let c = &e["cache"][k];
            need(
                c.is_null() || (c["eTag"].is_string() && is_int(&c["hitCount"]) && c["lastAccess"].is_string()),
                at(k),
            );
        }
        let t = &e["timings"];
        need(["send", "wait", "receive"].iter().all(|k| t[k].is_number()), at("timings"));
        need(["blocked", "dns", "connect", "ssl"].iter().all(|k| t[k].is_null() || t[k].is_number()), at("timings"));
        if let Some(ip) = e.get("serverIPAddress") {
            need(ip.as_str().is_some_and(|s| s.parse::<std::net::IpAddr>().is_ok()), at("serverIPAddress"));
        }
        need(e.get("pageref").is_none_or(Value::is_string), at("pageref"));
        let (q, r) = (&e["request"], &e["response"]);
        need(q["method"].is_string() && q["httpVersion"].is_string(), at("request"));
        let url = q["url"].as_str().unwrap_or("");
        let scheme = url.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        need(scheme && !url.chars().any(char::is_whitespace), at(&format!("request.url {url}")));
        need(pairs(&q["cookies"]) && pairs(&q["headers"]) && pairs(&q["queryString"]), at("request lists"));
        need(is_int(&q["headersSize"]) && is_int(&q["bodySize"]), at("request sizes"));
        if let Some(p) = q.get("postData") {
            need(p["mimeType"].is_string() && (p["text"].is_null() || p["text"].is_string()), at("postData"));
        }
        need(is_int(&r["status"]) && r["statusText"].is_string() && r["httpVersion"].is_string(), at("response"));
        need(pairs(&r["cookies"]) && pairs(&r["headers"]), at("response lists"));
        need(is_int(&r["headersSize"]) && is_int(&r["bodySize"]) && r["redirectURL"].is_string(), at("response sizes"));
        let c = &r["content"];
        need(is_int(&c["size"]) && c["mimeType"].is_string(), at("content"));
        need(c.get("compression").is_none_or(is_int), at("content.compression"));
        for cookie in q["cookies"].as_array().into_iter().chain(r["cookies"].as_array()).flatten() {
            let ex = &cookie["expires"];
            need(ex.is_null() || date(ex), at("cookie expires"));
            need(cookie.get("httpOnly").is_none_or(Value::is_boolean), at("cookie httpOnly"));
        }
    }
    bad
}

fn export(file: &Path, all: bool, secrets: bool) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_why405"));
    cmd.arg("diagnose").arg(file).args(["--format", "har"]);
    if all {
        cmd.arg("--all");
    }
    if secrets {
        cmd.arg("--include-secrets");
    }
    let out = cmd.output().expect("run why405");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// har-validator, when the lab's node modules are there (required under ./build.sh test).
fn har_validator(files: &[PathBuf]) -> Option<String> {
    let installed = root().join("tests/lab/node_modules/har-validator").is_dir();
    if !installed {
        assert!(
            std::env::var_os("WHY405_REQUIRE_HAR_VALIDATOR").is_none(),
            "har-validator is not installed in tests/lab/node_modules (npm ci there)"
        );
        eprintln!("har-validator not installed (tests/lab: npm ci): checked against the schema's rules here only");
        return None;
    }
    let out = Command::new("node")
        .arg(root().join("tests/lab/validate-har.js"))
        .args(files)
        .output()
        .expect("node tests/lab/validate-har.js");
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn every_export_of_every_exporters_har_is_valid_har_1_2() {
    let dir = std::env::temp_dir().join(format!("why405-har-valid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let mut outputs = Vec::new();
    let mut bad = Vec::new();
    for (name, har) in fixtures() {
        for kind in ["captured", "firefox", "mitmproxy", "pagerefs", "odd"] {
            let input = if kind == "captured" { har.clone() } else { reshape(kind, har.clone()) };
            let src = dir.join(format!("{name}.{kind}.har"));
            std::fs::write(&src, serde_json::to_vec(&input).expect("json")).expect("write");
            for (all, secrets) in [(false, false), (true, false), (false, true), (true, true)] {
                let out = export(&src, all, secrets);
                let doc: Value = serde_json::from_str(&out).expect("the export is JSON");
                let tag =
                    format!("{name}.{kind}{}{}", if all { ".all" } else { "" }, if secrets { ".secrets" } else { "" });
                for v in violations(&doc) {
                    bad.push(format!("{tag}: {v}"));
                }
                let file = dir.join(format!("{tag}.export.har"));
                std::fs::write(&file, out).expect("write");
                outputs.push(file);
            }
        }
    }
    assert!(bad.is_empty(), "{} violations of HAR 1.2, e.g.:\n{}", bad.len(), bad[..bad.len().min(30)].join("\n"));
    if let Some(report) = har_validator(&outputs) {
        assert!(report.trim().is_empty(), "har-validator rejects exports:\n{}", &report[..report.len().min(4000)]);
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// The CLI's export reads each entry back from the file by its byte range (the file is not held); from standard
/// input it keeps the bytes. Either way a body longer than the model keeps (`BODY_KEEP`) is exported whole, the
/// two exports are the same, and a file with a BOM and CRLF line ends reads the same.
#[test]
fn the_export_reads_entries_back_whole_from_a_file_and_from_standard_input() {
    use std::io::Write;
    let (_, mut har) = fixtures().into_iter().find(|(n, _)| n == "express_cors_get_then_put").expect("fixture");
    let body = format!("Cannot PUT /api/items/1 {}", "x".repeat(200_000));
    entries(&mut har)[2]["response"]["content"]["text"] = json!(body);
    let pretty = serde_json::to_string_pretty(&har).expect("json").replace('\n', "\r\n");
    let dir = std::env::temp_dir().join(format!("why405-har-spans-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("in.har");
    std::fs::write(&file, [b"\xEF\xBB\xBF".as_slice(), pretty.as_bytes()].concat()).expect("write");
    let from_file = export(&file, true, false);
    let mut child = Command::new(env!("CARGO_BIN_EXE_why405"))
        .args(["diagnose", "-", "--format", "har", "--all"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(&std::fs::read(&file).expect("read")).expect("write");
    let from_stdin = String::from_utf8(child.wait_with_output().expect("wait").stdout).expect("utf-8");
    assert!(from_file.contains(&body), "the body is cut in the export of a file");
    assert_eq!(from_file, from_stdin);
    std::fs::remove_dir_all(&dir).ok();
}
