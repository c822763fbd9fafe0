//! One entry: the lenient reading of `log.entries[i]` into the model. Only
//! `request.method` and `request.url` are required (or the HTTP/2
//! pseudo-headers when they are absent); an entry without them is skipped
//! with a warning naming the field (`log.entries[4].request.url`). Everything
//! else defaults, and what was odd (a wrong type, a cut string, dropped
//! headers) becomes a warning.

use super::body::body;
use super::error::bare_message;
use super::lenient::{Kind, Obj, Val};
use super::raw::{Pseudo, RawEntry, RawFrame, RawHeaders, RawInitiator, RawRequest, RawResponse};
use super::{CallFrame, Content, Entry, HarError, Initiator, PostData, Request, Response};
use super::{MAX_HEADERS, MAX_PARAMS, MAX_WARNINGS};
use crate::http::{Headers, Method};

/// Parses one entry (the JSON of one `log.entries[i]`), as the extension
/// receives them from `onRequestFinished`. `index` is its position.
pub fn parse_entry(json: &str, index: usize) -> Result<Entry, HarError> {
    parse_entry_with_warnings(json, index).map(|(e, _)| e)
}

/// [`parse_entry`], also returning what was cut or ignored in the entry
/// (over-long header values, dropped headers, …) as warnings.
pub fn parse_entry_with_warnings(json: &str, index: usize) -> Result<(Entry, Vec<HarError>), HarError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(HarError {
            location: format!("log.entries[{index}]"),
            message: "empty input (expected the JSON of one entry)".into(),
        });
    }
    let mut notes = Vec::new();
    let e = read_entry(json, index, &mut notes)?;
    Ok((e, notes))
}

/// Reads one entry's JSON. Fast path without path tracking; when it fails,
/// parses again with `serde_path_to_error` to say where.
pub(super) fn read_entry(json: &str, index: usize, notes: &mut Vec<HarError>) -> Result<Entry, HarError> {
    match serde_json::from_str::<Obj<RawEntry>>(json) {
        Ok(raw) => convert(raw, index, notes),
        Err(first) => {
            // what `repair.rs` mends (a lone surrogate, `1e400`, …) is kept, with a warning per repair
            if let Some((fixed, repairs)) = super::repair::repair(json, &format!("log.entries[{index}]"), 1) {
                if let Ok(raw) = serde_json::from_str::<Obj<RawEntry>>(&fixed) {
                    notes.extend(repairs);
                    return convert(raw, index, notes);
                }
            }
            Err(locate_entry_error(json, index, &first))
        }
    }
}

#[cfg(feature = "path-errors")]
pub(super) fn locate_entry_error(json: &str, index: usize, first: &serde_json::Error) -> HarError {
    let mut location = format!("log.entries[{index}]");
    let mut de = serde_json::Deserializer::from_str(json);
    let e = match serde_path_to_error::deserialize::<_, Obj<RawEntry>>(&mut de) {
        Err(e) => {
            for seg in e.path().iter() {
                use serde_path_to_error::Segment;
                match seg {
                    Segment::Seq { index } => location.push_str(&format!("[{index}]")),
                    Segment::Map { key } => {
                        location.push('.');
                        location.push_str(key);
                    }
                    Segment::Enum { variant } => {
                        location.push('.');
                        location.push_str(variant);
                    }
                    Segment::Unknown => location.push_str(".?"),
                }
            }
            e.into_inner()
        }
        Ok(_) => match de.end() {
            Err(e) => e,
            Ok(()) => {
                return HarError { location, message: bare_message(first) };
            }
        },
    };
    let mut message = bare_message(&e);
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(" (the entry looks truncated)");
    }
    if matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof) {
        message.push_str(&format!(" at line {}, column {} of the entry", e.line(), e.column()));
    }
    HarError { location, message }
}

/// Without `path-errors`: the entry, and the line/column in it.
#[cfg(not(feature = "path-errors"))]
pub(super) fn locate_entry_error(_json: &str, index: usize, e: &serde_json::Error) -> HarError {
    let mut message = bare_message(e);
    if e.classify() == serde_json::error::Category::Eof {
        message.push_str(" (the entry looks truncated)");
    }
    message.push_str(&format!(" at line {}, column {} of the entry", e.line(), e.column()));
    HarError { location: format!("log.entries[{index}]"), message }
}

fn note(notes: &mut Vec<HarError>, location: String, message: String) {
    if notes.len() < MAX_WARNINGS {
        notes.push(HarError { location, message });
    }
}

fn note_cut<const CAP: usize>(notes: &mut Vec<HarError>, v: &Val<CAP>, at: impl FnOnce() -> String) {
    if v.truncated() {
        note(notes, at(), format!("is {} bytes long; kept the first {}", v.len, v.text.len()));
    }
}

