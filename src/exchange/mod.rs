//! Exchange reconstruction: which HAR entries belong together.
//!
//! An [`Exchange`] is one request the page made, as the browser carried it
//! out: its CORS preflight (observed, or missing from the HAR), the request,
//! and every redirect hop after it. Entries are attached one at a time and in
//! any order — DevTools often lists the request *before* its preflight, the
//! extension receives them in completion order — so pairing never depends on
//! which came first:
//!
//! * a preflight pairs with the earliest request to the same URL whose method
//!   equals its `Access-Control-Request-Method` and that has no preflight yet
//!   (Chrome's `_initiator.url` names that URL exactly);
//! * a preflight with no such request yet becomes an exchange of its own with
//!   an *inferred* request (Firefox leaves out a request blocked by its
//!   preflight); a request arriving later adopts it;
//! * a request whose URL is the pending target of a 3xx hop continues that
//!   redirect chain.

mod waiting;

use std::collections::{HashMap, VecDeque};

use crate::har::Entry;
use crate::http::{resolve_location, Method};

use waiting::Waiting;

/// One request the page made, with everything the HAR shows of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exchange {
    pub id: usize,
    /// Indices (into the engine's entry list) of the request and each
    /// redirect hop after it, in order. Empty when the request itself is not
    /// in the HAR and was inferred from its preflight.
    pub hops: Vec<usize>,
    /// The observed preflight of each hop, aligned with `hops` (the first
    /// slot also holds the preflight of an inferred request).
    pub preflights: Vec<Option<usize>>,
}

impl Exchange {
    /// The preflight observed for the first request, if any.
    pub fn first_preflight(&self) -> Option<usize> {
        self.preflights.first().copied().flatten()
    }

    /// True when the request is not in the HAR and was reconstructed from
    /// its preflight.
    pub fn request_inferred(&self) -> bool {
        self.hops.is_empty()
    }

    /// Every entry index that belongs to this exchange.
    pub fn entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.preflights.iter().flatten().copied().chain(self.hops.iter().copied())
    }
}

/// What the preflight asked for, read from its request headers.
fn preflight_target(e: &Entry) -> (String, Option<Method>) {
    let url = e
        .initiator
        .as_ref()
        .filter(|i| i.kind == "preflight")
        .and_then(|i| i.url.clone())
        .unwrap_or_else(|| e.request.url.clone());
    let method = e.request.headers.get("access-control-request-method").map(Method::parse);
    (url, method)
}

/// Where a 3xx entry sends the browser next, if anywhere.
pub fn redirect_target(e: &Entry) -> Option<String> {
    let s = e.response.status;
    if !(300..400).contains(&s) || s == 304 {
        return None;
    }
    let loc =
        e.response.redirect_url.as_deref().filter(|u| !u.is_empty()).or_else(|| e.response.headers.get("location"))?;
    Some(resolve_location(&e.request.url, loc))
}

/// Pairs entries into exchanges, incrementally. Each entry is attached in
/// constant time (amortised): what waits to be paired is indexed by URL and
/// method ([`Waiting`]), never scanned.
#[derive(Debug, Default)]
pub struct Pairer {
    pub exchanges: Vec<Exchange>,
    /// Exchange of each entry, by entry index.
    pub owner: Vec<Option<usize>>,
    /// Exchanges whose request is only inferred, by preflight target URL,
    /// keyed by the method the preflight asked for (none: any method).
    orphan_preflights: HashMap<Box<str>, Waiting<usize>>,
    /// (exchange, hop) pairs with no preflight yet, by request URL, keyed by
    /// the hop's method.
    unpaired_hops: HashMap<Box<str>, Waiting<(usize, usize)>>,
    /// Exchanges waiting for their next redirect hop, by target URL.
    pending_redirects: HashMap<Box<str>, VecDeque<usize>>,
}

