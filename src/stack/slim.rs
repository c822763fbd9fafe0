//! # Slim
//!
//! A PHP micro-framework (Slim 3 here), behind PHP's built-in server,
//! Apache or nginx (`X-Powered-By: PHP/…`).
//!
//! ## How it answers
//! - **Wrong method**: 405 "Method not allowed. Must be one of: …" with
//!   `Allow`. The common CORS recipe registers a catch-all
//!   `$app->options('/{routes:.+}', …)`: every path then "exists" for OPTIONS
//!   only, so a missing route answers 405 "Must be one of: OPTIONS" instead
//!   of 404. That is the quirk hook below.
//! - **OPTIONS**: Slim 3 answers 200 "Allowed methods: …" itself.
//! - **Errors**: "Slim Application Error" pages; exceptions skip the
//!   middleware stack, so CORS headers must be added in the error handlers.
//!
//! ## CORS recipe
//! The catch-all OPTIONS route plus a middleware adding the headers to every
//! response (`withHeader('Access-Control-Allow-Origin', …)`).
//!
//! ## Sources
//! - Slim 3 CORS cookbook (catch-all OPTIONS route): <https://www.slimframework.com/docs/v3/cookbook/enable-cors.html>
//! - Slim 3 routing and `map`: <https://www.slimframework.com/docs/v3/objects/router.html>
//! - Slim 3 error handlers: <https://www.slimframework.com/docs/v3/handlers/error.html>
//! - Slim 3 NotAllowed handler: <https://www.slimframework.com/docs/v3/handlers/not-allowed.html>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Quirk, Stack};

/// The human name.
pub(super) const LABEL: &str = "Slim";

/// Slim's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
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
];

/// Slim's hooks: quirks and fix snippets.
pub(super) struct Slim;

impl Define for Slim {
    fn lang(&self) -> Lang {
        Lang::Php
    }

    /// Slim 3's catch-all `$app->options('/{routes:.+}', …)` route makes every
    /// other method on the path a 405 "Must be one of: OPTIONS".
    fn only_options_route_body(&self, body: &str) -> Option<Quirk> {
        let only_options =
            body.contains("Must be one of: OPTIONS") && !body.contains("OPTIONS,") && !body.contains(", OPTIONS");
        let evidence = "Body: \"Method not allowed. Must be one of: OPTIONS\"";
        only_options.then(|| Quirk { stack: Stack::Slim, evidence: evidence.into(), says: "Must be one of: OPTIONS".into() })
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let first_method = &c.first_method;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let route = route_pattern(&c.path, Style::Brace);
        let verb = shorthand(&Method::parse(first_method)).unwrap_or("map");
        let mut code = format!(
            "<?php\
             \n// {methods_csv} {path} from {origin} (Slim 3)\
             \n// Answer every preflight…\
             \n$app->options('/{{routes:.+}}', function ($request, $response, $args) {{\
             \n    return $response;\
             \n}});\
             \n\
             \n// …and add the CORS headers to every response.\
             \n$app->add(function ($request, $response, $next) {{\
             \n    $response = $next($request, $response);\
             \n    return $response\
             \n        ->withHeader('Access-Control-Allow-Origin', '{origin}')\
             \n        ->withHeader('Access-Control-Allow-Methods', '{methods_csv}, OPTIONS')\
             \n        ->withHeader('Access-Control-Allow-Headers', '{headers_csv}')\
             \n",
            methods_csv = csv(methods),
            path = &c.path,
            headers_csv = csv(headers),
        );
        if cred {
            code.push_str("        ->withHeader('Access-Control-Allow-Credentials', 'true')\n");
        }
        code.push_str(
            "        ->withHeader('Vary', 'Origin');\
            \n});\
            \n\
            \n",
        );
        code.push_str(
            "// The catch-all OPTIONS route does not serve the real request: register it.\
            \n",
        );
        if verb == "map" {
            let methods_sq = sq(methods);
            code.push_str(&format!(
                "$app->map([{methods_sq}], '{route}', function ($request, \
                $response, $args) {{\
                \n    // ...\
                \n}});\
                \n"
            ));
        } else {
            code.push_str(&format!(
                "$app->{verb}('{route}', function ($request, $response, $args) \
                {{\
                \n    // ...\
                \n}});\
                \n"
            ));
        }
        fix(title("a Slim middleware"), "php", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        fix(
            title,
            "php",
            format!(
                "<?php\
                 \n{note}\
                 \n// Slim runs the middleware added LAST first: add auth before the CORS \
                 middleware.\
                 \n$app->add(function ($request, $response, $next) {{\
                 \n    if ($request->isOptions()) {{\
                 \n        return $next($request, $response); // the preflight carries no token\
                 \n    }}\
                 \n    // ... check the token, return 401 if missing ...\
                 \n    return $next($request, $response);\
                 \n}});\
                 \n$app->add($cors); // the CORS middleware, added last = runs first\
                 \n",
                note = comment("php", head),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "php",
            format!(
                "$app->add(function ($request, $response, $next) {{\
            \n    $response = $next($request, $response);\
            \n    return $response\
            \n        ->withHeader('Access-Control-Allow-Origin', '{origin}')\
            \n        ->withHeader('Access-Control-Allow-Credentials', 'true')\
            \n        ->withHeader('Vary', 'Origin');\
            \n}});\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "php",
            format!(
                "// Exceptions skip the middleware stack in Slim 3: add the headers in the error \
                 handlers\
                 \n$container = $app->getContainer();\
                 \n$container['errorHandler'] = function ($c) {{\
                 \n    return function ($request, $response, $exception) {{\
                 \n        return $response->withStatus(500)\
                 \n            ->withHeader('Access-Control-Allow-Origin', '{origin}')\
                 \n            ->withHeader('Vary', 'Origin')\
                 \n            ->withJson(['error' => 'Internal Server Error']);\
                 \n    }};\
                 \n}};\
                 \n// and the same for $container['phpErrorHandler']\
                 \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let all = &r.all;
        let names = &r.names;
        let short = r.short;
        let path = &r.path;
        let r = route_pattern(path, Style::Brace);
        let line = if all.len() == 1 && short.is_some() {
            format!(
                "$app->{verb}('{r}', function ($request, $response, $args) {{\
                \n    // ...\
                \n    return $response->withJson(['ok' => true]);\
                \n}});\
                \n",
                verb = short.unwrap_or("map")
            )
        } else {
            format!(
                "$app->map([{names_sq}], '{r}', function ($request, $response, $args) {{\
                \n    // ...\
                \n    return $response->withJson(['ok' => true]);\
                \n}});\
                \n",
                names_sq = sq(names)
            )
        };
        let note = comment("php", head);
        fix(
            title,
            "php",
            format!(
                "<?php\
            \n{note}\
            \n// Register it before the catch-all $app->options('/{{routes:.+}}', …): that route \
            only serves OPTIONS,\
            \n// so without this Slim answers \"Method not allowed. Must be one of: OPTIONS\".\
            \n{line}"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "php",
            format!(
                "<?php\
            \nreturn $response->withRedirect('{to}', 307);\
            \n"
            ),
        )
    }
}
