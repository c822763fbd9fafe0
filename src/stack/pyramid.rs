//! # Pyramid
//!
//! A Python WSGI framework, usually served by waitress (`Server: waitress`)
//! or gunicorn, which name only themselves.
//!
//! ## How it answers
//! - **Wrong method**: a route whose views all carry a `request_method`
//!   predicate that the request fails answers **404**, not 405: no view
//!   matches, and Pyramid raises `PredicateMismatch` (an `HTTPNotFound`). Its
//!   page says why: "predicate mismatch for view read_report (request_method
//!   = GET,HEAD)" — the methods the view does accept.
//! - **Missing path**: 404 "The resource could not be found." followed by the
//!   path (WebOb's text, shared with other WebOb frameworks: not a Pyramid
//!   signature by itself).
//! - **OPTIONS**: like any other method; the common CORS recipe adds a
//!   catch-all OPTIONS route whose view answers 200 for any path.
//! - **Errors**: exception views render `pyramid.httpexceptions` pages
//!   (HTML or plain text by `Accept`); response callbacks still run on them.
//!
//! ## CORS recipe
//! Pyramid has no CORS module. The recipe most projects copy: a `NewRequest`
//! subscriber that calls `request.add_response_callback()` to write the
//! `Access-Control-*` headers on every response, plus a catch-all route
//! `config.add_route("cors-preflight", "/{catch_all:.*}",
//! request_method="OPTIONS")` with an empty 200 view. The hand-written
//! `Access-Control-Allow-Methods` is where a method gets forgotten; the
//! catch-all preflight says yes to paths and methods that have no view.
//!
//! ## Sources
//! - View predicates and `request_method`: <https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/viewconfig.html#predicate-arguments>
//! - "predicate mismatch for view …" (`PredicateMismatch`, a 404): <https://github.com/Pylons/pyramid/blob/main/src/pyramid/config/views.py>, <https://github.com/Pylons/pyramid/blob/main/src/pyramid/exceptions.py>
//! - HTTP exceptions' pages ("The resource could not be found."): <https://docs.pylonsproject.org/projects/pyramid/en/latest/api/httpexceptions.html>
//! - `NewRequest` subscribers and response callbacks: <https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/hooks.html#using-response-callbacks>
//! - Route predicates (`request_method` on `add_route`): <https://docs.pylonsproject.org/projects/pyramid/en/latest/narr/urldispatch.html#custom-route-predicates>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Pyramid";

/// Pyramid's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Pyramid, Body, Has("predicate mismatch for view "), Some((404, 404)), &[], Generated, 92,
        "Pyramid's 404 for a view predicate that failed: \"{line}\""),
];

/// Pyramid's hooks: its 404 for a wrong method, and fix snippets.
pub(super) struct Pyramid;

/// The methods a "predicate mismatch … (request_method = GET,HEAD)" page names, as written.
fn methods_named(body: &str) -> Option<&str> {
    let at = body.find("predicate mismatch for view ")?;
    let rest = &body[at..];
    let line = rest.split('\n').next().unwrap_or(rest);
    let from = line.find("request_method = ")? + "request_method = ".len();
    let tail = &line[from..];
    let end = tail.find(')').unwrap_or(tail.len());
    Some(tail[..end].trim())
}

