//! Server stacks: the registry of every stack why405 knows, and what each
//! one brings (one file per stack: `nginx.rs`, `flask.rs`, …).
//!
//! A stack file holds, under a common doc template (what the stack is, how it
//! answers a wrong method / OPTIONS / errors, its CORS recipe, sources):
//! - `LABEL`, its human name;
//! - `SIGNATURES`, its rows of the signature table ([`signature`]: how a
//!   response is recognised as made or passed through by the stack);
//! - a unit struct implementing [`Define`]: its framework quirks (hooks the
//!   diagnosis rules ask through [`only_options_route_body`] and
//!   [`wrong_method_404`]) and its fix snippets for the kinds it overrides
//!   ([`fix`]: every kind has a generic default).
//!
//! The [`stacks!`] list below is the one place a stack is named: the
//! [`Stack`] enum, [`Stack::ALL`] (in this order), `as_str`/`parse` (the
//! module name, which is the serde name), `label`, `is_web_server`, the
//! global signature table [`SIGNATURES`] and the dispatch to each stack's
//! hooks are generated from it. Adding a stack is one file plus one line
//! (see `src/stack/README.md`).
//!
//! Snippet templates use one placeholder syntax: `format!` strings with
//! named placeholders (`{origin}`, `{path}`, `{methods_csv}`: a variable in
//! scope or a named argument), literal braces doubled (`{{ … }}`); no
//! positional `{}`. Long templates are split with a `\` continuation before
//! a `\n` escape (or after a space), which keeps the text byte for byte.

use crate::http::{Headers, Method};

mod fix;
mod signature;

pub use fix::{fix_for, Fix, FixKind, FixNote};
pub use signature::{detect, matches, Cond, Detection, On, Pat, Role, Signature, SignatureMatch};

use fix::escape::Lang;
use fix::{BeforeAuth, Cors, PreflightRedirect, RedirectChanged, Route, ServerRule, Snippet};

pub use fix::escape::{is_special, push_visible, visible};

/// The registry: one line per stack, `Variant => module,`. The module name is
/// the stack's serde name (`aspnet_core`); the order is [`Stack::ALL`]'s
/// (the panel's wire format encodes a stack as its index in it) and the
/// signature table's.
macro_rules! stacks {
    ($($variant:ident => $module:ident,)*) => {
        $(mod $module;)*

        /// A server technology recognised from response signatures.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, PartialOrd, Ord)]
        #[serde(rename_all = "snake_case")]
        pub enum Stack {
            $(#[doc = concat!("See `src/stack/", stringify!($module), ".rs`.")] $variant,)*
        }

        impl Stack {
            /// Every stack, in declaration order.
            pub const ALL: [Stack; [$(stringify!($module)),*].len()] = [$(Stack::$variant),*];

            /// The serde (snake_case) name: `aspnet_core`, `fastapi`, …
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Stack::$variant => stringify!($module),)*
                }
            }

            /// Human name ("nginx", "Flask (Werkzeug)").
            pub fn label(&self) -> &'static str {
                match self {
                    $(Stack::$variant => $module::LABEL,)*
                }
            }

            /// The stack's hooks (quirks and fix snippets).
            fn hooks(self) -> &'static dyn Define {
                match self {
                    $(Stack::$variant => &$module::$variant,)*
                }
            }
        }

        /// Every stack's signature rows, in registry order (see [`SIGNATURES`]).
        const TABLES: &[&[Signature]] = &[$($module::SIGNATURES),*];
    };
}

