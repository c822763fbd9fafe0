//! `--compare URL2`: the same checks against a second deployment, and where the two answered differently.
//!
//! Checks are matched on [`Check::id`]. For each: the outcome (`pass`, `fail`, `skip`), then request by request (the
//! check's [`Observed`] exchanges, matched on their label) the status and each of [`COMPARED_HEADERS`]. List-valued
//! headers (`Allow`, `Access-Control-Allow-Methods`/`-Headers`, `Vary`) are compared as sets, so that an order that
//! changes between requests (Apache's `Allow`) is no difference; `Location` is compared with each deployment's own
//! base URL taken out. A check with several exchanges names the exchange: `"preflight from https://a.example:
//! Access-Control-Allow-Origin"`. An exchange several checks read (one plain `OPTIONS` per path serves every
//! write's check there) is compared once, under the first check that read it; each check's outcome is compared for
//! every check.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{Check, Difference, Observed, Outcome, COMPARED_HEADERS};

/// Where `b` differs from `a`, check by check (matched on [`Check::id`]), in `a`'s order; a check only one side has
/// is a difference of `"check"`.
pub fn differences(a: &[Check], b: &[Check]) -> Vec<Difference> {
    differences_between(a, b, ("", ""))
}

/// [`differences`], with each deployment's base URL (taken out of `Location` before comparing).
pub fn differences_between(a: &[Check], b: &[Check], bases: (&str, &str)) -> Vec<Difference> {
    let by_id: HashMap<&str, &Check> = b.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut out = Vec::new();
    let mut compared = HashSet::new();
    for ca in a {
        let Some(cb) = by_id.get(ca.id.as_str()) else {
            out.push(Difference { check: ca.id.clone(), what: "check".into(), a: Some("checked".into()), b: None });
            continue;
        };
        let (oa, ob) = (outcome(&ca.outcome), outcome(&cb.outcome));
        if oa != ob {
            out.push(Difference { check: ca.id.clone(), what: "outcome".into(), a: Some(oa), b: Some(ob) });
        }
        observed(ca, cb, bases, &mut compared, &mut out);
    }
    let in_a: BTreeSet<&str> = a.iter().map(|c| c.id.as_str()).collect();
    for cb in b.iter().filter(|c| !in_a.contains(c.id.as_str())) {
        out.push(Difference { check: cb.id.clone(), what: "check".into(), a: None, b: Some("checked".into()) });
    }
    out
}

fn outcome(o: &Outcome) -> String {
    match o {
        Outcome::Pass => "pass".into(),
        Outcome::Fail { message, .. } => format!("fail: {message}"),
        Outcome::Skip { reason } => format!("skip: {reason}"),
    }
}

/// The exchanges of two checks, paired by label (in order, so a second hop pairs with the second hop).
/// Exchanges already compared (label, method, URL): each is compared once.
type Compared = HashSet<(String, String, String)>;

fn observed(ca: &Check, cb: &Check, bases: (&str, &str), compared: &mut Compared, out: &mut Vec<Difference>) {
    let several = ca.observed.len().max(cb.observed.len()) > 1;
    let mut used = vec![false; cb.observed.len()];
    for xa in &ca.observed {
        let found = cb.observed.iter().enumerate().find(|(i, xb)| !used[*i] && xb.label == xa.label);
        let what = |w: &str| if several { format!("{}: {w}", xa.label) } else { w.to_string() };
        let path = xa.url.strip_prefix(bases.0.trim_end_matches('/')).unwrap_or(&xa.url);
        if !compared.insert((xa.label.clone(), xa.method.to_string(), path.to_string())) {
            if let Some((i, _)) = found {
                used[i] = true;
            }
            continue;
        }
        let Some((i, xb)) = found else {
            out.push(Difference { check: ca.id.clone(), what: what("request"), a: Some(xa.label.clone()), b: None });
            continue;
        };
        used[i] = true;
        if xa.status != xb.status {
            let (sa, sb) = (status(xa), status(xb));
            out.push(Difference { check: ca.id.clone(), what: what("status"), a: Some(sa), b: Some(sb) });
        }
        for name in COMPARED_HEADERS {
            let (va, vb) = (value(xa, name), value(xb, name));
            if normalized(name, va, bases.0) != normalized(name, vb, bases.1) {
                let d = Difference {
                    check: ca.id.clone(),
                    what: what(name),
                    a: va.map(String::from),
                    b: vb.map(String::from),
                };
                out.push(d);
            }
        }
    }
    for (xb, _) in cb.observed.iter().zip(used).filter(|(_, u)| !u) {
        let what = if several { format!("{}: request", xb.label) } else { "request".into() };
        out.push(Difference { check: ca.id.clone(), what, a: None, b: Some(xb.label.clone()) });
    }
}

fn status(x: &Observed) -> String {
    match (x.status, &x.error) {
        (Some(s), _) => s.to_string(),
        (None, Some(e)) => e.clone(),
        (None, None) => "no answer".into(),
    }
}

