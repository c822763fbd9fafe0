//! `why405 contract SPEC --har FILE.har`: each request of a HAR checked against the spec, offline (a method the spec
//! does not document for that path, an undocumented path, and the nearest documented one).
//!
//! Which entries count: every HTTP(S) request the page's code or the browser made for it, but not a preflight
//! (`OPTIONS` with `Access-Control-Request-Method`: the browser's, not the client's), not a non-HTTP entry
//! (WebSocket, `data:`, `blob:`), and not what a page loads to show itself (documents, scripts, style sheets,
//! images, fonts, media: Chromium's `_resourceType`), which no API spec documents. The HAR's origin is not
//! compared: a capture from a staging host checks the same paths.
//!
//! Matching, as OpenAPI says: a path is matched under the spec's base path to a template whose `{param}`s match one
//! non-empty segment each (a segment such as `{name}.json` matches its literal parts too); a literal segment wins
//! over a templated one, left to right. `HEAD` is documented wherever `GET` is (RFC 9110 §9.3.2: a server answers
//! HEAD wherever it answers GET), and a plain `OPTIONS` is never an undocumented method (servers and frameworks
//! answer it for every route).
//!
//! One check per distinct (method, template), not per entry, with the count and the first entry in its evidence;
//! undocumented paths are grouped by their shape (numeric, UUID and long hex segments as `{n}`, `{uuid}`, `{hex}`).
//! An undocumented method on a literal path that a templated one documents says so (`/users/{id}` documents PUT,
//! but `/users/me` is matched first).
//!
//! The cost is linear: one match per distinct URL path (each against the templates with as many segments) and one
//! nearest-path search per undocumented group (each against every template, over at most [`MAX_SEGMENTS`]), all
//! searches together bounded by [`NEAREST_BUDGET`] segment comparisons.

use std::collections::HashMap;

use super::{Check, ContractReport, Expectation, Outcome, PathItem, Spec};
use crate::har::Entry;
use crate::http::{split_url, Method};

/// Path segments compared for the nearest documented path (a longer path is cut).
pub const MAX_SEGMENTS: usize = 32;
/// Segment comparisons all nearest-path searches of one run may make (for each undocumented shape, its segments
/// times every template's): a hostile HAR of many distinct undocumented paths against a large spec stays bounded
/// (each comparison is at most a 24-byte edit distance); past it an undocumented path is reported without its
/// nearest documented one.
pub const NEAREST_BUDGET: usize = 2_000_000;
/// The longest literal segments compared by edit distance; longer ones by their common prefix and suffix.
const EDIT_MAX: usize = 24;
/// Distinct example URLs listed in an undocumented path's evidence.
const EXAMPLES: usize = 3;

/// Checks each request of `entries` (the HAR named `source`) against `spec`.
pub fn check(spec: &Spec, source: &str, entries: &[Entry]) -> ContractReport {
    let matcher = Matcher::new(spec);
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    let mut matched: HashMap<String, Option<usize>> = HashMap::new();
    for entry in entries.iter().filter(|e| is_checked(e)) {
        let Some(parts) = split_url(&entry.request.url) else { continue };
        let path = parts.path;
        let found = match matched.get(path) {
            Some(found) => *found,
            None => {
                let found = matcher.find(path);
                matched.insert(path.to_string(), found);
                found
            }
        };
        let key = match found {
            Some(t) => GroupKey::Documented(entry.request.method.clone(), t),
            None => GroupKey::Undocumented(entry.request.method.clone(), shape(path)),
        };
        let at = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(Group { key, first: entry, count: 0, examples: Vec::new() });
            groups.len() - 1
        });
        let g = &mut groups[at];
        g.count += 1;
        if g.examples.len() < EXAMPLES && !g.examples.contains(&entry.request.url) {
            g.examples.push(entry.request.url.clone());
        }
    }
    // documented first, in the spec's order; then the undocumented, as first seen
    groups.sort_by_key(|g| match &g.key {
        GroupKey::Documented(m, t) => (0, *t, method_rank(m)),
        GroupKey::Undocumented(..) => (1, 0, 0),
    });
    let checks = groups.iter().map(|g| matcher.judge(g)).collect();
    ContractReport {
        spec: spec.source.clone(),
        targets: vec![source.to_string()],
        checks,
        compared: None,
        differences: Vec::new(),
    }
}