/// A raw entry to the model, or why it is skipped; `notes` gets what was odd.
pub(super) fn convert(raw: Obj<RawEntry>, index: usize, notes: &mut Vec<HarError>) -> Result<Entry, HarError> {
    let at = |path: &str| format!("log.entries[{index}]{path}");
    let e = match raw {
        Obj::Ok(e) => e,
        Obj::Missing => return Err(HarError { location: at(""), message: "empty entry".into() }),
        Obj::Wrong(k) => {
            return Err(HarError { location: at(""), message: format!("expected an object, found {}", k.describe()) })
        }
    };
    let req = match e.request {
        Obj::Ok(r) => r,
        Obj::Missing => {
            return Err(HarError {
                location: at(".request"),
                message: "missing (an entry needs request.method and request.url)".into(),
            })
        }
        Obj::Wrong(k) => {
            return Err(HarError {
                location: at(".request"),
                message: format!("expected an object, found {}", k.describe()),
            })
        }
    };
    let request = convert_request(req, &at, notes)?;
    let response = match e.response {
        Obj::Ok(r) => convert_response(r, &at, notes),
        Obj::Missing | Obj::Wrong(Kind::Null) => Response::default(),
        Obj::Wrong(k) => {
            note(notes, at(".response"), format!("expected an object, found {}; read as no response", k.describe()));
            Response::default()
        }
    };
    let time_ms = e.time.number().filter(|t| *t > 0.0).unwrap_or(0.0);
    Ok(Entry {
        index,
        started: e.started.text_or_empty().into(),
        time_ms,
        pageref: e.pageref.into_text().filter(|s| !s.is_empty()).map(String::into_boxed_str),
        request,
        response,
        resource_type: e.resource_type.nonempty().map(String::into_boxed_str),
        initiator: e.initiator.ok().map(|i| Box::new(convert_initiator(i))),
        server_ip: e.server_ip.nonempty().map(String::into_boxed_str),
    })
}

fn convert_headers(
    list: RawHeaders,
    at: &dyn Fn(&str) -> String,
    path: &str,
    notes: &mut Vec<HarError>,
) -> (Headers, Pseudo) {
    if !matches!(list.kind, Kind::Array | Kind::Missing | Kind::Null) {
        note(notes, at(path), format!("expected an array, found {}; no headers read", list.kind.describe()));
    }
    for (i, field, len, kept) in list.cuts {
        note(notes, at(&format!("{path}[{i}].{field}")), format!("is {len} bytes long; kept the first {kept}"));
    }
    if list.dropped > 0 {
        note(notes, at(path), format!("{} more headers ignored (at most {MAX_HEADERS} are kept)", list.dropped));
    }
    // The list grew by doubling while it was read: the model keeps only what it holds (issue 11: memory).
    let mut headers = list.headers;
    headers.shrink_to_fit();
    (Headers(headers), list.pseudo)
}

/// A required string field: the string, or why it cannot be read.
fn required_str<const CAP: usize>(v: &Val<CAP>, location: impl FnOnce() -> String) -> Result<(), HarError> {
    match v.kind {
        Kind::String if !v.text.trim().is_empty() => Ok(()),
        Kind::String => Err(HarError { location: location(), message: "is an empty string".into() }),
        Kind::Missing => Err(HarError { location: location(), message: "missing".into() }),
        k => Err(HarError { location: location(), message: format!("expected a string, found {}", k.describe()) }),
    }
}

fn convert_request(r: RawRequest, at: &dyn Fn(&str) -> String, notes: &mut Vec<HarError>) -> Result<Request, HarError> {
    let (headers, pseudo) = convert_headers(r.headers, at, ".request.headers", notes);
    // HTTP/2 exports carry the pseudo-headers: use them when the fields are absent.
    let method = match required_str(&r.method, || at(".request.method")) {
        Ok(()) => Method::parse(&r.method.text),
        Err(e) => match pseudo.method {
            Some(m) if r.method.kind == Kind::Missing && !m.trim().is_empty() => Method::parse(&m),
            _ => return Err(e),
        },
    };
    let url = match required_str(&r.url, || at(".request.url")) {
        Ok(()) => {
            note_cut(notes, &r.url, || at(".request.url"));
            r.url.text.into_owned()
        }
        Err(e) => match (pseudo.scheme, pseudo.authority, pseudo.path) {
            (Some(s), Some(a), Some(p)) if r.url.kind == Kind::Missing => format!("{s}://{a}{p}"),
            _ => return Err(e),
        },
    };
    let post_data = r.post_data.ok().map(|p| {
        let (text, text_len) = body(p.text, &p.encoding);
        if p.params.dropped > 0 {
            note(
                notes,
                at(".request.postData.params"),
                format!("{} more params ignored (at most {MAX_PARAMS} are kept)", p.params.dropped),
            );
        }
        let params = p
            .params
            .items
            .into_iter()
            .filter_map(Obj::ok)
            .map(|x| (x.name.text_or_empty(), x.value.text_or_empty()))
            .collect();
        Box::new(PostData { mime_type: p.mime_type.text_or_empty(), text, params, text_len })
    });
    let body_size = match r.body_size.number() {
        Some(n) if n >= 0.0 => n as i64,
        _ => -1,
    };
    Ok(Request { method, url, http_version: r.http_version.text_or_empty().into(), headers, post_data, body_size })
}

