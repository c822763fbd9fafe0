//! Which layer answered a refusal, from evidence: the refusing response set beside the successful responses of the
//! same origin in the HAR. A framework writes the same few headers on every response it makes (its `Server` or
//! `X-Powered-By`, its CORS headers, its header casing, its HTTP version); a proxy, a load balancer or a web server in
//! front of it that refuses a request itself writes its own. When the refusal lacks what every one of the app's
//! responses carries, or carries what none of them does (`Via`, another `Server`), it never reached the
//! application: the fix goes to that layer, named when the evidence names it (a stack of tier proxy or web server,
//! `Via`, its own `Server`).
//!
//! The engine keeps each origin's successful responses as [`Shape`]s (at most [`SHAPES_MAX`] distinct ones, as it
//! keeps at most 32 observations per path); [`compare`] reads one refusal against them in time linear in that bound.

use serde::Serialize;

use crate::har::Entry;
use crate::stack::{Detection, Stack, Tier};

/// The distinct shapes kept per origin.
pub const SHAPES_MAX: usize = 32;

/// The header names kept per shape, in order (for the order comparison).
const NAMES_MAX: usize = 24;

/// How a response writes its header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    /// `content-type` (HTTP/2, and many servers on HTTP/1.1).
    Lower,
    /// `Content-Type`.
    Title,
    /// Neither throughout (or no names).
    Mixed,
}

impl Casing {
    fn of(entry: &Entry) -> Self {
        let (mut lower, mut title, mut any) = (true, true, false);
        for h in entry.response.headers.iter() {
            let name = h.name.as_str();
            if !name.bytes().any(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            any = true;
            lower &= !name.bytes().any(|b| b.is_ascii_uppercase());
            title &= name.split('-').all(|part| part.bytes().next().is_none_or(|b| !b.is_ascii_lowercase()));
        }
        match (any, lower, title) {
            (true, true, false) => Casing::Lower,
            (true, false, true) => Casing::Title,
            _ => Casing::Mixed,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Casing::Lower => "lower-case header names (content-type)",
            Casing::Title => "capitalised header names (Content-Type)",
            Casing::Mixed => "mixed header names",
        }
    }
}

/// What one successful response of an origin looked like: the traits a framework writes the same on every response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The first entry seen with this shape.
    pub entry: usize,
    server: Option<Box<str>>,
    powered_by: Option<Box<str>>,
    via: Option<Box<str>>,
    /// Lower-case (`http/1.1`, `h2`); empty when the HAR did not say.
    version: Box<str>,
    /// Carries `Access-Control-Allow-Origin`.
    cors: bool,
    casing: Casing,
    /// The media type of `Content-Type`, lower-case.
    media: Option<Box<str>>,
    /// The header names, lower-case, in order (the first [`NAMES_MAX`]).
    names: Box<[Box<str>]>,
}

impl Shape {
    /// The shape of entry `index`'s response.
    pub fn of(index: usize, entry: &Entry) -> Self {
        let mut s = Shape::bare(index, entry);
        s.fill_names(entry);
        s
    }

    /// The shape without its header list (see [`Shape::fill_names`]): enough to tell whether an origin already has
    /// one like it, which most successful responses of a capture do.
    pub fn bare(index: usize, entry: &Entry) -> Self {
        let h = &entry.response.headers;
        let value = |name: &str| h.get_combined(name).map(|v| v.trim().into());
        Shape {
            entry: index,
            server: value("server"),
            powered_by: value("x-powered-by"),
            via: value("via"),
            version: entry.response.http_version.trim().to_ascii_lowercase().into(),
            cors: h.contains("access-control-allow-origin"),
            casing: Casing::of(entry),
            media: h
                .get("content-type")
                .and_then(|v| v.split(';').next())
                .map(|m| m.trim().to_ascii_lowercase().into()),
            names: Box::default(),
        }
    }