/// Whether an entry is a request the client made that an API spec would document.
fn is_checked(e: &Entry) -> bool {
    let url = e.request.url.as_bytes();
    let http =
        url.len() > 7 && (url[..7].eq_ignore_ascii_case(b"http://") || url[..8].eq_ignore_ascii_case(b"https://"));
    if !http {
        return false;
    }
    if e.request.method == Method::Options && e.request.headers.get("access-control-request-method").is_some() {
        return false;
    }
    const PAGE: [&str; 11] = [
        "document",
        "stylesheet",
        "script",
        "image",
        "font",
        "media",
        "manifest",
        "texttrack",
        "websocket",
        "preflight",
        "wasm",
    ];
    !e.resource_type.as_deref().is_some_and(|t| PAGE.iter().any(|p| t.eq_ignore_ascii_case(p)))
}

fn method_rank(m: &Method) -> usize {
    const ORDER: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];
    ORDER.iter().position(|o| o == m).unwrap_or(ORDER.len())
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum GroupKey {
    /// A method on a documented path (the template's index in the spec).
    Documented(Method, usize),
    /// A method on an undocumented path, by the path's shape.
    Undocumented(Method, String),
}

/// The entries of one check.
struct Group<'e> {
    key: GroupKey,
    first: &'e Entry,
    count: usize,
    /// Up to [`EXAMPLES`] distinct URLs.
    examples: Vec<String>,
}

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Literal(String),
    /// `{name}`: any non-empty segment.
    Param,
    /// Literal parts around parameters (`{name}.json`, `v{major}`): the pieces, parameters as `None`.
    Mixed(Vec<Option<String>>),
}

impl Seg {
    fn parse(s: &str) -> Seg {
        if !s.contains('{') {
            return Seg::Literal(s.to_string());
        }
        if s.starts_with('{') && s.ends_with('}') && s.matches('{').count() == 1 {
            return Seg::Param;
        }
        let mut pieces = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Some(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            pieces.push(None);
            rest = &rest[close..];
        }
        if !rest.is_empty() {
            pieces.push(Some(rest.to_string()));
        }
        Seg::Mixed(pieces)
    }

    /// How specific the segment is: literal 0, mixed 1, parameter 2.
    fn rank(&self) -> u8 {
        match self {
            Seg::Literal(_) => 0,
            Seg::Mixed(_) => 1,
            Seg::Param => 2,
        }
    }

    fn matches(&self, s: &str) -> bool {
        match self {
            Seg::Literal(l) => l == s,
            Seg::Param => !s.is_empty(),
            Seg::Mixed(pieces) => mixed_matches(pieces, s),
        }
    }
}

/// A segment against literal pieces and parameters (each parameter one character or more): the offsets each
/// piece can end at, piece by piece (linear in the segment's length times the pieces).
fn mixed_matches(pieces: &[Option<String>], s: &str) -> bool {
    let n = s.len();
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for piece in pieces {
        let mut next = vec![false; n + 1];
        match piece {
            Some(lit) => {
                for i in (0..=n).filter(|&i| reach[i]) {
                    if s.get(i..).is_some_and(|r| r.starts_with(lit.as_str())) {
                        next[i + lit.len()] = true;
                    }
                }
            }
            None => {
                let mut seen = false;
                for j in 0..=n {
                    if seen && s.is_char_boundary(j) {
                        next[j] = true;
                    }
                    seen |= reach[j];
                }
            }
        }
        reach = next;
    }
    reach[n]
}

