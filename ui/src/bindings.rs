//! The JavaScript API of the panel's wasm (`wasm-bindgen --target web`):
//!
//! ```js
//! const panel = mount(element, "live" | "file", host, "dark" | "default");
//! panel.receive({type: "reset" | "entries", entries: ["{…har entry…}", …]} | {type: "clear"}
//!               | {type: "unseen", count: 2});
//! panel.pushEntries(["{…har entry…}", …]); panel.clear(); panel.setTheme("dark");
//! panel.setPreserveLog(true); panel.loadHar(name, bytes);
//! panel.loadBlob(name, fileOrBlob);   // read in chunks, with a progress bar
//!
//! // In the standalone page's Web Worker (www/worker.js), the reading half:
//! const p = new HarParser(); const batch = p.push(bytes); p.ok(); const end = p.finish();
//! HarParser.warmUp();                  // while idle: see loader::warm_up
//! ```
//!
//! `receive` takes the capture's messages (`crate::bridge::Capture`, the
//! `capture` channel of docs/bridge.md); the host object's methods are in
//! `crate::ui::host`.

use wasm_bindgen::prelude::*;
use yew::AppHandle;

use crate::bridge::Capture;
use crate::state::{Action, Mode, Theme};
use crate::ui::{App, AppProps, Host, Msg};

#[wasm_bindgen]
pub struct Panel {
    app: AppHandle<App>,
}

/// Renders the panel into `root`.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, mode: &str, host: JsValue, theme: &str) -> Panel {
    let props = AppProps { mode: Mode::parse(mode), host: Host(host), theme: Theme::parse(theme) };
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Panel { app }
}

#[wasm_bindgen]
impl Panel {
    /// A message of the capture (`reset`, `entries`, `clear`); an unknown or
    /// malformed one is logged and ignored.
    pub fn receive(&self, msg: JsValue) {
        match crate::bridge::from_js::<Capture>(msg) {
            Ok(Capture::Reset { entries }) => {
                self.app.send_message(Msg::Act(Action::Reset));
                if !entries.is_empty() {
                    self.app.send_message(Msg::Act(Action::Entries(entries)));
                }
            }
            Ok(Capture::Entries { entries }) => self.app.send_message(Msg::Act(Action::Entries(entries))),
            Ok(Capture::Clear) => self.app.send_message(Msg::Act(Action::Clear)),
            Ok(Capture::Unseen { count }) => self.app.send_message(Msg::Act(Action::Unseen(count))),
            Ok(Capture::ProbeDone { id, at, entries, error }) => {
                let done = crate::probe::ProbeAction::Done { id, at, entries, error };
                self.app.send_message(Msg::Act(Action::Probe(done)));
            }
            Err(why) => crate::bridge::ignored("capture", &why),
        }
    }

    /// HAR entries as JSON strings, in capture order.
    #[wasm_bindgen(js_name = pushEntries)]
    pub fn push_entries(&self, entries: Vec<String>) {
        self.app.send_message(Msg::Act(Action::Entries(entries)));
    }

    pub fn clear(&self) {
        self.app.send_message(Msg::Act(Action::Clear));
    }

    #[cfg(feature = "file")]
    #[wasm_bindgen(js_name = loadHar)]
    pub fn load_har(&self, name: String, bytes: Vec<u8>) {
        self.app.send_message(Msg::Act(Action::LoadHar { name, bytes }));
    }

    /// A `File` or `Blob` (a dropped file, pasted text), read in chunks.
    #[cfg(feature = "file")]
    #[wasm_bindgen(js_name = loadBlob)]
    pub fn load_blob(&self, name: String, blob: web_sys::Blob) {
        self.app.send_message(Msg::LoadBlob { name, blob });
    }

    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, theme: &str) {
        self.app.send_message(Msg::Act(Action::SetTheme(Theme::parse(theme))));
    }

    /// The capture's "preserve log" (without calling back into the host).
    #[wasm_bindgen(js_name = setPreserveLog)]
    pub fn set_preserve_log(&self, v: bool) {
        self.app.send_message(Msg::Act(Action::SetPreserveLog(v)));
    }
}

/// The reading half of a file load, for the standalone page's Web Worker:
/// see [`crate::loader::Parser`]. The page passes its worker to `mount` as
/// the host's `worker`.
#[cfg(feature = "file")]
#[wasm_bindgen]
pub struct HarParser(crate::loader::Parser);

#[cfg(feature = "file")]
#[wasm_bindgen]
impl HarParser {
    #[wasm_bindgen(constructor)]
    pub fn new() -> HarParser {
        HarParser(crate::loader::Parser::new())
    }

    /// The next chunk of the file; the entries it completed, encoded.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.0.push(chunk)
    }

    /// False once the file is known to be unreadable: call `finish`.
    pub fn ok(&self) -> bool {
        self.0.ok()
    }

    /// The end of the file, encoded (consumes the parser).
    pub fn finish(self) -> Vec<u8> {
        self.0.finish()
    }

    /// One round of warming up (see [`crate::loader::warm_up`]); the
    /// requests diagnosed.
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up() -> usize {
        crate::loader::warm_up()
    }
}

#[cfg(feature = "file")]
impl Default for HarParser {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