impl Pairer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Attaches entry `idx` (already stored by the caller in `entries`) and
    /// returns the exchange it joined.
    pub fn add(&mut self, entries: &[Entry], idx: usize) -> Option<usize> {
        let e = entries.get(idx)?;
        if self.owner.len() <= idx {
            self.owner.resize(idx + 1, None);
        }
        let ex = if e.is_preflight() { self.add_preflight(idx, e) } else { self.add_request(idx, e) };
        if let Some(slot) = self.owner.get_mut(idx) {
            *slot = Some(ex);
        }
        Some(ex)
    }

    fn add_preflight(&mut self, idx: usize, e: &Entry) -> usize {
        let (url, method) = preflight_target(e);
        if let Some(waiting) = self.unpaired_hops.get_mut(url.as_str()) {
            let found = match &method {
                Some(m) => waiting.take_for(m),
                None => waiting.take_first(),
            };
            if waiting.is_empty() {
                self.unpaired_hops.remove(url.as_str());
            }
            if let Some((ex, hop)) = found {
                if let Some(slot) = self.exchanges.get_mut(ex).and_then(|x| x.preflights.get_mut(hop)) {
                    *slot = Some(idx);
                }
                return ex;
            }
        }
        let id = self.exchanges.len();
        self.exchanges.push(Exchange { id, hops: Vec::new(), preflights: vec![Some(idx)] });
        self.orphan_preflights.entry(url.into_boxed_str()).or_default().push(method, id);
        id
    }

    fn add_request(&mut self, idx: usize, e: &Entry) -> usize {
        let url = e.request.url.as_str();
        // 1. the next hop of a redirect chain
        let continued = self.pending_redirects.get_mut(url).and_then(VecDeque::pop_front);
        if self.pending_redirects.get(url).is_some_and(VecDeque::is_empty) {
            self.pending_redirects.remove(url);
        }
        let ex = if let Some(ex) = continued {
            if let Some(x) = self.exchanges.get_mut(ex) {
                x.hops.push(idx);
                x.preflights.push(None);
            }
            ex
        } else if let Some(ex) = self.adopt_orphan(url, &e.request.method) {
            if let Some(x) = self.exchanges.get_mut(ex) {
                x.hops.push(idx);
            }
            ex
        } else {
            let id = self.exchanges.len();
            self.exchanges.push(Exchange { id, hops: vec![idx], preflights: vec![None] });
            id
        };
        let hop = self.exchanges.get(ex).map(|x| x.hops.len().saturating_sub(1)).unwrap_or(0);
        let has_preflight = self.exchanges.get(ex).and_then(|x| x.preflights.get(hop)).copied().flatten().is_some();
        if let Some(target) = redirect_target(e) {
            self.pending_redirects.entry(target.into_boxed_str()).or_default().push_back(ex);
        }
        if !has_preflight {
            self.unpaired_hops.entry(url.into()).or_default().push(Some(e.request.method.clone()), (ex, hop));
        }
        ex
    }

    fn adopt_orphan(&mut self, url: &str, method: &Method) -> Option<usize> {
        let waiting = self.orphan_preflights.get_mut(url)?;
        let ex = waiting.take_for(method);
        if waiting.is_empty() {
            self.orphan_preflights.remove(url);
        }
        ex
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::{Entry, Initiator};
    use crate::http::Headers;

    fn req(method: &str, url: &str, status: u16) -> Entry {
        let mut e = Entry::default();
        e.request.method = Method::parse(method);
        e.request.url = url.into();
        e.response.status = status;
        e
    }

    fn preflight(url: &str, acrm: &str, chrome: bool) -> Entry {
        let mut e = req("OPTIONS", url, 204);
        let mut h = Headers::new();
        h.push("Access-Control-Request-Method", acrm);
        e.request.headers = h;
        if chrome {
            e.resource_type = Some("preflight".into());
            e.initiator =
                Some(Box::new(Initiator { kind: "preflight".into(), url: Some(url.into()), ..Default::default() }));
        }
        e
    }

    fn run(entries: &[Entry]) -> Pairer {
        let mut p = Pairer::new();
        for i in 0..entries.len() {
            p.add(entries, i);
        }
        p
    }

    #[test]
    fn request_before_its_preflight() {
        let es = vec![req("PUT", "http://a/x", 405), preflight("http://a/x", "PUT", true)];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 1);
        assert_eq!(p.exchanges[0].hops, vec![0]);
        assert_eq!(p.exchanges[0].first_preflight(), Some(1));
    }

    #[test]
    fn preflight_before_its_request() {
        let es = vec![preflight("http://a/x", "PUT", false), req("PUT", "http://a/x", 200)];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 1);
        assert_eq!(p.exchanges[0].hops, vec![1]);
        assert_eq!(p.exchanges[0].first_preflight(), Some(0));
    }

    #[test]
    fn orphan_preflight_is_an_inferred_request() {
        let es = vec![preflight("http://a/x", "DELETE", false)];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 1);
        assert!(p.exchanges[0].request_inferred());
    }

    #[test]
    fn method_must_match_request_method() {
        let es = vec![req("PUT", "http://a/x", 200), preflight("http://a/x", "DELETE", false)];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 2);
    }

    #[test]
    fn repeated_calls_pair_in_order() {
        let es = vec![
            req("PUT", "http://a/x", 200),
            preflight("http://a/x", "PUT", true),
            req("PUT", "http://a/x", 200),
            preflight("http://a/x", "PUT", true),
        ];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 2);
        assert_eq!(p.exchanges[0].first_preflight(), Some(1));
        assert_eq!(p.exchanges[1].first_preflight(), Some(3));
    }

    #[test]
    fn redirect_chain_follows_location() {
        let mut first = req("POST", "http://a/old", 302);
        first.response.headers.push("Location", "/new");
        let es = vec![first, req("GET", "http://a/new", 405)];
        let p = run(&es);
        assert_eq!(p.exchanges.len(), 1);
        assert_eq!(p.exchanges[0].hops, vec![0, 1]);
        assert_eq!(p.owner, vec![Some(0), Some(0)]);
    }
}
