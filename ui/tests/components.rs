//! Component tests in a real browser (wasm-bindgen-test, headless Chromium
//! through chromedriver): `./build.sh test-extension` runs them.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};
use why405_ui::probe::ProbeAction;
use why405_ui::state::{Action, Mode, Theme};
use why405_ui::ui::{App, AppProps, Host, Msg};

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = "http://127.0.0.1:9001/api/items/1";

fn preflight(url: &str, status: u16) -> String {
    format!(
        r#"{{"startedDateTime":"2026-01-01T00:00:00.000Z","time":3,"_resourceType":"preflight",
        "_initiator":{{"type":"preflight","url":"{url}","requestId":"1"}},
        "request":{{"method":"OPTIONS","url":"{url}","httpVersion":"HTTP/1.1","headers":[
          {{"name":"Origin","value":"http://127.0.0.1:9000"}},
          {{"name":"Access-Control-Request-Method","value":"PUT"}},
          {{"name":"Access-Control-Request-Headers","value":"content-type"}}],
          "queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},
        "response":{{"status":{status},"statusText":"Method Not Allowed","httpVersion":"HTTP/1.1","headers":[
          {{"name":"Allow","value":"GET, HEAD"}},{{"name":"Content-Type","value":"text/plain"}}],
          "cookies":[],"content":{{"size":0,"mimeType":"text/plain"}},"redirectURL":"","headersSize":-1,"bodySize":0}},
        "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
    )
}

fn blocked_put(url: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2026-01-01T00:00:00.001Z","time":5,"_resourceType":"fetch",
        "_initiator":{{"type":"script","stack":{{"callFrames":[{{"functionName":"save","url":"http://127.0.0.1:9000/app.js","lineNumber":41,"columnNumber":9}}]}}}},
        "request":{{"method":"PUT","url":"{url}","httpVersion":"HTTP/1.1","headers":[
          {{"name":"Origin","value":"http://127.0.0.1:9000"}},{{"name":"Content-Type","value":"application/json"}}],
          "queryString":[],"cookies":[],"headersSize":-1,"bodySize":2,"postData":{{"mimeType":"application/json","text":"{{}}"}}}},
        "response":{{"status":0,"statusText":"","httpVersion":"","headers":[],"cookies":[],
          "content":{{"size":0,"mimeType":"x-unknown"}},"redirectURL":"","headersSize":-1,"bodySize":-1,"_error":"net::ERR_FAILED"}},
        "cache":{{}},"timings":{{"send":0,"wait":0,"receive":0}}}}"#
    )
}

fn ok_get(url: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2026-01-01T00:00:01.000Z","time":2,"_resourceType":"fetch",
        "request":{{"method":"GET","url":"{url}","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},
        "response":{{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[{{"name":"Content-Type","value":"application/json"}}],
          "cookies":[],"content":{{"size":2,"mimeType":"application/json","text":"{{}}"}},"redirectURL":"","headersSize":-1,"bodySize":2}},
        "cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
    )
}

struct Mounted {
    root: Element,
    app: yew::AppHandle<App>,
}

impl Mounted {
    fn new(mode: Mode, theme: Theme) -> Self {
        Self::with_host(mode, theme, Host::default())
    }
    fn with_host(mode: Mode, theme: Theme, host: Host) -> Self {
        let document = gloo_document();
        if document.get_element_by_id("why405-css").is_none() {
            let style = document.create_element("style").unwrap();
            style.set_id("why405-css");
            style.set_text_content(Some(include_str!("../../extension/src/panel.css")));
            document.head().unwrap().append_child(&style).unwrap();
        }
        let root = document.create_element("div").unwrap();
        root.set_attribute("style", "height: 400px").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        let app = yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { mode, host, theme }).render();
        Mounted { root, app }
    }
    async fn send(&self, a: Action) {
        self.app.send_message(Msg::Act(a));
        settle().await;
    }
    fn all(&self, sel: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(sel).unwrap();
        (0..list.length()).filter_map(|i| list.get(i)?.dyn_into::<Element>().ok()).collect()
    }
    fn one(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).unwrap()
    }
    fn text(&self, sel: &str) -> String {
        self.one(sel).and_then(|e| e.text_content()).unwrap_or_default()
    }
    async fn click(&self, sel: &str) {
        self.one(sel).unwrap_or_else(|| panic!("no {sel}")).dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
    }
    async fn key(&self, sel: &str, key: &str) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        self.one(sel).unwrap_or_else(|| panic!("no {sel}")).dispatch_event(&ev).unwrap();
        settle().await;
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets Yew's scheduler run and the DOM update.
async fn settle() {
    for _ in 0..3 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_refused_preflight_is_one_row_with_the_real_status_and_a_cause() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec![preflight(API, 405), blocked_put(API)])).await;
    let rows = m.all(".row");
    assert_eq!(rows.len(), 1, "{}", m.root.inner_html());
    assert_eq!(m.text(".row [data-field=method]"), "PUT");
    assert!(m.text(".row [data-field=status]").contains("405"), "{}", m.text(".row [data-field=status]"));
    assert_eq!(m.text(".row [data-field=path]"), "/api/items/1");
    assert_eq!(rows[0].get_attribute("data-cause").as_deref(), Some("cors_preflight"));
    assert!(!m.text(".row .badge").is_empty());
}

