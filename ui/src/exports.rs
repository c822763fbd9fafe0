//! The panel's exports (toolbar and detail controls): which ones exist, and
//! their text. A thin layer over the core's `report::` functions, one function
//! per export kind, so that the reducer (`state`) builds none of them and the
//! components call these. Redacted unless "Include secrets" is on; reports
//! cover the failing requests, or all of them under the "All" filter (the
//! CLI's `--all`); the JSON always holds all, like the CLI's.

use why405::engine::Engine;
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, RawEntry, Selection};

use crate::state::{Filter, RawEntries, State};

/// The exports (toolbar and detail controls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Download the Markdown report.
    Markdown,
    /// Copy the Markdown report.
    CopyMarkdown,
    /// Copy the cURL commands of one request, or of all shown ones.
    CopyCurl(Option<usize>),
    /// Download a HAR of the relevant exchanges.
    Har,
    /// Download the CLI's JSON.
    Json,
}

impl Export {
    /// File name and MIME type of a download; `None` for the clipboard.
    pub fn file(self) -> Option<(&'static str, &'static str)> {
        match self {
            Export::Markdown => Some(Format::Markdown),
            Export::Har => Some(Format::Har),
            Export::Json => Some(Format::Json),
            Export::CopyMarkdown | Export::CopyCurl(_) => None,
        }
        .map(|f| (f.file_name(), f.mime()))
    }
}

/// What an export depends on besides the engine: the panel's settings at
/// the moment of the click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Every request (the "All" filter, the CLI's `--all`), or only the failing ones.
    pub all: bool,
    /// "Include secrets": no redaction.
    pub include_secrets: bool,
}

impl Settings {
    /// The settings the state holds now.
    pub fn of(s: &State) -> Settings {
        Settings { all: s.filter == Filter::All, include_secrets: s.include_secrets }
    }
}

/// The redactor of an export: the default policy unless "Include secrets".
pub fn redactor(engine: &Engine, settings: Settings) -> Redactor {
    let policy = if settings.include_secrets { RedactionPolicy::disabled() } else { RedactionPolicy::default() };
    report::redactor_for(engine, policy)
}

/// `format` of the requests `selection` picks, redacted as `settings` say;
/// `har_raw` and `compact` only matter to the HAR.
fn render(
    engine: &Engine,
    settings: Settings,
    format: Format,
    selection: Selection,
    har_raw: Option<RawEntry>,
) -> String {
    let r = redactor(engine, settings);
    let opts = Options { selection, compact: true, raw: har_raw, ..Options::new(&r) };
    report::render_to_string(format, engine, &opts)
}

/// The CLI's JSON contract for everything captured
/// (`why405 diagnose --format json`; always all requests, like the CLI).
pub fn json(engine: &Engine, settings: Settings) -> String {
    render(engine, settings, Format::Json, Selection::All, None)
}

/// The Markdown report (download and copy alike).
pub fn markdown(engine: &Engine, settings: Settings) -> String {
    render(engine, settings, Format::Markdown, Selection::all(settings.all), None)
}

/// The cURL commands of every request the report covers.
pub fn curl_all(engine: &Engine, settings: Settings) -> String {
    render(engine, settings, Format::Curl, Selection::all(settings.all), None)
}

/// The cURL commands of one request (diagnosis `id`; empty when unknown),
/// headed by a warning when redaction is off.
pub fn curl_one(engine: &Engine, settings: Settings, id: usize) -> String {
    render(engine, settings, Format::Curl, Selection::One(id), None)
}

/// The HAR export (compact JSON: the page indents it with `JSON.stringify`,
/// which keeps a second, pretty serializer out of the wasm); `raw(i)` is
/// engine entry `i`'s original JSON when the caller has it, else the entry is
/// rebuilt from the model.
pub fn har(engine: &Engine, settings: Settings, raw: RawEntry) -> String {
    render(engine, settings, Format::Har, Selection::all(settings.all), Some(raw))
}

