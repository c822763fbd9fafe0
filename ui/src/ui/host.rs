//! The page hosting the panel (the DevTools glue `panel.js` or the standalone
//! page `www.js`), reached through a JavaScript object whose methods are all
//! optional: `setPreserveLog(bool)`, `reloadPage()`, `probe(msg)` (the Probe action), `copyText(text)` (the
//! clipboard: DevTools frames often refuse `navigator.clipboard`, the host
//! knows how), `loaded({entries, error})` (a file was read:
//! [`crate::bridge::Loaded`]), `openResource(url, line)` (the initiator in
//! DevTools' Sources panel); and optional properties: `canOpenResource`
//! (whether `openResource` can work here), `worker`: the standalone page's
//! Web Worker (`www/worker.js`), set once it has started, that reads files
//! off the page's thread. `docs/bridge.md` lists them.
//!
//! Typed imports (`HostObject`): a method the host lacks, or one that throws,
//! is an `Err`, never a crash.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The host object, as `mount` was given it.
    type HostObject;

    #[wasm_bindgen(method, structural, catch, js_name = setPreserveLog)]
    fn set_preserve_log(this: &HostObject, v: bool) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, structural, catch, js_name = reloadPage)]
    fn reload_page(this: &HostObject) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, structural, catch, js_name = copyText)]
    fn copy_text(this: &HostObject, text: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, structural, catch)]
    fn loaded(this: &HostObject, info: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, structural, catch, js_name = openResource)]
    fn open_resource(this: &HostObject, url: &str, line: u32) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, structural, getter, catch, js_name = canOpenResource)]
    fn can_open_resource(this: &HostObject) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    fn probe(
        this: &HostObject,
        id: f64,
        url: &str,
        origin: Option<String>,
        methods: Vec<String>,
    ) -> Result<JsValue, JsValue>;

    #[cfg(feature = "file")]
    #[wasm_bindgen(method, structural, getter, catch)]
    fn worker(this: &HostObject) -> Result<JsValue, JsValue>;
}

/// The host object (`undefined` when there is none).
#[derive(Clone, Debug, Default)]
pub struct Host(pub JsValue);

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        // The host object never changes for the life of a panel.
        self.0 == other.0
    }
}

impl Host {
    fn object(&self) -> Option<&HostObject> {
        (!self.0.is_undefined() && !self.0.is_null()).then(|| self.0.unchecked_ref::<HostObject>())
    }

    pub fn set_preserve_log(&self, v: bool) {
        if let Some(h) = self.object() {
            let _ = h.set_preserve_log(v);
        }
    }

    /// Reloads the inspected page; false when the host cannot.
    pub fn reload_page(&self) -> bool {
        self.object().is_some_and(|h| h.reload_page().is_ok())
    }

    /// Whether the host can show a source line in DevTools' Sources panel.
    pub fn can_open_resource(&self) -> bool {
        self.object().and_then(|h| h.can_open_resource().ok()).is_some_and(|v| v.is_truthy())
    }

    /// Shows `url` at `line` (1-based) in DevTools' Sources panel.
    pub fn open_resource(&self, url: &str, line: u32) {
        if let Some(h) = self.object() {
            let _ = h.open_resource(url, line);
        }
    }

    /// Copies through the host; false when it has no `copyText`.
    pub fn copy_text(&self, text: &str) -> bool {
        self.object().is_some_and(|h| h.copy_text(text).is_ok())
    }

    /// The page's file-reading worker, when it has one that started.
    #[cfg(feature = "file")]
    pub fn worker(&self) -> Option<web_sys::Worker> {
        self.object()?.worker().ok()?.dyn_into::<web_sys::Worker>().ok()
    }

    /// Hands a `probe` message's fields to the host, which builds and sends it (the Probe action's Send: panel.js's
    /// `message.probe`; fields rather than a serialized message keep a serializer out of the wasm); why not, when it
    /// cannot (no host, no `probe` method, a throw, or `false`: no DevTools page to send from).
    pub fn probe(&self, msg: crate::bridge::ToCapture) -> Result<(), String> {
        let h = self.object().ok_or("this page cannot send probes")?;
        let crate::bridge::ToCapture::Probe { id, url, origin, methods } = msg else {
            return Err("not a probe".into());
        };
        match h.probe(id as f64, &url, origin, methods) {
            Ok(v) if v.as_bool() == Some(false) => Err("the DevTools page could not be reached".into()),
            Ok(_) => Ok(()),
            Err(_) => Err("this page cannot send probes".into()),
        }
    }

    /// Tells the host a file was read (`entries` diagnosed, or `error`).
    pub fn loaded(&self, entries: usize, error: Option<&str>) {
        let Some(h) = self.object() else { return };
        let info = crate::bridge::Loaded { entries, error: error.map(str::to_string) };
        if let Ok(info) = crate::bridge::to_js(&info) {
            let _ = h.loaded(&info);
        }
    }
}
