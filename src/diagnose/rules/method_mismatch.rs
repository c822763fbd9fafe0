//! Rule: a 405 from the application — the resource exists and refuses the
//! method. Names the methods `Allow` lists and suggests the verb most likely
//! meant (PUT ↔ PATCH, POST to the collection).

use crate::http::{origin_of, split_url, Method};
use crate::stack::FixKind;

use super::super::facts::Facts;
use super::super::kind::RequestKind;
use super::super::verdict::{Decided, Verdict};
use super::super::words::list;
use super::super::{Cause, Context};

pub(super) fn check(f: &Facts, ctx: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref().filter(|r| r.status == 405)?;
    let method = &r.method;
    let allowed = r.allowed.clone().unwrap_or_default();
    let others: Vec<Method> =
        allowed.iter().filter(|m| **m != Method::Options && **m != Method::Head).cloned().collect();
    // An HTML form sends only GET or POST: another verb is no way out for a navigation.
    let navigation = matches!(f.kind, RequestKind::Navigation | RequestKind::Frame);
    let suggested = if navigation { None } else { suggest_method(method, &others) };
    // Starlette and FastAPI: `Allow` holds the first matching route's methods, not the path's.
    let first_route = r.stack.filter(|s| s.allow_first_route_only() && r.allowed.is_some());
    let allows = match first_route {
        _ if others.is_empty() => "it does not say which methods it allows".to_string(),
        Some(s) => format!(
            "its Allow says {}, but {} lists there only the methods of the first route that matches the path, so \
             another route on this path may accept more",
            list(&others),
            s.label()
        ),
        None => format!("it allows {}", list(&others)),
    };
    let any_path = r.stack.filter(|s| s.any_path_405() && r.allowed.is_none());
    let summary = match any_path {
        // warp: a 405 without Allow does not even show that the path exists.
        Some(s) => format!(
            "The server answered 405 to {method} {}: {} refuses {method} here, but it answers 405 also for a path \
             that no route has (a route's method filter rejects before its path filter does, and 405 outranks \
             404), so the path may be wrong as well as the method.{}",
            r.path,
            s.label(),
            f.hops.cors_note(r.status)
        ),
        None => format!(
            "The server answered 405 to {} {}: the resource exists but refuses {} — {}.{}",
            method,
            r.path,
            method,
            allows,
            f.hops.cors_note(r.status)
        ),
    };
    let suggestion = navigation
        .then(|| {
            format!(
                "The page's form (or link) sends {method} to {}: an HTML form can only send GET or POST, so add a \
                 {method} handler for it, or point the form's action at the URL that handles {method}.",
                r.bare_path
            )
        })
        .or_else(|| collection_suggestion(method, &r.entry.request.url, ctx))
        .or_else(|| {
            suggested.as_ref().map(|s| format!("Use {s}: this resource accepts {s} (Allow: {}).", list(&allowed)))
        })
        .or_else(|| first_route.map(|s| first_route_suggestion(s, method, &r.bare_path, &others)))
        .or_else(|| use_another(method, &others));
    let fix = FixKind::MethodMismatch { method, path: &r.bare_path, allowed: &allowed, suggested: suggested.as_ref() };
    let v = Verdict::refusal(Decided::response(r), Cause::MethodMismatch, summary).suggest(suggestion).fix(&fix);
    Some(if r.allowed.is_none() { v.needs_probe() } else { v })
}

/// What to do when `Allow` is only the first matching route's (Starlette, FastAPI): no route takes the method
/// (a later route for it would have matched in full and answered), but the path may accept more than `Allow` says.
fn first_route_suggestion(s: crate::stack::Stack, method: &Method, path: &str, others: &[Method]) -> String {
    format!(
        "No route of the application takes {method} on {path} ({label} would have let a later {method} route \
         answer). Add a {method} route for it, or use a method the path accepts; Allow names only the first \
         matching route's ({}), so look at the application's routes for the others rather than trusting Allow.",
        if others.is_empty() { "none".to_string() } else { list(others) },
        label = s.label(),
    )
}

/// "Use GET, POST, or add a PUT handler on the server."
fn use_another(method: &Method, others: &[Method]) -> Option<String> {
    if others.is_empty() {
        return None;
    }
    Some(format!(
        "Use {}{}, or add a {} handler on the server.",
        if others.len() > 1 { "one of " } else { "" },
        list(others),
        method
    ))
}

/// PUT ↔ PATCH and friends: the verb the developer most likely meant.
pub(super) fn suggest_method(method: &Method, allowed: &[Method]) -> Option<Method> {
    let prefer: &[Method] = match method {
        Method::Put => &[Method::Patch, Method::Post],
        Method::Patch => &[Method::Put, Method::Post],
        Method::Post => &[Method::Put, Method::Patch],
        Method::Delete => &[],
        Method::Get => &[Method::Post],
        _ => &[],
    };
    prefer.iter().find(|m| allowed.contains(m)).cloned()
}

/// `POST /items/123` refused while `POST /items` works: suggest the collection.
fn collection_suggestion(method: &Method, url: &str, ctx: &dyn Context) -> Option<String> {
    if *method != Method::Post {
        return None;
    }
    let p = split_url(url)?;
    let trimmed = p.path.trim_end_matches('/');
    let (parent, last) = trimmed.rsplit_once('/')?;
    if parent.is_empty() || last.is_empty() {
        return None;
    }
    let origin = origin_of(url)?;
    let ok = |path: &str| ctx.observed(&origin, path).iter().any(|(m, s)| *m == Method::Post && (200..300).contains(s));
    if ok(parent) || ok(&format!("{parent}/")) {
        Some(format!(
            "POST to the collection {parent} (this HAR shows POST {parent} succeeding); {trimmed} is one item \
            — use PUT or PATCH there to update it."
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_verb_most_likely_meant() {
        assert_eq!(suggest_method(&Method::Put, &[Method::Get, Method::Patch]), Some(Method::Patch));
        assert_eq!(suggest_method(&Method::Patch, &[Method::Post, Method::Put]), Some(Method::Put));
        assert_eq!(suggest_method(&Method::Delete, &[Method::Get, Method::Post]), None);
        assert_eq!(use_another(&Method::Put, &[]), None);
        assert_eq!(
            use_another(&Method::Put, &[Method::Get, Method::Post]).as_deref(),
            Some("Use one of GET, POST, or add a PUT handler on the server.")
        );
    }
}