#[wasm_bindgen_test]
async fn failing_by_default_and_a_filter_for_all() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec![preflight(API, 405), blocked_put(API), ok_get("http://127.0.0.1:9001/api/ok")])).await;
    assert_eq!(m.all(".row").len(), 1);
    m.click("[data-action=filter-all]").await;
    assert_eq!(m.all(".row").len(), 2);
    assert_eq!(m.one("[data-action=filter-all]").unwrap().get_attribute("aria-pressed").as_deref(), Some("true"));
    m.click("[data-action=filter-failing]").await;
    assert_eq!(m.all(".row").len(), 1);
}

#[wasm_bindgen_test]
async fn keyboard_opens_and_closes_the_detail_with_timeline_and_initiator() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec![preflight(API, 405), blocked_put(API)])).await;
    m.key(".list", "ArrowDown").await;
    assert!(m.one(".row.focused").is_some());
    m.key(".list", "Enter").await;
    assert!(m.one(".detail").is_some(), "Enter opens the detail");
    assert!(m.text(".detail [data-field=summary]").len() > 10);
    // preflight request → response → request → response
    let steps: Vec<String> = m.all(".timeline .step").iter().filter_map(|s| s.get_attribute("data-step")).collect();
    assert_eq!(steps, ["preflightrequest", "preflightresponse", "request", "response"]);
    assert!(m.one(".step.decisive").is_some(), "the deciding response is marked");
    assert!(!m.all("tr.decisive").is_empty(), "decisive headers are highlighted");
    assert!(m.text(".initiator").contains("app.js:42"), "{}", m.text(".initiator"));
    m.key(".list", "Escape").await;
    assert!(m.one(".detail").is_none(), "Escape closes the detail");
}

#[wasm_bindgen_test]
async fn an_orphan_preflight_shows_the_request_as_inferred() {
    // Firefox leaves the blocked request out of the HAR.
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec![preflight(API, 405)])).await;
    assert_eq!(m.text(".row [data-field=method]"), "PUT");
    m.click(".row").await;
    assert!(m.one(".step.inferred[data-step=request]").is_some(), "{}", m.text(".timeline"));
    assert!(m.text(".step.inferred").contains("inferred"));
}

#[wasm_bindgen_test]
async fn an_unreadable_entry_is_a_warning_and_the_rest_still_works() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec!["{\"truncated\":".into(), preflight(API, 405), blocked_put(API)])).await;
    assert!(m.text(".warnings").contains("could not be read"), "{}", m.root.inner_html());
    assert_eq!(m.all(".row").len(), 1);
}

