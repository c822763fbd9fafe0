//! The page hosting the panel (the DevTools glue or the standalone page),
//! reached through an optional JavaScript object with optional methods:
//! `setPreserveLog(bool)`, `reloadPage()`, `copyText(text)` (the clipboard:
//! DevTools frames often refuse `navigator.clipboard`, the host knows how),
//! `loaded({entries, error})` (a file was read); and one optional property,
//! `worker`: the standalone page's Web Worker (`www/worker.js`), set once it
//! has started, that reads files off the page's thread.

use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Debug, Default)]
pub struct Host(pub JsValue);

impl PartialEq for Host {
    fn eq(&self, other: &Self) -> bool {
        // The host object never changes for the life of a panel.
        self.0 == other.0
    }
}

impl Host {
    fn call(&self, name: &str, args: &[JsValue]) -> bool {
        if self.0.is_undefined() || self.0.is_null() {
            return false;
        }
        let Ok(f) = js_sys::Reflect::get(&self.0, &JsValue::from_str(name)) else { return false };
        let Some(f) = f.dyn_ref::<js_sys::Function>() else { return false };
        let arr: js_sys::Array = args.iter().cloned().collect();
        f.apply(&self.0, &arr).is_ok()
    }

    pub fn set_preserve_log(&self, v: bool) {
        self.call("setPreserveLog", &[JsValue::from_bool(v)]);
    }

    /// Reloads the inspected page; false when the host cannot.
    pub fn reload_page(&self) -> bool {
        self.call("reloadPage", &[])
    }

    /// Copies through the host; false when it has no `copyText`.
    pub fn copy_text(&self, text: &str) -> bool {
        self.call("copyText", &[JsValue::from_str(text)])
    }

    /// The page's file-reading worker, when it has one that started.
    #[cfg(feature = "file")]
    pub fn worker(&self) -> Option<web_sys::Worker> {
        if self.0.is_undefined() || self.0.is_null() {
            return None;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str("worker")).ok()?.dyn_into::<web_sys::Worker>().ok()
    }

    /// Tells the host a file was read (`entries` diagnosed, or `error`).
    pub fn loaded(&self, entries: usize, error: Option<&str>) {
        let info = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&info, &"entries".into(), &JsValue::from_f64(entries as f64));
        let _ = js_sys::Reflect::set(&info, &"error".into(), &error.map(JsValue::from_str).unwrap_or(JsValue::NULL));
        self.call("loaded", &[info.into()]);
    }
}