/// The HAR export of the state, with the entries' original JSON when it is
/// kept as text (the live capture).
pub fn har_of(s: &State) -> String {
    har(&s.engine, Settings::of(s), &|i| match &s.raw {
        RawEntries::Text(v) => v.get(i).and_then(|t| serde_json::from_str(t).ok()),
        _ => None,
    })
}

/// The engine entries a HAR export holds, with their byte ranges in the
/// loaded file when it was read in chunks (to be read back whole, then given
/// to [`har`]); empty otherwise.
pub fn har_ranges(s: &State) -> Vec<(usize, (u64, u64))> {
    let RawEntries::Ranges(ranges) = &s.raw else { return Vec::new() };
    let chosen = Selection::all(Settings::of(s).all).diagnoses(&s.engine);
    report::export_entries(&s.engine, &chosen).into_iter().filter_map(|i| Some((i, *ranges.get(i)?))).collect()
}

/// An export of the state as text, with the state's settings (the HAR with
/// entries rebuilt from the live capture's text, see [`har_of`]).
pub fn text(s: &State, what: Export) -> String {
    let (engine, settings) = (&s.engine, Settings::of(s));
    match what {
        Export::Json => json(engine, settings),
        Export::Markdown | Export::CopyMarkdown => markdown(engine, settings),
        Export::CopyCurl(None) => curl_all(engine, settings),
        Export::CopyCurl(Some(id)) => curl_one(engine, settings, id),
        Export::Har => har_of(s),
    }
}

