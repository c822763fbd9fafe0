//! The one message protocol between why405's JavaScript and this crate
//! (`docs/bridge.md` has the table; `extension/src/protocol.js` has the
//! JavaScript constructors and checks). Every message is an object whose
//! `type` names its kind; each kind belongs to one channel ([`KINDS`]):
//!
//! - `capture`: the DevTools page's capture → the panel ([`Capture`], given
//!   to the wasm by `Panel::receive`);
//! - `to-capture`: the panel → the DevTools page ([`ToCapture`], sent by
//!   `panel.js` when the wasm calls its host's `setPreserveLog` or `probe`);
//! - `to-worker`: the web page → its file-reading worker ([`ToWorker`]);
//! - `from-worker`: the worker → the web page ([`FromWorker`]).
//!
//! Besides messages, the wasm calls its host's methods (`crate::ui::host`);
//! the one with an argument object, `loaded`, takes a [`Loaded`].
//!
//! JavaScript objects become these types through serde-wasm-bindgen
//! ([`from_js`], [`to_js`]). The entries themselves travel from the worker
//! as `crate::wire` bytes inside `batch` and `end` messages: on that hot
//! path a compact binary form is faster than serde-wasm-bindgen objects
//! (measured: docs/bridge.md).

use serde::{Deserialize, Serialize};

/// Every message kind and its channel, as in `extension/src/protocol.js`'s
/// `KINDS` and the table of `docs/bridge.md` (a native test compares them).
pub const KINDS: [(&str, &str); 16] = [
    ("reset", "capture"),
    ("entries", "capture"),
    ("clear", "capture"),
    ("unseen", "capture"),
    ("preserve-log", "to-capture"),
    ("open-resource", "to-capture"),
    ("probe-done", "capture"),
    ("probe", "to-capture"),
    ("init", "to-worker"),
    ("load", "to-worker"),
    ("cancel", "to-worker"),
    ("ready", "from-worker"),
    ("warm", "from-worker"),
    ("batch", "from-worker"),
    ("end", "from-worker"),
    ("failed", "from-worker"),
];

/// The DevTools page's capture → the panel: HAR entries as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Capture {
    /// The whole capture, in order (the panel starts over).
    Reset { entries: Vec<String> },
    /// Entries captured since the last message, in order.
    Entries { entries: Vec<String> },
    /// A navigation cleared the capture.
    Clear,
    /// Requests of the inspected page the capture could not see (made
    /// before DevTools was opened); 0 once the page navigated.
    Unseen { count: usize },
    /// The answers of probe `id` (`crate::probe`): its requests' HAR entries (JSON text, in the order they
    /// finished), when it was sent (RFC 3339, UTC), or why nothing was sent.
    ProbeDone {
        id: u64,
        at: String,
        entries: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
}

/// The panel → the DevTools page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ToCapture {
    /// The panel's "preserve log" toggle.
    PreserveLog { value: bool },
    /// Show `url` at `line` (1-based, as the panel shows it) in DevTools'
    /// Sources panel (the detail's initiator).
    OpenResource { url: String, line: u32 },
    /// Send probe `id` (> 0) from the inspected page: `methods` (only OPTIONS, HEAD, GET: the DevTools page refuses
    /// any other) to `url`, from the page at `origin` when it is known (`crate::probe`).
    Probe {
        id: u64,
        url: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        origin: Option<String>,
        methods: Vec<String>,
    },
}

/// What the panel tells its host when a file was read (`host.loaded(info)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// Requests diagnosed.
    pub entries: usize,
    /// Why the file could not be read (`null` in JavaScript when it could).
    pub error: Option<String>,
}

#[cfg(target_arch = "wasm32")]
pub use worker::{FromWorker, ToWorker};

/// A JavaScript value as one of these types; why not, when it is not one.
#[cfg(target_arch = "wasm32")]
pub fn from_js<T: serde::de::DeserializeOwned>(v: wasm_bindgen::JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(v).map_err(|e| e.to_string())
}