#[wasm_bindgen_test]
async fn thousands_of_requests_render_only_the_visible_rows() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    let mut batch = Vec::new();
    for i in 0..3000 {
        let url = format!("{API}?n={i}");
        batch.push(preflight(&url, 405));
        batch.push(blocked_put(&url));
    }
    m.send(Action::Entries(batch)).await;
    assert!(m.text("[data-action=filter-failing]").contains("3000"), "{}", m.text("[data-action=filter-failing]"));
    let rendered = m.all(".row").len();
    assert!(rendered > 5 && rendered < 80, "{rendered} rows in the DOM");
    m.key(".list", "End").await;
    assert!(m.one("[aria-posinset=\"3000\"]").is_some(), "End reaches the last row");
    assert!(m.all(".row").len() < 80);
}

#[wasm_bindgen_test]
async fn controls_carry_stable_data_actions_and_the_theme() {
    let m = Mounted::new(Mode::Live, Theme::Dark);
    settle().await;
    // The "made before DevTools was opened" notice (and its reload-page) only once the capture counted such requests.
    assert!(m.one(".notice").is_none());
    m.send(Action::Unseen(2)).await;
    assert!(m.text(".notice").starts_with("2 requests made before DevTools was opened"), "{}", m.text(".notice"));
    for a in ["filter-all", "filter-failing", "preserve-log", "reload-page", "export-json"] {
        assert!(m.one(&format!("[data-action={a}]")).is_some(), "data-action={a}");
    }
    assert!(m.one("[data-theme=dark]").is_some());
    m.send(Action::SetTheme(Theme::Light)).await;
    assert!(m.one("[data-theme=light]").is_some());
    // File mode (the standalone page) has no live-capture controls.
    let f = Mounted::new(Mode::File, Theme::Light);
    settle().await;
    assert!(f.one("[data-action=reload-page]").is_none());
    assert!(f.one("[data-action=preserve-log]").is_none());
    assert!(f.one("[data-action=open-har]").is_some());
}

#[wasm_bindgen_test]
async fn clear_empties_the_list() {
    let m = Mounted::new(Mode::Live, Theme::Light);
    m.send(Action::Entries(vec![preflight(API, 405), blocked_put(API)])).await;
    m.send(Action::Clear).await;
    assert!(m.all(".row").is_empty());
    assert!(m.one(".empty").is_some());
}

/// A host whose `copyText` records what the panel copies (`host.copied`).
fn recording_host() -> (Host, js_sys::Array) {
    let host = js_sys::Object::new();
    let copied = js_sys::Array::new();
    js_sys::Reflect::set(&host, &"copied".into(), &copied).unwrap();
    let f = js_sys::Function::new_with_args("t", "this.copied.push(t); return true;");
    js_sys::Reflect::set(&host, &"copyText".into(), &f).unwrap();
    (Host(host.into()), copied)
}

const BEARER: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxYS11c2VyIn0.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ";
const API_KEY: &str = "ak_live_0123456789abcdef";