/// The spec's templates, ready to match.
struct Matcher<'s> {
    spec: &'s Spec,
    /// Each template's segments (base path included), in the spec's order.
    segs: Vec<Vec<Seg>>,
    /// Templates by their number of segments.
    by_len: HashMap<usize, Vec<usize>>,
    /// Segment comparisons left for nearest-path searches ([`NEAREST_BUDGET`]).
    budget: std::cell::Cell<usize>,
    /// The segments of every template, counted (what one search compares a path segment with).
    total_segs: usize,
}

impl<'s> Matcher<'s> {
    fn new(spec: &'s Spec) -> Self {
        let segs: Vec<Vec<Seg>> = spec
            .paths
            .iter()
            .map(|p| segments(&format!("{}{}", spec.base_path, p.template)).map(Seg::parse).collect())
            .collect();
        let mut by_len: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, s) in segs.iter().enumerate() {
            by_len.entry(s.len()).or_default().push(i);
        }
        let total_segs = segs.iter().map(|s| s.len().min(MAX_SEGMENTS) + 1).sum();
        Matcher { spec, segs, by_len, budget: std::cell::Cell::new(NEAREST_BUDGET), total_segs }
    }

    /// The template `path` matches, the most specific one (literal segments first, left to right).
    fn find(&self, path: &str) -> Option<usize> {
        let parts: Vec<&str> = segments(path).collect();
        let candidates = self.by_len.get(&parts.len())?;
        candidates
            .iter()
            .filter(|&&t| self.segs[t].iter().zip(&parts).all(|(seg, s)| seg.matches(s)))
            .min_by_key(|&&t| (self.segs[t].iter().map(Seg::rank).collect::<Vec<_>>(), t))
            .copied()
    }

    /// The documented template nearest to `path` (edit distance over segments; ties: one documenting `method`,
    /// then the spec's order).
    fn nearest(&self, path: &str, method: &Method) -> Option<usize> {
        let parts: Vec<&str> = segments(path).take(MAX_SEGMENTS).collect();
        self.budget.set(self.budget.get().checked_sub(self.total_segs * (parts.len() + 1))?);
        (0..self.segs.len()).min_by_key(|&t| {
            let d = distance(&self.segs[t], &parts);
            let documents = documents(&self.spec.paths[t], method);
            (d, !documents, t)
        })
    }

    /// Another template that matches the group's URL and documents `method` (`/users/{id}` documents PUT, but
    /// `/users/me` matched `PUT /users/me` first): its full template.
    fn shadowed(&self, g: &Group, method: &Method) -> Option<String> {
        let path = split_url(&g.first.request.url)?.path;
        let parts: Vec<&str> = segments(path).collect();
        let t = self.by_len.get(&parts.len())?.iter().copied().find(|&t| {
            documents(&self.spec.paths[t], method)
                && *method != Method::Options
                && self.segs[t].iter().zip(&parts).all(|(seg, s)| seg.matches(s))
        })?;
        Some(format!("{}{}", self.spec.base_path, self.spec.paths[t].template))
    }

    fn judge(&self, g: &Group) -> Check {
        match &g.key {
            GroupKey::Documented(method, t) => self.judge_documented(g, method, &self.spec.paths[*t]),
            GroupKey::Undocumented(method, shape) => self.judge_undocumented(g, method, shape),
        }
    }

    fn judge_documented(&self, g: &Group, method: &Method, item: &PathItem) -> Check {
        let template = format!("{}{}", self.spec.base_path, item.template);
        let (outcome, pointer) = if documents(item, method) {
            let pointer = item.operations.iter().find(|o| o.method == *method).map(|o| o.pointer.clone());
            (Outcome::Pass, pointer.or_else(|| Some(item.pointer.clone())))
        } else {
            let documented: Vec<&str> = item.operations.iter().map(|o| o.method.as_str()).collect();
            let guess = suggestion(method, item);
            let mut message = format!("{method} {template} is not documented; ");
            message.push_str(&match documented.len() {
                0 => "the spec documents no method for it".to_string(),
                _ => format!("the spec documents {} for it", documented.join(", ")),
            });
            if let Some(m) = &guess {
                message.push_str(&format!(" (did you mean {m}?)"));
            }
            if let Some(other) = self.shadowed(g, method) {
                message.push_str(&format!(
                    "; {other} documents {method} and matches this URL too, but OpenAPI matches the literal path first"
                ));
            }
            let fix = match &guess {
                Some(m) => {
                    format!("send {m}, which the spec documents, or document {method} for {template} in the spec")
                }
                None => format!("document {method} for {template} in the spec, or stop sending it"),
            };
            let outcome = Outcome::Fail { message, evidence: evidence(g), fix: Some(fix) };
            (outcome, Some(item.pointer.clone()))
        };
        Check {
            id: format!("{method} {template}"),
            method: method.clone(),
            path: template,
            url: Some(g.first.request.url.clone()),
            expected: Expectation::Documented,
            outcome,
            pointer,
            observed: Vec::new(),
            note: None,
        }
    }

    fn judge_undocumented(&self, g: &Group, method: &Method, shape: &str) -> Check {
        let path = split_url(&g.first.request.url).map_or(shape, |p| p.path);
        let near = self.nearest(path, method).map(|t| &self.spec.paths[t]);
        let mut message = format!("{method} {shape} is not a documented path");
        let fix = match near {
            Some(item) => {
                let template = format!("{}{}", self.spec.base_path, item.template);
                let meant = if documents(item, method) { Some(method.clone()) } else { suggestion(method, item) };
                message.push_str(&format!("; the nearest documented one is {template}"));
                match &meant {
                    Some(m) => message.push_str(&format!(" (did you mean {m} {template}?)")),
                    None => {
                        let documented: Vec<&str> = item.operations.iter().map(|o| o.method.as_str()).collect();
                        message.push_str(&format!(", which documents {}", documented.join(", ")));
                    }
                }
                match meant {
                    Some(m) => {
                        format!("call {m} {template} (documented at {}), or document {shape} in the spec", item.pointer)
                    }
                    None => format!("document {method} {shape} in the spec, or stop sending it"),
                }
            }
            None => {
                message.push_str(if self.segs.is_empty() {
                    "; the spec documents no path"
                } else {
                    "; too many undocumented paths to search for the nearest documented one"
                });
                format!("document {shape} in the spec")
            }
        };
        Check {
            id: format!("{method} {shape} (undocumented)"),
            method: method.clone(),
            path: shape.to_string(),
            url: Some(g.first.request.url.clone()),
            expected: Expectation::Documented,
            outcome: Outcome::Fail { message, evidence: evidence(g), fix: Some(fix) },
            pointer: near.map(|item| item.pointer.clone()),
            observed: Vec::new(),
            note: None,
        }
    }
}

