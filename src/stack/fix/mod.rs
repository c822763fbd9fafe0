//! Fix snippets: the kinds of fix a diagnosis asks for ([`FixKind`]), the
//! snippet it gets ([`Fix`], written lazily through [`FixNote`]), and
//! [`fix_for`], which renders one on a stack.
//!
//! Each kind has a generic default ([`generic`]: the snippet for an unknown
//! stack); a stack file overrides the kinds it has its own snippet for (the
//! [`Define`](super::Define) hooks). What a snippet needs is computed once
//! here into a small context ([`Cors`], [`Route`], …), so every stack's
//! snippet for a kind starts from the same facts.
//!
//! Snippet templates are `format!` strings with named placeholders only:
//! `{origin}`, `{path}`, `{methods_csv}` (a `let` in scope or a named
//! argument); literal braces are doubled (`{{`, `}}`). See
//! `src/stack/README.md`.

use serde::Serialize;

use super::{hooks, Define, Stack};
use crate::http::Method;

pub(crate) mod escape;
pub(crate) mod generic;
pub(crate) mod route;
pub(crate) mod text;

use escape::{Lang, Val};
use route::{location_prefix, param_names, url_path};
use text::{comment, csv, header_names, method_names, shorthand};

/// What a stack file's snippets use (`use super::fix::prelude::*;`).
pub(crate) mod prelude {
    pub(crate) use super::escape::{Lang, Val};
    pub(crate) use super::route::*;
    pub(crate) use super::text::*;
    pub(crate) use super::{
        fix, BeforeAuth, Cors, Fix, PreflightRedirect, RedirectChanged, Route, ServerRule, Snippet,
    };
    pub(crate) use crate::http::Method;
}

/// A fix snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    /// Code-fence language (`python`, `nginx`, `js`, `php`, …).
    pub language: String,
    pub code: String,
}