    /// Reads the header list of `entry` (the one the shape was read from).
    pub fn fill_names(&mut self, entry: &Entry) {
        let h = &entry.response.headers;
        self.names = h.iter().take(NAMES_MAX).map(|x| x.name.as_str().to_ascii_lowercase().into()).collect();
    }

    /// The same shape but for the entry and the header list: one kept per origin.
    pub fn same_kind(&self, o: &Shape) -> bool {
        (&self.server, &self.powered_by, &self.via, &self.version, self.cors, self.casing, &self.media)
            == (&o.server, &o.powered_by, &o.via, &o.version, o.cors, o.casing, &o.media)
    }
}

/// Who answered the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnsweredBy {
    /// It looks like the application's own responses.
    Application,
    /// It looks unlike them: a layer in front of the application answered.
    Layer,
}

/// The verdict on one refusal, with the evidence in words. The JSON view of which layer answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layer {
    pub answered_by: AnsweredBy,
    /// The layer's name when the evidence names it (a stack's label, a `Via` or `Server` value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The layer as a known stack (tier proxy or web server), when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<Stack>,
    /// Each fact compared, in words.
    pub evidence: Vec<String>,
}

impl Layer {
    /// A layer in front of the application answered.
    pub fn in_front(&self) -> bool {
        self.answered_by == AnsweredBy::Layer
    }

    /// The verdict in words: "the application", "a layer in front of the application (Via: 1.1 varnish)".
    pub fn answered_by_words(&self) -> String {
        match (self.answered_by, &self.name) {
            (AnsweredBy::Application, _) => "the application (the refusal looks like its other responses)".into(),
            (AnsweredBy::Layer, Some(n)) => format!("a layer in front of the application: {n}"),
            (AnsweredBy::Layer, None) => "a layer in front of the application, not identified".into(),
        }
    }

    /// "Varnish (Via: 1.1 varnish)", or a generic name.
    pub fn who(&self) -> String {
        match &self.name {
            Some(n) => format!("A layer in front of your application ({n})"),
            None => "A layer in front of your application (a proxy, load balancer or web server)".into(),
        }
    }
}

/// How strongly one difference points at another layer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Weight {
    /// A trait every response of a framework carries, or one only a proxy adds.
    Strong,
    /// A trait that changes between software, but that one application could also vary.
    Medium,
    /// Shown, not counted (a framework's error pages often differ in content type from its API).
    Weak,
}

/// What the comparison found so far.
#[derive(Default)]
struct Tally {
    strong: usize,
    medium: usize,
    /// Traits the refusal shares with the application's responses.
    alike: Vec<String>,
    unlike: Vec<String>,
    /// A name for the layer, read from the refusal.
    name: Option<String>,
    /// The refusal carries what only the application writes (its `X-Powered-By`): it passed through it.
    app_wrote: bool,
}

impl Tally {
    fn unlike(&mut self, w: Weight, text: String) {
        match w {
            Weight::Strong => self.strong += 1,
            Weight::Medium => self.medium += 1,
            Weight::Weak => {}
        }
        self.unlike.push(text);
    }
}

/// The one value every shape has for a trait, if they agree.
fn common<'s, T: PartialEq + ?Sized>(shapes: &'s [Shape], f: impl Fn(&'s Shape) -> &'s T) -> Option<&'s T> {
    let first = f(shapes.first()?);
    shapes.iter().all(|s| f(s) == first).then_some(first)
}

fn show(v: Option<&str>) -> String {
    v.map_or_else(|| "none".to_string(), |v| format!("'{}'", crate::stack::visible(v)))
}

