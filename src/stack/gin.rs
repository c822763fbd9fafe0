//! # Gin
//!
//! A Go web framework (`github.com/gin-gonic/gin`) on net/http, with its
//! CORS middleware `github.com/gin-contrib/cors`. No `Server` or
//! `X-Powered-By` header of its own.
//!
//! ## How it answers
//! - **Wrong method**: with the default `HandleMethodNotAllowed = false`, a
//!   path whose route lacks the method gets the same **404** as a missing
//!   path: body `404 page not found` (no newline) with `Content-Type:
//!   text/plain` (no charset). net/http's own 404 has the same words but a
//!   newline, `text/plain; charset=utf-8` and `X-Content-Type-Options:
//!   nosniff`: the words alone name no framework, the headers tell them
//!   apart (the quirk hook and the 404 row below). With
//!   `HandleMethodNotAllowed = true`: **405** `405 method not allowed`
//!   (`text/plain`), and no `Allow` header in gin 1.8 (seen in the lab).
//! - **OPTIONS**: no route, so the same 404 (or 405), unless gin-contrib/cors
//!   answers the preflight first: **204** with its configured
//!   `Access-Control-Allow-Methods`/`-Headers` joined by `,`, whatever method
//!   was asked (it never checks the requested method or headers: the browser
//!   refuses). An origin outside `AllowOrigins` gets **403** without CORS
//!   headers, on the preflight and on the actual request.
//! - **Errors**: `gin.Recovery()` answers 500; headers set by middleware that
//!   ran before stay on it. Global middleware (`r.Use`) also runs for the 404
//!   and 405 pages, so gin-contrib/cors's headers are on them.
//! - **Redirects**: `RedirectTrailingSlash` (on by default) answers 301 for
//!   GET and 307 for other methods, the preflight included.
//!
//! ## CORS recipe
//! `r.Use(cors.New(cors.Config{AllowOrigins, AllowMethods, AllowHeaders,
//! AllowCredentials}))` before the routes; `cors.Default()` allows every
//! origin, methods `GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS` and headers
//! `Origin,Content-Length,Content-Type` with `Access-Control-Max-Age: 43200`.
//!
//! ## Sources
//! - gin's default 404/405 bodies, `serveError` (`text/plain`), `HandleMethodNotAllowed`,
//!   `RedirectTrailingSlash`: <https://github.com/gin-gonic/gin/blob/v1.8.1/gin.go>
//! - gin-contrib/cors `DefaultConfig`, `Default()`: <https://github.com/gin-contrib/cors/blob/v1.4.0/cors.go>
//! - gin-contrib/cors preflight (204, 403 for a refused origin, headers joined by `,`):
//!   <https://github.com/gin-contrib/cors/blob/v1.4.0/config.go>
//! - net/http's `NotFound` (the other "404 page not found"): <https://pkg.go.dev/net/http#NotFound>
//! - Routing and redirects: <https://gin-gonic.com/docs/examples/>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};
use crate::http::Headers;

/// The human name.
pub(super) const LABEL: &str = "Gin";

/// Gin's default 404 body (`default404Body`), written without a newline.
const BODY_404: &str = "404 page not found";

