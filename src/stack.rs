//! Server stack signatures (a data table, one row per signature) and fix
//! snippets per stack.
//!
//! Detection reads one response (status, headers, body) against
//! [`SIGNATURES`]. A row either says the stack *generated* the response (its
//! own error page, a header only that stack's server writes) or that the
//! stack is merely *seen* on it (`Server: nginx` in front of an app: nginx's
//! `proxy_pass` replaces the app's `Server` header but passes the body and the
//! other headers through). The highest-confidence "generated" row wins; every
//! other stack that matched is reported as seen. When nothing identifying is
//! present (an empty 405 with only `Allow`, as axum, actix-web and Kestrel
//! behind a proxy all send) nothing is reported: no guessing.
//!
//! Bodies matter less than one would hope: Chromium keeps no body for
//! preflights or CORS-blocked responses, so most rows that decide real cases
//! are header rows.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;

use crate::http::{Headers, Method};

/// A server technology recognised from response signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Stack {
    Nginx,
    Apache,
    Flask,
    Django,
    Fastapi,
    Express,
    Koa,
    Slim,
    Laravel,
    Spring,
    AspnetCore,
    Rails,
    Axum,
    Actix,
}

impl Stack {
    /// Every stack, in declaration order.
    pub const ALL: [Stack; 14] = [
        Stack::Nginx,
        Stack::Apache,
        Stack::Flask,
        Stack::Django,
        Stack::Fastapi,
        Stack::Express,
        Stack::Koa,
        Stack::Slim,
        Stack::Laravel,
        Stack::Spring,
        Stack::AspnetCore,
        Stack::Rails,
        Stack::Axum,
        Stack::Actix,
    ];

    /// Human name ("nginx", "Flask (Werkzeug)").
    pub fn label(&self) -> &'static str {
        match self {
            Stack::Nginx => "nginx",
            Stack::Apache => "Apache httpd",
            Stack::Flask => "Flask (Werkzeug)",
            Stack::Django => "Django",
            Stack::Fastapi => "FastAPI / Starlette",
            Stack::Express => "Express",
            Stack::Koa => "Koa",
            Stack::Slim => "Slim",
            Stack::Laravel => "Laravel",
            Stack::Spring => "Spring",
            Stack::AspnetCore => "ASP.NET Core",
            Stack::Rails => "Rails",
            Stack::Axum => "axum",
            Stack::Actix => "actix-web",
        }
    }

    /// The serde (snake_case) name: `aspnet_core`, `fastapi`, …
    pub fn as_str(&self) -> &'static str {
        match self {
            Stack::Nginx => "nginx",
            Stack::Apache => "apache",
            Stack::Flask => "flask",
            Stack::Django => "django",
            Stack::Fastapi => "fastapi",
            Stack::Express => "express",
            Stack::Koa => "koa",
            Stack::Slim => "slim",
            Stack::Laravel => "laravel",
            Stack::Spring => "spring",
            Stack::AspnetCore => "aspnet_core",
            Stack::Rails => "rails",
            Stack::Axum => "axum",
            Stack::Actix => "actix",
        }
    }

    /// The inverse of [`Stack::as_str`].
    pub fn parse(name: &str) -> Option<Stack> {
        Stack::ALL.iter().copied().find(|s| s.as_str() == name)
    }

    /// nginx and Apache: web servers / proxies in front of an application.
    pub fn is_web_server(&self) -> bool {
        matches!(self, Stack::Nginx | Stack::Apache)
    }
}

/// What a response's signatures say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detection {
    /// The stack that generated this very response (its own error page,
    /// its own header), with the evidence in words.
    pub generated_by: Option<(Stack, String)>,
    /// Other stacks visible on the response (a `Server: nginx` in front of an
    /// app, `X-Powered-By`), with evidence.
    pub seen: Vec<(Stack, String)>,
}

// ---------------------------------------------------------------------------
// Framework quirks the diagnosis rules ask about
// ---------------------------------------------------------------------------

/// A framework quirk recognised on a response: which stack, and the evidence in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quirk {
    pub stack: Stack,
    pub evidence: String,
}

/// A 405 whose body says the only route on the path is a catch-all OPTIONS
/// route (Slim 3: "Method not allowed. Must be one of: OPTIONS").
pub fn only_options_route_body(body: &str) -> Option<Quirk> {
    (body.contains("Must be one of: OPTIONS") && !body.contains("OPTIONS,") && !body.contains(", OPTIONS"))
        .then(|| Quirk { stack: Stack::Slim, evidence: "Body: \"Method not allowed. Must be one of: OPTIONS\"".into() })
}

/// A 404 that a framework answers for a wrong method on an existing path as
/// well as for a missing path (Express's finalhandler: "Cannot PUT /x"). The
/// body of a CORS-blocked response is not recorded; finalhandler's headers
/// (`Content-Security-Policy: default-src 'none'` + nosniff on a 404)
/// identify the same default page.
pub fn wrong_method_404(method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
    let finalhandler_headers = body.trim().is_empty()
        && headers.get("content-security-policy").is_some_and(|v| v.trim() == "default-src 'none'")
        && headers.get("x-content-type-options").is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"));
    let evidence = if finalhandler_headers {
        format!("404 with Express's default-page headers (Content-Security-Policy: default-src 'none', X-Content-Type-Options: nosniff): the \"Cannot {method} {path}\" page Express answers both for a missing path and a wrong method (the body itself was not recorded)")
    } else if body.contains(&format!("Cannot {} ", method.as_str())) {
        format!("Body: \"Cannot {method} {path}\" (Express's answer for both a missing path and a wrong method)")
    } else {
        return None;
    };
    Some(Quirk { stack: Stack::Express, evidence })
}

// ---------------------------------------------------------------------------
// The signature table
// ---------------------------------------------------------------------------

