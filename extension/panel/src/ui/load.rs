//! Reading a chosen, dropped or pasted HAR in chunks (see `crate::loader`):
//! the next slice is read by the browser while this one is parsed, and the
//! page gets the event loop back between slices (progress bar, scrolling).

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::Callback;

use crate::loader::Loader;
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
/// A `MessageChannel` message rather than `setTimeout(0)`, which browsers
/// clamp to 4 ms once nested.
pub async fn yield_now() {
    // Held across the wait, so the ports live until the message arrives.
    let channel = web_sys::MessageChannel::new().ok();
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(ch) = &channel {
            ch.port1().set_onmessage(Some(&resolve));
            if ch.port2().post_message(&wasm_bindgen::JsValue::NULL).is_ok() {
                return;
            }
        }
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(p).await;
    if let Some(ch) = channel {
        ch.port1().set_onmessage(None);
        ch.port1().close();
    }
}

/// Milliseconds of work between two yields to the browser.
const SLICE_MS: f64 = 30.0;

/// Bytes parsed between two looks at the clock.
const PIECE: usize = 256 << 10;

fn now() -> f64 {
    js_sys::Date::now()
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
                let error = why405::har::HarError { location: "input".into(), message: "cannot read the file".into() };
                on.emit(Msg::Act(Action::LoadDone { name, result: Err(error) }));
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
        // Parsed in pieces, with a turn for the browser every SLICE_MS: the
        // first pieces run before the browser has optimised the wasm and are
        // several times slower than the rest.
        let mut ok = true;
        let mut t = now();
        let start = from - bytes.len() as u64;
        for (k, piece) in bytes.chunks(PIECE).enumerate() {
            ok = loader.push(piece);
            if !ok {
                break;
            }
            if now() - t >= SLICE_MS {
                on.emit(Msg::Act(Action::LoadProgress { done: start + (k * PIECE + piece.len()) as u64, diagnosing: false }));
                yield_now().await;
                if !current() {
                    return;
                }
                t = now();
            }
        }
        drop(bytes);
        if !ok {
            break;
        }
        on.emit(Msg::Act(Action::LoadProgress { done: from, diagnosing: false }));
        yield_now().await;
        if !current() {
            return;
        }
    }
    let mut loaded = match loader.finish() {
        Ok(l) => l,
        Err(e) => {
            on.emit(Msg::Act(Action::LoadDone { name, result: Err(e) }));
            return;
        }
    };
    // Diagnosing, in slices of about SLICE_MS; the bar starts again.
    let todo = loaded.pending().max(1) as f64;
    let progress = |left: usize| Action::LoadProgress { done: ((1.0 - left as f64 / todo) * total as f64) as u64, diagnosing: true };
    on.emit(Msg::Act(progress(loaded.pending())));
    yield_now().await;
    let mut t = now();
    while loaded.diagnose_some(256) {
        if now() - t >= SLICE_MS {
            on.emit(Msg::Act(progress(loaded.pending())));
            yield_now().await;
            if !current() {
                return;
            }
            t = now();
        }
    }
    if current() {
        on.emit(Msg::Act(Action::LoadDone { name, result: Ok(Box::new(loaded)) }));
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