/// One of these types as a JavaScript object (`None` as `null`).
#[cfg(target_arch = "wasm32")]
pub fn to_js<T: Serialize>(v: &T) -> Result<wasm_bindgen::JsValue, String> {
    v.serialize(&serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true)).map_err(|e| e.to_string())
}

/// Logs a message that is ignored (unknown or malformed): never a crash.
#[cfg(target_arch = "wasm32")]
pub fn ignored(channel: &str, why: &str) {
    web_sys::console::warn_1(&format!("why405: ignored a {channel} message ({why})").into());
}

/// The worker's channels: their messages hold JavaScript objects (a `Blob`,
/// bytes), kept as they are (`serde_wasm_bindgen::preserve`).
#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::Uint8Array;
    use serde::{Deserialize, Serialize};
    use wasm_bindgen::JsValue;

    /// The web page → its worker.
    #[derive(Debug, Clone, Serialize)]
    #[serde(tag = "type", rename_all = "kebab-case")]
    pub enum ToWorker {
        /// The compiled wasm module (sent by `www.js`).
        Init {
            #[serde(with = "serde_wasm_bindgen::preserve")]
            module: JsValue,
        },
        /// A file to read; `id` (> 0) names the load in the worker's answers.
        Load {
            id: u64,
            #[serde(with = "serde_wasm_bindgen::preserve")]
            blob: web_sys::Blob,
        },
        /// Stop reading the file of load `id`.
        Cancel { id: u64 },
    }

    /// The worker → the web page.
    #[derive(Debug, Clone)]
    pub enum FromWorker {
        /// The worker's wasm started (for `www.js`).
        Ready,
        /// The warm-up ended after `rounds` rounds (for `www.js`).
        Warm { rounds: u64 },
        /// Entries parsed (`crate::wire` bytes) and the bytes of the file read so far.
        Batch { id: u64, batch: Uint8Array, done: u64 },
        /// The end of the file (`crate::wire` bytes).
        End { id: u64, end: Uint8Array },
        /// The worker could not start (no id) or read the file of load `id`.
        Failed { id: Option<u64>, failed: String },
    }

    /// A worker message as it arrives: its fields by name (serde-wasm-bindgen
    /// reads only these), then checked against its kind.
    #[derive(Deserialize)]
    struct Fields {
        #[serde(rename = "type")]
        kind: String,
        id: Option<u64>,
        done: Option<u64>,
        rounds: Option<u64>,
        failed: Option<String>,
        #[serde(default, with = "serde_wasm_bindgen::preserve")]
        batch: JsValue,
        #[serde(default, with = "serde_wasm_bindgen::preserve")]
        end: JsValue,
    }

    fn bytes(v: JsValue, name: &str) -> Result<Uint8Array, String> {
        use wasm_bindgen::JsCast;
        v.dyn_into::<Uint8Array>().map_err(|_| format!("field {name} is not bytes"))
    }

    impl FromWorker {
        /// The message `v`, checked; why not, when it is not one.
        pub fn from_js(v: JsValue) -> Result<FromWorker, String> {
            let f: Fields = super::from_js(v)?;
            let need = |v: Option<u64>, name: &str| v.ok_or(format!("field {name} is missing"));
            Ok(match f.kind.as_str() {
                "ready" => FromWorker::Ready,
                "warm" => FromWorker::Warm { rounds: need(f.rounds, "rounds")? },
                "batch" => FromWorker::Batch {
                    id: need(f.id, "id")?,
                    batch: bytes(f.batch, "batch")?,
                    done: need(f.done, "done")?,
                },
                "end" => FromWorker::End { id: need(f.id, "id")?, end: bytes(f.end, "end")? },
                "failed" => FromWorker::Failed { id: f.id, failed: f.failed.ok_or("field failed is missing")? },
                other => return Err(format!("unknown type {other:?}")),
            })
        }

        /// The load it is about, if any.
        pub fn id(&self) -> Option<u64> {
            match self {
                FromWorker::Batch { id, .. } | FromWorker::End { id, .. } => Some(*id),
                FromWorker::Failed { id, .. } => *id,
                FromWorker::Ready | FromWorker::Warm { .. } => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_messages_read_as_protocol_js_writes_them() {
        let read = |s: &str| serde_json::from_str::<Capture>(s);
        assert_eq!(
            read(r#"{"type":"reset","entries":["{}","x"]}"#).unwrap(),
            Capture::Reset { entries: vec!["{}".into(), "x".into()] }
        );
        assert_eq!(read(r#"{"type":"entries","entries":[]}"#).unwrap(), Capture::Entries { entries: vec![] });
        assert_eq!(read(r#"{"type":"clear"}"#).unwrap(), Capture::Clear);
        assert_eq!(read(r#"{"type":"unseen","count":3}"#).unwrap(), Capture::Unseen { count: 3 });
        assert_eq!(
            read(r#"{"type":"probe-done","id":2,"at":"2026-12-02T07:00:00.000Z","entries":["{}"]}"#).unwrap(),
            Capture::ProbeDone {
                id: 2,
                at: "2026-12-02T07:00:00.000Z".into(),
                entries: vec!["{}".into()],
                error: None
            }
        );
        assert!(read(r#"{"type":"probe-done","id":2,"entries":[]}"#).is_err(), "at is required");
        for bad in [
            r#"{"type":"rest","entries":[]}"#,
            r#"{"type":"reset"}"#,
            r#"{"type":"entries","entries":[1]}"#,
            r#"{"type":"unseen","count":-1}"#,
            r#"{"type":"unseen"}"#,
            r#"{"entries":[]}"#,
            "null",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&ToCapture::PreserveLog { value: true }).unwrap(),
            r#"{"type":"preserve-log","value":true}"#
        );
        let probe =
            ToCapture::Probe { id: 1, url: "http://a.test/x".into(), origin: None, methods: vec!["GET".into()] };
        // no origin: the field is left out (protocol.js's optional fields are absent, never null)
        assert_eq!(
            serde_json::to_string(&probe).unwrap(),
            r#"{"type":"probe","id":1,"url":"http://a.test/x","methods":["GET"]}"#
        );
        assert_eq!(
            serde_json::to_string(&ToCapture::OpenResource { url: "http://a/app.js".into(), line: 12 }).unwrap(),
            r#"{"type":"open-resource","url":"http://a/app.js","line":12}"#
        );
        assert_eq!(
            serde_json::to_string(&Loaded { entries: 3, error: None }).unwrap(),
            r#"{"entries":3,"error":null}"#
        );
    }

    /// The kinds and channels of `KINDS` in `extension/src/protocol.js`, in order.
    fn protocol_js_kinds() -> Vec<(String, String)> {
        let js = include_str!("../../extension/src/protocol.js");
        let start = js.find("export const KINDS = {").unwrap();
        let block = &js[start..start + js[start..].find("\n};").unwrap()];
        block
            .lines()
            .skip(1)
            .map(|l| {
                let (name, rest) = l.trim().split_once(": { channel: '").unwrap();
                let channel = rest.split('\'').next().unwrap();
                (name.trim_matches('\'').to_string(), channel.to_string())
            })
            .collect()
    }

    #[test]
    fn the_kinds_are_those_of_protocol_js_and_of_the_docs() {
        let rust: Vec<(String, String)> = KINDS.iter().map(|(k, c)| (k.to_string(), c.to_string())).collect();
        assert_eq!(protocol_js_kinds(), rust);
        let docs = include_str!("../../docs/bridge.md");
        for (kind, channel) in KINDS {
            let row = format!("| `{kind}` | {channel} |");
            assert!(docs.contains(&row), "docs/bridge.md has no row starting {row}");
        }
    }
}
