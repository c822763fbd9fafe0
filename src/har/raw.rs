//! The raw, borrowed shapes of what is read from an entry (and the log's
//! `creator`, `browser` and `pages`): every field a lenient value
//! ([`super::lenient`]), unknown fields skipped. A header list is converted
//! as it is read ([`RawHeaders`]), HTTP/2 pseudo-headers kept apart.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;

use super::lenient::{accept_map, accept_scalars, FirstObj, Kind, Lenient, List, Obj, Val};
use super::{BODY_KEEP, BODY_RAW_CAP, MAX_FRAMES, MAX_HEADERS, MAX_HEADER_NAME, MAX_HEADER_VALUE, MAX_PARAMS, MAX_URL};
use crate::http::{Header, HeaderName};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawEntry<'a> {
    #[serde(borrow, rename = "startedDateTime")]
    pub(super) started: Val<'a>,
    #[serde(borrow)]
    pub(super) time: Val<'a>,
    #[serde(borrow)]
    pub(super) pageref: Val<'a>,
    #[serde(borrow)]
    pub(super) request: Obj<RawRequest<'a>>,
    #[serde(borrow)]
    pub(super) response: Obj<RawResponse<'a>>,
    #[serde(borrow, rename = "_resourceType")]
    pub(super) resource_type: Val<'a>,
    #[serde(borrow, rename = "_initiator")]
    pub(super) initiator: Obj<RawInitiator<'a>>,
    #[serde(borrow, rename = "serverIPAddress")]
    pub(super) server_ip: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawRequest<'a> {
    #[serde(borrow)]
    pub(super) method: Val<'a>,
    #[serde(borrow)]
    pub(super) url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "httpVersion")]
    pub(super) http_version: Val<'a>,
    pub(super) headers: RawHeaders,
    #[serde(borrow, rename = "postData")]
    pub(super) post_data: Obj<RawPostData<'a>>,
    #[serde(borrow, rename = "bodySize")]
    pub(super) body_size: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawHeader<'a> {
    #[serde(borrow)]
    pub(super) name: Val<'a, MAX_HEADER_NAME>,
    #[serde(borrow)]
    pub(super) value: Val<'a, MAX_HEADER_VALUE>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawPostData<'a> {
    #[serde(borrow, rename = "mimeType")]
    pub(super) mime_type: Val<'a>,
    #[serde(borrow)]
    pub(super) text: Val<'a, BODY_RAW_CAP>,
    #[serde(borrow)]
    pub(super) encoding: Val<'a>,
    #[serde(borrow)]
    pub(super) params: List<Obj<RawParam<'a>>, MAX_PARAMS>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawParam<'a> {
    #[serde(borrow)]
    pub(super) name: Val<'a>,
    #[serde(borrow)]
    pub(super) value: Val<'a, BODY_KEEP>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawResponse<'a> {
    #[serde(borrow)]
    pub(super) status: Val<'a>,
    #[serde(borrow, rename = "statusText")]
    pub(super) status_text: Val<'a>,
    #[serde(borrow, rename = "httpVersion")]
    pub(super) http_version: Val<'a>,
    pub(super) headers: RawHeaders,
    #[serde(borrow)]
    pub(super) content: Obj<RawContent<'a>>,
    #[serde(borrow, rename = "redirectURL")]
    pub(super) redirect_url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "_error")]
    pub(super) error: Val<'a>,
    #[serde(borrow, rename = "_failureText")]
    pub(super) failure_text: Val<'a>,
    #[serde(borrow, rename = "_fetchedViaServiceWorker")]
    pub(super) via_service_worker: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawContent<'a> {
    #[serde(borrow, rename = "mimeType")]
    pub(super) mime_type: Val<'a>,
    #[serde(borrow)]
    pub(super) text: Val<'a, BODY_RAW_CAP>,
    #[serde(borrow)]
    pub(super) encoding: Val<'a>,
    #[serde(borrow)]
    pub(super) size: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawInitiator<'a> {
    #[serde(borrow, rename = "type")]
    pub(super) kind: Val<'a>,
    #[serde(borrow)]
    pub(super) url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "requestId")]
    pub(super) request_id: Val<'a>,
    #[serde(borrow)]
    pub(super) stack: Obj<RawStack<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawStack<'a> {
    #[serde(borrow, rename = "callFrames")]
    pub(super) call_frames: FirstObj<RawFrame<'a>, MAX_FRAMES>,
    #[serde(borrow)]
    pub(super) parent: Obj<Box<RawStack<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawFrame<'a> {
    #[serde(borrow, rename = "functionName")]
    pub(super) function: Val<'a>,
    #[serde(borrow)]
    pub(super) url: Val<'a, MAX_URL>,
    #[serde(borrow, rename = "lineNumber")]
    pub(super) line: Val<'a>,
    #[serde(borrow, rename = "columnNumber")]
    pub(super) column: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawSoftware<'a> {
    #[serde(borrow)]
    pub(super) name: Val<'a>,
    #[serde(borrow)]
    pub(super) version: Val<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct RawPage<'a> {
    #[serde(borrow)]
    pub(super) id: Val<'a>,
    #[serde(borrow)]
    pub(super) title: Val<'a>,
    #[serde(borrow, rename = "startedDateTime")]
    pub(super) started: Val<'a>,
}

