//! Rule: a request the page's service worker answered (Chrome's `response._fetchedViaServiceWorker: true`, see
//! [`RequestKind::ServiceWorker`](super::super::kind::RequestKind)). The server did not answer it: whatever the
//! page got — a 405, a 404, an error — came from the worker's fetch handler (a `Response` it built, one from its
//! cache, or what the `fetch(…)` it made itself returned). The fix goes to the worker, and no server stack is
//! named. The worker's own network request, when it made one and the HAR holds it, is an entry of its own and
//! diagnosed as such (the page's HAR in the lab holds none: it is the worker target's).

use super::super::facts::Facts;
use super::super::kind::RequestKind;
use super::super::verdict::{Decided, Verdict};
use super::super::words::status_text;
use super::super::Context;

pub(super) fn check(f: &Facts, _: &dyn Context) -> Option<Verdict> {
    if f.kind != RequestKind::ServiceWorker {
        return None;
    }
    let r = f.last.as_ref()?;
    let (st, method, path) = (r.status, &r.method, &r.path);
    let own_request = "If the worker passed the request on (respondWith(fetch(event.request))), the network \
                       request it made itself (DevTools marks it with a gear; the worker's own DevTools shows it) \
                       is the one that shows what the server answered.";
    let (summary, suggestion) = match st {
        0 => {
            let err = r.entry.response.error.as_deref().unwrap_or("no response").trim();
            (
                format!(
                    "{method} {path} was answered by the page's service worker, not by the server, and the page got \
                     no response ({err}): the worker's fetch handler failed — the promise it gave respondWith() \
                     rejected, or the fetch(…) it made itself failed."
                ),
                Some(format!(
                    "Look at the service worker's fetch handler for {method} {path}: catch the failure and answer \
                     with a Response, or do not call respondWith() for requests it does not handle (the browser \
                     then sends them to the network itself). {own_request}"
                )),
            )
        }
        s if s >= 400 => (
            format!(
                "{method} {path} was answered by the page's service worker, not by the server: the {} is what its \
                 fetch handler gave the page (a Response it built, one from its cache, or what its own fetch(…) \
                 got back).",
                status_text(s)
            ),
            Some(format!(
                "Fix the service worker's fetch handler (or its cache strategy) for {method} {path}: let the \
                 request through to the network (no respondWith() for it), or answer it the way the server would; \
                 after changing the worker, reload so the new version takes over. {own_request}"
            )),
        ),
        s => (
            format!(
                "{method} {path} was answered by the page's service worker, not by the server: it succeeded ({}).",
                status_text(s)
            ),
            None,
        ),
    };
    let failed = st == 0 || st >= 400;
    Some(Verdict::outcome(Decided::response(r).naming(None), failed, summary).suggest(suggestion))
}