/// What needs fixing, with the facts a snippet needs.
#[derive(Debug, Clone)]
pub enum FixKind<'a> {
    /// Answer the preflight / add CORS headers for this origin, methods and headers.
    AllowCors { origin: &'a str, methods: &'a [Method], headers: &'a [String], credentials: bool, path: &'a str },
    /// The preflight was redirected (from → to).
    PreflightRedirect { from: &'a str, to: &'a str },
    /// Auth rejects OPTIONS before CORS answers it.
    PreflightBeforeAuth { path: &'a str },
    /// Credentials with a wildcard / missing Allow-Credentials.
    Credentials { origin: &'a str },
    /// Error responses lack CORS headers.
    CorsOnErrors { origin: &'a str },
    /// No route for method + path.
    MissingRoute { method: &'a Method, path: &'a str },
    /// The resource refuses the method.
    MethodMismatch { method: &'a Method, path: &'a str, allowed: &'a [Method], suggested: Option<&'a Method> },
    /// A web-server rule refuses the method.
    WebServerRule { method: &'a Method, path: &'a str },
    /// A 301/302/303 changed the method.
    RedirectChangedMethod { method: &'a Method, from: &'a str, to: &'a str, status: u16 },
    /// A CORS header sent more than once (two layers both add CORS headers): keep one.
    DuplicateHeader { header: &'a str, values: &'a str, origin: &'a str, path: &'a str },
    /// The page wrote a standard method in lowercase (`'patch'`), which browsers do not uppercase: write `upper`.
    UppercaseMethod { method: &'a Method, upper: &'a Method, path: &'a str },
}

/// A diagnosis's fix snippet, written when first read: the facts are kept
/// (owned), the snippet is rendered by [`fix_for`] on first use and kept.
/// A big file holds tens of thousands of diagnoses whose snippets are mostly
/// never shown; reading one (`note.title`, `note.code`) is the same as
/// reading a [`Fix`]. Prints and serialises as the [`Fix`] it stands for.
#[derive(Clone)]
pub struct FixNote {
    facts: Option<(Option<Stack>, Facts)>,
    text: std::sync::OnceLock<Fix>,
}

/// [`FixKind`]'s facts, owned.
#[derive(Clone)]
enum Facts {
    AllowCors { origin: String, methods: Vec<Method>, headers: Vec<String>, credentials: bool, path: String },
    PreflightRedirect { from: String, to: String },
    PreflightBeforeAuth { path: String },
    Credentials { origin: String },
    CorsOnErrors { origin: String },
    MissingRoute { method: Method, path: String },
    MethodMismatch { method: Method, path: String, allowed: Vec<Method>, suggested: Option<Method> },
    WebServerRule { method: Method, path: String },
    RedirectChangedMethod { method: Method, from: String, to: String, status: u16 },
    UppercaseMethod { method: Method, upper: Method, path: String },
    DuplicateHeader { header: String, values: String, origin: String, path: String },
}

impl Facts {
    fn of(kind: &FixKind) -> Facts {
        match *kind {
            FixKind::AllowCors { origin, methods, headers, credentials, path } => Facts::AllowCors {
                origin: origin.into(),
                methods: methods.to_vec(),
                headers: headers.to_vec(),
                credentials,
                path: path.into(),
            },
            FixKind::PreflightRedirect { from, to } => Facts::PreflightRedirect { from: from.into(), to: to.into() },
            FixKind::PreflightBeforeAuth { path } => Facts::PreflightBeforeAuth { path: path.into() },
            FixKind::Credentials { origin } => Facts::Credentials { origin: origin.into() },
            FixKind::CorsOnErrors { origin } => Facts::CorsOnErrors { origin: origin.into() },
            FixKind::MissingRoute { method, path } => Facts::MissingRoute { method: method.clone(), path: path.into() },
            FixKind::MethodMismatch { method, path, allowed, suggested } => Facts::MethodMismatch {
                method: method.clone(),
                path: path.into(),
                allowed: allowed.to_vec(),
                suggested: suggested.cloned(),
            },
            FixKind::WebServerRule { method, path } => {
                Facts::WebServerRule { method: method.clone(), path: path.into() }
            }
            FixKind::RedirectChangedMethod { method, from, to, status } => {
                Facts::RedirectChangedMethod { method: method.clone(), from: from.into(), to: to.into(), status }
            }
            FixKind::UppercaseMethod { method, upper, path } => {
                Facts::UppercaseMethod { method: method.clone(), upper: upper.clone(), path: path.into() }
            }
            FixKind::DuplicateHeader { header, values, origin, path } => Facts::DuplicateHeader {
                header: header.into(),
                values: values.into(),
                origin: origin.into(),
                path: path.into(),
            },
        }
    }

    fn kind(&self) -> FixKind<'_> {
        match self {
            Facts::AllowCors { origin, methods, headers, credentials, path } => {
                FixKind::AllowCors { origin, methods, headers, credentials: *credentials, path }
            }
            Facts::PreflightRedirect { from, to } => FixKind::PreflightRedirect { from, to },
            Facts::PreflightBeforeAuth { path } => FixKind::PreflightBeforeAuth { path },
            Facts::Credentials { origin } => FixKind::Credentials { origin },
            Facts::CorsOnErrors { origin } => FixKind::CorsOnErrors { origin },
            Facts::MissingRoute { method, path } => FixKind::MissingRoute { method, path },
            Facts::MethodMismatch { method, path, allowed, suggested } => {
                FixKind::MethodMismatch { method, path, allowed, suggested: suggested.as_ref() }
            }
            Facts::WebServerRule { method, path } => FixKind::WebServerRule { method, path },
            Facts::RedirectChangedMethod { method, from, to, status } => {
                FixKind::RedirectChangedMethod { method, from, to, status: *status }
            }
            Facts::UppercaseMethod { method, upper, path } => FixKind::UppercaseMethod { method, upper, path },
            Facts::DuplicateHeader { header, values, origin, path } => {
                FixKind::DuplicateHeader { header, values, origin, path }
            }
        }
    }
}

impl FixNote {
    /// The snippet [`fix_for`] gives for `kind` on `stack`, when first read.
    pub fn new(stack: Option<Stack>, kind: &FixKind) -> FixNote {
        FixNote { facts: Some((stack, Facts::of(kind))), text: std::sync::OnceLock::new() }
    }

    /// The snippet.
    pub fn get(&self) -> &Fix {
        self.text.get_or_init(|| match &self.facts {
            Some((stack, facts)) => fix_for(*stack, &facts.kind()),
            None => Fix { title: String::new(), language: String::new(), code: String::new() },
        })
    }
}

impl From<Fix> for FixNote {
    /// A snippet already written (a redacted copy).
    fn from(fix: Fix) -> FixNote {
        FixNote { facts: None, text: std::sync::OnceLock::from(fix) }
    }
}

impl std::ops::Deref for FixNote {
    type Target = Fix;
    fn deref(&self) -> &Fix {
        self.get()
    }
}

impl std::fmt::Debug for FixNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for FixNote {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// The fix snippet for `kind` on `stack` (a generic one when the stack is unknown). Every value from the HAR
/// reaches the stack's snippet escaped for the stack's language ([`escape`]); a config snippet (nginx, Apache)
/// whose values had to be percent-encoded gets a note saying so.
pub fn fix_for(stack: Option<Stack>, kind: &FixKind) -> Fix {
    let h = hooks(stack);
    let lang = h.lang();
    let fix = match kind {
        FixKind::AllowCors { origin, methods, headers, credentials, path } => {
            h.allow_cors(&Cors::new(lang, origin, methods, headers, *credentials, path))
        }
        FixKind::PreflightRedirect { from, to } => h.preflight_redirect(&PreflightRedirect::new(lang, from, to)),
        FixKind::PreflightBeforeAuth { path } => h.preflight_before_auth(&BeforeAuth::new(lang, or_root(path))),
        FixKind::Credentials { origin } => credentials(h, or_default_origin(origin)),
        FixKind::CorsOnErrors { origin } => cors_on_errors(h, or_default_origin(origin)),
        FixKind::MissingRoute { method, path } => h.register_route(&Route::new(lang, method, or_root(path), &[])),
        FixKind::MethodMismatch { method, path, allowed, suggested } => match suggested {
            Some(s) => generic::switch_method(method, s, or_root(path), allowed),
            None => h.register_route(&Route::new(lang, method, or_root(path), allowed)),
        },
        FixKind::WebServerRule { method, path } => h.web_server_rule(&ServerRule::new(lang, method, or_root(path))),
        FixKind::RedirectChangedMethod { method, from, to, status } => {
            redirect_changed(h, &RedirectChanged::new(lang, method, from, to, *status))
        }
        FixKind::UppercaseMethod { method, upper, path } => generic::uppercase_method(method, upper, or_root(path)),
        FixKind::DuplicateHeader { header, values, origin, path } => {
            generic::duplicate_header(header, values, or_default_origin(origin), or_root(path))
        }
    };
    with_encoding_note(fix, kind)
}

/// A config snippet (nginx, Apache) whose values held characters the config cannot: the note that they are
/// percent-encoded, first.
fn with_encoding_note(mut fix: Fix, kind: &FixKind) -> Fix {
    let lang = Lang::of_fence(&fix.language);
    if !raw_values(kind).iter().any(|v| lang.alters(v)) {
        return fix;
    }
    let note = comment(
        lang.fence(),
        "Note: a value below (path, origin, method or header name) holds characters this config cannot take as \
         written (spaces, quotes, `;`, `{}`, `$`, `#`, `\\`, controls); they are percent-encoded here. The server \
         matches the decoded path: check these lines by hand before using them.",
    );
    fix.code = format!("{note}\n{code}", code = fix.code);
    fix
}

/// The values from the HAR in `kind`.
fn raw_values<'a>(kind: &FixKind<'a>) -> Vec<&'a str> {
    match *kind {
        FixKind::AllowCors { origin, methods, headers, path, .. } => {
            let mut v = vec![origin, path];
            v.extend(methods.iter().map(Method::as_str));
            v.extend(headers.iter().map(String::as_str));
            v
        }
        FixKind::PreflightRedirect { from, to } => vec![from, to],
        FixKind::PreflightBeforeAuth { path } => vec![path],
        FixKind::Credentials { origin } | FixKind::CorsOnErrors { origin } => vec![origin],
        FixKind::MissingRoute { method, path } | FixKind::WebServerRule { method, path } => {
            vec![method.as_str(), path]
        }
        FixKind::MethodMismatch { method, path, allowed, .. } => {
            let mut v = vec![method.as_str(), path];
            v.extend(allowed.iter().map(Method::as_str));
            v
        }
        FixKind::RedirectChangedMethod { method, from, to, .. } => vec![method.as_str(), from, to],
        FixKind::UppercaseMethod { method, path, .. } => vec![method.as_str(), path],
        FixKind::DuplicateHeader { header, values, origin, path } => vec![header, values, origin, path],
    }
}

/// A snippet.
pub(crate) fn fix(title: impl Into<String>, language: &str, code: String) -> Fix {
    Fix { title: title.into(), language: language.into(), code }
}

/// A snippet's language and code, before the shared head comment is added.
pub(crate) type Snippet = (&'static str, String);

fn or_default_origin(origin: &str) -> &str {
    if origin.trim().is_empty() {
        "https://app.example.com"
    } else {
        origin
    }
}

fn or_root(path: &str) -> &str {
    if path.trim().is_empty() {
        "/"
    } else {
        path
    }
}

/// Method names escaped as header values of `lang`.
fn escaped_all(lang: Lang, names: &[String]) -> Vec<String> {
    names.iter().map(|n| lang.header_value(n)).collect()
}

// ---------------------------------------------------------------------------
// The facts each kind's snippets start from. Every value from the HAR is escaped for the context's language
// (a [`Val`] or an escaped `String`); titles and heads (shown as text, or through `comment`) keep the raw text.
// ---------------------------------------------------------------------------

/// [`FixKind::AllowCors`]: answer the preflight for these methods and headers.
pub(crate) struct Cors<'a> {
    pub origin: Val,
    /// The methods as sent (possibly empty).
    pub methods: &'a [Method],
    pub credentials: bool,
    pub path: Val,
    /// The methods' names, deduplicated (`GET, POST` when none), escaped.
    pub method_names: Vec<String>,
    /// The headers, deduplicated (`Content-Type` when none), escaped.
    pub header_names: Vec<String>,
    /// The first method's name, raw (to compute with: `Method::parse`).
    pub first_method: String,
    /// `PUT /items/42 from https://app.example.com` (raw: for the title).
    pub what: String,
    raw_headers: &'a [String],
}

impl<'a> Cors<'a> {
    fn new(
        lang: Lang,
        origin: &str,
        methods: &'a [Method],
        headers: &'a [String],
        credentials: bool,
        path: &str,
    ) -> Self {
        let (origin, path) = (or_default_origin(origin), or_root(path));
        let raw_methods = method_names(methods);
        let raw_header_names = header_names(headers);
        let first_method = raw_methods.first().cloned().unwrap_or_else(|| "GET".into());
        let methods_csv = csv(&raw_methods);
        let what = format!("{methods_csv} {path} from {origin}");
        Cors {
            origin: Val::header(lang, origin),
            methods,
            credentials,
            path: Val::new(lang, path),
            method_names: escaped_all(lang, &raw_methods),
            header_names: escaped_all(lang, &raw_header_names),
            first_method,
            what,
            raw_headers: headers,
        }
    }

    /// The same facts escaped for `lang` (a snippet in another language than the stack's).
    pub fn in_lang(&self, lang: Lang) -> Cors<'a> {
        Cors::new(lang, &self.origin.raw, self.methods, self.raw_headers, self.credentials, &self.path.raw)
    }

    /// `Allow PUT /items/42 from … with {name}`
    pub fn title(&self, name: &str) -> String {
        let what = &self.what;
        format!("Allow {what} with {name}")
    }
}

/// [`FixKind::PreflightRedirect`]: the preflight was redirected.
pub(crate) struct PreflightRedirect {
    pub from: Val,
    pub to: Val,
    /// `to`, or words for it when unknown: for a comment (controls shown visibly).
    pub to_shown: String,
    pub head: String,
    pub title: String,
}

impl PreflightRedirect {
    fn new(lang: Lang, from: &str, to: &str) -> Self {
        let to_shown = if to.trim().is_empty() { "the URL the redirect points to" } else { to };
        let head = format!(
            "The preflight for {from} was redirected to {to_shown}; browsers never follow a \
             redirect on a preflight."
        );
        let title = format!("Stop redirecting the preflight for {from}");
        PreflightRedirect {
            from: Val::new(lang, from),
            to: Val::new(lang, to),
            to_shown: lang.comment_text(to_shown),
            head,
            title,
        }
    }

    /// The same facts escaped for `lang`.
    pub fn in_lang(&self, lang: Lang) -> PreflightRedirect {
        PreflightRedirect::new(lang, &self.from.raw, &self.to.raw)
    }
}

/// [`FixKind::PreflightBeforeAuth`]: auth refuses the preflight.
pub(crate) struct BeforeAuth {
    pub path: Val,
    pub head: String,
    pub title: String,
}

impl BeforeAuth {
    fn new(lang: Lang, path: &str) -> Self {
        let head = format!(
            "Auth refuses the preflight (OPTIONS {path}): browsers never send credentials on it. \
             Let OPTIONS through before auth."
        );
        let title = format!("Let the preflight for {path} through before authentication");
        BeforeAuth { path: Val::new(lang, path), head, title }
    }
}

/// [`FixKind::MissingRoute`] and [`FixKind::MethodMismatch`] without a
/// suggested method: register the method on the path.
pub(crate) struct Route<'a> {
    pub method: &'a Method,
    pub path: Val,
    /// The methods the route should answer (see [`route::route_methods`]).
    pub all: Vec<Method>,
    /// Their names, escaped.
    pub names: Vec<String>,
    /// `update_item`
    pub handler: String,
    pub params: Vec<String>,
    /// The method's name, escaped.
    pub m: String,
    pub short: Option<&'static str>,
    pub title: String,
    pub head: String,
    allowed: &'a [Method],
}