fn value<'a>(x: &'a Observed, name: &str) -> Option<&'a str> {
    x.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// A header's value as compared: a set of tokens for list-valued headers (case-insensitive for header names), the
/// base URL taken out of `Location`.
fn normalized(name: &str, v: Option<&str>, base: &str) -> Option<Vec<String>> {
    let v = v?;
    let list = |fold: bool| {
        let set: BTreeSet<String> = v
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| if fold { t.to_ascii_lowercase() } else { t.to_string() })
            .collect();
        Some(set.into_iter().collect())
    };
    match name {
        "Allow" | "Access-Control-Allow-Methods" => list(false),
        "Access-Control-Allow-Headers" | "Vary" => list(true),
        "Location" if !base.is_empty() => {
            Some(vec![v.strip_prefix(base.trim_end_matches('/')).unwrap_or(v).to_string()])
        }
        _ => Some(vec![v.to_string()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Expectation;
    use crate::http::Method;

    type Obs<'a> = [(&'a str, u16, &'a [(&'a str, &'a str)])];

    fn check(id: &str, outcome: Outcome, obs: &Obs<'_>) -> Check {
        Check {
            id: id.into(),
            method: Method::Get,
            path: "/x".into(),
            url: None,
            expected: Expectation::MethodAccepted,
            outcome,
            pointer: None,
            observed: obs
                .iter()
                .map(|(label, status, headers)| Observed {
                    label: label.to_string(),
                    method: Method::Get,
                    url: "http://a/x".into(),
                    status: Some(*status),
                    error: None,
                    headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
                })
                .collect(),
            note: None,
        }
    }

    #[test]
    fn same_answers_are_no_difference_even_in_another_order() {
        let a = [check("c", Outcome::Pass, &[("OPTIONS", 204, &[("Allow", "GET, HEAD, PUT"), ("Vary", "Origin")])])];
        let b = [check("c", Outcome::Pass, &[("OPTIONS", 204, &[("Allow", "PUT,GET, HEAD"), ("Vary", "origin")])])];
        assert_eq!(differences(&a, &b), []);
    }

    #[test]
    fn outcome_status_and_each_header_are_listed() {
        let fail = Outcome::Fail { message: "no ACAO".into(), evidence: vec![], fix: None };
        let a = [check(
            "PUT /x preflight from https://a.example",
            Outcome::Pass,
            &[("preflight from https://a.example", 204, &[("Access-Control-Allow-Origin", "https://a.example")])],
        )];
        let b =
            [check("PUT /x preflight from https://a.example", fail, &[("preflight from https://a.example", 403, &[])])];
        let d = differences(&a, &b);
        let whats: Vec<&str> = d.iter().map(|d| d.what.as_str()).collect();
        assert_eq!(whats, ["outcome", "status", "Access-Control-Allow-Origin"]);
        assert_eq!(d[0].b.as_deref(), Some("fail: no ACAO"));
        assert_eq!((d[1].a.as_deref(), d[1].b.as_deref()), (Some("204"), Some("403")));
        assert_eq!((d[2].a.as_deref(), d[2].b.as_deref()), (Some("https://a.example"), None));
    }

    #[test]
    fn several_exchanges_are_named_and_location_drops_the_base() {
        let hops: &Obs<'_> = &[("GET", 301, &[("Location", "http://a:1/x/")]), ("GET (redirect hop 1)", 200, &[])];
        let a = [check("GET /x accepted", Outcome::Pass, hops)];
        let hops_b: &Obs<'_> = &[("GET", 301, &[("Location", "http://b:2/x/")]), ("GET (redirect hop 1)", 404, &[])];
        let b = [check("GET /x accepted", Outcome::Pass, hops_b), check("only b", Outcome::Pass, &[])];
        let d = differences_between(&a, &b, ("http://a:1", "http://b:2/"));
        let whats: Vec<(&str, &str)> = d.iter().map(|d| (d.check.as_str(), d.what.as_str())).collect();
        assert_eq!(whats, [("GET /x accepted", "GET (redirect hop 1): status"), ("only b", "check")]);
    }

    #[test]
    fn an_exchange_two_checks_read_is_compared_once() {
        let obs_a: &Obs<'_> = &[("OPTIONS", 204, &[("Allow", "GET, PUT")])];
        let obs_b: &Obs<'_> = &[("OPTIONS", 204, &[("Allow", "GET, PUT, PATCH")])];
        let a = [check("PUT /x accepted", Outcome::Pass, obs_a), check("PATCH /x refused", Outcome::Pass, obs_a)];
        let fail = Outcome::Fail { message: "lists PATCH".into(), evidence: vec![], fix: None };
        let b = [check("PUT /x accepted", Outcome::Pass, obs_b), check("PATCH /x refused", fail, obs_b)];
        let d = differences(&a, &b);
        let whats: Vec<(&str, &str)> = d.iter().map(|d| (d.check.as_str(), d.what.as_str())).collect();
        assert_eq!(whats, [("PUT /x accepted", "Allow"), ("PATCH /x refused", "outcome")]);
    }
}