/// Compares the refusal `entry` (its detection `d`) with the successful responses of its origin. `None` when there
/// is nothing to compare with, or nothing tells them apart.
pub fn compare(entry: &Entry, d: &Detection, shapes: &[Shape]) -> Option<Layer> {
    if shapes.is_empty() {
        return None;
    }
    let here = Shape::of(entry.index, entry);
    let n = shapes.len();
    let every =
        if n == 1 { "the successful response".to_string() } else { format!("all {n} kinds of successful response") };
    let mut t = Tally::default();
    headers_compared(&here, shapes, &every, &mut t);
    traits_compared(&here, shapes, &every, &mut t);
    let stack = named_stack(d);
    let answered_by = if !t.app_wrote && (t.strong >= 1 || t.medium >= 2) {
        AnsweredBy::Layer
    } else if !t.alike.is_empty() && (t.app_wrote || stack.is_none()) {
        // a refusal a web server's own signatures name (nginx's 405 on a static file) is the application's only
        // when it carries what the application writes: looking like the origin's other responses (nginx's
        // static files) says nothing more
        AnsweredBy::Application
    } else {
        return None;
    };
    let mut evidence = t.unlike;
    if answered_by == AnsweredBy::Application {
        evidence = t.alike.into_iter().chain(evidence).collect();
    }
    let name = match answered_by {
        AnsweredBy::Layer => stack.map(|s| s.label().to_string()).or(t.name),
        AnsweredBy::Application => None,
    };
    let stack = stack.filter(|_| answered_by == AnsweredBy::Layer);
    Some(Layer { answered_by, name, stack, evidence })
}

/// A proxy or web server the refusal's own signatures name.
fn named_stack(d: &Detection) -> Option<Stack> {
    d.generated_by.iter().chain(&d.seen).map(|(s, _)| *s).find(|s| matches!(s.tier(), Tier::Proxy | Tier::WebServer))
}

/// `Via`, `Server`, `X-Powered-By`: who wrote the response.
fn headers_compared(here: &Shape, shapes: &[Shape], every: &str, t: &mut Tally) {
    if let Some(via) = &here.via {
        if shapes.iter().all(|s| s.via.is_none()) {
            t.name.get_or_insert_with(|| format!("Via: {}", crate::stack::visible(via)));
            t.unlike.push(format!(
                "The refusal carries Via: {} (a proxy passed or made it); {every} of this origin has none.",
                show(Some(via))
            ));
            t.strong += 1;
        }
    }
    match common(shapes, |s| &s.server) {
        Some(app) if *app != here.server => {
            if let (Some(v), None) = (&here.server, app) {
                t.name.get_or_insert_with(|| format!("Server: {}", crate::stack::visible(v)));
            }
            t.unlike(
                Weight::Strong,
                format!(
                    "Server is {} on {every} of this origin, {} on the refusal.",
                    show(app.as_deref()),
                    show(here.server.as_deref())
                ),
            );
        }
        Some(Some(app)) => t
            .alike
            .push(format!("The refusal has the same Server as the application's responses ({}).", show(Some(app)))),
        _ => {}
    }
    match common(shapes, |s| &s.powered_by) {
        Some(Some(app)) if here.powered_by.as_ref() != Some(app) => t.unlike(
            Weight::Strong,
            format!(
                "X-Powered-By is {} on {every} of this origin (the framework writes it on every response it makes), {} on the refusal.",
                show(Some(app)),
                show(here.powered_by.as_deref())
            ),
        ),
        Some(Some(app)) => {
            t.app_wrote = true;
            t.alike.push(format!("The refusal carries the application's X-Powered-By ({}).", show(Some(app))));
        }
        _ => {}
    }
}

/// CORS headers, header casing and order, HTTP version, content type.
fn traits_compared(here: &Shape, shapes: &[Shape], every: &str, t: &mut Tally) {
    if shapes.iter().all(|s| s.cors) {
        if here.cors {
            t.alike.push("The refusal carries CORS headers, as the application's responses do.".into());
        } else {
            t.unlike(
                Weight::Medium,
                format!("Access-Control-Allow-Origin is on {every} of this origin, not on the refusal: the application's CORS layer did not run."),
            );
        }
    }
    if let Some(&app) = common(shapes, |s| &s.casing) {
        if app != Casing::Mixed && here.casing != Casing::Mixed && app != here.casing {
            t.unlike(
                Weight::Medium,
                format!("The application writes {}, the refusal {}.", app.words(), here.casing.words()),
            );
        }
    }
    if let Some(app) = common(shapes, |s| &s.version) {
        if !app.is_empty() && !here.version.is_empty() && *app != here.version {
            t.unlike(Weight::Medium, format!("The application answers in {app}, the refusal in {}.", here.version));
        }
    }
    if let Some(media) = &here.media {
        if shapes.iter().all(|s| s.media.as_ref().is_some_and(|m| m != media)) {
            t.unlike(
                Weight::Weak,
                format!("Its content type ({}) is none of the application's.", crate::stack::visible(media)),
            );
        }
    }
    if shapes.iter().all(|s| !same_order(&here.names, &s.names)) {
        t.unlike(Weight::Weak, "The headers it shares with the application's responses come in another order.".into());
    }
}

