//! Small DOM side effects: downloading a file, copying text.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The document, for `execCommand(command)` (deprecated, yet the copy
    /// that works in DevTools frames).
    type CommandDocument;

    #[wasm_bindgen(method, structural, catch, js_name = execCommand)]
    fn exec_command(this: &CommandDocument, command: &str) -> Result<bool, JsValue>;
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts: js_sys::Array = std::iter::once(JsValue::from_str(text)).collect();
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.style().set_property("display", "none")?;
    let body = document.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    // Revoke later: the download reads the blob asynchronously. The timer
    // outlives this call on purpose (forget: not cancelled on drop).
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies `text` to the clipboard. DevTools panels are iframes where the
/// async Clipboard API is often refused, so the selection-based copy is
/// tried first.
pub fn copy_text(text: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let copied = (|| -> Result<bool, JsValue> {
        let ta: web_sys::HtmlTextAreaElement = document.create_element("textarea")?.dyn_into()?;
        ta.set_value(text);
        ta.set_attribute("readonly", "")?;
        ta.style().set_property("position", "fixed")?;
        ta.style().set_property("opacity", "0")?;
        let body = document.body().ok_or("no body")?;
        body.append_child(&ta)?;
        ta.select();
        let ok = document.unchecked_ref::<CommandDocument>().exec_command("copy").unwrap_or(false);
        body.remove_child(&ta)?;
        Ok(ok)
    })()
    .unwrap_or(false);
    if !copied {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }
    true
}

/// `JSON.stringify(JSON.parse(text), null, 2)`: indenting in JavaScript keeps
/// a second serializer out of the wasm.
pub fn pretty_json(text: &str) -> Option<String> {
    let v = js_sys::JSON::parse(text).ok()?;
    js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from_f64(2.0)).ok()?.as_string()
}
