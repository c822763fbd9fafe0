//! # Laravel
//!
//! A PHP framework on Symfony HttpFoundation (`Cache-Control: no-cache,
//! private`, `laravel_session` and `XSRF-TOKEN` cookies).
//!
//! ## How it answers
//! - **Wrong method**: 405 from `MethodNotAllowedHttpException` ("The PUT
//!   method is not supported for route … Supported methods: …").
//! - **OPTIONS**: answered by the global `HandleCors` middleware for the paths
//!   in `config/cors.php`, before route middleware such as auth.
//! - **Errors**: rendered exceptions also pass through `HandleCors`.
//!
//! ## CORS recipe
//! `config/cors.php` (`php artisan config:publish cors` on Laravel 11+):
//! `paths`, `allowed_methods`, `allowed_origins`, `allowed_headers`,
//! `supports_credentials`.
//!
//! ## Sources
//! - CORS in Laravel: <https://laravel.com/docs/routing#cors>
//! - Routes and `Route::match`: <https://laravel.com/docs/routing#available-router-methods>
//! - `redirect()` (302 default): <https://laravel.com/docs/redirects>
//! - The 405's message, "The %s method is not supported for route %s. Supported methods: %s.":
//!   <https://github.com/laravel/framework/blob/11.x/src/Illuminate/Routing/AbstractRouteCollection.php>
//!   (row: the message)
//! - Symfony's MethodNotAllowedHttpException (sets `Allow`): <https://github.com/symfony/http-kernel/blob/7.1/Exception/MethodNotAllowedHttpException.php>
//!   (row: the exception's name in a debug body)
//! - The `laravel_session` and `XSRF-TOKEN` cookies: <https://laravel.com/docs/session#configuration>,
//!   <https://laravel.com/docs/csrf#csrf-x-xsrf-token> (rows: the cookies)
//! - HttpFoundation's default `Cache-Control: no-cache, private`: <https://github.com/symfony/http-foundation/blob/7.1/ResponseHeaderBag.php>
//!   (row: `Cache-Control`)

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Laravel";

/// Laravel's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Laravel, Body, Has(" method is not supported for "), Some((405, 405)), &[C::Body(Has("Supported methods:"))], Generated, 95,
        "Laravel's MethodNotAllowedHttpException: body contains \"{line}\""),
    row(Stack::Laravel, Body, Has("MethodNotAllowedHttpException"), Some((405, 405)), &[], Generated, 85,
        "body names Symfony's MethodNotAllowedHttpException (Laravel)"),
    row(Stack::Laravel, Header("set-cookie"), Has("laravel_session="), ANY, &[], Generated, 90, "Set-Cookie: laravel_session=…"),
    row(Stack::Laravel, Header("set-cookie"), Starts("XSRF-TOKEN="), ANY, &[C::Header("x-powered-by", Starts("PHP"))], Generated, 70,
        "Set-Cookie: XSRF-TOKEN=… from PHP (Laravel's CSRF cookie)"),
    row(Stack::Laravel, Header("cache-control"), Is("no-cache, private"), ANY, &[C::Header("x-powered-by", Starts("PHP"))], Generated, 45,
        "Cache-Control: no-cache, private from PHP ({h:x-powered-by}): Symfony HttpFoundation's default, as in Laravel"),
];

/// Laravel's hooks: quirks and fix snippets.
pub(super) struct Laravel;

impl Define for Laravel {
    fn lang(&self) -> Lang {
        Lang::Php
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let code = format!(
            "<?php\
             \n// {methods_csv} {path} from {origin}\
             \n// config/cors.php (Laravel 11+: php artisan config:publish cors)\
             \nreturn [\
             \n    'paths' => ['{paths}'],\
             \n    'allowed_methods' => [{methods_sq}],\
             \n    'allowed_origins' => ['{origin}'],\
             \n    'allowed_origins_patterns' => [],\
             \n    'allowed_headers' => [{headers_sq}],\
             \n    'exposed_headers' => [],\
             \n    'max_age' => 0,\
             \n    'supports_credentials' => {credentials}\
             \n];\
             \n// HandleCors is global middleware: it answers the preflight before route \
             middleware such as auth.\
             \n",
            methods_csv = csv(methods),
            path = &c.path,
            paths = laravel_paths(&c.path),
            methods_sq = sq(methods),
            headers_sq = sq(headers),
            credentials = if cred {
                "true, // explicit origins only, never the \
                wildcard"
            } else {
                "false,"
            },
        );
        fix(title("config/cors.php"), "php", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let r = &r.in_lang(Lang::Apache);
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let note = comment("apache", head);
        fix(
            title,
            "apache",
            format!(
                "{note}\
            \n# Call {to_shown} from the frontend. If the redirect is Laravel's public/.htaccess \
            rule that strips a\
            \n# trailing slash (301), keep it away from preflights:\
            \nRewriteCond %{{REQUEST_METHOD}} !=OPTIONS\
            \nRewriteCond %{{REQUEST_FILENAME}} !-d\
            \nRewriteCond %{{REQUEST_URI}} (.+)/$\
            \nRewriteRule ^ %1 [L,R=301]\
            \n"
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        let note = comment("php", head);
        let paths = laravel_paths(path);
        fix(
            title,
            "php",
            format!(
                "<?php\
            \n{note}\
            \n// HandleCors is global middleware and answers preflights before route middleware \
            (auth:sanctum…),\
            \n// but only for the paths listed in config/cors.php:\
            \nreturn [\
            \n    'paths' => ['{paths}', 'sanctum/csrf-cookie'],\
            \n    // ...\
            \n];\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "php",
            format!(
                "// config/cors.php\
            \n'allowed_origins' => ['{origin}'],\
            \n'supports_credentials' => true,\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "php",
            format!(
                "// HandleCors (global middleware) adds the headers to rendered exceptions \
            as well,\
            \n// provided the path is covered in config/cors.php:\
            \n'paths' => ['api/*'],\
            \n'allowed_origins' => ['{origin}'],\
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
        let method = r.method;
        let path = &r.path;
        let (file, rel) = match path.raw.strip_prefix("/api/") {
            Some(rest) => ("routes/api.php (prefixed with /api)", format!("/{rest}")),
            None => ("routes/web.php", path.raw.clone()),
        };
        let r = route_pattern(&path.map(|_| rel), Style::Brace);
        let ctrl = pascal(&singular(&resource(path))) + "Controller";
        let action = match method {
            Method::Get => "show",
            Method::Post => "store",
            Method::Put | Method::Patch => "update",
            Method::Delete => "destroy",
            _ => "handle",
        };
        let line = if all.len() == 1 && short.is_some() {
            let verb = short.unwrap_or("any");
            format!("Route::{verb}('{r}', [{ctrl}::class, '{action}']);\n")
        } else {
            let names_sq = sq(&lower_all(names));
            format!("Route::match([{names_sq}], '{r}', [{ctrl}::class, '{action}']);\n")
        };
        let note = comment("php", head);
        fix(
            title,
            "php",
            format!(
                "<?php\
            \n{note}\
            \n// {file}\
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
            \nreturn redirect('{to}', 307);  // redirect() defaults to 302\
            \n"
            ),
        )
    }
}