/// Gin's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Gin, Body, Is("405 method not allowed"), Some((405, 405)), &[C::Header("content-type", Is("text/plain"))], Generated, 75,
        "Gin's 405 page (HandleMethodNotAllowed): body \"{line}\" with Content-Type: text/plain"),
    row(Stack::Gin, Body, Is(BODY_404), Some((404, 404)),
        &[C::Header("content-type", Is("text/plain")), C::NoHeader("x-content-type-options")], Generated, 60,
        "Gin's 404 page: body \"{line}\" with Content-Type: text/plain (net/http's own says text/plain; charset=utf-8 with nosniff)"),
    row(Stack::Gin, Header("access-control-allow-methods"), Is("GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (gin-contrib/cors's default)"),
    row(Stack::Gin, Header("access-control-allow-headers"), Is("Origin,Content-Length,Content-Type"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Headers: {value} (gin-contrib/cors's default)"),
];

/// Gin's hooks: quirks and fix snippets.
pub(super) struct Gin;

/// `r.PUT(…)`, or `r.Handle("PURGE", …)` for a method gin has no shorthand for.
fn route_line(m: &Method, pattern: &Val, handler: &str) -> String {
    match shorthand(m) {
        Some(s) => format!("r.{verb}(\"{pattern}\", {handler})", verb = s.to_ascii_uppercase()),
        None => format!("r.Handle(\"{method}\", \"{pattern}\", {handler})", method = Lang::Go.header_value(m.as_str())),
    }
}

impl Define for Gin {
    fn lang(&self) -> Lang {
        Lang::Go
    }

    /// Gin answers a wrong method with the 404 of a missing path (its
    /// default `HandleMethodNotAllowed = false`). Its 404 is recognised by
    /// the body without a newline and `Content-Type: text/plain` without a
    /// charset: net/http's `NotFound` writes the same words otherwise.
    fn wrong_method_404(&self, method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
        let plain = headers.get("content-type").is_some_and(|v| v.trim().eq_ignore_ascii_case("text/plain"));
        if !plain || body != BODY_404 || headers.get("x-content-type-options").is_some() {
            return None;
        }
        let evidence = format!(
            "404 \"404 page not found\" with Content-Type: text/plain for {method} {path}: Gin's \
            answer both for a missing path and for a method the route lacks (HandleMethodNotAllowed \
            is off by default)"
        );
        Some(Quirk { stack: Stack::Gin, evidence, says: BODY_404.into() })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods_csv = csv(&c.method_names);
        let path = &c.path;
        let origin = &c.origin;
        let methods = dq(&c.method_names);
        let headers = dq(&c.header_names);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \n// go get github.com/gin-contrib/cors\
            \nimport \"github.com/gin-contrib/cors\"\
            \n\
            \nr := gin.New()\
            \n// Before the routes: it answers the preflight (204) itself.\
            \nr.Use(cors.New(cors.Config{{\
            \n    AllowOrigins: []string{{\"{origin}\"}},\
            \n    // gin-contrib/cors never checks the requested method: list every one the page sends\
            \n    AllowMethods: []string{{{methods}}},\
            \n    AllowHeaders: []string{{{headers}}},\
            \n"
        );
        if c.credentials {
            code.push_str("    AllowCredentials: true, // explicit origins only, never AllowAllOrigins\n");
        }
        code.push_str("}))\n");
        fix(c.title("gin-contrib/cors"), "go", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let note = comment("go", &a.head);
        let route = route_pattern(&a.path, Style::Colon);
        fix(
            &a.title,
            "go",
            format!(
                "{note}\
            \nr := gin.New()\
            \nr.Use(cors.New(corsConfig)) // first: ends the preflight with 204\
            \nr.Use(requireAuth)          // never sees the preflight\
            \nr.PUT(\"{route}\", handler)\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "r.Use(cors.New(cors.Config{{\
            \n    AllowOrigins:     []string{{\"{origin}\"}}, // not AllowAllOrigins\
            \n    AllowMethods:     []string{{\"GET\", \"POST\", \"PUT\", \"DELETE\"}},\
            \n    AllowHeaders:     []string{{\"Content-Type\"}},\
            \n    AllowCredentials: true,\
            \n}}))\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "go",
            format!(
                "r := gin.New()\
            \n// cors first: its headers are set before gin.Recovery() turns a panic into a 500\
            \nr.Use(cors.New(cors.Config{{AllowOrigins: []string{{\"{origin}\"}}}}))\
            \nr.Use(gin.Recovery())\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let pattern = route_pattern(&r.path, Style::Colon);
        let lines: Vec<String> =
            r.all.iter().map(|m| route_line(m, &pattern, &camel(&handler_name(m, &r.path)))).collect();
        let note = comment("go", &r.head);
        let lines = lines.join("\n");
        fix(
            &r.title,
            "go",
            format!(
                "{note}\
            \n{lines}\
            \n// Gin answers a method the path lacks with 404, as for a missing path; for a 405:\
            \n// r.HandleMethodNotAllowed = true\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        let m = &r.m;
        (
            "go",
            format!(
                "// 307 keeps the {m} and its body; 301, 302 and 303 turn it into a GET\
            \nc.Redirect(http.StatusTemporaryRedirect, \"{to}\")\
            \n"
            ),
        )
    }
}
