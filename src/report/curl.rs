//! cURL commands that reproduce a failure: the preflight (`Origin`, `Access-Control-Request-Method`, `-Headers`)
//! and the request, with secrets as shell variables (`"$TOKEN"`) when redaction is on.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use super::{render_ordered, Options, Selection, Spec};
use crate::diagnose::{DecidedBy, Diagnosis, PreflightInfo, RequestKind};
use crate::engine::Engine;
use crate::exchange::Exchange;
use crate::har::Entry;
use crate::redact::Redactor;
use crate::stack::visible;

pub(super) const SPEC: Spec = Spec {
    name: "curl",
    aliases: &[],
    extension: "sh",
    mime: "text/x-shellscript",
    file_name: "why405-curl.sh",
};

/// The commands of every shown diagnosis, each under a heading; for [`Selection::One`], that request's commands
/// alone (the panel's "Copy cURL" on one request). A note heads them when redaction is off.
pub(super) fn render<W: io::Write + ?Sized>(engine: &Engine, opts: &Options, w: &mut W) -> io::Result<()> {
    let r = opts.redactor;
    if let Selection::One(id) = opts.selection {
        let Some(d) = engine.diagnosis_now(id) else { return Ok(()) };
        if !r.enabled() {
            w.write_all(REDACTION_OFF)?;
        }
        return w.write_all(curl_for(engine, &d, r).as_bytes());
    }
    if !r.enabled() {
        w.write_all(REDACTION_OFF)?;
    }
    let shown = opts.selection.shown(engine);
    if shown.is_empty() {
        w.write_all(b"# No failing requests.\n")?;
    }
    render_ordered(w, &shown, opts.threads, &|_, s, buf| {
        let Some(d) = engine.diagnosis_now(s.id) else { return };
        let mut out = String::new();
        // of the diagnosis, the heading shows the URL redacted
        let url = if r.enabled() { Cow::Owned(r.url(&d.url)) } else { Cow::Borrowed(d.url.as_str()) };
        let _ = writeln!(
            out,
            "# ── {} {} — {}{}",
            visible(d.method.as_str()),
            visible(&url),
            d.section().title(),
            d.cors_error.map(|c| format!(" ({})", c.as_str())).unwrap_or_default()
        );
        out.push_str(&curl_for(engine, &d, r));
        out.push('\n');
        buf.extend_from_slice(out.as_bytes());
    })
}

const REDACTION_OFF: &[u8] = b"# Redaction is OFF: these commands contain secrets.\n\n";

/// A shell word made of literal text and `$VARIABLE`s (the redacted secrets).
#[derive(Debug, Default)]
struct Word(Vec<(bool, String)>);

impl Word {
    fn lit(s: &str) -> Self {
        Word(vec![(false, s.to_string())])
    }
    fn push_lit(&mut self, s: &str) {
        match self.0.last_mut() {
            Some((false, last)) => last.push_str(s),
            _ => self.0.push((false, s.to_string())),
        }
    }
    fn push_var(&mut self, name: &str) {
        self.0.push((true, name.to_string()));
    }
    /// `'literal'"$VAR"'literal'`: single quotes for text (embedded `'` as
    /// `'\''`), double quotes only around variables.
    fn render(&self) -> String {
        let mut out = String::new();
        for (var, s) in &self.0 {
            if *var {
                let _ = write!(out, "\"${s}\"");
            } else if !s.is_empty() {
                let _ = write!(out, "{}", shell_quote(s));
            }
        }
        if out.is_empty() {
            "''".into()
        } else {
            out
        }
    }
}

/// A shell word that is a plain token (a method) as it is, anything else quoted.
fn shell_word(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
        s.to_string()
    } else {
        shell_quote(s)
    }
}

