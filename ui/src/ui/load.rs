//! Reading a chosen, dropped or pasted HAR in chunks (see `crate::loader`):
//! in the page's worker when it has one (the entries come back parsed and
//! are diagnosed here while the worker reads on), else here, the next slice
//! read by the browser while this one is parsed. Either way the page gets
//! the event loop back every few tens of milliseconds (progress bar,
//! scrolling). The worker's messages are the `to-worker` and `from-worker`
//! channels of docs/bridge.md ([`crate::bridge`]).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_file::futures::read_as_bytes;
use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use why405::har::HarError;
use yew::Callback;

use crate::bridge::{self, FromWorker, ToWorker};
use crate::loader::{Loaded, Loader};
use crate::state::Action;
use crate::ui::app::Msg;

/// Bytes per slice: a few tens of milliseconds of parsing.
pub const CHUNK: u64 = 4 << 20;

/// Bytes `from..to` of `blob`: the read starts now, the future gives them
/// (`None` if the browser could not read them).
fn read(blob: &web_sys::Blob, from: u64, to: u64) -> impl Future<Output = Option<Vec<u8>>> {
    let slice = blob.slice_with_f64_and_f64(from as f64, to as f64).ok().map(gloo_file::Blob::from);
    let reading = slice.as_ref().map(read_as_bytes);
    async move { reading?.await.ok() }
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
            if ch.port2().post_message(&JsValue::NULL).is_ok() {
                return;
            }
        }
        Timeout::new(0, move || {
            let _ = resolve.call0(&JsValue::NULL);
        })
        .forget();
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
    let mut next = (total > 0).then(|| read(blob, 0, CHUNK.min(total)));
    while let Some(pending) = next.take() {
        let Some(bytes) = pending.await else {
            return current()
                .then(|| Err(HarError { location: "input".into(), message: "cannot read the file".into() }));
        };
        if !current() {
            return None;
        }
        from += bytes.len() as u64;
        if from < total && !bytes.is_empty() {
            // Start reading the next slice before parsing this one.
            next = Some(read(blob, from, (from + CHUNK).min(total)));
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

/// The worker's messages for this load, in order: `batch` (entries,
/// encoded, and the bytes read so far), `end` (the end of the file),
/// `failed` (the worker could not read it, or broke: its `error` event);
/// `ready` and `warm` are for `www.js` and pass by. A newer load wakes it
/// without a message.
struct Inbox {
    queue: RefCell<VecDeque<FromWorker>>,
    wake: RefCell<Option<js_sys::Function>>,
}

impl Inbox {
    fn put(&self, m: FromWorker) {
        self.queue.borrow_mut().push_back(m);
        self.wake();
    }

    fn wake(&self) {
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    fn take(&self) -> Option<FromWorker> {
        self.queue.borrow_mut().pop_front()
    }

    /// Waits until a message is there (it stays in the queue), at most
    /// `ms`: false if none came.
    async fn wait(&self, ms: u32) -> bool {
        if self.queue.borrow().is_empty() {
            let mut timer = None;
            let p = js_sys::Promise::new(&mut |resolve, _| {
                let on_time = resolve.clone();
                timer = Some(Timeout::new(ms, move || {
                    let _ = on_time.call0(&JsValue::NULL);
                }));
                *self.wake.borrow_mut() = Some(resolve);
            });
            let _ = JsFuture::from(p).await;
            // Woken by a message: the timer (SILENCE_MS, one per wait) is cancelled as it drops.
            drop(timer);
        }
        !self.queue.borrow().is_empty()
    }
}

/// How long the worker may stay silent before the page reads the file
/// itself (it answers every 512 KB parsed: tens of milliseconds).
const SILENCE_MS: u32 = 15_000;

thread_local! {
    /// The inbox of the load the worker works for: a newer load wakes it.
    static ACTIVE: RefCell<Option<Rc<Inbox>>> = const { RefCell::new(None) };
}

/// The worker's messages into `inbox` while the listener lives (dropped:
/// removed). A malformed message is logged and ignored.
fn listen(worker: &web_sys::Worker, inbox: &Rc<Inbox>) -> EventListener {
    let inbox = inbox.clone();
    EventListener::new(worker, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
        match FromWorker::from_js(e.data()) {
            Ok(m) => inbox.put(m),
            Err(why) => bridge::ignored("from-worker", &why),
        }
    })
}

/// The worker's `onerror` handler for one load: a `failed` into its inbox.
/// The property, not a listener: whoever breaks the worker (a test, the
/// browser) reaches this load's handler alone, as before. Dropped, it is
/// removed unless a newer load has set its own.
struct OnError {
    worker: web_sys::Worker,
    handler: Closure<dyn FnMut(JsValue)>,
}

impl OnError {
    fn new(worker: &web_sys::Worker, inbox: &Rc<Inbox>) -> OnError {
        let inbox = inbox.clone();
        let handler = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            inbox.put(FromWorker::Failed { id: None, failed: "the worker stopped".into() })
        });
        worker.set_onerror(Some(handler.as_ref().unchecked_ref()));
        OnError { worker: worker.clone(), handler }
    }
}

impl Drop for OnError {
    fn drop(&mut self) {
        if self.worker.onerror().is_some_and(|f| JsValue::from(f) == *self.handler.as_ref()) {
            self.worker.set_onerror(None);
        }
    }
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
        earlier.wake();
    }
    let listeners = (listen(worker, &inbox), OnError::new(worker, &inbox));
    let outcome = read_in_worker(worker, blob, on, current, me, &inbox).await;
    drop(listeners);
    if current() {
        ACTIVE.with(|a| a.borrow_mut().take());
    }
    outcome
}

fn post(worker: &web_sys::Worker, m: &ToWorker) -> Option<()> {
    worker.post_message(&bridge::to_js(m).ok()?).ok()
}

async fn read_in_worker(
    worker: &web_sys::Worker,
    blob: &web_sys::Blob,
    on: &Callback<Msg>,
    current: &dyn Fn() -> bool,
    me: u64,
    inbox: &Inbox,
) -> Option<Outcome> {
    post(worker, &ToWorker::Load { id: me, blob: blob.clone() })?;
    // The worker stops this file at its next read (not a newer one's).
    let stop = || post(worker, &ToWorker::Cancel { id: me });
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
        if msg.id().is_some_and(|id| id != me) {
            continue; // an earlier load's last words
        }
        match msg {
            FromWorker::Failed { failed, .. } => {
                web_sys::console::warn_1(
                    &format!("why405: the worker could not read the file ({failed}); reading it on the page").into(),
                );
                return None;
            }
            FromWorker::Batch { batch, done, .. } => {
                if let Err(e) = loader.push_parsed(&batch.to_vec()) {
                    let _ = stop();
                    return Some(Some(Err(e)));
                }
                // The bar moves a few times a second: each move renders the panel.
                if now() - shown >= PROGRESS_MS {
                    on.emit(Msg::Act(Action::LoadProgress { done, diagnosing: false }));
                    shown = now();
                }
            }
            FromWorker::End { end, .. } => return Some(Some(loader.finish_parsed(&end.to_vec()))),
            FromWorker::Ready | FromWorker::Warm { .. } => {}
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