fn convert_response(r: RawResponse, at: &dyn Fn(&str) -> String, notes: &mut Vec<HarError>) -> Response {
    let (headers, _) = convert_headers(r.headers, at, ".response.headers", notes);
    let status = match r.status.number() {
        Some(n) if (0.0..1000.0).contains(&n) => n as u16,
        _ => 0,
    };
    note_cut(notes, &r.redirect_url, || at(".response.redirectURL"));
    let content = match r.content.ok() {
        Some(c) => {
            let (text, _) = body(c.text, &c.encoding);
            let size = match c.size.number() {
                Some(n) if n > 0.0 => n as u64,
                _ => 0,
            };
            Content { mime_type: c.mime_type.text_or_empty().into(), text, size }
        }
        None => Content::default(),
    };
    Response {
        status,
        status_text: r.status_text.text_or_empty().into(),
        http_version: r.http_version.text_or_empty().into(),
        headers,
        redirect_url: r.redirect_url.nonempty().map(String::into_boxed_str),
        content,
        // Chromium's `_error`, Playwright's `_failureText` (its HAR recorder, on the response)
        error: r.error.nonempty().or_else(|| r.failure_text.nonempty()).map(String::into_boxed_str),
        via_service_worker: r.via_service_worker.is_true(),
    }
}

fn convert_initiator(i: RawInitiator) -> Initiator {
    let mut frame = None;
    let mut stack = i.stack;
    // The top stack's first frame; an empty stack (async boundary) defers to
    // its parent. Iterative, whatever the chain's length.
    while let Obj::Ok(s) = stack {
        if let Some(f) = s.call_frames.0 {
            frame = Some(convert_frame(f));
            break;
        }
        stack = match s.parent {
            Obj::Ok(p) => Obj::Ok(*p),
            _ => Obj::Missing,
        };
    }
    Initiator {
        kind: i.kind.text_or_empty(),
        url: i.url.nonempty(),
        request_id: i.request_id.into_text().filter(|s| !s.is_empty()),
        frame,
    }
}

/// CDP numbers are 0-based; the model's are 1-based (0 = unknown).
fn one_based(v: &Val) -> u32 {
    match v.number() {
        Some(n) if n >= 0.0 => (n.min(u32::MAX as f64) as u32).saturating_add(1),
        _ => 0,
    }
}

fn convert_frame(f: RawFrame) -> CallFrame {
    CallFrame {
        line: one_based(&f.line),
        column: one_based(&f.column),
        function: f.function.text_or_empty(),
        url: f.url.text_or_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::parse_entry;

    /// The initiator's frame: the first object among the first MAX_FRAMES
    /// items of the top stack (the rest unread), else the parent's.
    #[test]
    fn initiator_frame_is_the_first_readable_one() {
        let frame = |frames: &str, parent: &str| {
            let json = format!(
                r#"{{"request":{{"method":"GET","url":"http://a.test/"}},"_initiator":{{"type":"script","stack":{{"callFrames":{frames}{parent}}}}}}}"#
            );
            parse_entry(&json, 0).ok().and_then(|e| e.initiator).and_then(|i| i.frame).map(|f| f.function)
        };
        let f = |name: &str| format!(r#"{{"functionName":"{name}","url":"u","lineNumber":1,"columnNumber":2}}"#);
        assert_eq!(frame(&format!("[1,\"x\",{},{}]", f("a"), f("b")), ""), Some("a".into()));
        assert_eq!(
            frame(&format!("[{},{{\"broken\":[}}]", f("a")), "").as_deref(),
            None,
            "still JSON-checked: the entry is unreadable"
        );
        assert_eq!(
            frame(&format!("[1,2,3,4,{}]", f("late")), ""),
            None,
            "only the first MAX_FRAMES items are looked at"
        );
        assert_eq!(frame("[]", &format!(r#","parent":{{"callFrames":[{}]}}"#, f("p"))), Some("p".into()));
        assert_eq!(frame("{}", ""), None);
    }

    #[test]
    fn one_based_frames() {
        let f: RawFrame =
            serde_json::from_str(r#"{"functionName":"f","url":"u","lineNumber":0,"columnNumber":"9"}"#).unwrap();
        let c = convert_frame(f);
        assert_eq!((c.line, c.column), (1, 10));
        let f: RawFrame = serde_json::from_str(r#"{"lineNumber":-1}"#).unwrap();
        assert_eq!(convert_frame(f).line, 0);
    }
}
