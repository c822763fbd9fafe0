//! Reading a chosen, dropped or pasted HAR in chunks (see `crate::loader`):
//! the next slice is read by the browser while this one is parsed, and the
//! page gets the event loop back between slices (progress bar, scrolling).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use crate::loader::{Loader, Outcome};
use crate::state::Action;
use crate::ui::app::Msg;

/// Bytes per slice: a few tens of milliseconds of parsing.
pub const CHUNK: u64 = 4 << 20;

async fn read(blob: &web_sys::Blob, from: u64, to: u64) -> Option<Vec<u8>> {
    let slice = blob.slice_with_f64_and_f64(from as f64, to as f64).ok()?;
    read_promise(slice.array_buffer()).await
}

async fn read_promise(p: js_sys::Promise) -> Option<Vec<u8>> {
    let buf = JsFuture::from(p).await.ok()?;
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Gives the browser a turn (a macrotask: rendering and input can run).
pub async fn yield_now() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// Loads `blob` into the panel. `generation` is the panel's load counter:
/// a newer load stops this one.
pub async fn load_blob(blob: web_sys::Blob, name: String, on: Callback<Msg>, generation: Rc<Cell<u64>>, me: u64) {
    let total = blob.size() as u64;
    let current = || generation.get() == me;
    on.emit(Msg::Act(Action::LoadStart { name: name.clone(), total }));
    yield_now().await;
    let mut loader = Loader::new();
    let mut from = 0u64;
    let mut next = (total > 0).then(|| blob.slice_with_f64_and_f64(0.0, CHUNK.min(total) as f64).ok()).flatten().map(|s| s.array_buffer());
    while let Some(pending) = next.take() {
        let Some(bytes) = read_promise(pending).await else {
            if current() {
                on.emit(Msg::Act(Action::LoadHar { name, bytes: Vec::new() }));
            }
            return;
        };
        if !current() {
            return;
        }
        from += bytes.len() as u64;
        if from < total && !bytes.is_empty() {
            // Start reading the next slice before parsing this one.
            next = blob.slice_with_f64_and_f64(from as f64, (from + CHUNK).min(total) as f64).ok().map(|s| s.array_buffer());
        }
        loader.push(&bytes);
        drop(bytes);
        if loader.gave_up() {
            break;
        }
        on.emit(Msg::Act(Action::LoadProgress { done: from, diagnosing: from >= total }));
        yield_now().await;
        if !current() {
            return;
        }
    }
    match loader.finish() {
        Outcome::Parsed { har, ranges } => on.emit(Msg::Act(Action::LoadParsed { name, har, ranges })),
        Outcome::Whole => {
            // Not the plain case: the core reads the whole file (and names
            // what is wrong with it).
            let bytes = read(&blob, 0, total).await.unwrap_or_default();
            if current() {
                on.emit(Msg::Act(Action::LoadProgress { done: total, diagnosing: true }));
                yield_now().await;
                on.emit(Msg::Act(Action::LoadHar { name, bytes }));
            }
        }
    }
}

/// The original JSON of the entries a HAR export holds, read back from the
/// loaded file (nearby ranges in one read).
/// `ranges` come in file order (engine indices ascending).
pub async fn read_ranges(blob: web_sys::Blob, ranges: Vec<(usize, (u64, u64))>) -> Vec<(usize, serde_json::Value)> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut i = 0;
    while i < ranges.len() {
        let start = ranges[i].1 .0;
        let mut j = i + 1;
        let mut end = ranges[i].1 .1;
        while j < ranges.len() && ranges[j].1 .0 < end + (1 << 20) && ranges[j].1 .1 - start < CHUNK * 4 {
            end = end.max(ranges[j].1 .1);
            j += 1;
        }
        if let Some(bytes) = read(&blob, start, end).await {
            for (k, (a, b)) in &ranges[i..j] {
                if let Some(part) = bytes.get((a - start) as usize..(b - start) as usize) {
                    if let Ok(v) = serde_json::from_slice(part) {
                        out.push((*k, v));
                    }
                }
            }
        }
        i = j;
    }
    out
}

/// A `File`/`Blob` from pasted text.
pub fn text_blob(text: &str) -> Option<web_sys::Blob> {
    let parts: js_sys::Array = std::iter::once(wasm_bindgen::JsValue::from_str(text)).collect();
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()
}