/// Whether the path item documents `method` (HEAD with GET; a plain OPTIONS always).
fn documents(item: &PathItem, method: &Method) -> bool {
    let has = |m: &Method| item.operations.iter().any(|o| o.method == *m);
    has(method) || *method == Method::Options || (*method == Method::Head && has(&Method::Get))
}

/// The documented method a client most likely meant instead of `method` (PUT for PATCH and back, then POST).
fn suggestion(method: &Method, item: &PathItem) -> Option<Method> {
    let alternatives: &[Method] = match method {
        Method::Put => &[Method::Patch, Method::Post],
        Method::Patch => &[Method::Put, Method::Post],
        Method::Post => &[Method::Put, Method::Patch],
        _ => &[],
    };
    alternatives.iter().find(|m| item.operations.iter().any(|o| o.method == **m)).cloned()
}

/// A group's evidence: its first entry (index, method, URL, status), how many entries it stands for, a few more
/// distinct URLs.
fn evidence(g: &Group) -> Vec<String> {
    let e = g.first;
    let status = match e.response.status {
        0 => "no response".to_string(),
        s => s.to_string(),
    };
    let mut out = vec![format!("entry {}: {} {} → {status}", e.index, e.request.method, e.request.url)];
    if g.count > 1 {
        out.push(format!("{} requests like it in the HAR", g.count));
    }
    for url in g.examples.iter().filter(|u| **u != e.request.url) {
        out.push(format!("also: {url}"));
    }
    out
}