/// Quotes a string for POSIX shells: single quotes; a string holding a control or invisible character (ESC,
/// CR, backspace, a bidi override; newlines and tabs are fine) as `$'…'` with those bytes written `\xNN`, so
/// nothing raw reaches the terminal the command is printed on, and the shell still gets the same bytes.
pub fn shell_quote(s: &str) -> String {
    let special = |c: char| c != '\n' && c != '\t' && crate::stack::is_special(c);
    if !s.chars().any(special) {
        return format!("'{}'", s.replace('\'', "'\\''"));
    }
    let mut out = String::from("$'");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if special(c) => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Browser-added request headers left out of the cURL command: curl sends its
/// own `User-Agent`, `Accept-Encoding` and `Host`; `sec-*`, client hints and
/// cache headers do not decide CORS or routing. `Origin` is written explicitly.
fn browser_added(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("sec-")
        || n.starts_with(':')
        || matches!(
            n.as_str(),
            "user-agent"
                | "accept-encoding"
                | "accept-language"
                | "connection"
                | "host"
                | "content-length"
                | "referer"
                | "origin"
                | "priority"
                | "pragma"
                | "cache-control"
                | "dnt"
                | "upgrade-insecure-requests"
                | "te"
                | "keep-alive"
        )
}

fn var_name(s: &str) -> String {
    let mut v: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    if v.is_empty() || v.starts_with(|c: char| c.is_ascii_digit()) {
        v.insert_str(0, "SECRET_");
    }
    v
}

/// Secret variables a command uses: (name, what it stands for, length).
#[derive(Default)]
struct Vars(Vec<(String, String, usize)>);

impl Vars {
    fn add(&mut self, base: &str, what: &str, len: usize) -> String {
        let mut name = var_name(base);
        let mut k = 2;
        while self.0.iter().any(|(n, w, _)| *n == name && w != what) {
            name = format!("{}_{k}", var_name(base));
            k += 1;
        }
        if !self.0.iter().any(|(n, _, _)| *n == name) {
            self.0.push((name.clone(), what.to_string(), len));
        }
        name
    }
}

/// The URL as a shell word, secret parameters and userinfo as variables.
fn url_word(url: &str, r: &Redactor, vars: &mut Vars) -> Word {
    let url = url.split('#').next().unwrap_or(url);
    if !r.enabled() {
        return Word::lit(url);
    }
    let mut w = Word::default();
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    match base.split_once("://").and_then(|(scheme, rest)| {
        let end = rest.find('/').unwrap_or(rest.len());
        rest[..end].rsplit_once('@').map(|(ui, host)| (scheme, ui, host, &rest[end..]))
    }) {
        Some((scheme, ui, host, tail)) => {
            w.push_lit(&format!("{scheme}://"));
            w.push_var(&vars.add("URL_CREDENTIALS", "user:password in the URL", ui.len()));
            w.push_lit(&format!("@{host}{tail}"));
        }
        None => w.push_lit(&r.url(base)),
    }
    if let Some(q) = query {
        w.push_lit("?");
        for (i, kv) in q.split('&').enumerate() {
            if i > 0 {
                w.push_lit("&");
            }
            match kv.split_once('=') {
                Some((k, v)) if !v.is_empty() && r.is_secret_param(k) => {
                    w.push_lit(&format!("{k}="));
                    w.push_var(&vars.add(k, &format!("the {k} URL parameter"), v.len()));
                }
                _ => w.push_lit(&r.text(kv)),
            }
        }
    }
    w
}

/// A header as a shell word (`-H` argument), secrets as variables.
fn header_word(name: &str, value: &str, r: &Redactor, vars: &mut Vars) -> Word {
    let mut w = Word::lit(&format!("{name}: "));
    if !r.enabled() {
        w.push_lit(value);
        return w;
    }
    let lower = name.to_ascii_lowercase();
    if lower == "authorization" || lower == "proxy-authorization" {
        match value.trim().split_once(' ') {
            Some((scheme, tok)) => {
                w.push_lit(&format!("{scheme} "));
                let base = if scheme.eq_ignore_ascii_case("bearer") {
                    "TOKEN".to_string()
                } else {
                    format!("{}_{scheme}", name)
                };
                w.push_var(&vars.add(&base, &format!("{name}: {scheme} …"), tok.trim().len()));
            }
            None => w.push_var(&vars.add(name, name, value.len())),
        }
        return w;
    }
    if r.is_secret_header(name) {
        w.push_var(&vars.add(name, name, value.len()));
        return w;
    }
    w.push_lit(&r.text(&r.header_value(name, value)));
    w
}

/// The cURL commands reproducing one diagnosis: its preflight and its request.
pub fn curl_for(engine: &Engine, d: &Diagnosis, r: &Redactor) -> String {
    let Some(ex) = engine.exchanges().get(d.id) else { return String::new() };
    let first = ex.hops.first().and_then(|&h| engine.entry(h));
    let url = first.map(|e| e.request.url.as_str()).unwrap_or(d.url.as_str());
    if let Some(why) = not_reproducible(d, first) {
        return why;
    }
    let mut vars = Vars::default();
    let mut body = String::new();
    if d.kind == RequestKind::ServiceWorker {
        let got = first.map_or(0, |e| e.response.status);
        let _ = writeln!(
            body,
            "# In the browser the page's service worker answered this request ({}), not the server: this command \
             asks the server, which the browser never did.",
            if got == 0 { "no response".to_string() } else { format!("it got {got}") }
        );
    }
    if let Some(p) = &d.preflight {
        preflight_command(&mut body, engine, ex, p, url, r, &mut vars);
    }
    request_command(&mut body, d, first, url, r, &mut vars);
    if !d.redirects.is_empty() {
        let hops: Vec<String> =
            d.redirects.iter().map(|h| format!("{} → {} {}", h.status, h.method_after, r.url(&h.to))).collect();
        let _ = writeln!(
            body,
            "# The browser followed: {}\n# curl does not follow redirects; -L would, but with -X it keeps the method \
             (browsers turn POST into GET on 301/302/303).",
            visible(&hops.join(" ; then "))
        );
    }
    let mut out = String::new();
    if !vars.0.is_empty() {
        let _ = writeln!(
            out,
            "# Secrets were redacted from this command. Set them first (values are in the original HAR):"
        );
        for (n, what, len) in &vars.0 {
            let _ = writeln!(out, "#   {n}=…   # {what}, {len} chars", what = visible(what));
        }
    }
    out.push_str(&body);
    // Last line of defence: nothing learned survives in literal text.
    r.text(&out)
}

/// A request curl cannot send as the browser did: a WebSocket handshake, or a URL with no server behind it.
fn not_reproducible(d: &Diagnosis, first: Option<&Entry>) -> Option<String> {
    let got = first.map_or(0, |e| e.response.status);
    match d.kind {
        RequestKind::WebSocket => Some(format!(
            "# A WebSocket handshake (the browser got {}): curl does not open WebSockets; a WebSocket client \
             (websocat, wscat) does.\n",
            if got == 0 { "no response".to_string() } else { got.to_string() }
        )),
        RequestKind::NonHttp => Some("# A data:, blob: or extension URL: no HTTP request to reproduce.\n".into()),
        _ => None,
    }
}

/// The preflight's command (`OPTIONS` with `Origin` and the `Access-Control-Request-*` headers).
fn preflight_command(
    body: &mut String,
    engine: &Engine,
    ex: &Exchange,
    p: &PreflightInfo,
    url: &str,
    r: &Redactor,
    vars: &mut Vars,
) {
    let observed = ex.first_preflight().and_then(|i| engine.entry(i));
    let got = match observed {
        Some(e) if e.response.status > 0 => format!("the browser got {}", e.response.status),
        Some(_) => "the browser got no response".to_string(),
        None => "not in the HAR; the browser had to send it".to_string(),
    };
    let _ = writeln!(body, "# Preflight ({got}):");
    let _ = write!(body, "curl -i -X OPTIONS {}", url_word(url, r, vars).render());
    if !p.origin.is_empty() {
        let _ = write!(body, " \\\n  -H {}", shell_quote(&format!("Origin: {}", p.origin)));
    }
    let _ = write!(body, " \\\n  -H {}", shell_quote(&format!("Access-Control-Request-Method: {}", p.request_method)));
    if !p.request_headers.is_empty() {
        let _ = write!(
            body,
            " \\\n  -H {}",
            shell_quote(&format!("Access-Control-Request-Headers: {}", p.request_headers.join(",")))
        );
    }
    body.push_str("\n\n");
}

/// The request's command, from its first hop (`first`) when the HAR holds it.
fn request_command(
    body: &mut String,
    d: &Diagnosis,
    first: Option<&Entry>,
    url: &str,
    r: &Redactor,
    vars: &mut Vars,
) {
    let origin = d
        .preflight
        .as_ref()
        .map(|p| p.origin.clone())
        .or_else(|| first.and_then(|e| e.request.headers.get("origin").map(str::to_string)));
    let preflight_failed = d.decided_by == DecidedBy::Preflight;
    let got = match first {
        _ if preflight_failed && first.is_none_or(|e| e.response.status == 0) => {
            "the browser never sent it: the preflight failed".to_string()
        }
        Some(e) if e.response.status > 0 => format!("the browser got {}", e.response.status),
        Some(e) => format!("no response{}", e.response.error.as_deref().map(|x| format!(", {x}")).unwrap_or_default()),
        None => "not in the HAR".to_string(),
    };
    let _ = writeln!(body, "# Request ({got}):", got = visible(&got));
    let method = first.map(|e| e.request.method.as_str().to_string()).unwrap_or_else(|| d.method.as_str().to_string());
    let _ = write!(body, "curl -i -X {} {}", shell_word(&method), url_word(url, r, vars).render());
    if let Some(o) = &origin {
        let _ = write!(body, " \\\n  -H {}", shell_quote(&format!("Origin: {o}")));
    }
    let cut = match first {
        Some(e) => request_headers_and_body(body, e, r, vars),
        None => {
            if let Some(p) = d.preflight.as_ref().filter(|p| !p.request_headers.is_empty()) {
                let _ = write!(
                    body,
                    "\n# The HAR does not hold this request; it asked to send these headers: {}",
                    visible(&p.request_headers.join(", "))
                );
            }
            None
        }
    };
    body.push('\n');
    if let Some((kept, full)) = cut {
        let _ = writeln!(body, "# The body was cut at {kept} of {full} bytes.");
    }
}

/// The request's own headers (but those a browser adds) and body; returns (kept, full) when the body was cut.
fn request_headers_and_body(body: &mut String, e: &Entry, r: &Redactor, vars: &mut Vars) -> Option<(usize, usize)> {
    let default_accept = |h: &crate::http::Header| h.name.eq_ignore_ascii_case("accept") && h.value.trim() == "*/*";
    for h in e.request.headers.iter().filter(|h| !browser_added(&h.name) && !default_accept(h)) {
        let _ = write!(body, " \\\n  -H {}", header_word(&h.name, &h.value, r, vars).render());
    }
    let p = e.request.post_data.as_ref()?;
    let t = p.text.as_ref()?;
    let text = r.body(&p.mime_type, t);
    let _ = write!(body, " \\\n  --data-raw {}", shell_quote(&text));
    (p.text_len > t.len()).then_some((t.len(), p.text_len))
}