impl Define for Pyramid {
    fn lang(&self) -> Lang {
        Lang::Python
    }

    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, _headers: &Headers) -> Option<Quirk> {
        let named = methods_named(body)?;
        let evidence = format!(
            "Body: \"predicate mismatch for view … (request_method = {named})\": Pyramid found the route for {path} \
            but no view accepting {method} (its 404 for a wrong method)"
        );
        let says = format!("predicate mismatch for view … (request_method = {named})");
        Some(Quirk { stack: Stack::Pyramid, evidence, says })
    }

    fn wrong_method_404_accepts(&self, body: &str) -> Vec<Method> {
        methods_named(body).map(crate::http::parse_method_list).unwrap_or_default()
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let (methods, headers, origin, path) = (&c.method_names, &c.header_names, &c.origin, &c.path);
        let title = |name: &str| c.title(name);
        let (methods_csv, headers_csv) = (csv(methods), csv(headers));
        let route = route_pattern(path, Style::Brace);
        let handler = handler_name(&Method::parse(&c.first_method), &c.path);
        let first = Val::header(Lang::Python, &c.first_method);
        let cred = if c.credentials { "\n        \"Access-Control-Allow-Credentials\": \"true\"," } else { "" };
        let code = format!(
            "# {methods_csv} {path} from {origin}\
            \nfrom pyramid.events import NewRequest\
            \nfrom pyramid.response import Response\
            \n\
            \ndef add_cors_headers(event):\
            \n    def cors_headers(request, response):\
            \n        response.headers.update({{\
            \n            \"Access-Control-Allow-Origin\": \"{origin}\",\
            \n            \"Access-Control-Allow-Methods\": \"{methods_csv}, OPTIONS\",  # every method the page sends\
            \n            \"Access-Control-Allow-Headers\": \"{headers_csv}\",{cred}\
            \n        }})\
            \n    event.request.add_response_callback(cors_headers)\
            \n\
            \nconfig.add_subscriber(add_cors_headers, NewRequest)\
            \n# the preflight: an empty 200 for any OPTIONS (add this route first)\
            \nconfig.add_route(\"cors-preflight\", \"/{{catch_all:.*}}\", request_method=\"OPTIONS\")\
            \nconfig.add_view(lambda request: Response(status=200), route_name=\"cors-preflight\")\
            \n\
            \n# and a view for the method itself: without one Pyramid answers 404 (predicate mismatch)\
            \nconfig.add_route(\"{handler}\", \"{route}\")\
            \nconfig.add_view({handler}, route_name=\"{handler}\", request_method=\"{first}\", renderer=\"json\")\
            \n"
        );
        fix(title("a NewRequest subscriber and a catch-all OPTIONS route"), "python", code)
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "def cors_headers(request, response):\
                \n    response.headers.update({{\
                \n        \"Access-Control-Allow-Origin\": \"{origin}\",  # the page's origin, never the wildcard\
                \n        \"Access-Control-Allow-Credentials\": \"true\",\
                \n        \"Vary\": \"Origin\",\
                \n    }})\
                \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "python",
            format!(
                "# Response callbacks run for exception views' responses too (404, 403, your error views),\
                \n# but not when an exception escapes every view: add an exception view for the rest.\
                \nfrom pyramid.view import exception_view_config\
                \n\
                \n@exception_view_config(Exception, renderer=\"json\")\
                \ndef on_error(exc, request):\
                \n    request.response.status = 500\
                \n    request.response.headers[\"Access-Control-Allow-Origin\"] = \"{origin}\"\
                \n    return {{\"error\": \"internal error\"}}\
                \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let (title, head, handler, m) = (&r.title, &r.head, &r.handler, &r.m);
        let route = route_pattern(&r.path, Style::Brace);
        let name = Val::new(Lang::Python, &resource(&r.path));
        let note = comment("python", head);
        fix(
            title,
            "python",
            format!(
                "{note}\
                \n# Pyramid answers a method no view accepts with 404 (predicate mismatch), not 405: add a view\
                \n# for {m} to the route (declare the route only if it does not exist yet).\
                \nconfig.add_route(\"{name}\", \"{route}\")\
                \nconfig.add_view({handler}, route_name=\"{name}\", request_method=\"{m}\", renderer=\"json\")\
                \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let (m, to) = (&r.m, &r.to);
        (
            "python",
            format!(
                "from pyramid.httpexceptions import HTTPTemporaryRedirect\
                \n\
                \nraise HTTPTemporaryRedirect(location=\"{to}\")  # 307; HTTPFound (302) turns {m} into GET\
                \n"
            ),
        )
    }
}