/// The refused PUT, sent with an Authorization header and an API key.
fn secret_put(url: &str) -> Vec<String> {
    let ct = r#"{"name":"Content-Type","value":"application/json"}]"#;
    let put = blocked_put(url).replacen(ct, &format!(r#"{{"name":"Content-Type","value":"application/json"}},{{"name":"Authorization","value":"Bearer {BEARER}"}},{{"name":"X-API-Key","value":"{API_KEY}"}}]"#), 1);
    assert!(put.contains(API_KEY));
    vec![preflight(url, 405), put]
}

fn copied_texts(a: &js_sys::Array) -> Vec<String> {
    a.iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen_test]
async fn exports_are_there_and_redacted_by_default() {
    let (host, copied) = recording_host();
    let m = Mounted::with_host(Mode::Live, Theme::Light, host);
    m.send(Action::Entries(secret_put(API))).await;
    for a in ["export-markdown", "copy-markdown", "copy-curl", "export-har", "export-json", "include-secrets"] {
        assert!(m.one(&format!(".toolbar [data-action={a}]")).is_some(), "data-action={a}");
    }
    let boxed: web_sys::HtmlInputElement = m.one("[data-action=include-secrets]").unwrap().dyn_into().unwrap();
    assert!(!boxed.checked(), "Include secrets is off by default");
    assert!(m.one(".secrets-warning").is_none());
    m.click(".toolbar [data-action=copy-markdown]").await;
    m.click(".toolbar [data-action=copy-curl]").await;
    m.click(".row").await;
    m.click(".detail [data-action=copy-curl]").await;
    let texts = copied_texts(&copied);
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].starts_with("# why405:"), "{}", texts[0]);
    assert!(texts[0].contains("Redaction | on"), "{}", texts[0]);
    assert!(texts[1].contains("curl -i -X PUT"), "{}", texts[1]);
    assert!(texts[2].contains("curl -i -X OPTIONS"), "{}", texts[2]);
    let preview = m.text(".export-preview pre");
    assert_eq!(preview, texts[2], "the panel shows what it copied");
    for t in texts.iter().chain(std::iter::once(&preview)) {
        assert!(!t.contains(BEARER) && !t.contains(API_KEY), "a secret leaked:\n{t}");
    }
    assert!(m.text(".status").contains("secrets redacted"), "{}", m.text(".status"));
    m.click("[data-action=close-preview]").await;
    assert!(m.one(".export-preview").is_none());
}

#[wasm_bindgen_test]
async fn include_secrets_warns_and_holds_for_one_export_only() {
    let (host, copied) = recording_host();
    let m = Mounted::with_host(Mode::Live, Theme::Light, host);
    m.send(Action::Entries(secret_put(API))).await;
    m.click("[data-action=include-secrets]").await;
    assert!(m.text(".secrets-warning").contains("tokens"), "a visible warning");
    m.click(".toolbar [data-action=copy-curl]").await;
    let with = copied_texts(&copied).pop().unwrap();
    assert!(with.contains(API_KEY), "secrets included on request:\n{with}");
    assert!(with.starts_with("# Redaction is OFF"), "{with}");
    let boxed: web_sys::HtmlInputElement = m.one("[data-action=include-secrets]").unwrap().dyn_into().unwrap();
    assert!(!boxed.checked(), "off again after the export");
    assert!(m.one(".secrets-warning").is_none());
    m.click(".toolbar [data-action=copy-curl]").await;
    let without = copied_texts(&copied).pop().unwrap();
    assert!(!without.contains(API_KEY) && !without.contains(BEARER), "{without}");
    // The same diagnosis either way: only the secrets differ.
    let row = |t: &str| t.lines().find(|l| l.starts_with("# ──")).map(str::to_string);
    assert_eq!(row(&with), row(&without));
}

#[wasm_bindgen_test]
async fn file_mode_reads_a_pasted_har_in_chunks() {
    let m = Mounted::new(Mode::File, Theme::Light);
    settle().await;
    let har = format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"t","version":"1"}},"entries":[{},{}]}}}}"#,
        preflight(API, 405),
        blocked_put(API)
    );
    let blob = why405_ui::ui::load::text_blob(&har).unwrap();
    m.app.send_message(Msg::LoadBlob { name: "pasted JSON".into(), blob });
    for _ in 0..50 {
        settle().await;
        if m.one("[data-load=ready]").is_some() {
            break;
        }
    }
    assert!(m.one("[data-load=ready]").is_some(), "{}", m.root.inner_html());
    assert_eq!(m.all(".row").len(), 1);
    assert_eq!(m.text(".file-name"), "pasted JSON");
    // Bad input: the core's message, and the page still works.
    let blob = why405_ui::ui::load::text_blob(&har[..har.len() / 2]).unwrap();
    m.app.send_message(Msg::LoadBlob { name: "cut.har".into(), blob });
    for _ in 0..50 {
        settle().await;
        if m.one("[data-load=error]").is_some() {
            break;
        }
    }
    assert!(m.text("[data-field=load-error]").contains("line"), "{}", m.text("[data-field=load-error]"));
    assert!(m.all(".row").is_empty());
}