stacks! {
    Nginx => nginx,
    Apache => apache,
    Flask => flask,
    Django => django,
    Fastapi => fastapi,
    Express => express,
    Koa => koa,
    Slim => slim,
    Laravel => laravel,
    Spring => spring,
    AspnetCore => aspnet_core,
    Rails => rails,
    Axum => axum,
    Actix => actix,
    Tomcat => tomcat,
    Jetty => jetty,
    Iis => iis,
    Cloudflare => cloudflare,
    AwsApiGateway => aws_api_gateway,
    AwsAlb => aws_alb,
    Cloudfront => cloudfront,
    S3 => s3,
    AzureAppService => azure_app_service,
    GoogleFrontend => google_frontend,
    Netlify => netlify,
    Vercel => vercel,
    GithubPages => github_pages,
    Kong => kong,
    Traefik => traefik,
    Envoy => envoy,
    Chi => chi,
    GorillaMux => gorilla_mux,
    Gin => gin,
    Sinatra => sinatra,
    Sanic => sanic,
    Quart => quart,
    Starlette => starlette,
    Pyramid => pyramid,
    Fastify => fastify,
    Nextjs => nextjs,
    H3 => h3,
    Hono => hono,
    Warp => warp,
    Varnish => varnish,
    Haproxy => haproxy,
    Caddy => caddy,
    H2o => h2o,
    Lighttpd => lighttpd,
    Trafficserver => trafficserver,
    Uvicorn => uvicorn,
    Hypercorn => hypercorn,
    Gunicorn => gunicorn,
    Waitress => waitress,
    Wsgiref => wsgiref,
    Werkzeug => werkzeug,
    Daphne => daphne,
    Webrick => webrick,
    Puma => puma,
    Kestrel => kestrel,
}

/// The signature table: every stack's rows, in registry order. Order only
/// breaks confidence ties (earlier wins).
pub static SIGNATURES: &[Signature] = &ROWS;
const ROW_COUNT: usize = {
    let (mut n, mut t) = (0, 0);
    while t < TABLES.len() {
        n += TABLES[t].len();
        t += 1;
    }
    n
};
static ROWS: [Signature; ROW_COUNT] = signature::concat(TABLES);

impl Stack {
    /// The inverse of [`Stack::as_str`].
    pub fn parse(name: &str) -> Option<Stack> {
        Stack::ALL.iter().copied().find(|s| s.as_str() == name)
    }

    /// Which layer of a deployment the stack is (see [`Tier`]).
    pub fn tier(&self) -> Tier {
        self.hooks().tier()
    }

    /// The framework this one is built on (see [`Define::built_on`]).
    pub fn built_on(&self) -> Option<Stack> {
        self.hooks().built_on()
    }

    /// The stack a diagnosis names and writes its fix for: a framework, web server or proxy, or an application
    /// server with a configuration of its own that answers (a servlet container's `web.xml`: its CORS filter, its
    /// static-file servlet); never a bare HTTP server (uvicorn, Puma), which is the diagnosis's `server`.
    pub fn is_nameable(&self) -> bool {
        self.tier() != Tier::AppServer || self.hooks().configured_itself()
    }

    /// Whether its CORS layer refuses a preflight with an error status of its own (see
    /// [`Define::refuses_preflight_itself`]).
    pub fn refuses_preflight_itself(&self) -> bool {
        self.hooks().refuses_preflight_itself()
    }

    /// Whether it answers 405 also for a path no route has (see [`Define::any_path_405`]).
    pub fn any_path_405(&self) -> bool {
        self.hooks().any_path_405()
    }

    /// Whether its 405 `Allow` lists only the first matching route's methods (see
    /// [`Define::allow_first_route_only`]).
    pub fn allow_first_route_only(&self) -> bool {
        self.hooks().allow_first_route_only()
    }

    /// A web server or proxy in front of an application (nginx, Apache, a CDN, a load balancer).
    pub fn is_web_server(&self) -> bool {
        matches!(self.tier(), Tier::Proxy | Tier::WebServer)
    }
}

/// Which layer of a deployment a stack is. A response made by a layer in front of the application never reached
/// it, so the fix goes to that layer; an HTTP server (an application server) is named apart from the framework it
/// runs, which needs evidence of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// A reverse proxy, cache, load balancer, API gateway or CDN (Varnish, HAProxy, Cloudflare, an AWS ALB).
    Proxy,
    /// A web server that serves files and proxies to applications (nginx, Apache, Caddy, IIS).
    WebServer,
    /// The HTTP server an application runs in (uvicorn, Gunicorn, Puma, Kestrel, Tomcat, Jetty): it answers
    /// for the framework only on errors of its own (a malformed request), never for a route.
    AppServer,
    /// The application's framework (Flask, Express, Rails): it owns the routes and the CORS middleware.
    Framework,
}

