//! No wrong name (issue 12: "no request gets a wrong stack name; unknown is allowed"). Every captured fixture
//! comes from one lab server (`tests/lab/servers/<server>/scenarios.json` names it), and that server is one known
//! deployment: its own stack, the stacks its scenarios expect (an app behind a proxy: FastAPI behind Caddy), and
//! the HTTP servers they run in. Every diagnosis of every request of every fixture — not only the ones a scenario
//! checks — must name a stack of its own server's deployment, or none: a signature that fires on another stack's
//! responses (a lower-case `Vary: origin` taken for Django on h3's and Sanic's answers) fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use why405::engine::Engine;
use why405::har::parse_har;
use why405::stack::Stack;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every stack a scenario object (and its `before` requests) expects.
fn expected_stacks(scenario: &Value, out: &mut BTreeSet<String>) {
    let expects = std::iter::once(&scenario["expect"])
        .chain(scenario["before"].as_array().into_iter().flatten().map(|b| &b["expect"]));
    for e in expects {
        for key in ["stack", "server"] {
            if let Some(s) = e[key].as_str() {
                out.insert(s.to_string());
            }
        }
    }
}

/// Each scenario's lab server, and each server's deployment: the stacks a diagnosis of its captures may name.
fn lab() -> (BTreeMap<String, String>, BTreeMap<String, BTreeSet<String>>) {
    let mut server_of = BTreeMap::new();
    let mut allowed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let servers = root().join("tests/lab/servers");
    for dir in std::fs::read_dir(&servers).expect("tests/lab/servers").flatten() {
        let Ok(text) = std::fs::read_to_string(dir.path().join("scenarios.json")) else { continue };
        let server = dir.file_name().to_string_lossy().to_string();
        let scenarios: Value = serde_json::from_str(&text).expect("scenarios.json");
        let set = allowed.entry(server.clone()).or_default();
        set.insert(server.clone());
        for sc in scenarios.as_array().expect("a list of scenarios") {
            expected_stacks(sc, set);
            if let Some(name) = sc["name"].as_str() {
                server_of.insert(name.to_string(), server.clone());
            }
        }
    }
    (server_of, allowed)
}

/// What the deployment behind `server` legitimately shows besides its scenarios' expectations: the HTTP servers
/// the lab runs each framework in, and the upstream apps the web servers proxy to.
fn also_allowed(server: &str) -> &'static [&'static str] {
    match server {
        "flask" | "quart" => &["werkzeug", "hypercorn"],
        // FastAPI's preflights are answered by Starlette's CORSMiddleware, named when nothing FastAPI's own shows
        "fastapi" | "starlette" => &["uvicorn", "starlette"],
        "django" => &["wsgiref"],
        "pyramid" => &["waitress"],
        "rails" | "sinatra" => &["puma", "webrick"],
        // nginx, Caddy, h2o, Traffic Server proxy to the lab's FastAPI (uvicorn); the gateway to Express
        "nginx" | "caddy" | "h2o" | "trafficserver" | "varnish" | "haproxy" | "lighttpd" => {
            &["fastapi", "starlette", "uvicorn", "express"]
        }
        "gateway" => &["express"],
        _ => &[],
    }
}

fn fixture_server(name: &str, server_of: &BTreeMap<String, String>) -> Option<String> {
    server_of.get(name).or_else(|| server_of.get(name.strip_suffix("_firefox")?)).cloned()
}

fn named_stacks(dir: &Path) -> Vec<(String, String, Stack)> {
    let bytes = std::fs::read(dir.join("input.har")).expect("input.har");
    let engine = Engine::from_har(parse_har(&bytes).expect("a readable HAR"));
    engine.diagnoses().filter_map(|d| Some((d.method.to_string(), d.url.clone(), d.stack?))).collect()
}

#[test]
fn no_captured_request_names_a_stack_outside_its_servers_deployment() {
    let (server_of, allowed) = lab();
    let mut wrong = Vec::new();
    let mut checked = 0;
    let fixtures = root().join("tests/fixtures");
    for dir in std::fs::read_dir(&fixtures).expect("tests/fixtures").flatten() {
        let name = dir.file_name().to_string_lossy().to_string();
        let Some(server) = fixture_server(&name, &server_of) else { continue };
        let mut ok = allowed.get(&server).cloned().unwrap_or_default();
        ok.extend(also_allowed(&server).iter().map(|s| s.to_string()));
        for (method, url, stack) in named_stacks(&dir.path()) {
            checked += 1;
            if !ok.contains(stack.as_str()) {
                wrong.push(format!("{name}: {method} {url} names {} (lab server {server})", stack.as_str()));
            }
        }
    }
    assert!(checked > 150, "only {checked} named diagnoses checked: the fixtures were not found");
    assert!(wrong.is_empty(), "{} wrong names:\n{}", wrong.len(), wrong.join("\n"));
}