/// The names both lists hold come in the same relative order (true when they share fewer than two).
fn same_order(a: &[Box<str>], b: &[Box<str>]) -> bool {
    let mut last = None;
    for name in a {
        let Some(at) = b.iter().position(|x| x == name) else { continue };
        if last.is_some_and(|l| at < l) {
            return false;
        }
        last = Some(at);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::parse_entry;

    fn entry(status: u16, headers: &[(&str, &str)]) -> Entry {
        let hs: Vec<String> = headers.iter().map(|(n, v)| format!(r#"{{"name":"{n}","value":"{v}"}}"#)).collect();
        let json = format!(
            r#"{{"startedDateTime":"2026-01-01T00:00:00Z","time":1,"request":{{"method":"PUT","url":"http://a.test/x","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[{}],"cookies":[],"content":{{"size":0,"mimeType":""}},"redirectURL":"","headersSize":-1,"bodySize":0}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#,
            hs.join(",")
        );
        parse_entry(&json, 0).expect("entry")
    }

    #[test]
    fn casing_is_read_from_the_names_with_letters() {
        assert_eq!(Casing::of(&entry(200, &[("content-type", "a"), ("x-1", "b")])), Casing::Lower);
        assert_eq!(Casing::of(&entry(200, &[("Content-Type", "a"), ("ETag", "b")])), Casing::Title);
        assert_eq!(Casing::of(&entry(200, &[("Content-Type", "a"), ("date", "b")])), Casing::Mixed);
        assert_eq!(Casing::of(&entry(200, &[])), Casing::Mixed);
    }

    #[test]
    fn order_compares_only_the_shared_names() {
        let names = |v: &[&str]| v.iter().map(|s| Box::<str>::from(*s)).collect::<Vec<_>>();
        assert!(same_order(&names(&["a", "x", "b"]), &names(&["a", "b", "y"])));
        assert!(!same_order(&names(&["b", "a"]), &names(&["a", "b"])));
        assert!(same_order(&names(&["a"]), &names(&[])));
    }

    #[test]
    fn nothing_to_compare_with_or_nothing_telling_them_apart_is_no_verdict() {
        let refusal = entry(405, &[("Content-Type", "text/html")]);
        assert_eq!(compare(&refusal, &Detection::default(), &[]), None);
        let app = [Shape::of(1, &entry(200, &[("Content-Type", "text/html")]))];
        assert_eq!(compare(&refusal, &Detection::default(), &app), None);
    }

    #[test]
    fn a_via_only_on_the_refusal_names_the_layer_and_the_apps_header_keeps_it_the_apps() {
        let app = [Shape::of(1, &entry(200, &[("X-Powered-By", "Express"), ("Content-Type", "application/json")]))];
        let refusal = entry(405, &[("Via", "1.1 gw"), ("Content-Type", "text/plain")]);
        let l = compare(&refusal, &Detection::default(), &app).expect("a verdict");
        assert_eq!((l.answered_by, l.name.as_deref()), (AnsweredBy::Layer, Some("Via: 1.1 gw")));
        let refusal = entry(405, &[("Via", "1.1 gw"), ("X-Powered-By", "Express")]);
        let l = compare(&refusal, &Detection::default(), &app).expect("a verdict");
        assert_eq!(l.answered_by, AnsweredBy::Application);
    }
}