/// The hooks of `stack`, or the generic ones when it is unknown.
fn hooks(stack: Option<Stack>) -> &'static dyn Define {
    match stack {
        Some(s) => s.hooks(),
        None => &fix::generic::Generic,
    }
}

/// What a stack file defines besides its `LABEL` and `SIGNATURES`: its
/// quirks and its fix snippets. Every method has a default (no quirk; the
/// generic snippet of [`fix::generic`]); a stack overrides what it has its own
/// answer for.
pub(crate) trait Define: Sync {
    /// Which layer of a deployment the stack is: a framework unless the stack says otherwise.
    fn tier(&self) -> Tier {
        Tier::Framework
    }

    /// The framework this one is built on, whose own middleware may answer for it (FastAPI: Starlette's
    /// CORSMiddleware): a response naming that one is this framework's when the origin shows this one.
    fn built_on(&self) -> Option<Stack> {
        None
    }

    /// An application server whose own configuration answers requests (Tomcat's and Jetty's `web.xml` filters and
    /// servlets): named as the stack, its fixes its own (see [`Stack::is_nameable`]).
    fn configured_itself(&self) -> bool {
        false
    }

    /// The language of the stack's own snippets: every value from the HAR reaches them escaped for it (a
    /// default snippet re-escapes for its own language).
    fn lang(&self) -> Lang {
        Lang::Http
    }

    /// Its CORS layer refuses a preflight it was not configured for (origin, method or header not in its lists)
    /// with an error status of its own and no CORS headers (actix-cors 400, `warp::cors()` 403): such a refusal
    /// is the CORS configuration speaking, not authentication or a missing OPTIONS route.
    fn refuses_preflight_itself(&self) -> bool {
        false
    }

    /// Quirk: it answers 405 also for a path no route has (warp: a route's method filter rejects before its path
    /// filter, and 405 outranks 404), so a 405 without `Allow` does not show that the path exists.
    fn any_path_405(&self) -> bool {
        false
    }

    /// Quirk: its 405's `Allow` lists the methods of the first route whose path matches, not of every route on the
    /// path (Starlette's router, and FastAPI on it: `@app.get` and `@app.delete` on one path are two routes), so
    /// `Allow` may be incomplete.
    fn allow_first_route_only(&self) -> bool {
        false
    }

    /// Quirk: a 405 whose body says the only route on the path is a
    /// catch-all OPTIONS route (see [`only_options_route_body`]).
    fn only_options_route_body(&self, _body: &str) -> Option<Quirk> {
        None
    }

    /// Quirk: a 404 the framework answers for a wrong method on an existing
    /// path (see [`wrong_method_404`]).
    fn wrong_method_404(&self, _method: &Method, _path: &str, _body: &str, _headers: &Headers) -> Option<Quirk> {
        None
    }

    /// Quirk: the response is the stack's own CORS filter refusing the request before any handler ran (Tomcat's
    /// CorsFilter answers a preflight or a simple request it does not allow with a bare 403), see
    /// [`cors_filter_refusal`].
    fn cors_filter_refusal(&self, _status: u16, _headers: &Headers) -> Option<Quirk> {
        None
    }

    /// Quirk: the response is the stack's static-file handler refusing the method (a servlet container's
    /// DefaultServlet): no application code is behind the path, see [`static_file_refusal`].
    fn static_file_refusal(&self, _status: u16, _headers: &Headers) -> Option<Quirk> {
        None
    }

    /// Quirk: the methods a wrong-method 404 (see [`Define::wrong_method_404`]) itself names as accepted
    /// (Pyramid: "predicate mismatch for view … (request_method = GET,HEAD)"); empty when the page names none.
    fn wrong_method_404_accepts(&self, _body: &str) -> Vec<Method> {
        Vec::new()
    }