/// A pattern on a header value or a body. All but [`Pat::Case`] compare
/// ASCII case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pat {
    /// Present, whatever the value.
    Any,
    /// Contains the text.
    Has(&'static str),
    /// Starts with the text (after leading whitespace).
    Starts(&'static str),
    /// Equals the text (surrounding whitespace ignored).
    Is(&'static str),
    /// Contains the text, case-sensitively (for fingerprints that differ
    /// only in case, like tower-http's lower-case `Vary` list).
    Case(&'static str),
}

impl Pat {
    /// Byte offset of the match in `value` (0 for whole-value patterns).
    /// `lower` must be `value.to_ascii_lowercase()`.
    fn find(&self, value: &str, lower: &str) -> Option<usize> {
        match self {
            Pat::Any => Some(0),
            Pat::Has(t) => find_ascii_ci(lower.as_bytes(), t.as_bytes()),
            Pat::Starts(t) => {
                let lead = lower.len() - lower.trim_start().len();
                let rest = &lower.as_bytes()[lead..];
                (rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes())).then_some(lead)
            }
            Pat::Is(t) => lower.trim().eq_ignore_ascii_case(t).then_some(0),
            Pat::Case(t) => value.find(t),
        }
    }
}

/// Where `needle` first occurs in `hay`, ASCII case-insensitively; `hay`
/// already lowercase. Every response is matched against the whole table, so
/// no lowercased copy of the pattern is made: candidates are found with
/// memchr on the needle's first byte and compared in place.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((first, rest)) = needle.split_first() else { return Some(0) };
    let first = first.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = memchr::memchr(first, hay.get(from..)?) {
        let at = from + p;
        let end = at + needle.len();
        if end > hay.len() {
            return None;
        }
        if hay[at + 1..end].eq_ignore_ascii_case(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Where a signature's main pattern looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// A header's value (all values of the name, joined with `", "`).
    Header(&'static str),
    /// The response body.
    Body,
}

/// An extra condition a row needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// The header is present and matches.
    Header(&'static str, Pat),
    /// The header is absent.
    NoHeader(&'static str),
    /// The body matches.
    Body(Pat),
    /// The body is absent or blank (Chromium keeps none for preflights and
    /// CORS-blocked responses).
    NoBody,
}

/// Whether a match means the stack made this response or only appears on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Generated,
    Seen,
}

/// One row of the signature table.
#[derive(Debug, Clone, Copy)]
pub struct Signature {
    pub stack: Stack,
    pub on: On,
    pub pat: Pat,
    /// Inclusive status range the row applies to (`None`: any status).
    pub status: Option<(u16, u16)>,
    /// Every condition must hold too.
    pub requires: &'static [Cond],
    pub role: Role,
    /// 0–100; the highest "generated" row decides.
    pub confidence: u8,
    /// Evidence sentence. `{value}` is the matched header's value, `{line}`
    /// the body line that matched, `{h:Name}` another header's value.
    pub evidence: &'static str,
}

use Cond as C;
use On::{Body, Header};
use Pat::{Any, Case, Has, Is, Starts};
use Role::{Generated, Seen};

#[allow(clippy::too_many_arguments)]
const fn row(
    stack: Stack,
    on: On,
    pat: Pat,
    status: Option<(u16, u16)>,
    requires: &'static [Cond],
    role: Role,
    confidence: u8,
    evidence: &'static str,
) -> Signature {
    Signature { stack, on, pat, status, requires, role, confidence, evidence }
}

const ERR: Option<(u16, u16)> = Some((400, 599));
const ANY: Option<(u16, u16)> = None;

/// The signature table. Order only breaks confidence ties (earlier wins).
#[rustfmt::skip]
pub static SIGNATURES: &[Signature] = &[
    // ---- nginx ------------------------------------------------------------
    row(Stack::Nginx, Body, Has("<center>nginx"), Some((300, 599)), &[], Generated, 95,
        "nginx's own error page: body contains \"{line}\""),
    row(Stack::Nginx, Body, Has("<center>openresty"), Some((300, 599)), &[], Generated, 95,
        "OpenResty (nginx) error page: body contains \"{line}\""),
    row(Stack::Nginx, Header("server"), Starts("nginx"), ERR,
        &[C::NoBody, C::Header("content-type", Is("text/html")), C::NoHeader("allow")], Generated, 50,
        "Server: {value} with nginx's error-page shape (Content-Type: text/html without charset, no Allow; body not recorded)"),
    row(Stack::Nginx, Header("server"), Starts("nginx"), ANY, &[], Seen, 50, "Server: {value}"),
    row(Stack::Nginx, Header("server"), Starts("openresty"), ANY, &[], Seen, 45, "Server: {value} (OpenResty, an nginx build)"),
    // ---- Apache -------------------------------------------------------------
    row(Stack::Apache, Body, Has("<address>Apache"), Some((300, 599)), &[], Generated, 95,
        "Apache's own error page: body contains \"{line}\""),
    row(Stack::Apache, Body, Has(" is not allowed for this URL."), Some((405, 405)), &[], Generated, 90,
        "Apache's own 405 page: body contains \"{line}\""),
    row(Stack::Apache, Header("server"), Starts("Apache"), ERR,
        &[C::NoBody, C::Header("content-type", Has("charset=iso-8859-1"))], Generated, 60,
        "Server: {value} with Apache's error-page Content-Type ({h:content-type}; body not recorded)"),
    row(Stack::Apache, Header("server"), Starts("Apache"), ERR,
        &[C::Header("content-type", Has("charset=iso-8859-1")), C::Body(Has("<title>"))], Generated, 85,
        "Apache's own error page: Server: {value}, Content-Type: {h:content-type} and Apache's HTML error page (ServerSignature off)"),
    row(Stack::Apache, Header("server"), Starts("Apache"), ANY, &[], Seen, 50, "Server: {value}"),
    // ---- Flask / Werkzeug ---------------------------------------------------
    row(Stack::Flask, Body, Has("<p>The method is not allowed for the requested URL.</p>"), Some((405, 405)), &[], Generated, 90,
        "Werkzeug's 405 page: body contains \"{line}\""),
    row(Stack::Flask, Body, Has("<p>The requested URL was not found on the server."), Some((404, 404)), &[], Generated, 85,
        "Werkzeug's 404 page: body contains \"The requested URL was not found on the server.\""),
    row(Stack::Flask, Header("server"), Starts("Werkzeug/"), ANY, &[], Generated, 80, "Server: {value}"),
    // ---- Django -------------------------------------------------------------
    row(Stack::Django, Body, Has("Using the URLconf defined in"), Some((404, 404)), &[], Generated, 95,
        "Django's debug 404 page: body contains \"Using the URLconf defined in\""),
    row(Stack::Django, Body, Has("CSRF verification failed"), Some((403, 403)), &[], Generated, 95,
        "Django's CSRF failure page: body contains \"CSRF verification failed\""),
    row(Stack::Django, Body, Has("<p>The requested resource was not found on this server.</p>"), Some((404, 404)),
        &[C::Body(Has("<h1>Not Found</h1>"))], Generated, 85,
        "Django's 404 page: body contains \"<h1>Not Found</h1><p>The requested resource was not found on this server.</p>\""),
    row(Stack::Django, Body, Has("<h1>Server Error (500)</h1>"), Some((500, 500)), &[], Generated, 85,
        "Django's 500 page: body contains \"<h1>Server Error (500)</h1>\""),
    row(Stack::Django, Body, Has("\"detail\":\"Method \\\""), Some((405, 405)), &[], Generated, 90,
        "Django REST framework 405: body is {line}"),
    row(Stack::Django, Header("server"), Starts("WSGIServer/"), ANY, &[C::Header("x-frame-options", Is("DENY"))], Generated, 80,
        "Server: {value} (Django runserver) with Django's X-Frame-Options: DENY"),
    row(Stack::Django, Header("server"), Starts("WSGIServer/"), ANY, &[C::Header("cross-origin-opener-policy", Is("same-origin"))], Generated, 80,
        "Server: {value} (Django runserver) with Django's Cross-Origin-Opener-Policy: same-origin"),
    row(Stack::Django, Header("access-control-allow-headers"), Has("x-csrftoken"), ANY, &[], Generated, 70,
        "Access-Control-Allow-Headers: {value} (django-cors-headers' default list, with x-csrftoken)"),
    row(Stack::Django, Header("x-frame-options"), Is("DENY"), ANY,
        &[C::Header("referrer-policy", Is("same-origin")), C::Header("cross-origin-opener-policy", Is("same-origin"))], Generated, 60,
        "Django's default security headers: X-Frame-Options: DENY, Referrer-Policy: same-origin, Cross-Origin-Opener-Policy: same-origin"),
    row(Stack::Django, Header("server"), Starts("WSGIServer/"), ANY, &[], Generated, 45,
        "Server: {value} — wsgiref's WSGIServer, the server of Django's runserver"),
    row(Stack::Django, Header("server"), Starts("daphne"), ANY, &[], Generated, 55, "Server: {value} (Django Channels)"),
    // ---- FastAPI / Starlette ------------------------------------------------
    row(Stack::Fastapi, Body, Starts("Disallowed CORS "), Some((400, 400)), &[], Generated, 95,
        "Starlette CORSMiddleware refused the preflight: body \"{line}\""),
    row(Stack::Fastapi, Body, Is("{\"detail\":\"Method Not Allowed\"}"), Some((405, 405)), &[], Generated, 90,
        "FastAPI's 405: body is {line}"),
    row(Stack::Fastapi, Body, Is("{\"detail\":\"Not Found\"}"), Some((404, 404)), &[], Generated, 85,
        "FastAPI's 404: body is {line}"),
    row(Stack::Fastapi, Body, Has("\"loc\":["), Some((422, 422)), &[C::Body(Starts("{\"detail\":[{"))], Generated, 85,
        "FastAPI request-validation 422: body starts with {\"detail\":[{… \"loc\":[…"),
    row(Stack::Fastapi, Header("server"), Is("uvicorn"), ANY, &[], Generated, 80, "Server: {value}"),
    row(Stack::Fastapi, Header("server"), Starts("hypercorn"), ANY, &[], Generated, 55, "Server: {value} (ASGI server)"),
    row(Stack::Fastapi, Header("access-control-max-age"), Is("600"), Some((200, 200)),
        &[C::Header("access-control-allow-origin", Any), C::Header("content-type", Is("text/plain; charset=utf-8"))], Generated, 55,
        "Preflight answered with Starlette CORSMiddleware's defaults (Access-Control-Max-Age: 600, text/plain)"),
    // ---- Express ------------------------------------------------------------
    row(Stack::Express, Body, Has("<pre>Cannot "), Some((404, 404)), &[], Generated, 90,
        "Express's (finalhandler) 404 page: body contains \"{line}\""),
    row(Stack::Express, Header("x-powered-by"), Is("Express"), ANY, &[], Generated, 75, "X-Powered-By: {value}"),
    row(Stack::Express, Header("content-security-policy"), Is("default-src 'none'"), Some((404, 404)),
        &[C::Header("x-content-type-options", Is("nosniff")), C::Header("content-type", Is("text/html; charset=utf-8"))], Generated, 60,
        "Express's (finalhandler) 404 headers: Content-Security-Policy: default-src 'none' with X-Content-Type-Options: nosniff"),
    row(Stack::Express, Header("access-control-allow-methods"), Is("GET,HEAD,PUT,PATCH,POST,DELETE"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (the npm cors package's default)"),
    // ---- Koa ----------------------------------------------------------------
    row(Stack::Koa, Header("access-control-allow-methods"), Is("GET,HEAD,PUT,POST,DELETE,PATCH"), ANY, &[], Generated, 65,
        "Access-Control-Allow-Methods: {value} (@koa/cors's default)"),
    row(Stack::Koa, Body, Is("Method Not Allowed"), Some((405, 405)),
        &[C::Header("allow", Any), C::Header("content-type", Starts("text/plain")), C::NoHeader("server"), C::NoHeader("x-powered-by")],
        Generated, 60,
        "koa-router allowedMethods(): plain-text \"Method Not Allowed\" with Allow: {h:allow}, no Server or X-Powered-By"),
    row(Stack::Koa, Header("allow"), Any, Some((405, 405)),
        &[C::NoBody, C::Header("content-type", Is("text/plain; charset=utf-8")), C::Header("keep-alive", Starts("timeout=")),
          C::NoHeader("server"), C::NoHeader("x-powered-by")],
        Generated, 40,
        "Node.js 405 in koa-router's shape: text/plain with Allow: {value}, Keep-Alive: {h:keep-alive}, no Server or X-Powered-By (body not recorded)"),
    row(Stack::Koa, Body, Is("Not Implemented"), Some((501, 501)),
        &[C::Header("content-type", Starts("text/plain")), C::NoHeader("server"), C::NoHeader("x-powered-by")], Generated, 45,
        "koa-router allowedMethods(): plain-text \"Not Implemented\", no Server or X-Powered-By"),
    // ---- Slim ---------------------------------------------------------------
    row(Stack::Slim, Body, Has("Method not allowed. Must be one of:"), Some((405, 405)), &[], Generated, 95,
        "Slim's NotAllowed handler: body contains \"{line}\""),
    row(Stack::Slim, Body, Has("<title>Slim Application Error</title>"), ERR, &[], Generated, 95,
        "Slim's error page: body contains \"<title>Slim Application Error</title>\""),
    row(Stack::Slim, Body, Starts("Allowed methods: "), Some((200, 200)), &[C::Header("x-powered-by", Starts("PHP"))], Generated, 85,
        "Slim 3's OPTIONS answer: body \"{line}\""),
    row(Stack::Slim, Body, Has("The page you are looking for could not be found."), Some((404, 404)), &[], Generated, 80,
        "Slim 3's 404 page: body contains \"The page you are looking for could not be found.\""),
    row(Stack::Slim, Header("allow"), Is("OPTIONS"), Some((405, 405)), &[C::Header("x-powered-by", Starts("PHP"))], Generated, 60,
        "PHP 405 with Allow: {value} only, X-Powered-By: {h:x-powered-by} (Slim's catch-all OPTIONS route)"),
    row(Stack::Slim, Header("allow"), Any, Some((405, 405)),
        &[C::Header("x-powered-by", Starts("PHP")), C::Header("content-type", Is("text/html"))], Generated, 50,
        "PHP 405 in Slim 3's shape: Allow: {value}, Content-Type: text/html without charset, X-Powered-By: {h:x-powered-by}"),
    // ---- Laravel ------------------------------------------------------------
    row(Stack::Laravel, Body, Has(" method is not supported for "), Some((405, 405)), &[C::Body(Has("Supported methods:"))], Generated, 95,
        "Laravel's MethodNotAllowedHttpException: body contains \"{line}\""),
    row(Stack::Laravel, Body, Has("MethodNotAllowedHttpException"), Some((405, 405)), &[], Generated, 85,
        "body names Symfony's MethodNotAllowedHttpException (Laravel)"),
    row(Stack::Laravel, Header("set-cookie"), Has("laravel_session="), ANY, &[], Generated, 90, "Set-Cookie: laravel_session=…"),
    row(Stack::Laravel, Header("set-cookie"), Starts("XSRF-TOKEN="), ANY, &[C::Header("x-powered-by", Starts("PHP"))], Generated, 70,
        "Set-Cookie: XSRF-TOKEN=… from PHP (Laravel's CSRF cookie)"),
    row(Stack::Laravel, Header("cache-control"), Is("no-cache, private"), ANY, &[C::Header("x-powered-by", Starts("PHP"))], Generated, 45,
        "Cache-Control: no-cache, private from PHP ({h:x-powered-by}): Symfony HttpFoundation's default, as in Laravel"),
    // ---- Spring ---------------------------------------------------------------
    row(Stack::Spring, Body, Has("Whitelabel Error Page"), ERR, &[], Generated, 95,
        "Spring Boot's Whitelabel Error Page"),
    row(Stack::Spring, Body, Has("\"timestamp\":"), ERR,
        &[C::Body(Has("\"error\":\"")), C::Body(Has("\"path\":\"")), C::Body(Has("\"status\":"))], Generated, 90,
        "Spring Boot's JSON error body: {line}"),
    row(Stack::Spring, Body, Has("Request method '"), Some((405, 405)), &[C::Body(Has("not supported"))], Generated, 90,
        "Spring's HttpRequestMethodNotSupportedException: body contains \"{line}\""),
    row(Stack::Spring, Body, Has("\"detail\":\"Method '"), Some((405, 405)), &[], Generated, 85,
        "Spring 6 ProblemDetail 405: body {line}"),
    row(Stack::Spring, Body, Is("Invalid CORS request"), Some((403, 403)), &[], Generated, 90,
        "Spring's CORS processor refused the request: body \"Invalid CORS request\""),
    row(Stack::Spring, Header("x-application-context"), Any, ANY, &[], Generated, 80, "X-Application-Context: {value} (Spring Boot 1.x)"),
    row(Stack::Spring, Header("vary"), Case("Access-Control-Request-Method"), ANY, &[C::Header("vary", Case("Origin"))], Generated, 50,
        "Vary: {value} (Spring's CORS processing adds all three)"),
    row(Stack::Spring, Header("x-xss-protection"), Is("0"), ANY,
        &[C::Header("expires", Is("0")), C::Header("pragma", Is("no-cache")), C::Header("cache-control", Has("must-revalidate"))], Generated, 45,
        "Spring Security's default headers (X-XSS-Protection: 0, Expires: 0, Pragma: no-cache)"),
    // ---- ASP.NET Core -----------------------------------------------------------
    row(Stack::AspnetCore, Header("server"), Is("Kestrel"), ANY, &[], Generated, 80, "Server: {value}"),
    row(Stack::AspnetCore, Body, Has("\"traceId\":\"00-"), ERR, &[], Generated, 85,
        "ASP.NET Core ProblemDetails with a W3C traceId: {line}"),
    row(Stack::AspnetCore, Body, Has("\"type\":\"https://tools.ietf.org/html/rfc"), ERR, &[C::Body(Has("\"title\":"))], Generated, 70,
        "ASP.NET Core ProblemDetails: {line}"),
    row(Stack::AspnetCore, Header("x-powered-by"), Is("ASP.NET"), ANY, &[], Seen, 40, "X-Powered-By: {value} (IIS)"),
    // ---- Rails ----------------------------------------------------------------
    row(Stack::Rails, Body, Has("No route matches ["), Some((404, 404)), &[], Generated, 95,
        "Rails' ActionController::RoutingError: body contains \"{line}\""),
    row(Stack::Rails, Body, Has("The page you were looking for doesn't exist"), Some((404, 404)), &[], Generated, 85,
        "Rails' public/404.html: \"The page you were looking for doesn't exist\""),
    row(Stack::Rails, Header("x-runtime"), Any, ANY, &[C::Header("x-request-id", Any)], Generated, 80,
        "X-Runtime: {value} with X-Request-Id (Rails' Rack::Runtime and ActionDispatch::RequestId)"),
    row(Stack::Rails, Header("x-runtime"), Any, ANY, &[], Generated, 60, "X-Runtime: {value} (Rack::Runtime)"),
    row(Stack::Rails, Header("x-permitted-cross-domain-policies"), Is("none"), ANY,
        &[C::Header("referrer-policy", Is("strict-origin-when-cross-origin")), C::Header("x-frame-options", Is("SAMEORIGIN"))], Generated, 50,
        "Rails' default security headers (X-Permitted-Cross-Domain-Policies: none, Referrer-Policy: strict-origin-when-cross-origin, X-Frame-Options: SAMEORIGIN)"),
    row(Stack::Rails, Header("server"), Starts("WEBrick/"), ANY, &[], Generated, 40, "Server: {value} (Ruby)"),
    // ---- axum -------------------------------------------------------------------
    row(Stack::Axum, Body, Starts("Failed to deserialize the JSON body into the target type"), Some((400, 422)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Expected request with `Content-Type: application/json`"), Some((415, 415)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Failed to parse the request body as JSON"), Some((400, 400)), &[], Generated, 90,
        "axum's Json extractor rejection: body \"{line}\""),
    row(Stack::Axum, Body, Starts("Failed to deserialize query string"), Some((400, 400)), &[], Generated, 85,
        "axum's Query extractor rejection: body \"{line}\""),
    row(Stack::Axum, Header("vary"), Case("access-control-request-method"), ANY, &[C::Header("vary", Case("origin"))], Generated, 45,
        "Vary: {value} (tower-http CorsLayer's lower-case default)"),
    // ---- actix-web ----------------------------------------------------------------
    row(Stack::Actix, Body, Starts("Json deserialize error:"), Some((400, 400)), &[], Generated, 90,
        "actix-web's Json extractor error: body \"{line}\""),
    row(Stack::Actix, Body, Is("Origin is not allowed to make this request"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the request: body \"{line}\""),
    row(Stack::Actix, Body, Is("Requested method is not allowed"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the preflight: body \"{line}\""),
    row(Stack::Actix, Body, Is("One or more request headers are not allowed"), Some((400, 400)), &[], Generated, 85,
        "actix-cors refused the preflight: body \"{line}\""),
];

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

/// Bodies longer than this are only searched in their first part: every
/// error page in the table is far smaller.
const BODY_SCAN_LIMIT: usize = 64 * 1024;

struct Input<'a> {
    status: u16,
    headers: &'a Headers,
    body: Option<&'a str>,
    body_lower: String,
    /// The table asks for the same few headers (`Server`, `X-Powered-By`, …)
    /// row after row: each one's combined value and its lowercase, read once.
    seen: RefCell<Vec<(&'static str, HeaderValue)>>,
}

/// A header's combined value and its lowercase (`None`: absent).
type HeaderValue = Option<Rc<(String, String)>>;

impl<'a> Input<'a> {
    fn new(status: u16, headers: &'a Headers, body: Option<&'a str>) -> Self {
        let body = body.map(|b| prefix(b, BODY_SCAN_LIMIT)).filter(|b| !b.trim().is_empty());
        let body_lower = body.map(str::to_ascii_lowercase).unwrap_or_default();
        Input { status, headers, body, body_lower, seen: RefCell::new(Vec::new()) }
    }

    /// `name`'s combined value and its lowercase.
    fn header(&self, name: &'static str) -> HeaderValue {
        if let Some((_, v)) = self.seen.borrow().iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return v.clone();
        }
        let v = self.headers.get_combined(name).map(|v| {
            let lower = v.to_ascii_lowercase();
            Rc::new((v, lower))
        });
        self.seen.borrow_mut().push((name, v.clone()));
        v
    }

    fn header_matches(&self, name: &'static str, pat: &Pat) -> bool {
        self.header(name).is_some_and(|v| pat.find(&v.0, &v.1).is_some())
    }

    fn body_find(&self, pat: &Pat) -> Option<usize> {
        let b = self.body?;
        pat.find(b, &self.body_lower)
    }

    fn holds(&self, c: &Cond) -> bool {
        match c {
            Cond::Header(n, p) => self.header_matches(n, p),
            Cond::NoHeader(n) => !self.headers.contains(n),
            Cond::Body(p) => self.body_find(p).is_some(),
            Cond::NoBody => self.body.is_none(),
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
fn prefix(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Shortens `s` for an evidence sentence.
fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    out.push('…');
    out
}

/// The line of `body` around byte offset `at`.
fn line_at(body: &str, at: usize) -> &str {
    let at = at.min(body.len());
    let mut start = at;
    while start > 0 && !body.is_char_boundary(start) {
        start -= 1;
    }
    let from = body[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let to = body[start..].find('\n').map(|i| start + i).unwrap_or(body.len());
    &body[from..to]
}

impl Signature {
    /// The evidence sentence when this row matches the response.
    fn check(&self, input: &Input) -> Option<String> {
        if let Some((lo, hi)) = self.status {
            if input.status < lo || input.status > hi {
                return None;
            }
        }
        let (value, line) = match self.on {
            On::Header(name) => {
                let v = input.header(name)?;
                self.pat.find(&v.0, &v.1)?;
                (Some(v.0.clone()), None)
            }
            On::Body => {
                let at = input.body_find(&self.pat)?;
                (None, input.body.map(|b| line_at(b, at)))
            }
        };
        if !self.requires.iter().all(|c| input.holds(c)) {
            return None;
        }
        Some(self.render(input, value.as_deref(), line))
    }

    fn render(&self, input: &Input, value: Option<&str>, line: Option<&str>) -> String {
        let mut out = String::new();
        let mut rest = self.evidence;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            let key = &rest[open + 1..close];
            let sub = match key {
                "value" => Some(clip(value.unwrap_or(""), 100)),
                "line" => Some(clip(line.unwrap_or(""), 120)),
                _ => key
                    .strip_prefix("h:")
                    .map(|n| clip(input.headers.get_combined(n).as_deref().unwrap_or_default(), 100)),
            };
            match sub {
                Some(s) => {
                    out.push_str(&rest[..open]);
                    out.push_str(&s);
                }
                None => out.push_str(&rest[..=close]),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// One row that matched a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureMatch {
    /// Index into [`SIGNATURES`].
    pub row: usize,
    pub stack: Stack,
    pub role: Role,
    pub confidence: u8,
    pub evidence: String,
}

/// Every row of [`SIGNATURES`] that matches the response, in table order.
pub fn matches(status: u16, headers: &Headers, body: Option<&str>) -> Vec<SignatureMatch> {
    let input = Input::new(status, headers, body);
    SIGNATURES
        .iter()
        .enumerate()
        .filter_map(|(row, s)| {
            s.check(&input).map(|evidence| SignatureMatch {
                row,
                stack: s.stack,
                role: s.role,
                confidence: s.confidence,
                evidence,
            })
        })
        .collect()
}

/// Reads a response's signatures.
pub fn detect(status: u16, headers: &Headers, body: Option<&str>) -> Detection {
    let hits = matches(status, headers, body);
    // The generating stack: the most confident "generated" row (earliest on ties).
    let mut best: Option<&SignatureMatch> = None;
    for h in hits.iter().filter(|h| h.role == Role::Generated) {
        if best.is_none_or(|b| h.confidence > b.confidence) {
            best = Some(h);
        }
    }
    let generated_by = best.map(|h| (h.stack, h.evidence.clone()));
    // Every other stack, once, with its most confident evidence.
    let mut others: Vec<&SignatureMatch> = Vec::new();
    for h in &hits {
        if Some(h.stack) == generated_by.as_ref().map(|g| g.0) {
            continue;
        }
        match others.iter_mut().find(|o| o.stack == h.stack) {
            Some(o) if h.confidence > o.confidence => *o = h,
            Some(_) => {}
            None => others.push(h),
        }
    }
    others.sort_by(|a, b| b.confidence.cmp(&a.confidence).then(a.row.cmp(&b.row)));
    Detection { generated_by, seen: others.into_iter().map(|h| (h.stack, h.evidence.clone())).collect() }
}

// ---------------------------------------------------------------------------
// Fix snippets
// ---------------------------------------------------------------------------

/// A fix snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    /// Code-fence language (`python`, `nginx`, `js`, `php`, …).
    pub language: String,
    pub code: String,
}

/// What needs fixing, with the facts a snippet needs.
#[derive(Debug, Clone)]
pub enum FixKind<'a> {
    /// Answer the preflight / add CORS headers for this origin, methods and headers.
    AllowCors { origin: &'a str, methods: &'a [Method], headers: &'a [String], credentials: bool, path: &'a str },
    /// The preflight was redirected (from → to).
    PreflightRedirect { from: &'a str, to: &'a str },
    /// Auth rejects OPTIONS before CORS answers it.
    PreflightBeforeAuth { path: &'a str },
    /// Credentials with a wildcard / missing Allow-Credentials.
    Credentials { origin: &'a str },
    /// Error responses lack CORS headers.
    CorsOnErrors { origin: &'a str },
    /// No route for method + path.
    MissingRoute { method: &'a Method, path: &'a str },
    /// The resource refuses the method.
    MethodMismatch { method: &'a Method, path: &'a str, allowed: &'a [Method], suggested: Option<&'a Method> },
    /// A web-server rule refuses the method.
    WebServerRule { method: &'a Method, path: &'a str },
    /// A 301/302/303 changed the method.
    RedirectChangedMethod { method: &'a Method, from: &'a str, to: &'a str, status: u16 },
}

/// A diagnosis's fix snippet, written when first read: the facts are kept
/// (owned), the snippet is rendered by [`fix_for`] on first use and kept.
/// A big file holds tens of thousands of diagnoses whose snippets are mostly
/// never shown; reading one (`note.title`, `note.code`) is the same as
/// reading a [`Fix`]. Prints and serialises as the [`Fix`] it stands for.
#[derive(Clone)]
pub struct FixNote {
    facts: Option<(Option<Stack>, Facts)>,
    text: std::sync::OnceLock<Fix>,
}

/// [`FixKind`]'s facts, owned.
#[derive(Clone)]
enum Facts {
    AllowCors { origin: String, methods: Vec<Method>, headers: Vec<String>, credentials: bool, path: String },
    PreflightRedirect { from: String, to: String },
    PreflightBeforeAuth { path: String },
    Credentials { origin: String },
    CorsOnErrors { origin: String },
    MissingRoute { method: Method, path: String },
    MethodMismatch { method: Method, path: String, allowed: Vec<Method>, suggested: Option<Method> },
    WebServerRule { method: Method, path: String },
    RedirectChangedMethod { method: Method, from: String, to: String, status: u16 },
}

impl Facts {
    fn of(kind: &FixKind) -> Facts {
        match *kind {
            FixKind::AllowCors { origin, methods, headers, credentials, path } => Facts::AllowCors {
                origin: origin.into(),
                methods: methods.to_vec(),
                headers: headers.to_vec(),
                credentials,
                path: path.into(),
            },
            FixKind::PreflightRedirect { from, to } => Facts::PreflightRedirect { from: from.into(), to: to.into() },
            FixKind::PreflightBeforeAuth { path } => Facts::PreflightBeforeAuth { path: path.into() },
            FixKind::Credentials { origin } => Facts::Credentials { origin: origin.into() },
            FixKind::CorsOnErrors { origin } => Facts::CorsOnErrors { origin: origin.into() },
            FixKind::MissingRoute { method, path } => Facts::MissingRoute { method: method.clone(), path: path.into() },
            FixKind::MethodMismatch { method, path, allowed, suggested } => Facts::MethodMismatch {
                method: method.clone(),
                path: path.into(),
                allowed: allowed.to_vec(),
                suggested: suggested.cloned(),
            },
            FixKind::WebServerRule { method, path } => {
                Facts::WebServerRule { method: method.clone(), path: path.into() }
            }
            FixKind::RedirectChangedMethod { method, from, to, status } => {
                Facts::RedirectChangedMethod { method: method.clone(), from: from.into(), to: to.into(), status }
            }
        }
    }

    fn kind(&self) -> FixKind<'_> {
        match self {
            Facts::AllowCors { origin, methods, headers, credentials, path } => {
                FixKind::AllowCors { origin, methods, headers, credentials: *credentials, path }
            }
            Facts::PreflightRedirect { from, to } => FixKind::PreflightRedirect { from, to },
            Facts::PreflightBeforeAuth { path } => FixKind::PreflightBeforeAuth { path },
            Facts::Credentials { origin } => FixKind::Credentials { origin },
            Facts::CorsOnErrors { origin } => FixKind::CorsOnErrors { origin },
            Facts::MissingRoute { method, path } => FixKind::MissingRoute { method, path },
            Facts::MethodMismatch { method, path, allowed, suggested } => {
                FixKind::MethodMismatch { method, path, allowed, suggested: suggested.as_ref() }
            }
            Facts::WebServerRule { method, path } => FixKind::WebServerRule { method, path },
            Facts::RedirectChangedMethod { method, from, to, status } => {
                FixKind::RedirectChangedMethod { method, from, to, status: *status }
            }
        }
    }
}

impl FixNote {
    /// The snippet [`fix_for`] gives for `kind` on `stack`, when first read.
    pub fn new(stack: Option<Stack>, kind: &FixKind) -> FixNote {
        FixNote { facts: Some((stack, Facts::of(kind))), text: std::sync::OnceLock::new() }
    }

    /// The snippet.
    pub fn get(&self) -> &Fix {
        self.text.get_or_init(|| match &self.facts {
            Some((stack, facts)) => fix_for(*stack, &facts.kind()),
            None => Fix { title: String::new(), language: String::new(), code: String::new() },
        })
    }
}

impl From<Fix> for FixNote {
    /// A snippet already written (a redacted copy).
    fn from(fix: Fix) -> FixNote {
        FixNote { facts: None, text: std::sync::OnceLock::from(fix) }
    }
}

impl std::ops::Deref for FixNote {
    type Target = Fix;
    fn deref(&self) -> &Fix {
        self.get()
    }
}

impl std::fmt::Debug for FixNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl Serialize for FixNote {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

/// The fix snippet for `kind` on `stack` (a generic one when the stack is unknown).
pub fn fix_for(stack: Option<Stack>, kind: &FixKind) -> Fix {
    match kind {
        FixKind::AllowCors { origin, methods, headers, credentials, path } => allow_cors(
            stack,
            &Cors {
                origin: or_default_origin(origin),
                methods,
                headers,
                credentials: *credentials,
                path: or_root(path),
            },
        ),
        FixKind::PreflightRedirect { from, to } => preflight_redirect(stack, from, to),
        FixKind::PreflightBeforeAuth { path } => preflight_before_auth(stack, or_root(path)),
        FixKind::Credentials { origin } => credentials(stack, or_default_origin(origin)),
        FixKind::CorsOnErrors { origin } => cors_on_errors(stack, or_default_origin(origin)),
        FixKind::MissingRoute { method, path } => register_route(stack, method, or_root(path), &[]),
        FixKind::MethodMismatch { method, path, allowed, suggested } => match suggested {
            Some(s) => switch_method(method, s, or_root(path), allowed),
            None => register_route(stack, method, or_root(path), allowed),
        },
        FixKind::WebServerRule { method, path } => web_server_rule(stack, method, or_root(path)),
        FixKind::RedirectChangedMethod { method, from, to, status } => {
            redirect_changed(stack, method, from, to, *status)
        }
    }
}

fn fix(title: impl Into<String>, language: &str, code: String) -> Fix {
    Fix { title: title.into(), language: language.into(), code }
}

fn or_default_origin(origin: &str) -> &str {
    if origin.trim().is_empty() {
        "https://app.example.com"
    } else {
        origin
    }
}

fn or_root(path: &str) -> &str {
    if path.trim().is_empty() {
        "/"
    } else {
        path
    }
}

/// Replaces `⟨name⟩` placeholders.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("⟨{k}⟩"), v);
    }
    out
}

// ---- small formatting helpers ------------------------------------------------

fn method_names(methods: &[Method]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for m in methods {
        let s = m.as_str().to_string();
        if !v.contains(&s) {
            v.push(s);
        }
    }
    if v.is_empty() {
        v.push("GET".into());
        v.push("POST".into());
    }
    v
}

fn header_names(headers: &[String]) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for h in headers {
        let h = h.trim();
        if !h.is_empty() && !v.iter().any(|x| x.eq_ignore_ascii_case(h)) {
            v.push(h.to_string());
        }
    }
    if v.is_empty() {
        v.push("Content-Type".into());
    }
    v
}

/// `"a", "b"` (double quotes).
fn dq(items: &[String]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

/// `'a', 'b'` (single quotes).
fn sq(items: &[String]) -> String {
    items.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}

fn csv(items: &[String]) -> String {
    items.join(", ")
}

fn lower_all(items: &[String]) -> Vec<String> {
    items.iter().map(|s| s.to_ascii_lowercase()).collect()
}

/// A method usable as an identifier in route shorthands (`app.put`), if it has one.
fn shorthand(m: &Method) -> Option<&'static str> {
    match m {
        Method::Get => Some("get"),
        Method::Post => Some("post"),
        Method::Put => Some("put"),
        Method::Patch => Some("patch"),
        Method::Delete => Some("delete"),
        Method::Head => Some("head"),
        Method::Options => Some("options"),
        _ => None,
    }
}

/// Path segments that look like ids (digits, UUIDs, long hex).
fn is_param_segment(seg: &str) -> bool {
    !seg.is_empty()
        && (seg.bytes().all(|b| b.is_ascii_digit())
            || (seg.len() >= 16
                && seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
                && seg.bytes().any(|b| b.is_ascii_digit())))
}

#[derive(Clone, Copy)]
enum Style {
    /// `:id` (Express, Koa, Rails)
    Colon,
    /// `{id}` (FastAPI, Slim, Laravel, Spring, ASP.NET Core, axum 0.8, actix)
    Brace,
    /// `<int:id>` (Flask, Django)
    Angle,
}

/// The route pattern for a concrete path: `/items/42` → `/items/:id`.
fn route_pattern(path: &str, style: Style) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let n_params = segs.iter().filter(|s| is_param_segment(s)).count();
    let mut seen = 0;
    let mut out: Vec<String> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !is_param_segment(seg) {
            out.push((*seg).to_string());
            continue;
        }
        seen += 1;
        let name = if seen == n_params {
            "id".to_string()
        } else {
            let prev = if i > 0 { segs[i - 1] } else { "" };
            format!("{}_id", singular(prev))
        };
        let numeric = seg.bytes().all(|b| b.is_ascii_digit());
        out.push(match style {
            Style::Colon => format!(":{name}"),
            Style::Brace => format!("{{{name}}}"),
            Style::Angle if numeric => format!("<int:{name}>"),
            Style::Angle => format!("<{name}>"),
        });
    }
    let p = out.join("/");
    if p.is_empty() {
        "/".into()
    } else {
        p
    }
}

fn param_names(path: &str) -> Vec<String> {
    let p = route_pattern(path, Style::Colon);
    p.split('/').filter_map(|s| s.strip_prefix(':')).map(str::to_string).collect()
}

fn singular(word: &str) -> String {
    let w: String =
        word.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>().to_ascii_lowercase();
    let w = if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if w.ends_with("ss") {
        w
    } else if let Some(stem) = w.strip_suffix('s') {
        stem.to_string()
    } else {
        w
    };
    if w.is_empty() || w.starts_with(|c: char| c.is_ascii_digit()) {
        "item".into()
    } else {
        w
    }
}

/// The last non-id segment: `/api/items/42` → `items`.
fn resource(path: &str) -> String {
    path.split('/')
        .rev()
        .find(|s| !s.is_empty() && !is_param_segment(s))
        .map(str::to_string)
        .unwrap_or_else(|| "root".into())
}

/// `update_item`, from method and path.
fn handler_name(method: &Method, path: &str) -> String {
    let verb = match method {
        Method::Get => "get".to_string(),
        Method::Post => "create".to_string(),
        Method::Put | Method::Patch => "update".to_string(),
        Method::Delete => "delete".to_string(),
        m => m.as_str().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect(),
    };
    let noun = singular(&resource(path));
    let verb = if verb.is_empty() { "handle".to_string() } else { verb };
    format!("{verb}_{noun}")
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut chars = c.chars();
    match chars.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `/api/items/42` → `/api/items/`, `/static/data.json` → `/static/` (the
/// prefix a `location`/`Location` block takes).
fn location_prefix(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    let mut segs: Vec<&str> = trimmed.split('/').collect();
    if segs.len() > 1 && segs.last().is_some_and(|s| s.contains('.')) {
        segs.pop();
    }
    while segs.last().is_some_and(|s| is_param_segment(s)) {
        segs.pop();
    }
    let p = segs.join("/");
    if p.is_empty() {
        "/".into()
    } else {
        format!("{p}/")
    }
}

/// `/api/items/42` → `api/*`: Laravel's `config/cors.php` `paths` entry.
fn laravel_paths(path: &str) -> String {
    match path.split('/').find(|s| !s.is_empty()) {
        Some(first) if !is_param_segment(first) => format!("{first}/*"),
        _ => "*".into(),
    }
}

/// `/api/items/42` → `/api/items/**`: a Spring path pattern.
fn spring_mapping(path: &str) -> String {
    let p = location_prefix(path);
    if p == "/" {
        "/**".into()
    } else {
        format!("{p}**")
    }
}

fn comment(language: &str, text: &str) -> String {
    let mark = match language {
        "python" | "ruby" | "nginx" | "apache" | "http" | "text" | "yaml" => "#",
        _ => "//",
    };
    text.lines()
        .map(|l| if l.is_empty() { mark.to_string() } else { format!("{mark} {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_method(m: &Method) -> String {
    match m {
        Method::Other(s) => format!("Method::from_bytes(b\"{s}\").unwrap()"),
        m => format!("Method::{}", m.as_str()),
    }
}

// ---- AllowCors -----------------------------------------------------------------

struct Cors<'a> {
    origin: &'a str,
    methods: &'a [Method],
    headers: &'a [String],
    credentials: bool,
    path: &'a str,
}

fn allow_cors(stack: Option<Stack>, c: &Cors) -> Fix {
    let methods = method_names(c.methods);
    let headers = header_names(c.headers);
    let first_method = methods.first().cloned().unwrap_or_else(|| "GET".into());
    let what = format!("{} {} from {}", csv(&methods), c.path, c.origin);
    let title = |name: &str| format!("Allow {what} with {name}");
    let cred = c.credentials;
    let origin = c.origin;
    match stack {
        Some(Stack::Flask) => {
            let route = route_pattern(c.path, Style::Angle);
            let mut code = fill(
                "# pip install flask-cors\nfrom flask_cors import CORS\n\nCORS(\n    app,\n    origins=[\"⟨origin⟩\"],\n    methods=[⟨methods⟩],\n    allow_headers=[⟨headers⟩],\n",
                &[("origin", origin), ("methods", &dq(&methods)), ("headers", &dq(&headers))],
            );
            if cred {
                code.push_str("    supports_credentials=True,  # with an explicit origin, never the wildcard\n");
            }
            code.push_str(")\n\n");
            code.push_str(&fill(
                "# and the route itself must accept the method (Flask adds OPTIONS for you):\n@app.route(\"⟨route⟩\", methods=[⟨methods⟩])\ndef ⟨handler⟩(⟨args⟩):\n    ...\n",
                &[
                    ("route", &route),
                    ("methods", &dq(&methods)),
                    ("handler", &handler_name(&Method::parse(&first_method), c.path)),
                    ("args", &param_names(c.path).join(", ")),
                ],
            ));
            fix(title("flask-cors"), "python", format!("# {} {} from {origin}\n{code}", csv(&methods), c.path))
        }
        Some(Stack::Fastapi) => {
            let mut code = fill(
                "# {methods_csv} {path} from ⟨origin⟩\nfrom fastapi.middleware.cors import CORSMiddleware\n\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"⟨origin⟩\"],\n    allow_methods=[⟨methods⟩],  # Starlette's default is GET only\n    allow_headers=[⟨headers⟩],\n",
                &[("origin", origin), ("methods", &dq(&methods)), ("headers", &dq(&headers))],
            )
            .replace("{methods_csv}", &csv(&methods))
            .replace("{path}", c.path);
            if cred {
                code.push_str("    allow_credentials=True,  # needs explicit origins, never the wildcard\n");
            }
            code.push_str(
                ")\n# CORSMiddleware answers the preflight before routing, so the OPTIONS never reaches your routes.\n",
            );
            fix(title("CORSMiddleware"), "python", code)
        }
        Some(Stack::Django) => {
            const DEFAULT_METHODS: [&str; 6] = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];
            const DEFAULT_HEADERS: [&str; 9] = [
                "accept",
                "accept-encoding",
                "authorization",
                "content-type",
                "dnt",
                "origin",
                "user-agent",
                "x-csrftoken",
                "x-requested-with",
            ];
            let extra_m: Vec<String> =
                methods.iter().filter(|m| !DEFAULT_METHODS.contains(&m.as_str())).cloned().collect();
            let extra_h: Vec<String> =
                lower_all(&headers).into_iter().filter(|h| !DEFAULT_HEADERS.contains(&h.as_str())).collect();
            let mut code = format!(
                "# {} {} from {origin}\n# pip install django-cors-headers — settings.py\nfrom corsheaders.defaults import default_headers, default_methods\n\nINSTALLED_APPS = [\n    # ...\n    \"corsheaders\",\n]\n\nMIDDLEWARE = [\n    \"corsheaders.middleware.CorsMiddleware\",  # first: above CommonMiddleware and any auth\n    \"django.middleware.common.CommonMiddleware\",\n    # ...\n]\n\nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\n",
                csv(&methods),
                c.path
            );
            if extra_m.is_empty() {
                code.push_str(&format!(
                    "# CORS_ALLOW_METHODS: the default (default_methods) already includes {}\n",
                    csv(&methods)
                ));
            } else {
                code.push_str(&format!("CORS_ALLOW_METHODS = (*default_methods, {})\n", dq(&extra_m)));
            }
            if extra_h.is_empty() {
                code.push_str(&format!(
                    "# CORS_ALLOW_HEADERS: the default (default_headers) already includes {}\n",
                    csv(&lower_all(&headers))
                ));
            } else {
                code.push_str(&format!("CORS_ALLOW_HEADERS = (*default_headers, {})\n", dq(&extra_h)));
            }
            if cred {
                code.push_str(&format!(
                    "CORS_ALLOW_CREDENTIALS = True  # never with CORS_ALLOW_ALL_ORIGINS\nCSRF_TRUSTED_ORIGINS = [\"{origin}\"]  # cookie-authenticated writes also pass the CSRF check\n"
                ));
            }
            fix(title("django-cors-headers"), "python", code)
        }
        Some(Stack::Express) => {
            let mut code = format!(
                "// {} {} from {origin}\n// npm install cors\nconst cors = require('cors');\n\nconst corsOptions = {{\n  origin: '{origin}',\n  methods: [{}], // every method the frontend sends cross-origin\n  allowedHeaders: [{}],\n",
                csv(&methods),
                c.path,
                sq(&methods),
                sq(&headers)
            );
            if cred {
                code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
            }
            code.push_str("};\n\n// Before every route and before auth middleware: it answers the preflight (204) itself.\napp.use(cors(corsOptions));\n");
            fix(title("the cors middleware"), "js", code)
        }
        Some(Stack::Koa) => {
            let mut code = format!(
                "// {} {} from {origin}\n// npm install @koa/cors\nconst cors = require('@koa/cors');\n\napp.use(cors({{\n  origin: '{origin}',\n  allowMethods: [{}], // every method the frontend sends cross-origin\n  allowHeaders: [{}],\n",
                csv(&methods),
                c.path,
                sq(&methods),
                sq(&headers)
            );
            if cred {
                code.push_str("  credentials: true, // needs an explicit origin, never the wildcard\n");
            }
            code.push_str("}));\n// then the router, so the preflight never reaches allowedMethods()\napp.use(router.routes());\napp.use(router.allowedMethods());\n");
            fix(title("@koa/cors"), "js", code)
        }
        Some(Stack::Slim) => {
            let route = route_pattern(c.path, Style::Brace);
            let verb = shorthand(&Method::parse(&first_method)).unwrap_or("map");
            let mut code = format!(
                "<?php\n// {} {} from {origin} (Slim 3)\n// Answer every preflight…\n$app->options('/{{routes:.+}}', function ($request, $response, $args) {{\n    return $response;\n}});\n\n// …and add the CORS headers to every response.\n$app->add(function ($request, $response, $next) {{\n    $response = $next($request, $response);\n    return $response\n        ->withHeader('Access-Control-Allow-Origin', '{origin}')\n        ->withHeader('Access-Control-Allow-Methods', '{}, OPTIONS')\n        ->withHeader('Access-Control-Allow-Headers', '{}')\n",
                csv(&methods),
                c.path,
                csv(&methods),
                csv(&headers)
            );
            if cred {
                code.push_str("        ->withHeader('Access-Control-Allow-Credentials', 'true')\n");
            }
            code.push_str("        ->withHeader('Vary', 'Origin');\n});\n\n");
            code.push_str("// The catch-all OPTIONS route does not serve the real request: register it.\n");
            if verb == "map" {
                code.push_str(&format!(
                    "$app->map([{}], '{route}', function ($request, $response, $args) {{\n    // ...\n}});\n",
                    sq(&methods)
                ));
            } else {
                code.push_str(&format!(
                    "$app->{verb}('{route}', function ($request, $response, $args) {{\n    // ...\n}});\n"
                ));
            }
            fix(title("a Slim middleware"), "php", code)
        }
        Some(Stack::Laravel) => {
            let code = format!(
                "<?php\n// {} {} from {origin}\n// config/cors.php (Laravel 11+: php artisan config:publish cors)\nreturn [\n    'paths' => ['{}'],\n    'allowed_methods' => [{}],\n    'allowed_origins' => ['{origin}'],\n    'allowed_origins_patterns' => [],\n    'allowed_headers' => [{}],\n    'exposed_headers' => [],\n    'max_age' => 0,\n    'supports_credentials' => {}\n];\n// HandleCors is global middleware: it answers the preflight before route middleware such as auth.\n",
                csv(&methods),
                c.path,
                laravel_paths(c.path),
                sq(&methods),
                sq(&headers),
                if cred { "true, // explicit origins only, never the wildcard" } else { "false," }
            );
            fix(title("config/cors.php"), "php", code)
        }
        Some(Stack::Spring) => {
            let mut code = format!(
                "// {} {} from {origin}\n@Configuration\npublic class CorsConfig implements WebMvcConfigurer {{\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {{\n        registry.addMapping(\"{}\")\n                .allowedOrigins(\"{origin}\")\n                .allowedMethods({})\n                .allowedHeaders({})",
                csv(&methods),
                c.path,
                spring_mapping(c.path),
                dq(&methods),
                dq(&headers)
            );
            if cred {
                code.push_str(
                    "\n                .allowCredentials(true); // explicit origins only, never the wildcard\n",
                );
            } else {
                code.push_str(";\n");
            }
            code.push_str("    }\n}\n// With Spring Security also call http.cors(Customizer.withDefaults()) so the preflight is answered before authentication.\n");
            fix(title("a CorsRegistry mapping"), "java", code)
        }
        Some(Stack::AspnetCore) => {
            let mut code = format!(
                "// {} {} from {origin}\nbuilder.Services.AddCors(options =>\n{{\n    options.AddPolicy(\"frontend\", policy => policy\n        .WithOrigins(\"{origin}\")\n        .WithMethods({})\n        .WithHeaders({})",
                csv(&methods),
                c.path,
                dq(&methods),
                dq(&headers)
            );
            if cred {
                code.push_str("\n        .AllowCredentials()); // never with AllowAnyOrigin()\n");
            } else {
                code.push_str(");\n");
            }
            code.push_str("});\n\nvar app = builder.Build();\napp.UseRouting();\napp.UseCors(\"frontend\");   // after UseRouting, before UseAuthentication/UseAuthorization\napp.UseAuthentication();\napp.UseAuthorization();\napp.MapControllers();\n");
            fix(title("a CORS policy"), "csharp", code)
        }
        Some(Stack::Rails) => {
            let syms: Vec<String> = methods
                .iter()
                .map(|m| format!(":{}", m.to_ascii_lowercase()))
                .chain(std::iter::once(":options".to_string()))
                .collect::<Vec<_>>();
            let mut syms_d: Vec<String> = Vec::new();
            for s in syms {
                if !syms_d.contains(&s) {
                    syms_d.push(s);
                }
            }
            let mut code = format!(
                "# {} {} from {origin}\n# Gemfile: gem \"rack-cors\"\n# config/initializers/cors.rb\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins \"{origin}\"\n    resource \"{}*\",\n      methods: [{}],\n      headers: [{}]",
                csv(&methods),
                c.path,
                location_prefix(c.path),
                syms_d.join(", "),
                dq(&headers)
            );
            if cred {
                code.push_str(",\n      credentials: true # explicit origins only, never the wildcard");
            }
            code.push_str("\n  end\nend\n");
            fix(title("rack-cors"), "ruby", code)
        }
        Some(Stack::Axum) => {
            let ms: Vec<String> = c.methods.iter().map(rust_method).collect();
            let ms = if ms.is_empty() { vec!["Method::GET".to_string(), "Method::POST".to_string()] } else { ms };
            let hs: Vec<String> =
                lower_all(&headers).iter().map(|h| format!("HeaderName::from_static(\"{h}\")")).collect();
            let mut code = format!(
                "// {} {} from {origin}\nuse axum::http::{{HeaderName, HeaderValue, Method}};\nuse tower_http::cors::CorsLayer;\n\nlet cors = CorsLayer::new()\n    .allow_origin(HeaderValue::from_static(\"{origin}\"))\n    .allow_methods([{}])\n    .allow_headers([{}])",
                csv(&methods),
                c.path,
                ms.join(", "),
                hs.join(", ")
            );
            if cred {
                code.push_str("\n    .allow_credentials(true); // tower-http refuses credentials with Any origin\n");
            } else {
                code.push_str(";\n");
            }
            code.push_str("\nlet app = Router::new()\n    // ... routes ...\n    .layer(cors); // last layer = outermost: it answers the preflight\n");
            fix(title("tower_http::cors::CorsLayer"), "rust", code)
        }
        Some(Stack::Actix) => {
            let mut code = format!(
                "// {} {} from {origin}\nuse actix_cors::Cors;\n\nHttpServer::new(|| {{\n    let cors = Cors::default()\n        .allowed_origin(\"{origin}\")\n        .allowed_methods(vec![{}])\n        .allowed_headers(vec![{}])",
                csv(&methods),
                c.path,
                dq(&methods),
                dq(&headers)
            );
            if cred {
                code.push_str("\n        .supports_credentials()");
            }
            code.push_str(
                "\n        .max_age(3600);\n    App::new()\n        .wrap(cors) // wrap last = runs first\n        // ... services ...\n})\n",
            );
            fix(title("actix_cors::Cors"), "rust", code)
        }
        Some(Stack::Nginx) => {
            let loc = location_prefix(c.path);
            let mut pre = format!(
                "        add_header Access-Control-Allow-Origin \"{origin}\" always;\n        add_header Access-Control-Allow-Methods \"{}, OPTIONS\" always;\n        add_header Access-Control-Allow-Headers \"{}\" always;\n",
                csv(&methods),
                csv(&headers)
            );
            let mut actual = format!("    add_header Access-Control-Allow-Origin \"{origin}\" always;\n");
            if cred {
                pre.push_str("        add_header Access-Control-Allow-Credentials \"true\" always;\n");
                actual.push_str("    add_header Access-Control-Allow-Credentials \"true\" always;\n");
            }
            pre.push_str(
                "        add_header Access-Control-Max-Age 600 always;\n        add_header Vary Origin always;\n",
            );
            actual.push_str("    add_header Vary Origin always;\n");
            let code = format!(
                "# {} {} from {origin}\nlocation {loc} {{\n    # add_header does not inherit into `if`, so the preflight block lists its own headers\n    if ($request_method = OPTIONS) {{\n{pre}        return 204;\n    }}\n{actual}    proxy_hide_header Access-Control-Allow-Origin;  # the app's own value would duplicate it\n    proxy_pass http://127.0.0.1:8000;\n}}\n",
                csv(&methods),
                c.path
            );
            fix(title("nginx"), "nginx", code)
        }
        Some(Stack::Apache) => {
            let loc = location_prefix(c.path);
            let mut hdrs = format!(
                "    Header always set Access-Control-Allow-Origin \"{origin}\"\n    Header always set Access-Control-Allow-Methods \"{}, OPTIONS\"\n    Header always set Access-Control-Allow-Headers \"{}\"\n",
                csv(&methods),
                csv(&headers)
            );
            if cred {
                hdrs.push_str("    Header always set Access-Control-Allow-Credentials \"true\"\n");
            }
            hdrs.push_str("    Header always merge Vary Origin\n");
            let code = format!(
                "# {} {} from {origin}\n# a2enmod headers rewrite — inside the <VirtualHost>\n<Location \"{loc}\">\n{hdrs}</Location>\n\n# Answer the preflight here instead of passing it on\nRewriteEngine On\nRewriteCond %{{REQUEST_METHOD}} =OPTIONS\nRewriteRule \"^{loc}\" - [R=204,L]\n",
                csv(&methods),
                c.path
            );
            fix(title("Apache mod_headers"), "apache", code)
        }
        None => {
            let mut code = format!(
                "# {} {} from {origin}\n# The preflight (OPTIONS {}) must get a 2xx with:\nAccess-Control-Allow-Origin: {origin}\nAccess-Control-Allow-Methods: {}\nAccess-Control-Allow-Headers: {}\n",
                csv(&methods),
                c.path,
                c.path,
                csv(&methods),
                csv(&headers)
            );
            if cred {
                code.push_str("Access-Control-Allow-Credentials: true\n");
            }
            code.push_str("Vary: Origin\n\n# and the actual response (including errors) with:\n");
            code.push_str(&format!("Access-Control-Allow-Origin: {origin}\n"));
            if cred {
                code.push_str("Access-Control-Allow-Credentials: true\n");
            }
            code.push_str("Vary: Origin\n");
            fix(format!("Answer the preflight for {what}"), "http", code)
        }
    }
}

// ---- PreflightRedirect -------------------------------------------------------

fn preflight_redirect(stack: Option<Stack>, from: &str, to: &str) -> Fix {
    let to_shown = if to.trim().is_empty() { "the URL the redirect points to" } else { to };
    let head = format!(
        "The preflight for {from} was redirected to {to_shown}; browsers never follow a redirect on a preflight."
    );
    let client = format!(
        "// Call the final URL directly, so nothing needs to redirect:\nawait fetch(\"{}\", {{ /* same method, headers and body */ }});\n",
        if to.trim().is_empty() { from } else { to }
    );
    let title = format!("Stop redirecting the preflight for {from}");
    match stack {
        Some(Stack::Flask) => fix(
            title,
            "python",
            format!(
                "{}\n# Werkzeug answers a URL missing the route's trailing slash with 308 (or you redirect yourself).\n# Call {to_shown} from the frontend, or accept both forms:\n@app.route(\"{}\", strict_slashes=False)\ndef handler():\n    ...\n# or for the whole app: app.url_map.strict_slashes = False\n",
                comment("python", &head),
                route_pattern(url_path(if to.trim().is_empty() { from } else { to }), Style::Angle)
            ),
        ),
        Some(Stack::Fastapi) => fix(
            title,
            "python",
            format!(
                "{}\n# Starlette's redirect_slashes sends 307 when the path lacks (or has) the route's slash.\n# CORSMiddleware answers preflights before routing, so with it the OPTIONS is never redirected:\napp.add_middleware(CORSMiddleware, allow_origins=[\"https://app.example.com\"], allow_methods=[\"*\"], allow_headers=[\"*\"])\n# and call the exact path ({to_shown}) from the frontend so the actual request is not redirected either.\n",
                comment("python", &head)
            ),
        ),
        Some(Stack::Django) => fix(
            title,
            "python",
            format!(
                "{}\n# CommonMiddleware (APPEND_SLASH) redirects slash-less URLs. Put CorsMiddleware above it so it\n# answers the preflight first, and call the URL with its slash ({to_shown}) from the frontend.\nMIDDLEWARE = [\n    \"corsheaders.middleware.CorsMiddleware\",\n    \"django.middleware.common.CommonMiddleware\",\n    # ...\n]\n",
                comment("python", &head)
            ),
        ),
        Some(Stack::Spring) => fix(
            title,
            "java",
            format!(
                "{}\n// Usually Spring Security sending the unauthenticated preflight to its login page. Let CORS answer\n// preflights before authentication, and answer 401 instead of redirecting to a login page:\n@Bean\nSecurityFilterChain filterChain(HttpSecurity http) throws Exception {{\n    http\n        .cors(Customizer.withDefaults())\n        .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))\n        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated());\n    return http.build();\n}}\n",
                comment("java", &head)
            ),
        ),
        Some(Stack::AspnetCore) => fix(
            title,
            "csharp",
            format!(
                "{}\n// If app.UseHttpsRedirection() made this redirect (http → https), call {to_shown} directly from the\n// frontend; and keep CORS before auth so nothing else redirects the preflight:\napp.UseHttpsRedirection();\napp.UseRouting();\napp.UseCors(\"frontend\");\napp.UseAuthentication();\napp.UseAuthorization();\n",
                comment("csharp", &head)
            ),
        ),
        Some(Stack::Laravel) => fix(
            title,
            "apache",
            format!(
                "{}\n# Call {to_shown} from the frontend. If the redirect is Laravel's public/.htaccess rule that strips a\n# trailing slash (301), keep it away from preflights:\nRewriteCond %{{REQUEST_METHOD}} !=OPTIONS\nRewriteCond %{{REQUEST_FILENAME}} !-d\nRewriteCond %{{REQUEST_URI}} (.+)/$\nRewriteRule ^ %1 [L,R=301]\n",
                comment("apache", &head)
            ),
        ),
        Some(Stack::Nginx) => fix(
            title,
            "nginx",
            format!(
                "{}\n# Call {to_shown} from the frontend, or answer the exact URL without a redirect,\n# e.g. when a `location /prefix/` makes nginx add the slash with a 301:\nlocation = {} {{\n    proxy_pass http://127.0.0.1:8000;\n}}\n",
                comment("nginx", &head),
                exact_path(from)
            ),
        ),
        Some(Stack::Apache) => fix(
            title,
            "apache",
            format!(
                "{}\n# Call {to_shown} from the frontend, or keep redirect rules away from preflights:\nRewriteEngine On\nRewriteCond %{{REQUEST_METHOD}} !=OPTIONS\n# RewriteRule … [R=301,L]   (your existing redirect rule)\n# mod_dir adds a trailing slash with 301 for directories: DirectorySlash Off if that is the redirect\n",
                comment("apache", &head)
            ),
        ),
        _ => fix(title, "js", format!("{}\n{client}", comment("js", &head))),
    }
}

/// `http://h/items/` → `/items` (for an exact-match location).
fn exact_path(url: &str) -> &str {
    let p = url_path(url).trim_end_matches('/');
    if p.is_empty() {
        "/"
    } else {
        p
    }
}

/// The path of an absolute URL (or the input when it is already a path).
fn url_path(url: &str) -> &str {
    match crate::http::split_url(url) {
        Some(p) => p.path,
        None => url.split('?').next().unwrap_or(url),
    }
}

// ---- PreflightBeforeAuth -------------------------------------------------------

fn preflight_before_auth(stack: Option<Stack>, path: &str) -> Fix {
    let head = format!("Auth refuses the preflight (OPTIONS {path}): browsers never send credentials on it. Let OPTIONS through before auth.");
    let title = format!("Let the preflight for {path} through before authentication");
    match stack {
        Some(Stack::Flask) => fix(
            title,
            "python",
            format!(
                "{}\n@app.before_request\ndef require_auth():\n    if request.method == \"OPTIONS\":\n        return None  # the preflight: flask-cors answers it\n    # ... your token/session check ...\n",
                comment("python", &head)
            ),
        ),
        Some(Stack::Fastapi) => fix(
            title,
            "python",
            format!(
                "{}\n# The middleware added last runs first: add CORSMiddleware after your auth middleware.\napp.add_middleware(AuthMiddleware)\napp.add_middleware(CORSMiddleware, allow_origins=[\"https://app.example.com\"], allow_methods=[\"*\"], allow_headers=[\"*\"])\n\n# and inside a custom auth middleware:\n#     if request.method == \"OPTIONS\":\n#         return await call_next(request)\n",
                comment("python", &head)
            ),
        ),
        Some(Stack::Django) => fix(
            title,
            "python",
            format!(
                "{}\nMIDDLEWARE = [\n    \"corsheaders.middleware.CorsMiddleware\",  # first: answers the preflight before any auth middleware\n    \"django.middleware.security.SecurityMiddleware\",\n    \"django.middleware.common.CommonMiddleware\",\n    # ... session / authentication / your auth middleware after it ...\n]\n",
                comment("python", &head)
            ),
        ),
        Some(Stack::Express) => fix(
            title,
            "js",
            format!(
                "{}\napp.use(cors(corsOptions)); // first: ends the preflight with 204\napp.use((req, res, next) => {{\n  if (req.method === 'OPTIONS') return next();\n  return requireAuth(req, res, next);\n}});\n// ... routes ...\n",
                comment("js", &head)
            ),
        ),
        Some(Stack::Koa) => fix(
            title,
            "js",
            format!(
                "{}\napp.use(cors({{ origin: 'https://app.example.com' }})); // before auth: answers the preflight\napp.use(async (ctx, next) => {{\n  if (ctx.method === 'OPTIONS') return next();\n  await requireAuth(ctx, next);\n}});\napp.use(router.routes());\n",
                comment("js", &head)
            ),
        ),
        Some(Stack::Slim) => fix(
            title,
            "php",
            format!(
                "<?php\n{}\n// Slim runs the middleware added LAST first: add auth before the CORS middleware.\n$app->add(function ($request, $response, $next) {{\n    if ($request->isOptions()) {{\n        return $next($request, $response); // the preflight carries no token\n    }}\n    // ... check the token, return 401 if missing ...\n    return $next($request, $response);\n}});\n$app->add($cors); // the CORS middleware, added last = runs first\n",
                comment("php", &head)
            ),
        ),
        Some(Stack::Laravel) => fix(
            title,
            "php",
            format!(
                "<?php\n{}\n// HandleCors is global middleware and answers preflights before route middleware (auth:sanctum…),\n// but only for the paths listed in config/cors.php:\nreturn [\n    'paths' => ['{}', 'sanctum/csrf-cookie'],\n    // ...\n];\n",
                comment("php", &head),
                laravel_paths(path)
            ),
        ),
        Some(Stack::Spring) => fix(
            title,
            "java",
            format!(
                "{}\n@Bean\nSecurityFilterChain filterChain(HttpSecurity http) throws Exception {{\n    http\n        .cors(Customizer.withDefaults()) // CorsFilter answers the preflight before authentication\n        .authorizeHttpRequests(auth -> auth\n            .requestMatchers(HttpMethod.OPTIONS, \"{}\").permitAll()\n            .anyRequest().authenticated());\n    return http.build();\n}}\n",
                comment("java", &head),
                spring_mapping(path)
            ),
        ),
        Some(Stack::AspnetCore) => fix(
            title,
            "csharp",
            format!(
                "{}\napp.UseRouting();\napp.UseCors(\"frontend\");   // answers the preflight…\napp.UseAuthentication();  // …before these run\napp.UseAuthorization();\napp.MapControllers();\n",
                comment("csharp", &head)
            ),
        ),
        Some(Stack::Rails) => fix(
            title,
            "ruby",
            format!(
                "{}\n# config/initializers/cors.rb — position 0 puts rack-cors in front of Devise/Warden and every other middleware\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins \"https://app.example.com\"\n    resource \"{}*\", headers: :any, methods: [:get, :post, :put, :patch, :delete, :options]\n  end\nend\n",
                comment("ruby", &head),
                location_prefix(path)
            ),
        ),
        Some(Stack::Axum) => fix(
            title,
            "rust",
            format!(
                "{}\nlet app = Router::new()\n    .route(\"{}\", /* ... */)\n    .layer(auth_layer)\n    .layer(cors); // added last = outermost: the preflight never reaches auth\n",
                comment("rust", &head),
                route_pattern(path, Style::Brace)
            ),
        ),
        Some(Stack::Actix) => fix(
            title,
            "rust",
            format!(
                "{}\nApp::new()\n    .wrap(auth)  // registered first = runs after…\n    .wrap(cors)  // …CORS, which answers the preflight\n    .route(\"{}\", /* ... */)\n",
                comment("rust", &head),
                route_pattern(path, Style::Brace)
            ),
        ),
        Some(Stack::Nginx) => fix(
            title,
            "nginx",
            format!(
                "{}\nlocation {} {{\n    # `return` runs in the rewrite phase, before auth_request / auth_basic (access phase)\n    if ($request_method = OPTIONS) {{\n        add_header Access-Control-Allow-Origin \"https://app.example.com\" always;\n        add_header Access-Control-Allow-Methods \"GET, POST, PUT, PATCH, DELETE\" always;\n        add_header Access-Control-Allow-Headers \"Authorization, Content-Type\" always;\n        return 204;\n    }}\n    auth_request /auth;\n    proxy_pass http://127.0.0.1:8000;\n}}\n",
                comment("nginx", &head),
                location_prefix(path)
            ),
        ),
        Some(Stack::Apache) => fix(
            title,
            "apache",
            format!(
                "{}\n<Location \"{}\">\n    AuthType Basic\n    AuthName \"api\"\n    AuthUserFile /etc/apache2/.htpasswd\n    <Limit OPTIONS>\n        Require all granted\n    </Limit>\n    <LimitExcept OPTIONS>\n        Require valid-user\n    </LimitExcept>\n</Location>\n",
                comment("apache", &head),
                location_prefix(path)
            ),
        ),
        None => fix(
            title,
            "text",
            format!(
                "{}\n# In whatever checks credentials (middleware, gateway, proxy):\n#   if request.method == OPTIONS: pass it on to the CORS handler, unauthenticated\n# and register the CORS handler before the auth check.\n",
                comment("text", &head)
            ),
        ),
    }
}

// ---- Credentials ---------------------------------------------------------------

fn credentials(stack: Option<Stack>, origin: &str) -> Fix {
    let head = format!("Requests with cookies need Access-Control-Allow-Origin: {origin} (never *) and Access-Control-Allow-Credentials: true.");
    let title = format!("Allow credentials for {origin}");
    let (lang, body) = match stack {
        Some(Stack::Flask) => ("python", format!("CORS(app, origins=[\"{origin}\"], supports_credentials=True)\n")),
        Some(Stack::Fastapi) => (
            "python",
            format!("app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"{origin}\"],  # not the wildcard\n    allow_credentials=True,\n    allow_methods=[\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"],\n    allow_headers=[\"Content-Type\", \"Authorization\"],\n)\n"),
        ),
        Some(Stack::Django) => (
            "python",
            format!("# settings.py — instead of CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\nCORS_ALLOW_CREDENTIALS = True\nCSRF_TRUSTED_ORIGINS = [\"{origin}\"]\n"),
        ),
        Some(Stack::Express) => ("js", format!("app.use(cors({{\n  origin: '{origin}', // not the wildcard, and not `true` (which reflects any origin)\n  credentials: true,\n}}));\n")),
        Some(Stack::Koa) => ("js", format!("app.use(cors({{\n  origin: '{origin}',\n  credentials: true,\n}}));\n")),
        Some(Stack::Slim) => (
            "php",
            format!("$app->add(function ($request, $response, $next) {{\n    $response = $next($request, $response);\n    return $response\n        ->withHeader('Access-Control-Allow-Origin', '{origin}')\n        ->withHeader('Access-Control-Allow-Credentials', 'true')\n        ->withHeader('Vary', 'Origin');\n}});\n"),
        ),
        Some(Stack::Laravel) => (
            "php",
            format!("// config/cors.php\n'allowed_origins' => ['{origin}'],\n'supports_credentials' => true,\n"),
        ),
        Some(Stack::Spring) => (
            "java",
            format!("registry.addMapping(\"/**\")\n        .allowedOrigins(\"{origin}\") // Spring rejects allowCredentials with the wildcard; use allowedOriginPatterns for patterns\n        .allowCredentials(true);\n"),
        ),
        Some(Stack::AspnetCore) => (
            "csharp",
            format!("options.AddPolicy(\"frontend\", policy => policy\n    .WithOrigins(\"{origin}\") // AllowAnyOrigin() + AllowCredentials() is rejected\n    .AllowAnyHeader()\n    .AllowAnyMethod()\n    .AllowCredentials());\n"),
        ),
        Some(Stack::Rails) => (
            "ruby",
            format!("allow do\n  origins \"{origin}\"\n  resource \"/*\", headers: :any, methods: :any, credentials: true\nend\n"),
        ),
        Some(Stack::Axum) => (
            "rust",
            format!("let cors = CorsLayer::new()\n    .allow_origin(HeaderValue::from_static(\"{origin}\")) // not Any: tower-http panics on Any + credentials\n    .allow_credentials(true);\n"),
        ),
        Some(Stack::Actix) => ("rust", format!("let cors = Cors::default()\n    .allowed_origin(\"{origin}\")\n    .supports_credentials();\n")),
        Some(Stack::Nginx) => (
            "nginx",
            format!("proxy_hide_header Access-Control-Allow-Origin;  # drop the app's own (wildcard) value\nadd_header Access-Control-Allow-Origin \"{origin}\" always;\nadd_header Access-Control-Allow-Credentials \"true\" always;\nadd_header Vary Origin always;\n"),
        ),
        Some(Stack::Apache) => (
            "apache",
            format!("Header always set Access-Control-Allow-Origin \"{origin}\"\nHeader always set Access-Control-Allow-Credentials \"true\"\nHeader always merge Vary Origin\n"),
        ),
        None => ("http", format!("Access-Control-Allow-Origin: {origin}\nAccess-Control-Allow-Credentials: true\nVary: Origin\n")),
    };
    let code = if lang == "php" {
        format!("<?php\n{}\n{body}", comment(lang, &head))
    } else {
        format!("{}\n{body}", comment(lang, &head))
    };
    fix(title, lang, code)
}

// ---- CorsOnErrors ----------------------------------------------------------------

fn cors_on_errors(stack: Option<Stack>, origin: &str) -> Fix {
    let head = format!(
        "Error responses must carry Access-Control-Allow-Origin: {origin} too, or the page only sees a CORS error."
    );
    let title = format!("Send CORS headers for {origin} on error responses too");
    let (lang, body) = match stack {
        Some(Stack::Flask) => (
            "python",
            format!("CORS(app, origins=[\"{origin}\"])  # its after_request hook also runs for error handlers' responses\n\n@app.errorhandler(Exception)\ndef on_error(e):\n    code = getattr(e, \"code\", 500)\n    return jsonify(error=str(e)), code\n"),
        ),
        Some(Stack::Fastapi) => (
            "python",
            format!("# Unhandled 500s are answered by ServerErrorMiddleware, which sits OUTSIDE app.add_middleware(...),\n# so they lack CORS headers. Wrap the whole app instead:\nfrom starlette.middleware.cors import CORSMiddleware\n\napi = FastAPI()\n# ... routes on api ...\napp = CORSMiddleware(api, allow_origins=[\"{origin}\"], allow_methods=[\"*\"], allow_headers=[\"*\"])\n# run: uvicorn main:app\n"),
        ),
        Some(Stack::Django) => (
            "python",
            format!("# CorsMiddleware first: it then sees every response, 403/404/500 included\nMIDDLEWARE = [\n    \"corsheaders.middleware.CorsMiddleware\",\n    # ...\n]\nCORS_ALLOWED_ORIGINS = [\"{origin}\"]\n"),
        ),
        Some(Stack::Express) => (
            "js",
            format!("app.use(cors({{ origin: '{origin}' }})); // first, before body parsers and auth, so every response has the headers\n// ... routes ...\n// error handler last: cors already set the headers on res\napp.use((err, req, res, next) => {{\n  res.status(err.status || 500).json({{ error: err.message }});\n}});\n"),
        ),
        Some(Stack::Koa) => (
            "js",
            format!("app.use(cors({{\n  origin: '{origin}',\n  keepHeadersOnError: true, // copy the CORS headers onto thrown errors\n}}));\n"),
        ),
        Some(Stack::Slim) => (
            "php",
            format!("// Exceptions skip the middleware stack in Slim 3: add the headers in the error handlers\n$container = $app->getContainer();\n$container['errorHandler'] = function ($c) {{\n    return function ($request, $response, $exception) {{\n        return $response->withStatus(500)\n            ->withHeader('Access-Control-Allow-Origin', '{origin}')\n            ->withHeader('Vary', 'Origin')\n            ->withJson(['error' => 'Internal Server Error']);\n    }};\n}};\n// and the same for $container['phpErrorHandler']\n"),
        ),
        Some(Stack::Laravel) => (
            "php",
            format!("// HandleCors (global middleware) adds the headers to rendered exceptions as well,\n// provided the path is covered in config/cors.php:\n'paths' => ['api/*'],\n'allowed_origins' => ['{origin}'],\n"),
        ),
        Some(Stack::Spring) => (
            "java",
            format!("// A servlet-level CorsFilter also covers 404/405 and errors raised before a handler is chosen\n@Bean\npublic CorsFilter corsFilter() {{\n    CorsConfiguration config = new CorsConfiguration();\n    config.addAllowedOrigin(\"{origin}\");\n    config.addAllowedMethod(\"*\");\n    config.addAllowedHeader(\"*\");\n    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();\n    source.registerCorsConfiguration(\"/**\", config);\n    return new CorsFilter(source);\n}}\n"),
        ),
        Some(Stack::AspnetCore) => (
            "csharp",
            format!("// UseExceptionHandler re-runs the pipeline for /error; UseCors after it applies to that run too\napp.UseExceptionHandler(\"/error\");\napp.UseRouting();\napp.UseCors(\"frontend\"); // policy: WithOrigins(\"{origin}\")\napp.UseAuthentication();\napp.UseAuthorization();\n"),
        ),
        Some(Stack::Rails) => (
            "ruby",
            format!("# position 0: outside ActionDispatch::ShowExceptions, so error pages get the headers too\nRails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins \"{origin}\"\n    resource \"*\", headers: :any, methods: :any\n  end\nend\n"),
        ),
        Some(Stack::Axum) => (
            "rust",
            format!("use tower_http::catch_panic::CatchPanicLayer;\n\nlet app = Router::new()\n    // ... routes ...\n    .layer(CatchPanicLayer::new()) // panics become 500 responses…\n    .layer(CorsLayer::new().allow_origin(HeaderValue::from_static(\"{origin}\"))); // …that still pass through CORS\n"),
        ),
        Some(Stack::Actix) => (
            "rust",
            format!("App::new()\n    // ... services ...\n    .wrap(Cors::default().allowed_origin(\"{origin}\")) // outermost: error responses pass through it too\n"),
        ),
        Some(Stack::Nginx) => (
            "nginx",
            format!("# without `always`, add_header only applies to 200, 201, 204, 206, 301, 302, 303, 304, 307, 308\nadd_header Access-Control-Allow-Origin \"{origin}\" always;\nadd_header Vary Origin always;\n"),
        ),
        Some(Stack::Apache) => (
            "apache",
            format!("# `Header set` only touches 2xx responses; `Header always set` covers errors too\nHeader always set Access-Control-Allow-Origin \"{origin}\"\nHeader always merge Vary Origin\n"),
        ),
        None => (
            "http",
            format!("# every response, 4xx and 5xx included:\nAccess-Control-Allow-Origin: {origin}\nVary: Origin\n"),
        ),
    };
    let code = if lang == "php" {
        format!("<?php\n{}\n{body}", comment(lang, &head))
    } else {
        format!("{}\n{body}", comment(lang, &head))
    };
    fix(title, lang, code)
}

// ---- MissingRoute / MethodMismatch ------------------------------------------------

/// The methods a route should answer: those it already allows (minus the
/// automatic HEAD/OPTIONS) plus the one the client sends.
fn route_methods(method: &Method, allowed: &[Method]) -> Vec<Method> {
    let mut v: Vec<Method> = allowed.iter().filter(|m| !matches!(m, Method::Head | Method::Options)).cloned().collect();
    if !v.contains(method) {
        v.push(method.clone());
    }
    v
}

fn register_route(stack: Option<Stack>, method: &Method, path: &str, allowed: &[Method]) -> Fix {
    let all = route_methods(method, allowed);
    let names: Vec<String> = all.iter().map(|m| m.as_str().to_string()).collect();
    let handler = handler_name(method, path);
    let params = param_names(path);
    let m = method.as_str();
    let short = shorthand(method);
    let title = if allowed.is_empty() {
        format!("Register a {m} handler for {path}")
    } else {
        format!(
            "Add {m} to the methods {path} accepts (now {})",
            allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
        )
    };
    let head = if allowed.is_empty() {
        format!("{m} {path}: no handler answers this method here. Register one:")
    } else {
        format!(
            "{m} {path}: the route exists but refuses {m} (Allow: {}). Add {m} to it:",
            allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ")
        )
    };
    match stack {
        Some(Stack::Flask) => fix(
            title,
            "python",
            format!(
                "{}\n@app.route(\"{}\", methods=[{}])\ndef {handler}({}):\n    ...\n",
                comment("python", &head),
                route_pattern(path, Style::Angle),
                dq(&names),
                params.join(", ")
            ),
        ),
        Some(Stack::Fastapi) => {
            let args = params.iter().map(|p| format!("{p}: int")).collect::<Vec<_>>().join(", ");
            let deco = match short {
                Some(s) if !matches!(method, Method::Head | Method::Options) => format!("@app.{s}(\"{}\")", route_pattern(path, Style::Brace)),
                _ => format!("@app.api_route(\"{}\", methods=[\"{m}\"])", route_pattern(path, Style::Brace)),
            };
            fix(
                title,
                "python",
                format!(
                    "{}\n# (Starlette's 405 Allow lists only the first matching route's methods: check every route on this path.)\n{deco}\nasync def {handler}({args}):\n    ...\n",
                    comment("python", &head)
                ),
            )
        }
        Some(Stack::Django) => {
            let dj = route_pattern(path, Style::Angle);
            let dj = dj.trim_start_matches('/');
            let view = pascal(&singular(&resource(path))) + "View";
            let mut methods_defs = String::new();
            for mm in &all {
                let args = std::iter::once("self, request".to_string()).chain(params.iter().cloned()).collect::<Vec<_>>().join(", ");
                methods_defs.push_str(&format!("    def {}({args}):\n        ...\n\n", mm.as_str().to_ascii_lowercase()));
            }
            fix(
                title,
                "python",
                format!(
                    "{}\n# views.py — a class-based view answers each method its class defines (and OPTIONS)\nfrom django.views import View\n\nclass {view}(View):\n{methods_defs}# urls.py\npath(\"{dj}\", {view}.as_view()),\n# Cookie-authenticated {m} also needs the CSRF token (X-CSRFToken header).\n",
                    comment("python", &head)
                ),
            )
        }
        Some(Stack::Express) => {
            let r = route_pattern(path, Style::Colon);
            let line = match short {
                Some(s) => format!("app.{s}('{r}', (req, res) => {{\n  // ...\n  res.json({{ ok: true }});\n}});\n"),
                None => format!("app.all('{r}', (req, res, next) => {{\n  if (req.method !== '{m}') return next();\n  // ...\n  res.json({{ ok: true }});\n}});\n"),
            };
            fix(
                title,
                "js",
                format!("{}\n// (Express answers 404 \"Cannot {m} {path}\" when no route matches the method.)\napp.use(express.json());\n{line}", comment("js", &head)),
            )
        }
        Some(Stack::Koa) => {
            let r = route_pattern(path, Style::Colon);
            let verb = short.unwrap_or("all");
            fix(
                title,
                "js",
                format!(
                    "{}\nrouter.{verb}('{r}', async (ctx) => {{\n  // ...\n  ctx.body = {{ ok: true }};\n}});\napp.use(router.routes());\napp.use(router.allowedMethods());\n",
                    comment("js", &head)
                ),
            )
        }
        Some(Stack::Slim) => {
            let r = route_pattern(path, Style::Brace);
            let line = if all.len() == 1 && short.is_some() {
                format!("$app->{}('{r}', function ($request, $response, $args) {{\n    // ...\n    return $response->withJson(['ok' => true]);\n}});\n", short.unwrap_or("map"))
            } else {
                format!("$app->map([{}], '{r}', function ($request, $response, $args) {{\n    // ...\n    return $response->withJson(['ok' => true]);\n}});\n", sq(&names))
            };
            fix(
                title,
                "php",
                format!(
                    "<?php\n{}\n// Register it before the catch-all $app->options('/{{routes:.+}}', …): that route only serves OPTIONS,\n// so without this Slim answers \"Method not allowed. Must be one of: OPTIONS\".\n{line}",
                    comment("php", &head)
                ),
            )
        }
        Some(Stack::Laravel) => {
            let (file, rel) = match path.strip_prefix("/api/") {
                Some(rest) => ("routes/api.php (prefixed with /api)", format!("/{rest}")),
                None => ("routes/web.php", path.to_string()),
            };
            let r = route_pattern(&rel, Style::Brace);
            let ctrl = pascal(&singular(&resource(path))) + "Controller";
            let action = match method {
                Method::Get => "show",
                Method::Post => "store",
                Method::Put | Method::Patch => "update",
                Method::Delete => "destroy",
                _ => "handle",
            };
            let line = if all.len() == 1 && short.is_some() {
                format!("Route::{}('{r}', [{ctrl}::class, '{action}']);\n", short.unwrap_or("any"))
            } else {
                format!("Route::match([{}], '{r}', [{ctrl}::class, '{action}']);\n", sq(&lower_all(&names)))
            };
            fix(title, "php", format!("<?php\n{}\n// {file}\n{line}", comment("php", &head)))
        }
        Some(Stack::Spring) => {
            let r = route_pattern(path, Style::Brace);
            let ann = match method {
                Method::Get => format!("@GetMapping(\"{r}\")"),
                Method::Post => format!("@PostMapping(\"{r}\")"),
                Method::Put => format!("@PutMapping(\"{r}\")"),
                Method::Patch => format!("@PatchMapping(\"{r}\")"),
                Method::Delete => format!("@DeleteMapping(\"{r}\")"),
                _ => format!("@RequestMapping(path = \"{r}\", method = RequestMethod.{m})"),
            };
            let args = params.iter().map(|p| format!("@PathVariable(\"{p}\") long {}", camel(p))).chain(
                (!matches!(method, Method::Get | Method::Delete | Method::Head | Method::Options)).then(|| "@RequestBody Map<String, Object> body".to_string()),
            );
            fix(
                title,
                "java",
                format!(
                    "{}\n{ann}\npublic ResponseEntity<?> {}({}) {{\n    // ...\n    return ResponseEntity.ok().build();\n}}\n",
                    comment("java", &head),
                    camel(&handler),
                    args.collect::<Vec<_>>().join(", ")
                ),
            )
        }
        Some(Stack::AspnetCore) => {
            let r = route_pattern(path, Style::Brace);
            let args = params.iter().map(|p| format!("int {}", camel(p))).collect::<Vec<_>>().join(", ");
            let line = match method {
                Method::Get => format!("app.MapGet(\"{r}\", ({args}) => Results.Ok());\n"),
                Method::Post => format!("app.MapPost(\"{r}\", ({args}) => Results.Ok());\n"),
                Method::Put => format!("app.MapPut(\"{r}\", ({args}) => Results.Ok());\n"),
                Method::Patch => format!("app.MapPatch(\"{r}\", ({args}) => Results.Ok());\n"),
                Method::Delete => format!("app.MapDelete(\"{r}\", ({args}) => Results.Ok());\n"),
                _ => format!("app.MapMethods(\"{r}\", new[] {{ \"{m}\" }}, ({args}) => Results.Ok());\n"),
            };
            fix(title, "csharp", format!("{}\n// (or [Http{}(\"{r}\")] on a controller action)\n{line}", comment("csharp", &head), pascal(&m.to_ascii_lowercase())))
        }
        Some(Stack::Rails) => {
            let r = route_pattern(path, Style::Colon);
            let ctrl = resource(path).to_ascii_lowercase();
            let action = match method {
                Method::Get => "show",
                Method::Post => "create",
                Method::Put | Method::Patch => "update",
                Method::Delete => "destroy",
                _ => "handle",
            };
            let line = match short {
                Some(s) => format!("{s} \"{r}\", to: \"{ctrl}#{action}\"\n"),
                None => format!("match \"{r}\", to: \"{ctrl}#{action}\", via: :{}\n", m.to_ascii_lowercase()),
            };
            fix(
                title,
                "ruby",
                format!("{}\n# config/routes.rb (Rails answers 404 \"No route matches [{m}]\" otherwise)\n{line}", comment("ruby", &head)),
            )
        }
        Some(Stack::Axum) => {
            let r = route_pattern(path, Style::Brace);
            let chain = all
                .iter()
                .enumerate()
                .map(|(i, mm)| {
                    let h = handler_name(mm, path);
                    match (i, shorthand(mm)) {
                        (0, Some(s)) => format!("{s}({h})"),
                        (_, Some(s)) => format!(".{s}({h})"),
                        // MethodFilter has no extension methods: take any and check req.method() in the handler
                        (0, None) => format!("any({h}) /* {} */", mm.as_str()),
                        (_, None) => format!(".fallback({h}) /* {} */", mm.as_str()),
                    }
                })
                .collect::<String>();
            fix(
                title,
                "rust",
                format!(
                    "{}\n// axum 0.8 path syntax; axum 0.7 writes \"{}\"\nlet app = Router::new()\n    .route(\"{r}\", {chain});\n",
                    comment("rust", &head),
                    route_pattern(path, Style::Colon)
                ),
            )
        }
        Some(Stack::Actix) => {
            let r = route_pattern(path, Style::Brace);
            let routes = all
                .iter()
                .map(|mm| {
                    let h = handler_name(mm, path);
                    match shorthand(mm) {
                        Some(s) => format!("\n            .route(web::{s}().to({h}))"),
                        None => format!("\n            .route(web::method(Method::from_bytes(b\"{}\").unwrap()).to({h}))", mm.as_str()),
                    }
                })
                .collect::<String>();
            fix(
                title,
                "rust",
                format!(
                    "{}\nApp::new().service(\n    web::resource(\"{r}\"){routes},\n)\n",
                    comment("rust", &head)
                ),
            )
        }
        Some(Stack::Nginx) | Some(Stack::Apache) => web_server_rule(stack, method, path),
        None => fix(
            title,
            "text",
            format!(
                "{}\n#   {m} {} → a handler in your application (methods: {})\n# and make sure nothing in front of it (proxy, gateway) refuses {m}.\n",
                comment("text", &head),
                path,
                names.join(", ")
            ),
        ),
    }
}

fn switch_method(method: &Method, suggested: &Method, path: &str, allowed: &[Method]) -> Fix {
    let allow = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
    let body = if matches!(suggested, Method::Get | Method::Head | Method::Delete) {
        String::new()
    } else {
        "\n  headers: { 'Content-Type': 'application/json' },\n  body: JSON.stringify(data),".to_string()
    };
    let code = format!(
        "// {path} allows {allow} (its Allow header), not {method}. Send {suggested}:\nconst res = await fetch('{path}', {{\n  method: '{suggested}',{body}\n}});\n"
    );
    fix(format!("Send {suggested} instead of {method} to {path}"), "js", code)
}

// ---- WebServerRule -------------------------------------------------------------------

fn web_server_rule(stack: Option<Stack>, method: &Method, path: &str) -> Fix {
    let m = method.as_str();
    let loc = location_prefix(path);
    match stack {
        Some(Stack::Apache) => fix(
            format!("Let {m} {path} through Apache to the application"),
            "apache",
            format!(
                "# Apache answered {m} {path} itself. Proxy the path to the app, and if a method rule\n# (<Limit>/<LimitExcept>, RewriteCond %{{REQUEST_METHOD}}) is in place, let {m} through:\n<Location \"{loc}\">\n    ProxyPass \"http://127.0.0.1:8000{loc}\"\n    ProxyPassReverse \"http://127.0.0.1:8000{loc}\"\n    <LimitExcept {}>\n        Require all denied\n    </LimitExcept>\n</Location>\n# also check .htaccess files under this path for <Limit> and RewriteCond %{{REQUEST_METHOD}} rules\n",
                apache_methods(m)
            ),
        ),
        Some(Stack::Nginx) => fix(
            format!("Let {m} {path} through nginx to the application"),
            "nginx",
            nginx_rule(m, path, &loc),
        ),
        _ => {
            let mut code = nginx_rule(m, path, &loc);
            code.push_str(&format!(
                "\n# Apache equivalent:\n#   <Location \"{loc}\">\n#       ProxyPass \"http://127.0.0.1:8000{loc}\"\n#   </Location>\n#   and no <LimitExcept>/<Limit> denying {m}\n"
            ));
            fix(format!("Let {m} {path} through the web server to the application"), "nginx", code)
        }
    }
}

fn apache_methods(m: &str) -> String {
    let mut v: Vec<&str> = vec!["GET", "HEAD", "POST"];
    if !v.contains(&m) && m != "OPTIONS" {
        v.push(m);
    }
    v.push("OPTIONS");
    v.join(" ")
}

fn nginx_rule(m: &str, path: &str, loc: &str) -> String {
    let mut allowed: Vec<&str> = vec!["GET", "POST"];
    if !allowed.contains(&m) && m != "HEAD" && m != "OPTIONS" {
        allowed.push(m);
    }
    allowed.push("OPTIONS"); // or the CORS preflight gets 403
    format!(
        "# nginx answered {m} {path} itself: a static `root`/`try_files` location (files only take GET/HEAD),\n# a `return 405`, or a limit_except. Send the path to the app and allow {m}:\nlocation {loc} {{\n    limit_except {} {{ deny all; }}  # GET implies HEAD; or drop limit_except entirely\n    proxy_pass http://127.0.0.1:8000;\n}}\n",
        allowed.join(" ")
    )
}

// ---- RedirectChangedMethod ----------------------------------------------------------------

fn redirect_changed(stack: Option<Stack>, method: &Method, from: &str, to: &str, status: u16) -> Fix {
    let m = method.as_str();
    let head = format!(
        "{status} from {from} to {to} made the browser re-send your {m} as GET (the body is dropped). Call {to} directly, or redirect with 307/308, which keep the method and body."
    );
    let title = format!("Keep {m} across the redirect from {from}");
    let to_path = url_path(to);
    let from_path = url_path(from);
    let (lang, body) = match stack {
        Some(Stack::Flask) => ("python", format!("from flask import redirect\n\nreturn redirect(\"{to}\", code=307)  # not the default 302\n")),
        Some(Stack::Django) if to_path.len() == from_path.len() + 1 && to_path.ends_with('/') && to_path.starts_with(from_path) => (
            "python",
            format!(
                "# This is APPEND_SLASH: CommonMiddleware redirects {from_path} to {to_path} (301 with DEBUG=False).\n# Call {to} (with the slash) from the frontend, or accept both forms in urls.py:\nfrom django.urls import re_path\n\nurlpatterns = [\n    re_path(r\"^{}/?$\", views.{}),\n]\n",
                regex_escape(from_path.trim_start_matches('/')),
                handler_name(method, from_path)
            ),
        ),
        Some(Stack::Django) => (
            "python",
            format!("from django.http import HttpResponseRedirect\n\nresponse = HttpResponseRedirect(\"{to}\")\nresponse.status_code = 307  # keeps {m} and its body (HttpResponsePermanentRedirect → set 308)\nreturn response\n"),
        ),
        Some(Stack::Fastapi) => (
            "python",
            format!("from fastapi.responses import RedirectResponse\n\nreturn RedirectResponse(\"{to}\", status_code=307)  # 307 is the default; 301/302/303 turn {m} into GET\n"),
        ),
        Some(Stack::Express) => ("js", format!("res.redirect(307, '{to}'); // res.redirect(url) alone sends 302\n")),
        Some(Stack::Koa) => ("js", format!("ctx.status = 307; // set before redirect(), which otherwise uses 302\nctx.redirect('{to}');\n")),
        Some(Stack::Slim) => ("php", format!("<?php\nreturn $response->withRedirect('{to}', 307);\n")),
        Some(Stack::Laravel) => ("php", format!("<?php\nreturn redirect('{to}', 307);  // redirect() defaults to 302\n")),
        Some(Stack::Spring) => (
            "java",
            format!("return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT) // \"redirect:\" views send 302\n        .location(URI.create(\"{to}\"))\n        .build();\n"),
        ),
        Some(Stack::AspnetCore) => (
            "csharp",
            format!("return Results.Redirect(\"{to}\", permanent: false, preserveMethod: true); // 307\n"),
        ),
        Some(Stack::Rails) => ("ruby", format!("redirect_to \"{to}\", status: :temporary_redirect # 307; the default is 302\n")),
        Some(Stack::Axum) => (
            "rust",
            format!("use axum::response::Redirect;\n\n// Redirect::to is 303 (turns {m} into GET); temporary is 307, permanent 308\nRedirect::temporary(\"{to}\")\n"),
        ),
        Some(Stack::Actix) => (
            "rust",
            format!("HttpResponse::TemporaryRedirect() // 307\n    .insert_header((header::LOCATION, \"{to}\"))\n    .finish()\n"),
        ),
        Some(Stack::Nginx) => (
            "nginx",
            format!("location = {from_path} {{\n    return 308 {to};  # not 301/302, and not `rewrite … permanent`\n}}\n"),
        ),
        Some(Stack::Apache) => ("apache", format!("Redirect 308 \"{from_path}\" \"{to}\"\n# or with mod_rewrite: RewriteRule … [R=308,L]\n")),
        None => ("js", format!("await fetch('{to}', {{\n  method: '{m}',\n  // same headers and body\n}});\n")),
    };
    let code = if lang == "php" {
        body.replacen("<?php\n", &format!("<?php\n{}\n", comment(lang, &head)), 1)
    } else {
        format!("{}\n{body}", comment(lang, &head))
    };
    fix(title, lang, code)
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".+*?()[]{}|^$\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_find_agrees_with_lowercasing_both() {
        let hays = [
            "",
            "a",
            "method not allowed. must be one of: options",
            "<h1>cannot put /x</h1>",
            "ééé<center>nginx</center>",
            "aaab",
            "abab",
        ];
        let needles = [
            "",
            "A",
            "Method Not Allowed",
            "<center>NGINX</center>",
            "cannot PUT /x",
            "aab",
            "bab",
            "é<c",
            "zz",
            "abab5",
        ];
        for h in hays {
            for n in needles {
                assert_eq!(find_ascii_ci(h.as_bytes(), n.as_bytes()), h.find(&n.to_ascii_lowercase()), "{h:?} {n:?}");
            }
        }
    }

    fn hs(pairs: &[(&str, &str)]) -> Headers {
        let mut h = Headers::new();
        for (n, v) in pairs {
            h.push(*n, *v);
        }
        h
    }

    struct Case {
        name: &'static str,
        status: u16,
        headers: Vec<(&'static str, &'static str)>,
        body: Option<&'static str>,
        generated: Option<Stack>,
        seen: Vec<Stack>,
    }

    fn run(c: &Case) -> Detection {
        let d = detect(c.status, &hs(&c.headers), c.body);
        assert_eq!(d.generated_by.as_ref().map(|g| g.0), c.generated, "{}: generated_by {:?}", c.name, d);
        let seen: Vec<Stack> = d.seen.iter().map(|s| s.0).collect();
        assert_eq!(seen, c.seen, "{}: seen {:?}", c.name, d);
        for (_, ev) in d.generated_by.iter().chain(d.seen.iter()) {
            assert!(
                !ev.is_empty() && !ev.contains("{value}") && !ev.contains("{line}") && !ev.contains("{h:"),
                "{}: evidence {ev:?}",
                c.name
            );
        }
        d
    }

    /// One `#[test]` per case, and `all_cases()` for the coverage test.
    macro_rules! cases {
        ($( $name:ident : $status:expr, [$(($hn:expr, $hv:expr)),* $(,)?], $body:expr => $gen:expr, [$($seen:expr),* $(,)?]; )*) => {
            $(
                #[test]
                fn $name() {
                    run(&Case { name: stringify!($name), status: $status, headers: vec![$(($hn, $hv)),*], body: $body, generated: $gen, seen: vec![$($seen),*] });
                }
            )*
            fn all_cases() -> Vec<Case> {
                vec![$(Case { name: stringify!($name), status: $status, headers: vec![$(($hn, $hv)),*], body: $body, generated: $gen, seen: vec![$($seen),*] }),*]
            }
        };
    }

    const NGINX_405: &str = "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
    const APACHE_405: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>405 Method Not Allowed</title>\n</head><body>\n<h1>Method Not Allowed</h1>\n<p>The requested method POST is not allowed for this URL.</p>\n<hr>\n<address>Apache/2.4.57 (Debian) Server at localhost Port 7106</address>\n</body></html>\n";
    const WERKZEUG_405: &str = "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n";
    const WERKZEUG_404: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n";
    const EXPRESS_404: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot PUT /items/1</pre>\n</body>\n</html>\n";
    const SLIM_405: &str = "<html>\n    <head>\n        <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n        <title>Method not allowed</title>\n    </head>\n    <body>\n        <h1>Method not allowed</h1>\n        <p>Method not allowed. Must be one of: <strong>OPTIONS</strong></p>\n    </body>\n</html>";
    const LARAVEL_405: &str = "{\"message\":\"The PUT method is not supported for route api/items/1. Supported methods: GET, HEAD.\",\"exception\":\"Symfony\\\\Component\\\\HttpKernel\\\\Exception\\\\MethodNotAllowedHttpException\",\"file\":\"/app/vendor/laravel/framework/src/Illuminate/Routing/AbstractRouteCollection.php\",\"line\":123}";

    cases! {
        // ---- nginx
        nginx_own_405_page: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html"), ("Content-Length", "157"), ("Connection", "keep-alive")], Some(NGINX_405) => Some(Stack::Nginx), [];
        openresty_own_403_page: 403, [("Server", "openresty/1.21.4.1"), ("Content-Type", "text/html")], Some("<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>openresty/1.21.4.1</center>\n</body>\n</html>\n") => Some(Stack::Nginx), [];
        nginx_error_shape_without_body: 403, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html"), ("Content-Length", "153")], None => Some(Stack::Nginx), [];
        nginx_in_front_of_json: 200, [("Server", "nginx/1.22.1"), ("Content-Type", "application/json")], Some("{\"ok\":true}") => None, [Stack::Nginx];
        openresty_in_front: 200, [("Server", "openresty"), ("Content-Type", "application/json")], Some("[]") => None, [Stack::Nginx];
        fastapi_405_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "application/json"), ("Allow", "GET")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Nginx];
        // ---- Apache
        apache_own_405_page: 405, [("Server", "Apache/2.4.57 (Debian)"), ("Allow", "GET,POST,OPTIONS,HEAD"), ("Content-Type", "text/html; charset=iso-8859-1")], Some(APACHE_405) => Some(Stack::Apache), [];
        apache_403_without_body: 403, [("Server", "Apache/2.4.57 (Debian)"), ("Content-Type", "text/html; charset=iso-8859-1"), ("Keep-Alive", "timeout=5, max=100")], None => Some(Stack::Apache), [];
        apache_in_front_of_php: 200, [("Server", "Apache/2.4.57 (Debian)"), ("X-Powered-By", "PHP/8.2.7"), ("Content-Type", "application/json")], Some("{}") => None, [Stack::Apache];
        // ---- Flask
        werkzeug_405_page: 405, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Flask), [];
        werkzeug_404_behind_nginx: 404, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_404) => Some(Stack::Flask), [Stack::Nginx];
        werkzeug_preflight_header_only: 200, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Length", "0")], None => Some(Stack::Flask), [];
        // ---- Django
        django_debug_404: 404, [("Content-Type", "text/html; charset=utf-8")], Some("<p>\n      Using the URLconf defined in <code>mysite.urls</code>,\n      Django tried these URL patterns") => Some(Stack::Django), [];
        django_csrf_403: 403, [("Content-Type", "text/html; charset=utf-8")], Some("<h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>") => Some(Stack::Django), [];
        django_404_page: 404, [("Content-Type", "text/html; charset=utf-8")], Some("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n") => Some(Stack::Django), [];
        django_500_page: 500, [("Content-Type", "text/html; charset=utf-8")], Some("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n") => Some(Stack::Django), [];
        drf_405_json: 405, [("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "application/json"), ("Vary", "Accept, Cookie")], Some("{\"detail\":\"Method \\\"PUT\\\" not allowed.\"}") => Some(Stack::Django), [];
        django_runserver_405: 405, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Content-Type", "text/html; charset=utf-8"), ("Allow", "GET"), ("X-Frame-Options", "DENY"), ("Content-Length", "0"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [];
        django_runserver_coop_only: 200, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [];
        django_cors_headers_preflight: 200, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("access-control-allow-origin", "http://localhost:7100"), ("access-control-allow-headers", "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with"), ("access-control-allow-methods", "DELETE, GET, OPTIONS, PATCH, POST, PUT"), ("access-control-max-age", "86400")], None => Some(Stack::Django), [];
        django_hallmarks_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html; charset=utf-8"), ("Allow", "GET, OPTIONS"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [Stack::Nginx];
        django_channels_daphne: 404, [("Server", "daphne")], None => Some(Stack::Django), [];
        // ---- FastAPI / Starlette
        starlette_cors_refusal: 400, [("server", "uvicorn"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], Some("Disallowed CORS origin") => Some(Stack::Fastapi), [];
        fastapi_405_direct: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [];
        fastapi_404_behind_nginx: 404, [("Server", "nginx/1.22.1"), ("Content-Type", "application/json")], Some("{\"detail\":\"Not Found\"}") => Some(Stack::Fastapi), [Stack::Nginx];
        fastapi_422_validation: 422, [("content-type", "application/json")], Some("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"input\":{}}]}") => Some(Stack::Fastapi), [];
        hypercorn_server: 200, [("server", "hypercorn-h11")], None => Some(Stack::Fastapi), [];
        starlette_preflight_behind_nginx: 200, [("Server", "nginx/1.22.1"), ("access-control-allow-origin", "http://localhost:7100"), ("access-control-max-age", "600"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], None => Some(Stack::Fastapi), [Stack::Nginx];
        starlette_plain_405_under_uvicorn: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => Some(Stack::Fastapi), [];
        // ---- Express
        express_finalhandler_404: 404, [("X-Powered-By", "Express"), ("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff"), ("Content-Type", "text/html; charset=utf-8")], Some(EXPRESS_404) => Some(Stack::Express), [];
        express_404_headers_only: 404, [("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff"), ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "146")], None => Some(Stack::Express), [];
        express_cors_preflight: 204, [("X-Powered-By", "Express"), ("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE"), ("Vary", "Origin, Access-Control-Request-Headers")], None => Some(Stack::Express), [];
        cors_package_behind_nginx: 204, [("Server", "nginx/1.22.1"), ("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")], None => Some(Stack::Express), [Stack::Nginx];
        // ---- Koa
        koa_cors_preflight: 204, [("Vary", "Origin"), ("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Methods", "GET,HEAD,PUT,POST,DELETE,PATCH")], None => Some(Stack::Koa), [];
        koa_router_405: 405, [("Allow", "HEAD, GET"), ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "18"), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")], Some("Method Not Allowed") => Some(Stack::Koa), [];
        koa_router_405_without_body: 405, [("Allow", "HEAD, GET"), ("Content-Type", "text/plain; charset=utf-8"), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")], None => Some(Stack::Koa), [];
        koa_router_501: 501, [("Content-Type", "text/plain; charset=utf-8")], Some("Not Implemented") => Some(Stack::Koa), [];
        // ---- Slim
        slim_catch_all_405: 405, [("Host", "localhost:7104"), ("X-Powered-By", "PHP/8.2.7"), ("Allow", "OPTIONS"), ("Content-type", "text/html")], Some(SLIM_405) => Some(Stack::Slim), [];
        slim_application_error: 500, [("X-Powered-By", "PHP/8.2.7"), ("Content-type", "text/html")], Some("<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'><title>Slim Application Error</title>") => Some(Stack::Slim), [];
        slim3_options_answer: 200, [("X-Powered-By", "PHP/8.2.7"), ("Allow", "GET, PUT"), ("Content-type", "text/plain")], Some("Allowed methods: GET, PUT") => Some(Stack::Slim), [];
        slim3_404_page: 404, [("X-Powered-By", "PHP/8.2.7"), ("Content-type", "text/html")], Some("<h1>Page Not Found</h1>\n<p>The page you are looking for could not be found. Check the address bar to ensure your URL is spelled correctly.") => Some(Stack::Slim), [];
        slim_catch_all_405_without_body: 405, [("X-Powered-By", "PHP/8.2.7"), ("Allow", "OPTIONS"), ("Content-type", "text/html")], None => Some(Stack::Slim), [];
        slim3_405_shape_without_body: 405, [("X-Powered-By", "PHP/8.2.7"), ("Allow", "GET, POST"), ("Content-type", "text/html")], None => Some(Stack::Slim), [];
        php_alone_is_not_slim: 405, [("X-Powered-By", "PHP/8.2.7"), ("Allow", "GET"), ("Content-Type", "text/html; charset=UTF-8")], None => None, [];
        // ---- Laravel
        laravel_405_json: 405, [("X-Powered-By", "PHP/8.3.4"), ("Cache-Control", "no-cache, private"), ("Allow", "GET, HEAD"), ("Content-Type", "application/json")], Some(LARAVEL_405) => Some(Stack::Laravel), [];
        laravel_session_cookie: 200, [("Set-Cookie", "XSRF-TOKEN=eyJpdiI6; expires=Fri, 01 Nov 2024 12:00:00 GMT; path=/; samesite=lax"), ("Set-Cookie", "laravel_session=eyJpdiI6; path=/; httponly; samesite=lax")], Some("<!DOCTYPE html>") => Some(Stack::Laravel), [];
        laravel_xsrf_cookie_from_php: 200, [("X-Powered-By", "PHP/8.3.4"), ("Set-Cookie", "XSRF-TOKEN=eyJpdiI6; path=/; samesite=lax")], None => Some(Stack::Laravel), [];
        laravel_cache_control_only: 405, [("X-Powered-By", "PHP/8.3.4"), ("Cache-Control", "no-cache, private"), ("Allow", "GET, HEAD"), ("Content-Type", "text/html; charset=UTF-8")], None => Some(Stack::Laravel), [];
        // ---- Spring
        spring_whitelabel: 405, [("Content-Type", "text/html;charset=UTF-8"), ("Allow", "GET")], Some("<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for /error, so you are seeing this as a fallback.</p><div>There was an unexpected error (type=Method Not Allowed, status=405).</div></body></html>") => Some(Stack::Spring), [];
        spring_boot_json_error: 405, [("Content-Type", "application/json"), ("Allow", "GET")], Some("{\"timestamp\":\"2024-05-01T10:00:00.000+00:00\",\"status\":405,\"error\":\"Method Not Allowed\",\"path\":\"/items/1\"}") => Some(Stack::Spring), [];
        spring_method_not_supported_text: 405, [("Allow", "GET")], Some("Request method 'PUT' is not supported") => Some(Stack::Spring), [];
        spring6_problem_detail: 405, [("Content-Type", "application/problem+json"), ("Allow", "GET")], Some("{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,\"detail\":\"Method 'PUT' is not supported.\",\"instance\":\"/items/1\"}") => Some(Stack::Spring), [];
        spring_invalid_cors_request: 403, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers")], Some("Invalid CORS request") => Some(Stack::Spring), [];
        spring_boot1_application_context: 200, [("X-Application-Context", "application:8080")], None => Some(Stack::Spring), [];
        spring_cors_vary_headers: 200, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers"), ("Access-Control-Allow-Origin", "http://localhost:7100")], None => Some(Stack::Spring), [];
        spring_security_headers: 401, [("X-Content-Type-Options", "nosniff"), ("X-XSS-Protection", "0"), ("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"), ("Pragma", "no-cache"), ("Expires", "0"), ("X-Frame-Options", "DENY")], None => Some(Stack::Spring), [];
        // ---- ASP.NET Core
        kestrel_empty_405: 405, [("Server", "Kestrel"), ("Allow", "GET"), ("Content-Length", "0")], None => Some(Stack::AspnetCore), [];
        aspnet_problem_details_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "application/problem+json; charset=utf-8")], Some("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.6\",\"title\":\"Method Not Allowed\",\"status\":405,\"traceId\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\"}") => Some(Stack::AspnetCore), [Stack::Nginx];
        iis_aspnet_powered_by: 200, [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET")], None => None, [Stack::AspnetCore];
        // ---- Rails
        rails_routing_error_json: 404, [("Content-Type", "application/json; charset=utf-8"), ("X-Request-Id", "8c5b6a2e-1a0b-4c1e-9d1e-3f2b8e0c7a11"), ("X-Runtime", "0.004512")], Some("{\"status\":404,\"error\":\"Not Found\",\"exception\":\"#<ActionController::RoutingError: No route matches [PUT] \\\"/items/1\\\">\"}") => Some(Stack::Rails), [];
        rails_public_404: 404, [("Content-Type", "text/html; charset=UTF-8")], Some("<h1>The page you were looking for doesn't exist.</h1>") => Some(Stack::Rails), [];
        rack_runtime_only: 200, [("X-Runtime", "0.012")], None => Some(Stack::Rails), [];
        rails_security_headers: 404, [("X-Frame-Options", "SAMEORIGIN"), ("X-XSS-Protection", "0"), ("X-Content-Type-Options", "nosniff"), ("X-Permitted-Cross-Domain-Policies", "none"), ("Referrer-Policy", "strict-origin-when-cross-origin")], None => Some(Stack::Rails), [];
        webrick_server: 200, [("Server", "WEBrick/1.8.1 (Ruby/3.2.2/2023-03-30)")], None => Some(Stack::Rails), [];
        // ---- axum
        axum_json_body_rejection: 422, [("content-type", "text/plain; charset=utf-8")], Some("Failed to deserialize the JSON body into the target type: missing field `name` at line 1 column 2") => Some(Stack::Axum), [];
        axum_json_content_type_rejection: 415, [("content-type", "text/plain; charset=utf-8")], Some("Expected request with `Content-Type: application/json`") => Some(Stack::Axum), [];
        axum_json_syntax_rejection: 400, [("content-type", "text/plain; charset=utf-8")], Some("Failed to parse the request body as JSON: expected value at line 1 column 1") => Some(Stack::Axum), [];
        axum_query_rejection: 400, [("content-type", "text/plain; charset=utf-8")], Some("Failed to deserialize query string: missing field `page`") => Some(Stack::Axum), [];
        tower_http_cors_vary: 200, [("vary", "origin, access-control-request-method, access-control-request-headers"), ("access-control-allow-origin", "http://localhost:7100")], None => Some(Stack::Axum), [];
        // ---- actix-web
        actix_json_error: 400, [("content-type", "text/plain; charset=utf-8")], Some("Json deserialize error: missing field `name` at line 1 column 2") => Some(Stack::Actix), [];
        actix_cors_origin: 400, [("content-type", "text/plain; charset=utf-8")], Some("Origin is not allowed to make this request") => Some(Stack::Actix), [];
        actix_cors_method: 400, [], Some("Requested method is not allowed") => Some(Stack::Actix), [];
        actix_cors_headers: 400, [], Some("One or more request headers are not allowed") => Some(Stack::Actix), [];
        // ---- no guessing
        empty_405_with_allow_only: 405, [("allow", "GET,HEAD"), ("content-length", "0")], None => None, [];
        empty_405_with_allow_and_date: 405, [("Allow", "GET"), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Content-Length", "0")], Some("") => None, [];
        gunicorn_alone: 405, [("Server", "gunicorn"), ("Allow", "GET")], None => None, [];
        wsgiserver_without_django_hallmarks: 405, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Allow", "GET")], None => Some(Stack::Django), [];
        apache_403_without_signature: 403, [("Server", "Apache/2.4.71 (Debian)"), ("Content-Type", "text/html; charset=iso-8859-1")], Some("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don't have permission to access this resource.</p>\n</body></html>\n") => Some(Stack::Apache), [];
        plain_method_not_allowed_with_server: 405, [("Server", "SomethingElse/1.0"), ("Allow", "GET"), ("Content-Type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => None, [];
        blocked_request_status_zero: 0, [], None => None, [];
    }

    #[test]
    fn every_signature_row_is_exercised_by_a_case() {
        let cases = all_cases();
        let mut hit = vec![false; SIGNATURES.len()];
        for c in &cases {
            for m in matches(c.status, &hs(&c.headers), c.body) {
                hit[m.row] = true;
            }
        }
        let missing: Vec<String> = hit
            .iter()
            .enumerate()
            .filter(|(_, h)| !**h)
            .map(|(i, _)| format!("#{i} {:?} {}", SIGNATURES[i].stack, SIGNATURES[i].evidence))
            .collect();
        assert!(missing.is_empty(), "rows without a test case: {missing:#?}");
    }

    #[test]
    fn every_stack_has_a_signature_row() {
        for s in Stack::ALL {
            assert!(SIGNATURES.iter().any(|r| r.stack == s), "{s:?}");
        }
    }

    #[test]
    fn evidence_quotes_the_real_values() {
        let d = detect(405, &hs(&[("Server", "nginx/1.22.1"), ("Content-Type", "text/html")]), Some(NGINX_405));
        let (s, ev) = d.generated_by.unwrap();
        assert_eq!(s, Stack::Nginx);
        assert!(ev.contains("<center>nginx/1.22.1</center>"), "{ev}");
        let d = detect(405, &hs(&[("Server", "Werkzeug/3.0.1 Python/3.11.7")]), None);
        assert_eq!(d.generated_by.unwrap().1, "Server: Werkzeug/3.0.1 Python/3.11.7");
        let d = detect(405, &hs(&[("X-Powered-By", "PHP/8.2.7"), ("Allow", "OPTIONS")]), Some(SLIM_405));
        assert!(d.generated_by.unwrap().1.contains("Must be one of: <strong>OPTIONS</strong>"));
        let d = detect(200, &hs(&[("Server", "nginx/1.22.1")]), Some("{}"));
        assert_eq!(d.seen, vec![(Stack::Nginx, "Server: nginx/1.22.1".to_string())]);
        let d = detect(
            405,
            &hs(&[("Allow", "HEAD, GET"), ("Content-Type", "text/plain; charset=utf-8")]),
            Some("Method Not Allowed"),
        );
        assert!(d.generated_by.unwrap().1.contains("Allow: HEAD, GET"));
    }

    #[test]
    fn nginx_error_page_beats_app_headers_it_passed_through() {
        // nginx's error_page / proxy_intercept_errors page on a response that still carries the app's header
        let d = detect(502, &hs(&[("Server", "nginx"), ("Content-Type", "text/html"), ("X-Powered-By", "Express")]), Some("<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n"));
        assert_eq!(d.generated_by.map(|g| g.0), Some(Stack::Nginx));
        assert_eq!(d.seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![Stack::Express]);
    }

    #[test]
    fn express_behind_nginx_is_generated_by_express() {
        let d = detect(
            404,
            &hs(&[
                ("Server", "nginx/1.22.1"),
                ("X-Powered-By", "Express"),
                ("Content-Type", "text/html; charset=utf-8"),
            ]),
            Some(EXPRESS_404),
        );
        assert_eq!(d.generated_by.map(|g| g.0), Some(Stack::Express));
        assert_eq!(d.seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![Stack::Nginx]);
    }

    #[test]
    fn nginx_error_shape_needs_missing_body_and_no_allow() {
        // a 405 with Allow is never nginx's own
        let d = detect(405, &hs(&[("Server", "nginx"), ("Content-Type", "text/html"), ("Allow", "GET")]), None);
        assert_eq!(d.generated_by, None);
        // a proxied HTML body that is not nginx's page
        let d = detect(404, &hs(&[("Server", "nginx"), ("Content-Type", "text/html")]), Some("<h1>custom</h1>"));
        assert_eq!(d.generated_by, None);
    }

    #[test]
    fn huge_and_multibyte_bodies_do_not_panic() {
        let mut big = "é".repeat(40_000);
        big.push_str("<center>nginx</center>");
        let d = detect(404, &hs(&[]), Some(&big));
        assert_eq!(d.generated_by, None, "beyond the scan limit");
        let d = detect(404, &hs(&[]), Some("ünïcödé <center>nginx</center> ✓"));
        assert_eq!(d.generated_by.map(|g| g.0), Some(Stack::Nginx));
    }

    #[test]
    fn names_and_labels() {
        assert_eq!(Stack::ALL.len(), 14);
        for s in Stack::ALL {
            assert!(!s.label().is_empty());
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::String(s.as_str().into()));
            assert_eq!(Stack::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stack::AspnetCore.as_str(), "aspnet_core");
        assert_eq!(Stack::Flask.label(), "Flask (Werkzeug)");
        assert_eq!(Stack::Apache.label(), "Apache httpd");
        assert!(Stack::Nginx.is_web_server() && Stack::Apache.is_web_server());
        assert!(Stack::ALL.iter().filter(|s| s.is_web_server()).count() == 2);
        assert_eq!(Stack::parse("tomcat"), None);
    }

    // ---- fixes --------------------------------------------------------------

    fn stacks_and_none() -> Vec<Option<Stack>> {
        std::iter::once(None).chain(Stack::ALL.iter().copied().map(Some)).collect()
    }

    const ORIGIN: &str = "http://localhost:5173";
    const PATH: &str = "/items/42";

    fn kinds<'a>(
        methods: &'a [Method],
        headers: &'a [String],
        allowed: &'a [Method],
        put: &'a Method,
        patch: &'a Method,
    ) -> Vec<(&'static str, FixKind<'a>, Vec<&'static str>)> {
        vec![
            (
                "allow_cors",
                FixKind::AllowCors { origin: ORIGIN, methods, headers, credentials: false, path: PATH },
                vec![ORIGIN, "PUT", PATH],
            ),
            (
                "allow_cors_credentials",
                FixKind::AllowCors { origin: ORIGIN, methods, headers, credentials: true, path: PATH },
                vec![ORIGIN, "PUT", PATH],
            ),
            (
                "preflight_redirect",
                FixKind::PreflightRedirect { from: "http://api.test/items", to: "http://api.test/items/" },
                vec!["http://api.test/items"],
            ),
            ("preflight_before_auth", FixKind::PreflightBeforeAuth { path: PATH }, vec![PATH, "OPTIONS"]),
            ("credentials", FixKind::Credentials { origin: ORIGIN }, vec![ORIGIN]),
            ("cors_on_errors", FixKind::CorsOnErrors { origin: ORIGIN }, vec![ORIGIN]),
            ("missing_route", FixKind::MissingRoute { method: put, path: PATH }, vec!["PUT", PATH]),
            (
                "mismatch_suggested",
                FixKind::MethodMismatch { method: put, path: PATH, allowed, suggested: Some(patch) },
                vec!["PATCH", PATH],
            ),
            (
                "mismatch_plain",
                FixKind::MethodMismatch { method: put, path: PATH, allowed, suggested: None },
                vec!["PUT", PATH],
            ),
            ("web_server_rule", FixKind::WebServerRule { method: put, path: PATH }, vec!["PUT", PATH]),
            (
                "redirect_changed",
                FixKind::RedirectChangedMethod {
                    method: &Method::Post,
                    from: "http://api.test/items",
                    to: "http://api.test/items/",
                    status: 301,
                },
                vec!["POST", "http://api.test/items/", "307"],
            ),
        ]
    }

    #[test]
    fn fix_for_every_stack_and_kind_is_complete_and_mentions_the_facts() {
        let methods = [Method::Put];
        let headers = vec!["Content-Type".to_string(), "X-Api-Key".to_string()];
        let allowed = [Method::Get, Method::Head, Method::Patch];
        let (put, patch) = (Method::Put, Method::Patch);
        for stack in stacks_and_none() {
            for (name, kind, facts) in kinds(&methods, &headers, &allowed, &put, &patch) {
                let f = fix_for(stack, &kind);
                let ctx = format!("{stack:?} × {name}:\n{}", f.code);
                assert!(!f.title.trim().is_empty(), "{ctx}");
                assert!(!f.code.trim().is_empty(), "{ctx}");
                assert!(!f.language.trim().is_empty() && f.language.chars().all(|c| c.is_ascii_lowercase()), "{ctx}");
                assert!(!f.code.contains('⟨') && !f.code.contains('⟩') && !f.code.contains("{methods_csv}"), "{ctx}");
                for fact in facts {
                    assert!(f.code.contains(fact), "{ctx}\nmissing fact {fact:?}");
                }
                if name.starts_with("allow_cors") {
                    assert!(f.code.to_ascii_lowercase().contains("x-api-key"), "{ctx}");
                }
                if name == "allow_cors_credentials" || name == "credentials" {
                    assert!(f.code.to_ascii_lowercase().contains("credentials"), "{ctx}");
                    assert!(
                        !f.code.contains("\"*\"") && !f.code.contains("'*'") && !f.code.contains(".AllowAnyOrigin()"),
                        "{ctx}"
                    );
                }
                if name == "mismatch_suggested" {
                    assert_eq!(f.language, "js", "{ctx}");
                    assert!(f.code.contains("fetch(") && f.code.contains("method: 'PATCH'"), "{ctx}");
                }
            }
        }
    }

    #[test]
    fn fix_for_tolerates_empty_facts() {
        let none: [Method; 0] = [];
        let no_headers: Vec<String> = Vec::new();
        let other = Method::Other("PURGE".into());
        for stack in stacks_and_none() {
            for kind in [
                FixKind::AllowCors { origin: "", methods: &none, headers: &no_headers, credentials: true, path: "" },
                FixKind::PreflightRedirect { from: "", to: "" },
                FixKind::PreflightBeforeAuth { path: "" },
                FixKind::MissingRoute { method: &other, path: "/" },
                FixKind::MethodMismatch { method: &other, path: "", allowed: &none, suggested: None },
                FixKind::WebServerRule { method: &other, path: "" },
                FixKind::RedirectChangedMethod { method: &other, from: "", to: "", status: 302 },
            ] {
                let f = fix_for(stack, &kind);
                assert!(!f.title.is_empty() && !f.code.is_empty(), "{stack:?} {kind:?}");
            }
        }
    }

    #[test]
    fn stack_specific_snippets() {
        let put = Method::Put;
        let headers = vec!["Content-Type".to_string()];
        let cors = |s, cred| {
            fix_for(
                Some(s),
                &FixKind::AllowCors {
                    origin: ORIGIN,
                    methods: std::slice::from_ref(&put),
                    headers: &headers,
                    credentials: cred,
                    path: PATH,
                },
            )
        };
        let f = cors(Stack::Flask, true);
        assert!(
            f.code.contains("CORS(")
                && f.code.contains("supports_credentials=True")
                && f.code.contains("@app.route(\"/items/<int:id>\", methods=[\"PUT\"])"),
            "{}",
            f.code
        );
        assert!(cors(Stack::Fastapi, false).code.contains("app.add_middleware(\n    CORSMiddleware"));
        let dj = cors(Stack::Django, false).code;
        assert!(
            dj.contains("\"corsheaders\"") && dj.contains("CORS_ALLOWED_ORIGINS = [\"http://localhost:5173\"]"),
            "{dj}"
        );
        assert!(dj.find("CorsMiddleware").unwrap() < dj.find("CommonMiddleware").unwrap());
        assert!(cors(Stack::Express, false).code.contains("app.use(cors(corsOptions))"));
        let slim = cors(Stack::Slim, false).code;
        assert!(slim.contains("$app->put('/items/{id}'") && slim.contains("$app->options('/{routes:.+}'"), "{slim}");
        let aspnet = cors(Stack::AspnetCore, true).code;
        assert!(aspnet.find("app.UseCors").unwrap() < aspnet.find("app.UseAuthorization").unwrap());
        assert!(aspnet.contains(".AllowCredentials()"));
        let nginx = cors(Stack::Nginx, true).code;
        assert!(
            nginx.contains("location /items/ {")
                && nginx.contains("return 204;")
                && nginx.contains("Access-Control-Allow-Credentials \"true\" always;"),
            "{nginx}"
        );
        assert!(
            nginx
                .lines()
                .filter(|l| l.trim_start().starts_with("add_header"))
                .all(|l| l.trim_end().ends_with("always;")),
            "{nginx}"
        );
        assert!(cors(Stack::Apache, false)
            .code
            .contains("Header always set Access-Control-Allow-Origin \"http://localhost:5173\""));
        assert!(cors(Stack::Rails, false).code.contains("insert_before 0, Rack::Cors"));
        assert!(cors(Stack::Axum, false).code.contains("CorsLayer::new()"));
        assert!(cors(Stack::Actix, false).code.contains("Cors::default()"));
        assert!(cors(Stack::Laravel, false).code.contains("'paths' => ['items/*']"));
        assert!(cors(Stack::Spring, false).code.contains("registry.addMapping(\"/items/**\")"));

        let route = |s| fix_for(Some(s), &FixKind::MissingRoute { method: &put, path: "/api/items/42" }).code;
        assert!(route(Stack::Express).contains("app.put('/api/items/:id'"));
        assert!(
            route(Stack::Laravel).contains("Route::put('/items/{id}'")
                && route(Stack::Laravel).contains("routes/api.php")
        );
        assert!(route(Stack::Spring).contains("@PutMapping(\"/api/items/{id}\")"));
        assert!(route(Stack::Django).contains("path(\"api/items/<int:id>\", ItemView.as_view())"));
        assert!(route(Stack::Rails).contains("put \"/api/items/:id\", to: \"items#update\""));
        assert!(route(Stack::Actix).contains("web::put().to(update_item)"));
        assert!(route(Stack::AspnetCore).contains("app.MapPut(\"/api/items/{id}\""));

        let allowed = [Method::Get, Method::Head];
        let mm = fix_for(
            Some(Stack::Flask),
            &FixKind::MethodMismatch { method: &put, path: PATH, allowed: &allowed, suggested: None },
        );
        assert!(mm.code.contains("methods=[\"GET\", \"PUT\"]"), "{}", mm.code);
        let axum = fix_for(
            Some(Stack::Axum),
            &FixKind::MethodMismatch { method: &put, path: PATH, allowed: &allowed, suggested: None },
        );
        assert!(axum.code.contains("get(get_item).put(update_item)"), "{}", axum.code);

        let redir = fix_for(
            Some(Stack::Django),
            &FixKind::RedirectChangedMethod {
                method: &Method::Post,
                from: "http://api.test/items",
                to: "http://api.test/items/",
                status: 301,
            },
        );
        assert!(redir.code.contains("APPEND_SLASH") && redir.code.contains("re_path(r\"^items/?$\""), "{}", redir.code);
        let redir = fix_for(
            Some(Stack::Flask),
            &FixKind::RedirectChangedMethod { method: &Method::Post, from: "/a", to: "/b", status: 302 },
        );
        assert!(redir.code.contains("code=307"));
        let errs = fix_for(Some(Stack::Nginx), &FixKind::CorsOnErrors { origin: ORIGIN });
        assert!(errs.code.contains("add_header Access-Control-Allow-Origin \"http://localhost:5173\" always;"));
        let auth = fix_for(Some(Stack::Express), &FixKind::PreflightBeforeAuth { path: PATH }).code;
        assert!(auth.find("cors(").unwrap() < auth.find("requireAuth").unwrap());
        let ws = fix_for(Some(Stack::Nginx), &FixKind::WebServerRule { method: &put, path: PATH }).code;
        assert!(ws.contains("limit_except GET POST PUT OPTIONS { deny all; }") && ws.contains("proxy_pass"), "{ws}");
        let ws = fix_for(Some(Stack::Apache), &FixKind::WebServerRule { method: &put, path: PATH }).code;
        assert!(ws.contains("<LimitExcept GET HEAD POST PUT OPTIONS>"), "{ws}");
    }

    #[test]
    fn route_patterns() {
        assert_eq!(route_pattern("/items/42", Style::Colon), "/items/:id");
        assert_eq!(route_pattern("/items/42", Style::Brace), "/items/{id}");
        assert_eq!(route_pattern("/items/42", Style::Angle), "/items/<int:id>");
        assert_eq!(route_pattern("/users/7/items/42", Style::Brace), "/users/{user_id}/items/{id}");
        assert_eq!(route_pattern("/items/3f2b8e0c-7a11-4c1e-9d1e-8c5b6a2e1a0b", Style::Angle), "/items/<id>");
        assert_eq!(route_pattern("/", Style::Colon), "/");
        assert_eq!(route_pattern("/items/", Style::Colon), "/items/");
        assert_eq!(location_prefix("/api/items/42"), "/api/items/");
        assert_eq!(location_prefix("/"), "/");
        assert_eq!(laravel_paths("/api/items/1"), "api/*");
        assert_eq!(handler_name(&Method::Put, "/categories/3"), "update_category");
    }
}