/// A path's segments after the leading `/` (`/a//b/` → `a`, ``, `b`, ``); `/` has none.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let p = path.strip_prefix('/').unwrap_or(path);
    p.split('/').filter(move |_| !p.is_empty())
}

/// The cost of a whole segment added or removed, or replaced by an unrelated one; an empty segment (a trailing or
/// doubled `/`) costs [`SLASH`], a near-miss literal (`user` for `users`) in between.
const SEGMENT: usize = 4;
const SLASH: usize = 1;

/// The edit distance between a template's segments and a path's: a segment the template matches costs nothing, a
/// missing or extra `/` little, a misspelt literal by how misspelt it is.
fn distance(template: &[Seg], path: &[&str]) -> usize {
    let template = &template[..template.len().min(MAX_SEGMENTS)];
    let indel = |empty: bool| if empty { SLASH } else { SEGMENT };
    let mut prev: Vec<usize> = Vec::with_capacity(path.len() + 1);
    prev.push(0);
    for s in path {
        prev.push(prev[prev.len() - 1] + indel(s.is_empty()));
    }
    let mut cur = vec![0; path.len() + 1];
    for seg in template {
        let seg_indel = indel(*seg == Seg::Literal(String::new()));
        cur[0] = prev[0] + seg_indel;
        for (j, s) in path.iter().enumerate() {
            let swap = prev[j] + substitution(seg, s);
            cur[j + 1] = swap.min(prev[j + 1] + seg_indel).min(cur[j] + indel(s.is_empty()));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[path.len()]
}

/// What replacing a template's segment by a path's costs: 0 when it matches, up to [`SEGMENT`] by the share of
/// bytes that differ (edit distance for literals of up to [`EDIT_MAX`] bytes, without allocating; longer ones by
/// their common prefix and suffix).
fn substitution(seg: &Seg, s: &str) -> usize {
    if seg.matches(s) {
        return 0;
    }
    let Seg::Literal(l) = seg else { return SEGMENT };
    let (a, b) = (l.as_bytes(), s.as_bytes());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return SEGMENT;
    }
    if longest > EDIT_MAX {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
        let common = (prefix + suffix).min(a.len().min(b.len()));
        return (SEGMENT * (longest - common)).div_ceil(longest).clamp(1, SEGMENT);
    }
    let mut prev = [0usize; EDIT_MAX + 1];
    let mut cur = [0usize; EDIT_MAX + 1];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (SEGMENT * prev[b.len()]).div_ceil(longest).clamp(1, SEGMENT)
}

/// A path's shape: numeric, UUID and long hexadecimal segments as `{n}`, `{uuid}`, `{hex}`.
fn shape(path: &str) -> String {
    if path == "/" {
        return "/".to_string();
    }
    let mut out = String::with_capacity(path.len());
    for s in path.strip_prefix('/').unwrap_or(path).split('/') {
        out.push('/');
        let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str("{n}");
        } else if s.len() == 36 && s.split('-').map(str::len).eq([8, 4, 4, 4, 12]) && hex(&s.replace('-', "")) {
            out.push_str("{uuid}");
        } else if s.len() >= 16 && hex(s) {
            out.push_str("{hex}");
        } else {
            out.push_str(s);
        }
    }
    out
}

#[cfg(test)]
mod tests;
