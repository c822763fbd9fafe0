//! Reading a chosen, dropped or pasted HAR in chunks (see `crate::loader`):
//! in the page's worker when it has one (the entries come back parsed and
//! are diagnosed here while the worker reads on), else here, the next slice
//! read by the browser while this one is parsed. Either way the page gets
//! the event loop back every few tens of milliseconds (progress bar,
//! scrolling).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use why405::har::HarError;
use yew::Callback;

use crate::loader::{Loaded, Loader};
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

/// Milliseconds between two moves of the progress bar while the worker reads.
const PROGRESS_MS: f64 = 100.0;

/// Bytes parsed between two looks at the clock.
const PIECE: usize = 256 << 10;

fn now() -> f64 {
    js_sys::Date::now()
}

/// Loads `blob` into the panel. `generation` is the panel's load counter:
/// a newer load stops this one. With the page's `worker`, the file is read
/// there and diagnosed here as its entries arrive; without one (or if it
/// fails), everything happens on this thread.
pub async fn load_blob(
    blob: web_sys::Blob,
    name: String,
    on: Callback<Msg>,
    generation: Rc<Cell<u64>>,
    me: u64,
    worker: Option<web_sys::Worker>,
) {
    let total = blob.size() as u64;
    let current = || generation.get() == me;
    on.emit(Msg::Act(Action::LoadStart { name: name.clone(), total }));
    yield_now().await;
    let in_worker = match &worker {
        Some(w) => load_in_worker(w, &blob, &on, &current, me).await,
        None => None,
    };
    let loaded = match in_worker {
        Some(outcome) => outcome,
        None => load_here(&blob, &on, &current, total).await,
    };
    let Some(result) = loaded else { return };
    let mut loaded = match result {
        Ok(l) => l,
        Err(e) => {
            on.emit(Msg::Act(Action::LoadDone { name, result: Err(e) }));
            return;
        }
    };
    // Diagnosing what is left, in slices of about SLICE_MS; the bar starts again.
    let todo = loaded.pending().max(1) as f64;
    let progress = |left: usize| Action::LoadProgress {
        done: ((1.0 - left as f64 / todo) * total as f64) as u64,
        diagnosing: true,
    };
    if loaded.pending() > 0 {
        on.emit(Msg::Act(progress(loaded.pending())));
        yield_now().await;
    }
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

/// What a load gives: `None` once a newer load took over.
type Outcome = Option<Result<Loaded, HarError>>;

/// Reads and parses the file on this thread.
async fn load_here(blob: &web_sys::Blob, on: &Callback<Msg>, current: &dyn Fn() -> bool, total: u64) -> Outcome {
    let mut loader = Loader::new();
    let mut from = 0u64;
    let mut next = (total > 0)
        .then(|| blob.slice_with_f64_and_f64(0.0, CHUNK.min(total) as f64).ok())
        .flatten()
        .map(|s| s.array_buffer());
    while let Some(pending) = next.take() {
        let Some(bytes) = read_promise(pending).await else {
            return current()
                .then(|| Err(HarError { location: "input".into(), message: "cannot read the file".into() }));
        };
        if !current() {
            return None;
        }
        from += bytes.len() as u64;
        if from < total && !bytes.is_empty() {
            // Start reading the next slice before parsing this one.
            next = blob
                .slice_with_f64_and_f64(from as f64, (from + CHUNK).min(total) as f64)
                .ok()
                .map(|s| s.array_buffer());
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
                on.emit(Msg::Act(Action::LoadProgress {
                    done: start + (k * PIECE + piece.len()) as u64,
                    diagnosing: false,
                }));
                yield_now().await;
                if !current() {
                    return None;
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
            return None;
        }
    }
    Some(loader.finish())
}

/// The worker's messages for this load, in order (`www/worker.js`):
/// `{id, batch, done}` (entries, encoded, and the bytes read so far),
/// `{id, end}` (the end of the file), `{id, failed}` (the worker could not
/// read it); `{failed}` when the worker itself broke (its `error` event);
/// `null` when a newer load took over.
struct Inbox {
    queue: RefCell<VecDeque<JsValue>>,
    wake: RefCell<Option<js_sys::Function>>,
}

impl Inbox {
    fn put(&self, v: JsValue) {
        self.queue.borrow_mut().push_back(v);
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    fn take(&self) -> Option<JsValue> {
        self.queue.borrow_mut().pop_front()
    }

    /// Waits until a message is there (it stays in the queue), at most
    /// `ms`: false if none came.
    async fn wait(&self, ms: i32) -> bool {
        if self.queue.borrow().is_empty() {
            let mut timer = None;
            let p = js_sys::Promise::new(&mut |resolve, _| {
                if let Some(w) = web_sys::window() {
                    timer = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).ok();
                }
                *self.wake.borrow_mut() = Some(resolve);
            });
            let _ = JsFuture::from(p).await;
            // Woken by a message: the timer (SILENCE_MS, one per wait) need not live on.
            if let (Some(w), Some(t)) = (web_sys::window(), timer) {
                w.clear_timeout_with_handle(t);
            }
        }
        !self.queue.borrow().is_empty()
    }
}

fn field(v: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn message(fields: &[(&str, &JsValue)]) -> js_sys::Object {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// How long the worker may stay silent before the page reads the file
/// itself (it answers every 512 KB parsed: tens of milliseconds).
const SILENCE_MS: i32 = 15_000;

thread_local! {
    /// The inbox of the load the worker works for: a newer load wakes it.
    static ACTIVE: RefCell<Option<Rc<Inbox>>> = const { RefCell::new(None) };
}

/// Reads the file in the page's worker and diagnoses its entries here as
/// they arrive. `None` when the worker could not (the caller reads the file
/// itself); otherwise what the load gave.
async fn load_in_worker(
    worker: &web_sys::Worker,
    blob: &web_sys::Blob,
    on: &Callback<Msg>,
    current: &dyn Fn() -> bool,
    me: u64,
) -> Option<Outcome> {
    let inbox = Rc::new(Inbox { queue: RefCell::new(VecDeque::new()), wake: RefCell::new(None) });
    if let Some(earlier) = ACTIVE.with(|a| a.borrow_mut().replace(inbox.clone())) {
        // Its loop wakes, sees it is no longer current and stops.
        earlier.put(JsValue::NULL);
    }
    let on_message = {
        let inbox = inbox.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| inbox.put(e.data()))
    };
    let on_error = {
        let inbox = inbox.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            inbox.put(message(&[("failed", &"the worker stopped".into())]).into())
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let outcome = read_in_worker(worker, blob, on, current, me, &inbox).await;
    if current() {
        // Still the panel's load: the handlers are this load's to remove
        // (a newer load has set its own, which must stay).
        worker.set_onmessage(None);
        worker.set_onerror(None);
        ACTIVE.with(|a| a.borrow_mut().take());
    }
    outcome
}

async fn read_in_worker(
    worker: &web_sys::Worker,
    blob: &web_sys::Blob,
    on: &Callback<Msg>,
    current: &dyn Fn() -> bool,
    me: u64,
    inbox: &Inbox,
) -> Option<Outcome> {
    let id = JsValue::from_f64(me as f64);
    worker.post_message(&message(&[("id", &id), ("blob", blob)])).ok()?;
    // The worker stops this file at its next read (not a newer one's).
    let stop = || worker.post_message(&message(&[("cancel", &id)]));
    let mut loader = Loader::parsed_elsewhere();
    let mut shown = now();
    loop {
        if !current() {
            let _ = stop();
            return Some(None);
        }
        let Some(msg) = inbox.take() else {
            // While the worker reads on, diagnose what has arrived, giving the
            // browser (and the worker's next message) a turn every SLICE_MS.
            if loader.pending() > 0 {
                let t = now();
                while now() - t < SLICE_MS && loader.diagnose_some(32) {}
                yield_now().await;
            } else if !inbox.wait(SILENCE_MS).await && current() {
                // A worker that crashed or was stopped may never say so.
                let _ = stop();
                web_sys::console::warn_1(
                    &format!(
                        "why405: the worker did not answer for {} s; reading the file on the page",
                        SILENCE_MS / 1000
                    )
                    .into(),
                );
                return None;
            }
            continue;
        };
        let from = field(&msg, "id");
        if !from.is_undefined() && from.as_f64() != Some(me as f64) {
            continue; // an earlier load's last words
        }
        if let Some(why) = field(&msg, "failed").as_string() {
            web_sys::console::warn_1(
                &format!("why405: the worker could not read the file ({why}); reading it on the page").into(),
            );
            return None;
        }
        let batch = field(&msg, "batch");
        if !batch.is_undefined() {
            let bytes = js_sys::Uint8Array::new(&batch).to_vec();
            if let Err(e) = loader.push_parsed(&bytes) {
                let _ = stop();
                return Some(Some(Err(e)));
            }
            // The bar moves a few times a second: each move renders the panel.
            if let Some(done) = field(&msg, "done").as_f64().filter(|_| now() - shown >= PROGRESS_MS) {
                on.emit(Msg::Act(Action::LoadProgress { done: done as u64, diagnosing: false }));
                shown = now();
            }
            continue;
        }
        let end = field(&msg, "end");
        if !end.is_undefined() {
            let bytes = js_sys::Uint8Array::new(&end).to_vec();
            return Some(Some(loader.finish_parsed(&bytes)));
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
