//! `why405 probe`: asks a server what a browser would ask it, and turns the answers into HAR entries for the
//! [`Engine`](crate::engine::Engine). What to send is the [`plan`] (the preflight for a method from an origin, a
//! plain `OPTIONS`, `HEAD`, `GET`; the method itself only when asked); sending is the [`client`] (ureq over
//! rustls, bounded by a timeout); the answers become entries in [`entries`]. Redirects are followed hop by hop for
//! `GET` and `HEAD` only, each hop an entry; a preflight's redirect is never followed (browsers refuse it).
//! Nothing here runs in the panel's wasm (the `probe` feature).

pub mod client;
pub mod entries;
pub mod plan;
pub mod settle;
pub mod undecided;

use std::fmt;

use crate::cors::origin_after_redirect;
use crate::har::Entry;
use crate::http::{origin_of, split_url};

pub use client::{Answer, Client, Failure, Sent};
pub use plan::{plan, ProbeTarget, Purpose, Step};
pub use settle::settle;
pub use undecided::{undecided_targets, wants_probe, Undecided};

/// How many redirects a `GET` or `HEAD` follows before the probe stops (browsers stop at 20).
pub const MAX_REDIRECTS: usize = 10;

/// A probe that cannot start: the input is wrong (the CLI's usage error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeError {
    /// Not an absolute `http://` or `https://` URL.
    BadUrl(String),
    /// Not an origin (`scheme://host[:port]`, or `null`).
    BadOrigin(String),
    /// Not a `Name: value` header.
    BadHeader(String),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::BadUrl(u) => write!(f, "{u:?} is not an http:// or https:// URL"),
            ProbeError::BadOrigin(o) => write!(f, "{o:?} is not an origin (scheme://host[:port])"),
            ProbeError::BadHeader(h) => write!(f, "{h:?} is not a header (Name: value)"),
        }
    }
}

impl std::error::Error for ProbeError {}

/// Checks the target's URL and origin before anything is sent.
pub fn check(target: &ProbeTarget) -> Result<(), ProbeError> {
    let url_ok = split_url(&target.url)
        .is_some_and(|p| matches!(p.scheme, "http" | "https") && !p.authority.is_empty())
        && target.url.parse::<ureq::http::Uri>().is_ok();
    if !url_ok {
        return Err(ProbeError::BadUrl(target.url.clone()));
    }
    if let Some(o) = &target.origin {
        let ok = o == "null" || origin_of(o).is_some_and(|x| x.eq_ignore_ascii_case(o.trim_end_matches('/')));
        if !ok {
            return Err(ProbeError::BadOrigin(o.clone()));
        }
    }
    Ok(())
}

/// Parses `-H 'Name: value'`.
pub fn parse_header(h: &str) -> Result<(String, String), ProbeError> {
    let (n, v) = h.split_once(':').ok_or_else(|| ProbeError::BadHeader(h.to_string()))?;
    let n = n.trim();
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ProbeError::BadHeader(h.to_string()));
    }
    Ok((n.to_string(), v.trim().to_string()))
}

/// Sends the plan for `target` with `client`, following `GET`'s and `HEAD`'s redirects hop by hop; every request
/// sent is returned, in order.
pub fn run(target: &ProbeTarget, client: &Client) -> Result<Vec<Sent>, ProbeError> {
    check(target)?;
    let mut sent = Vec::new();
    for step in plan(target) {
        let mut step = step;
        for _ in 0..=MAX_REDIRECTS {
            let s = client.send(&step);
            let next = s.result.as_ref().ok().and_then(|a| next_hop(&step, a));
            sent.push(s);
            match next {
                Some(n) => step = n,
                None => break,
            }
        }
    }
    Ok(sent)
}

/// The next request when `answer` redirects a request that follows redirects: the same method (GET and HEAD keep
/// theirs) to the resolved `Location`, its `Origin` becoming `null` after a cross-origin hop as in a browser.
pub fn next_hop(step: &Step, answer: &Answer) -> Option<Step> {
    if !step.purpose.follows_redirects() || !matches!(answer.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = answer.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("location"))?.1.as_str();
    let to = crate::http::resolve_location(&step.url, location);
    split_url(&to).filter(|p| matches!(p.scheme, "http" | "https"))?;
    let mut next = step.clone();
    let mut headers = crate::http::Headers::new();
    for h in step.headers.iter() {
        if h.name.as_str().eq_ignore_ascii_case("origin") {
            headers.push("Origin", origin_after_redirect(&h.value, &step.url, &to));
        } else {
            headers.push(h.name.as_str(), &*h.value);
        }
    }
    next.headers = headers;
    next.url = to;
    Some(next)
}

/// The entries for the requests sent, in order (see [`entries::entry`]).
pub fn to_entries(sent: &[Sent]) -> Vec<Entry> {
    sent.iter().enumerate().map(|(i, s)| entries::entry(s, i)).collect()
}

#[cfg(test)]
pub(crate) mod loopback;
#[cfg(test)]
mod tests;
