//! What `why405 diagnose --probe` asks: for each diagnosis the HAR could not settle (`needs_probe`: a 404 that may
//! be a wrong method, a preflight not in the HAR, a 405 without `Allow`) and each request whose preflight the HAR
//! lacks although the browser needed one (most likely served from its preflight cache: does it still pass?), the
//! target that settles it — the same URL, method, origin and request headers — probed with the safe requests only
//! (never the method itself); the preflight only when the HAR holds none for one of those requests.

use std::collections::HashMap;

use crate::cors::{is_browser_added_request_header, is_forbidden_request_header};
use crate::diagnose::Diagnosis;
use crate::engine::Engine;
use crate::har::Entry;
use crate::http::{origin_of, Method};

use super::plan::ProbeTarget;

/// One target to probe, and the diagnoses (exchange ids) its answers settle.
#[derive(Debug, Clone)]
pub struct Undecided {
    pub ids: Vec<usize>,
    pub target: ProbeTarget,
}

/// Whether `--probe` asks about this diagnosis: the HAR leaves it undecided, or the browser needed a preflight that
/// the HAR does not hold while the request itself went out (a preflight-cache hit: whether it still passes is
/// something only the server can say now).
pub fn wants_probe(d: &Diagnosis) -> bool {
    d.needs_probe || (!d.request_inferred && d.preflight.as_ref().is_some_and(|p| p.inferred))
}

/// The targets for the engine's undecided diagnoses, one per (method, URL, origin), in the order of the diagnoses;
/// the preflight is sent when any of a target's requests has none in the HAR.
pub fn undecided_targets(engine: &Engine) -> Vec<Undecided> {
    let mut at: HashMap<(String, String, Option<String>), usize> = HashMap::new();
    let mut out: Vec<Undecided> = Vec::new();
    for d in engine.diagnoses().filter(|d| wants_probe(d)) {
        let entries: Vec<&Entry> = d.entries.iter().filter_map(|&i| engine.entry(i)).collect();
        let Some(t) = target_of(&entries) else { continue };
        let key = (t.method.as_str().to_string(), t.url.clone(), t.origin.clone());
        match at.get(&key).and_then(|&i| out.get_mut(i)) {
            Some(u) => {
                u.ids.push(d.id);
                u.target.skip_preflight &= t.skip_preflight;
            }
            None => {
                at.insert(key, out.len());
                out.push(Undecided { ids: vec![d.id], target: t });
            }
        }
    }
    out
}

/// The target for one exchange's entries: its request when the HAR holds it, else what its preflight asked for.
fn target_of(entries: &[&Entry]) -> Option<ProbeTarget> {
    if let Some(e) = entries.iter().find(|e| !e.is_preflight()) {
        let h = &e.request.headers;
        let origin = h.get("origin").map(str::to_string).or_else(|| h.get("referer").and_then(origin_of));
        let headers = h
            .iter()
            .filter(|x| !is_forbidden_request_header(x.name.as_str(), &x.value))
            .filter(|x| !is_browser_added_request_header(x.name.as_str(), &x.value))
            .map(|x| (x.name.as_str().to_string(), x.value.to_string()))
            .collect();
        return Some(ProbeTarget {
            url: e.request.url.clone(),
            method: e.request.method.clone(),
            origin,
            headers,
            send: false,
            // a preflight the HAR holds is not sent again, unless it got no answer (what would it answer now?)
            skip_preflight: entries.iter().any(|e| e.is_preflight() && e.response.status != 0),
        });
    }
    let p = entries.first()?;
    let h = &p.request.headers;
    let method = Method::parse(h.get("access-control-request-method")?.trim());
    let headers = h
        .get("access-control-request-headers")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| (n.to_string(), String::new()))
        .collect();
    Some(ProbeTarget {
        url: p.request.url.clone(),
        method,
        origin: h.get("origin").map(str::to_string),
        headers,
        send: false,
        skip_preflight: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::har::{Entry, Request, Response};
    use crate::http::Headers;

    fn entry(method: Method, headers: &[(&str, &str)], resource_type: &str) -> Entry {
        let mut h = Headers::new();
        for (n, v) in headers {
            h.push(*n, *v);
        }
        Entry {
            request: Request { method, url: "http://api.example/items/1".into(), headers: h, ..Request::default() },
            resource_type: Some(resource_type.into()),
            // answered: a preflight the HAR holds with an answer is not sent again
            response: Response { status: 204, ..Response::default() },
            ..Entry::default()
        }
    }

    #[test]
    fn a_request_in_the_har_is_probed_with_its_origin_and_headers_never_its_method() {
        let pf = entry(
            Method::Options,
            &[("Origin", "http://app.example"), ("Access-Control-Request-Method", "PUT")],
            "preflight",
        );
        let req = entry(
            Method::Put,
            &[("Origin", "http://app.example"), ("Content-Type", "application/json"), ("Cookie", "s=1")],
            "fetch",
        );
        let t = target_of(&[&pf, &req]).unwrap();
        assert_eq!((t.method.as_str(), t.origin.as_deref()), ("PUT", Some("http://app.example")));
        assert!(!t.send);
        // the HAR holds the preflight: it is not sent again; forbidden headers (Cookie, Origin) are not copied
        assert!(t.skip_preflight);
        assert_eq!(t.headers, [("Content-Type".to_string(), "application/json".to_string())]);
        assert!(super::super::plan(&t).iter().all(|s| s.method != Method::Put));
    }

    #[test]
    fn a_lone_preflight_is_probed_as_what_it_asked_for() {
        let pf = entry(
            Method::Options,
            &[
                ("Origin", "http://app.example"),
                ("Access-Control-Request-Method", "DELETE"),
                ("Access-Control-Request-Headers", "x-token"),
            ],
            "preflight",
        );
        let t = target_of(&[&pf]).unwrap();
        assert_eq!(t.method, Method::Delete);
        assert!(!t.skip_preflight && !t.send);
        let steps = super::super::plan(&t);
        assert_eq!(steps[0].headers.get("access-control-request-headers"), Some("x-token"));
    }
}