/// HTTP/2 and HTTP/3 pseudo-headers (`:method`, `:path`, `:status`, …) that
/// Chrome lists among the headers. They are not headers (a CORS check must
/// not count them as author headers): they are kept apart, used only to fill
/// a missing `method`/`url`.
#[derive(Default)]
pub(super) struct Pseudo {
    pub(super) method: Option<String>,
    pub(super) scheme: Option<String>,
    pub(super) authority: Option<String>,
    pub(super) path: Option<String>,
}

/// A header list, converted as it is read (no list of raw headers in
/// between): the headers, the pseudo-headers apart, and what
/// [`convert_headers`] must say about them.
#[derive(Default)]
pub(super) struct RawHeaders {
    pub(super) kind: Kind,
    pub(super) headers: Vec<Header>,
    pub(super) pseudo: Pseudo,
    /// Cut names and values, in order: (index, `"name"` or `"value"`, length
    /// in the file, length kept).
    pub(super) cuts: Vec<(usize, &'static str, usize, usize)>,
    /// Items after the first [`MAX_HEADERS`], counted and skipped.
    pub(super) dropped: usize,
}

impl Lenient for RawHeaders {
    fn wrong(kind: Kind) -> Self {
        RawHeaders { kind, ..Default::default() }
    }
}

impl RawHeaders {
    /// Item `i` of the list.
    fn add(&mut self, i: usize, h: Obj<RawHeader>) {
        let Obj::Ok(h) = h else { return };
        if h.name.truncated() {
            self.cuts.push((i, "name", h.name.len, h.name.text.len()));
        }
        if h.value.truncated() {
            self.cuts.push((i, "value", h.value.len, h.value.text.len()));
        }
        if let Some(p) = h.name.str().and_then(|n| n.strip_prefix(':')) {
            let slot = match p {
                "method" => &mut self.pseudo.method,
                "scheme" => &mut self.pseudo.scheme,
                "authority" => &mut self.pseudo.authority,
                "path" => &mut self.pseudo.path,
                _ => return,
            };
            *slot = h.value.into_text();
            return;
        }
        // A string name is read in place (a common one is not even copied).
        let name = match h.name.str() {
            Some(n) => HeaderName::new(n),
            None => match h.name.into_text() {
                Some(n) => HeaderName::from(n),
                None => return,
            },
        };
        if name.is_empty() {
            return;
        }
        let value = match h.value.str() {
            Some(v) => super::intern::value(&name, v),
            None => super::intern::value(&name, &h.value.text_or_empty()),
        };
        self.headers.push(Header { name, value });
    }
}

impl<'de> Deserialize<'de> for RawHeaders {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawHeaders;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = RawHeaders { kind: Kind::Array, ..Default::default() };
                for i in 0..MAX_HEADERS {
                    match seq.next_element::<Obj<RawHeader>>()? {
                        Some(h) => list.add(i, h),
                        None => return Ok(list),
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    list.dropped += 1;
                }
                Ok(list)
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V)
    }
}