impl<'a> Route<'a> {
    fn new(lang: Lang, method: &'a Method, path: &str, allowed: &'a [Method]) -> Self {
        let all = route::route_methods(method, allowed);
        let names: Vec<String> = all.iter().map(|m| lang.header_value(m.as_str())).collect();
        let m = method.as_str();
        let allow = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
        let (title, head) = if allowed.is_empty() {
            (
                format!("Register a {m} handler for {path}"),
                format!("{m} {path}: no handler answers this method here. Register one:"),
            )
        } else {
            (
                format!("Add {m} to the methods {path} accepts (now {allow})"),
                format!(
                    "{m} {path}: the route exists but refuses {m} (Allow: {allow}). Add {m} to \
                    it:"
                ),
            )
        };
        let handler = route::handler_name(method, path);
        let params = param_names(path);
        let (path, m) = (Val::new(lang, path), lang.header_value(m));
        Route { method, path, all, names, handler, params, m, short: shorthand(method), title, head, allowed }
    }

    /// The same facts escaped for `lang`.
    pub fn in_lang(&self, lang: Lang) -> Route<'a> {
        Route::new(lang, self.method, &self.path.raw, self.allowed)
    }
}

/// [`FixKind::WebServerRule`]: a web-server rule refuses the method.
pub(crate) struct ServerRule {
    pub path: Val,
    /// The method's name, escaped.
    pub m: String,
    /// The `location` prefix for the path.
    pub loc: Val,
    method: Method,
}

