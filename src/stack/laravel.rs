//! # Laravel
//!
//! TODO-DOC

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
    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = c.origin;
        let title = |name: &str| c.title(name);
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

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = r.to_shown;
        fix(
                title,
                "apache",
                format!(
                    "{}\n# Call {to_shown} from the frontend. If the redirect is Laravel's public/.htaccess rule that strips a\n# trailing slash (301), keep it away from preflights:\nRewriteCond %{{REQUEST_METHOD}} !=OPTIONS\nRewriteCond %{{REQUEST_FILENAME}} !-d\nRewriteCond %{{REQUEST_URI}} (.+)/$\nRewriteRule ^ %1 [L,R=301]\n",
                    comment("apache", &head)
                ),
            )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = a.path;
        fix(
                title,
                "php",
                format!(
                    "<?php\n{}\n// HandleCors is global middleware and answers preflights before route middleware (auth:sanctum…),\n// but only for the paths listed in config/cors.php:\nreturn [\n    'paths' => ['{}', 'sanctum/csrf-cookie'],\n    // ...\n];\n",
                    comment("php", &head),
                    laravel_paths(path)
                ),
            )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
                "php",
                format!("// config/cors.php\n'allowed_origins' => ['{origin}'],\n'supports_credentials' => true,\n"),
            )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
                "php",
                format!("// HandleCors (global middleware) adds the headers to rendered exceptions as well,\n// provided the path is covered in config/cors.php:\n'paths' => ['api/*'],\n'allowed_origins' => ['{origin}'],\n"),
            )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let all = &r.all;
        let names = &r.names;
        let short = r.short;
        let method = r.method;
        let path = r.path;
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

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = r.to;
        ("php", format!("<?php\nreturn redirect('{to}', 307);  // redirect() defaults to 302\n"))
    }
}