/// Express's 404 for a PUT whose preflight passed: undecided (a missing route, or no PUT handler).
fn express_put_404(url: &str) -> Vec<String> {
    let pf = preflight(url, 204)
        .replace(r#"{"name":"Allow","value":"GET, HEAD"}"#, r#"{"name":"Access-Control-Allow-Origin","value":"*"},{"name":"Access-Control-Allow-Methods","value":"GET,HEAD,PUT"},{"name":"Access-Control-Allow-Headers","value":"content-type"}"#);
    let put = blocked_put(url)
        .replace(r#""status":0,"statusText":"","httpVersion":"","headers":[]"#, r#""status":404,"statusText":"Not Found","httpVersion":"HTTP/1.1","headers":[{"name":"X-Powered-By","value":"Express"},{"name":"Access-Control-Allow-Origin","value":"*"}]"#)
        .replace(r#""content":{"size":0,"mimeType":"x-unknown"}"#, r#""content":{"size":30,"mimeType":"text/html","text":"<pre>Cannot PUT /api/items/1</pre>"}"#)
        .replace(r#","_error":"net::ERR_FAILED""#, "");
    vec![pf, put]
}

#[wasm_bindgen_test]
async fn probe_shows_what_it_sends_as_text_sends_only_after_send_and_shows_the_settled_diagnosis() {
    let host = js_sys::Object::new();
    let probes = js_sys::Array::new();
    js_sys::Reflect::set(&host, &"probes".into(), &probes).unwrap();
    let f = js_sys::Function::new_with_args(
        "id, url, origin, methods",
        "this.probes.push(JSON.stringify({id, url, origin, methods})); return true;",
    );
    js_sys::Reflect::set(&host, &"probe".into(), &f).unwrap();
    let m = Mounted::with_host(Mode::Live, Theme::Light, Host(host.into()));
    let url = format!("{API}?q=<i>x</i>");
    m.send(Action::Entries(express_put_404(&url))).await;
    m.click(".row").await;
    assert!(m.text(".detail .cause-title").contains("needs a probe"), "{}", m.text(".detail"));
    m.click(".detail [data-action=probe]").await;
    assert_eq!(probes.length(), 0, "the Probe click sends nothing");
    let items: Vec<String> = m.all(".probe-requests > li > code").iter().filter_map(|e| e.text_content()).collect();
    assert_eq!(items, ["OPTIONS", "HEAD", "GET"].map(|x| format!("{x} {url}")));
    assert!(m.all(".probe-preview i").is_empty(), "the URL is text, never HTML");
    assert!(m
        .text("[data-field=probe-command]")
        .starts_with("why405 probe 'http://127.0.0.1:9001/api/items/1?q=<i>x</i>' -X PUT"));
    m.click("[data-action=probe-send]").await;
    let sent: Vec<String> = probes.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        sent,
        [format!(r#"{{"id":1,"url":"{url}","origin":"http://127.0.0.1:9000","methods":["OPTIONS","HEAD","GET"]}}"#)]
    );
    assert_eq!(m.one(".probe").unwrap().get_attribute("data-probe").as_deref(), Some("sending"));
    let get =
        ok_get(&url).replace(r#""headers":[]"#, r#""headers":[{"name":"Origin","value":"http://127.0.0.1:9000"}]"#);
    let done = ProbeAction::Done { id: 1, at: "2026-12-02T07:01:02.345Z".into(), entries: vec![get], error: None };
    m.send(Action::Probe(done)).await;
    // the CLI's "Probe:" line
    assert_eq!(
        m.text("[data-field=probe-result]"),
        "Settled by a probe at 2026-12-02T07:01:02.345Z: GET answered 200."
    );
    assert_eq!(m.one(".detail").unwrap().get_attribute("data-cause").as_deref(), Some("method_mismatch"));
    m.click("[data-action=filter-all]").await;
    assert_eq!(m.all(".row").len(), 1, "the probe's GET is not a row, even under All");
}