impl ServerRule {
    pub(crate) fn new(lang: Lang, method: &Method, path: &str) -> Self {
        let path = Val::new(lang, path);
        let loc = location_prefix(&path);
        ServerRule { m: lang.header_value(method.as_str()), loc, path, method: method.clone() }
    }

    /// The same facts escaped for `lang`.
    pub fn in_lang(&self, lang: Lang) -> ServerRule {
        ServerRule::new(lang, &self.method, &self.path.raw)
    }
}

/// [`FixKind::RedirectChangedMethod`]: a 301/302/303 turned the method into GET.
pub(crate) struct RedirectChanged<'a> {
    pub method: &'a Method,
    /// The method's name, escaped.
    pub m: String,
    pub from: Val,
    pub to: Val,
    pub from_path: Val,
    pub to_path: Val,
    pub head: String,
    status: u16,
}

impl<'a> RedirectChanged<'a> {
    fn new(lang: Lang, method: &'a Method, from: &str, to: &str, status: u16) -> Self {
        let m = method.as_str();
        let head = format!(
            "{status} from {from} to {to} made the browser re-send your {m} as GET (the body is \
             dropped). Call {to} directly, or redirect with 307/308, which keep the method and \
             body."
        );
        let (from, to) = (Val::new(lang, from), Val::new(lang, to));
        let (from_path, to_path) = (url_path(&from), url_path(&to));
        RedirectChanged { method, m: lang.header_value(m), from, to, from_path, to_path, head, status }
    }