/// Secrets of every kind planted into captured HARs, shared with the core's redaction tests.
#[cfg(test)]
#[path = "../../tests/support/planted.rs"]
mod planted;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Mode};
    use serde_json::Value;

    fn junk(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{{\"broken\": {i}")).collect()
    }

    fn json_of(s: &State) -> Value {
        serde_json::from_str(&text(s, Export::Json)).unwrap()
    }

    #[test]
    fn export_is_the_cli_json_contract() {
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(junk(1)));
        let v = json_of(&s);
        assert!(v["diagnoses"].is_array());
        assert_eq!(v["warnings"].as_array().unwrap().len(), 1);
        assert!(v["warnings"][0]["location"].is_string());
        assert!(v["warnings"][0]["message"].is_string());
    }

    #[test]
    fn downloads_have_a_file_name_and_copies_none() {
        assert_eq!(Export::Markdown.file(), Some(("why405-report.md", "text/markdown")));
        assert_eq!(Export::Har.file().map(|f| f.0), Some("why405-export.har"));
        assert_eq!(Export::Json.file().map(|f| f.0), Some("why405.json"));
        assert_eq!(Export::CopyMarkdown.file(), None);
        assert_eq!(Export::CopyCurl(None).file(), None);
    }

    #[test]
    fn an_unknown_request_has_no_curl() {
        let s = State::new(Mode::Live);
        assert_eq!(text(&s, Export::CopyCurl(Some(7))), "");
        assert!(har_ranges(&s).is_empty(), "no ranges without a chunked load");
    }

    const API: &str = "http://127.0.0.1:9001/api/items/1";

    fn entry(method: &str, url: &str, status: u16, extra_req: &str, resource: &str) -> String {
        format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00.000Z","time":1,"_resourceType":"{resource}",
            "request":{{"method":"{method}","url":"{url}","httpVersion":"HTTP/1.1","headers":[{{"name":"Origin","value":"http://127.0.0.1:9000"}}{extra_req}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},
            "response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{{"name":"Allow","value":"GET, HEAD"}}],"cookies":[],"content":{{"size":0,"mimeType":"text/plain"}},"redirectURL":"","headersSize":-1,"bodySize":0}},
            "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
        )
    }

    fn refused_put(url: &str) -> Vec<String> {
        vec![
            entry("OPTIONS", url, 405, r#",{"name":"Access-Control-Request-Method","value":"PUT"}"#, "preflight"),
            entry("PUT", url, 0, "", "fetch"),
        ]
    }

    #[cfg(feature = "file")]
    #[test]
    fn live_entries_one_by_one_equal_the_file_at_once() {
        let mut entries = refused_put(API);
        entries.extend(refused_put("http://127.0.0.1:9001/api/other"));
        entries.push("{not json".into());
        let mut live = State::new(Mode::Live);
        for e in &entries {
            live.apply(Action::Entries(vec![e.clone()]));
        }
        let har = format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"t","version":"1"}},"entries":[{}]}}}}"#,
            entries[..4].join(",")
        );
        let mut file = State::new(Mode::File);
        file.apply(Action::LoadHar { name: "t.har".into(), bytes: har.into_bytes() });
        let (a, b) = (json_of(&live), json_of(&file));
        assert_eq!(a["diagnoses"], b["diagnoses"]);
        assert_eq!(a["warnings"].as_array().unwrap().len(), 1, "the bad entry is a warning");
    }

    #[test]
    fn the_live_har_export_keeps_the_captured_entries() {
        let mut s = State::new(Mode::Live);
        s.apply(Action::Entries(refused_put(API)));
        let v: Value = serde_json::from_str(&text(&s, Export::Har)).unwrap();
        assert_eq!(v["log"]["version"], "1.2");
        let entries = v["log"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2, "{v}");
        assert_eq!(entries[0]["_resourceType"], "preflight", "the original JSON, not a rebuild");
    }

    const SECRETS_FIXTURE: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/express_secrets_bearer_put_preflight/input.har");
    const PLANTED: &[&str] = &[
        "ak_live_9f8e7d6c5b4a3f2e1d0c",
        "csrf_Zx8Yw7Vu6Ts5Rq4Po3",
        "Pa55w0rd!Lab#2026",
        "tok_body_Hq3Jk5Lm7Np9",
        "cs_N3st3dS3cr3tV4lu3xyz",
        "Zm9yZ2VkLXNpZ25hdHVyZS1ub3QtYS1yZWFsLWtleS0xMjM",
    ];

    #[cfg(feature = "file")]
    fn secrets_state() -> State {
        let mut s = State::new(Mode::File);
        s.apply(Action::LoadHar { name: "s.har".into(), bytes: std::fs::read(SECRETS_FIXTURE).unwrap() });
        assert!(s.load_error.is_none(), "{:?}", s.load_error);
        assert!(s.failing_count > 0);
        s
    }

    #[cfg(feature = "file")]
    fn all_exports(s: &State) -> Vec<(Export, String)> {
        let id = s.visible[0];
        [Export::Json, Export::Markdown, Export::CopyCurl(None), Export::CopyCurl(Some(id)), Export::Har]
            .into_iter()
            .map(|e| (e, text(s, e)))
            .collect()
    }

    #[cfg(feature = "file")]
    #[test]
    fn every_export_is_redacted_by_default_and_include_secrets_turns_it_off() {
        let mut s = secrets_state();
        assert!(!s.include_secrets, "off by default");
        for (e, text) in all_exports(&s) {
            assert!(text.len() > 50, "{e:?}: {text}");
            for p in PLANTED {
                assert!(!text.contains(p), "{e:?} leaks {p}:\n{text}");
            }
        }
        assert!(s.apply(Action::SetIncludeSecrets(true)));
        let md = text(&s, Export::Markdown);
        assert!(md.contains("ak_live_9f8e7d6c5b4a3f2e1d0c"), "{md}");
        assert!(md.contains("**off**"));
        assert!(text(&s, Export::CopyCurl(Some(s.visible[0]))).starts_with("# Redaction is OFF"));
    }

    #[cfg(feature = "file")]
    #[test]
    fn the_same_diagnosis_with_and_without_redaction() {
        let mut s = secrets_state();
        let strip = |v: Value| {
            v["diagnoses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| (d["cause"].clone(), d["status"].clone(), d["method"].clone(), d["cors_error"].clone()))
                .collect::<Vec<_>>()
        };
        let a = strip(json_of(&s));
        s.apply(Action::SetIncludeSecrets(true));
        let b = strip(json_of(&s));
        assert_eq!(a, b);
    }

    #[cfg(feature = "file")]
    #[test]
    fn a_chunked_load_equals_a_whole_load_and_keeps_raw_ranges() {
        let bytes = std::fs::read(SECRETS_FIXTURE).unwrap();
        let whole = secrets_state();
        let mut l = crate::loader::Loader::new();
        for c in bytes.chunks(777) {
            l.push(c);
        }
        let mut loaded = l.finish().expect("fixture readable");
        while loaded.diagnose_some(5) {}
        assert!(loaded.ranges.is_some());
        let mut s = State::new(Mode::File);
        s.apply(Action::LoadStart { name: "s.har".into(), total: bytes.len() as u64 });
        assert!(s.loading.is_some());
        s.apply(Action::LoadDone { name: "s.har".into(), result: Ok(Box::new(loaded)) });
        assert!(s.loading.is_none());
        assert_eq!(text(&s, Export::Json), text(&whole, Export::Json));
        let picked = har_ranges(&s);
        assert!(!picked.is_empty());
        let raw = |i: usize| {
            picked
                .iter()
                .find(|(k, _)| *k == i)
                .and_then(|(_, (a, b))| serde_json::from_slice(&bytes[*a as usize..*b as usize]).ok())
        };
        let har = har(&s.engine, Settings::of(&s), &raw);
        for p in PLANTED {
            assert!(!har.contains(p), "HAR export leaks {p}");
        }
        let v: Value = serde_json::from_str(&har).unwrap();
        assert_eq!(v["log"]["version"], "1.2");
    }
    use super::planted;

    /// Every export of `s` under both filters: (what, text).
    fn exports_both_filters(s: &mut State) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for filter in [Filter::Failing, Filter::All] {
            s.apply(Action::SetFilter(filter));
            let mut kinds =
                vec![Export::Json, Export::Markdown, Export::CopyMarkdown, Export::CopyCurl(None), Export::Har];
            kinds.extend(s.visible.iter().map(|&id| Export::CopyCurl(Some(id))));
            for e in kinds {
                out.push((format!("{filter:?} {e:?}"), text(s, e)));
            }
        }
        out
    }

    /// The page (a HAR file loaded) and the panel (entries pushed one at a time, as captured): secrets of every
    /// kind planted into a captured HAR are in none of their exports (Markdown download and copy, cURL copy of
    /// all and of each request, HAR, JSON), raw, percent-encoded or base64.
    #[cfg(feature = "file")]
    #[test]
    fn no_planted_secret_in_any_export_of_the_page_or_the_panel() {
        let mut errors = Vec::new();
        for fixture in ["express_no_cors_put", "koa_router_405_put"] {
            let bytes = planted::planted_har(fixture);
            let mut page = State::new(Mode::File);
            page.apply(Action::LoadHar { name: "planted.har".into(), bytes: bytes.clone() });
            assert!(page.load_error.is_none(), "{:?}", page.load_error);
            let mut panel = State::new(Mode::Live);
            let har: Value = serde_json::from_slice(&bytes).unwrap();
            for e in har["log"]["entries"].as_array().unwrap() {
                panel.apply(Action::Entries(vec![e.to_string()]));
            }
            for (surface, s) in [("page", &mut page), ("panel", &mut panel)] {
                assert!(s.failing_count > 0, "{fixture} {surface}");
                let exports = exports_both_filters(s);
                let all: String = exports.iter().map(|(_, t)| t.as_str()).collect();
                assert!(all.len() > 5000, "{fixture} {surface}: exports are there");
                for (what, t) in &exports {
                    for leak in planted::leaks(t) {
                        errors.push(format!("{fixture} {surface} {what}: {leak}"));
                    }
                }
                // with "Include secrets" they are there: the check above can fail
                s.apply(Action::SetIncludeSecrets(true));
                let open: String = exports_both_filters(s).into_iter().map(|(_, t)| t).collect();
                assert!(planted::leaks(&open).len() > 30, "{fixture} {surface}: secrets included");
                s.apply(Action::SetIncludeSecrets(false));
            }
        }
        assert!(errors.is_empty(), "{} leaks:\n{}", errors.len(), errors.join("\n"));
    }
}