    /// [`FixKind::AllowCors`]
    fn allow_cors(&self, c: &Cors) -> Fix {
        fix::generic::allow_cors(c)
    }

    /// [`FixKind::PreflightRedirect`]
    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        fix::generic::preflight_redirect(r)
    }

    /// [`FixKind::PreflightBeforeAuth`]
    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        fix::generic::preflight_before_auth(a)
    }

    /// [`FixKind::Credentials`]: the language and the code that follows the
    /// shared head comment. `origin` is escaped for [`Define::lang`].
    fn credentials(&self, origin: &str) -> Snippet {
        fix::generic::credentials(origin)
    }

    /// [`FixKind::CorsOnErrors`]: as [`Define::credentials`].
    fn cors_on_errors(&self, origin: &str) -> Snippet {
        fix::generic::cors_on_errors(origin)
    }

    /// [`FixKind::MissingRoute`], and [`FixKind::MethodMismatch`] with no
    /// method to switch to.
    /// A web server (`is_web_server`) has no routes: what it refuses is one of its own rules, so its fix is
    /// [`Define::web_server_rule`]'s.
    fn register_route(&self, r: &Route) -> Fix {
        if matches!(self.tier(), Tier::Proxy | Tier::WebServer) {
            return self.web_server_rule(&ServerRule::new(self.lang(), r.method, &r.path.raw));
        }
        fix::generic::register_route(r)
    }

    /// [`FixKind::WebServerRule`]
    fn web_server_rule(&self, w: &ServerRule) -> Fix {
        fix::generic::web_server_rule(w)
    }

    /// [`FixKind::RedirectChangedMethod`]: the language and the code (a PHP
    /// snippet starts with `<?php`; the head comment goes after it).
    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        fix::generic::redirect_changed(r)
    }
}

// ---------------------------------------------------------------------------
// Framework quirks the diagnosis rules ask about
// ---------------------------------------------------------------------------

/// A framework quirk recognised on a response: which stack, and the evidence in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quirk {
    pub stack: Stack,
    pub evidence: String,
    /// What the stack's answer says, in its own words, for a summary to quote (`Cannot PUT /x`, `Route PUT:/x
    /// not found`); raw, like the evidence.
    pub says: String,
}

/// A 405 whose body says the only route on the path is a catch-all OPTIONS
/// route (Slim 3: "Method not allowed. Must be one of: OPTIONS"). The first
/// stack in registry order whose hook answers.
pub fn only_options_route_body(body: &str) -> Option<Quirk> {
    Stack::ALL.iter().find_map(|s| s.hooks().only_options_route_body(body))
}

/// A 404 that a framework answers for a wrong method on an existing path as
/// well as for a missing path (Express's finalhandler: "Cannot PUT /x"). The
/// first stack in registry order whose hook answers.
pub fn wrong_method_404(method: &Method, path: &str, body: &str, headers: &Headers) -> Option<Quirk> {
    Stack::ALL.iter().find_map(|s| s.hooks().wrong_method_404(method, path, body, headers))
}

/// A response that is a stack's own CORS filter refusing the request (origin, method or headers not in its
/// configuration) before any handler ran. The first stack in registry order whose hook answers.
pub fn cors_filter_refusal(status: u16, headers: &Headers) -> Option<Quirk> {
    Stack::ALL.iter().find_map(|s| s.hooks().cors_filter_refusal(status, headers))
}

/// A response that is a stack's static-file handler refusing the method: the path is a file, no application code
/// answers it. The first stack in registry order whose hook answers.
pub fn static_file_refusal(status: u16, headers: &Headers) -> Option<Quirk> {
    Stack::ALL.iter().find_map(|s| s.hooks().static_file_refusal(status, headers))
}

/// The methods `stack`'s wrong-method 404 page names as accepted (see [`wrong_method_404`]): the page itself
/// settles that the path exists and refuses the method. Empty when it names none.
pub fn wrong_method_404_accepts(stack: Stack, body: &str) -> Vec<Method> {
    stack.hooks().wrong_method_404_accepts(body)
}

#[cfg(test)]
mod tests;