    /// The same facts escaped for `lang`.
    pub fn in_lang(&self, lang: Lang) -> RedirectChanged<'a> {
        RedirectChanged::new(lang, self.method, &self.from.raw, &self.to.raw, self.status)
    }
}

// ---------------------------------------------------------------------------
// Kinds whose snippets share a frame (title, head comment)
// ---------------------------------------------------------------------------

/// The head comment, then the stack's snippet (after `<?php` in PHP).
fn framed(title: String, head: &str, (lang, body): Snippet) -> Fix {
    let head = comment(lang, head);
    let code = if lang == "php" {
        format!(
            "<?php\
        \n{head}\
        \n{body}"
        )
    } else {
        format!("{head}\n{body}")
    };
    fix(title, lang, code)
}

fn credentials(h: &dyn Define, origin: &str) -> Fix {
    let escaped = h.lang().header_value(origin);
    let head = format!(
        "Requests with cookies need Access-Control-Allow-Origin: {origin} (never *) and \
         Access-Control-Allow-Credentials: true."
    );
    framed(format!("Allow credentials for {origin}"), &head, h.credentials(&escaped))
}

fn cors_on_errors(h: &dyn Define, origin: &str) -> Fix {
    let escaped = h.lang().header_value(origin);
    let head = format!(
        "Error responses must carry Access-Control-Allow-Origin: {origin} too, or the page only \
         sees a CORS error."
    );
    framed(
        format!(
            "Send CORS headers for {origin} on error responses \
        too"
        ),
        &head,
        h.cors_on_errors(&escaped),
    )
}

fn redirect_changed(h: &dyn Define, r: &RedirectChanged) -> Fix {
    let m = r.method.as_str();
    let from = &r.from.raw;
    let title = format!("Keep {m} across the redirect from {from}");
    let (lang, body) = h.redirect_changed(r);
    let head = comment(lang, &r.head);
    // A PHP snippet starts with its own `<?php` line: the head goes after it.
    let code = if lang == "php" {
        body.replacen("<?php\n", &format!("<?php\n{head}\n"), 1)
    } else {
        format!("{head}\n{body}")
    };
    fix(title, lang, code)
}

#[cfg(test)]
mod tests;
