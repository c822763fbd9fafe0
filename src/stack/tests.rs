//! Detection over the whole registry: one case per real response (a stack's
//! own page, a stack behind a proxy, shapes that must not match), that every
//! row is exercised, and the registry's names.

use super::*;
use crate::http::Headers;

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
const FASTIFY_404: &str =
    "{\"message\":\"Route POST:/api/items/1?case=x not found\",\"error\":\"Not Found\",\"statusCode\":404}";
const H3_405: &str = "{\n  \"statusCode\": 405,\n  \"statusMessage\": \"Method post is not allowed on this route.\",\n  \"stack\": []\n}";
const H3_404: &str = "{\n  \"statusCode\": 404,\n  \"statusMessage\": \"Cannot find any path matching /v1/items/1?case=x.\",\n  \"stack\": []\n}";
const SLIM_405: &str = "<html>\n    <head>\n        <meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n        <title>Method not allowed</title>\n    </head>\n    <body>\n        <h1>Method not allowed</h1>\n        <p>Method not allowed. Must be one of: <strong>OPTIONS</strong></p>\n    </body>\n</html>";
const TOMCAT_405: &str = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 405 – Method Not Allowed</title><style type=\"text/css\">body {font-family:Tahoma,Arial,sans-serif;}</style></head><body><h1>HTTP Status 405 – Method Not Allowed</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p><p><b>Description</b> The method received in the request-line is known by the origin server but not supported by the target resource.</p><hr class=\"line\" /><h3>Apache Tomcat/10.1.60 (Debian)</h3></body></html>";
const JETTY_404: &str = "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n<title>Error 404 Not Found</title>\n</head>\n<body><h2>HTTP ERROR 404 Not Found</h2>\n<table>\n<tr><th>URI:</th><td>/api/nothere.json</td></tr>\n<tr><th>STATUS:</th><td>404</td></tr>\n<tr><th>MESSAGE:</th><td>Not Found</td></tr>\n<tr><th>SERVLET:</th><td>default</td></tr>\n</table>\n<hr/><a href=\"https://jetty.org/\">Powered by Jetty:// 9.4.57.v20241219</a><hr/>\n\n</body>\n</html>\n";
const RAILS_404: &str = "<!DOCTYPE html>\n<html>\n<head>\n  <title>The page you were looking for doesn't exist (404)</title>\n</head>\n\n<body class=\"rails-default-error-page\">\n  <div class=\"dialog\">\n    <div>\n      <h1>The page you were looking for doesn't exist.</h1>\n      <p>You may have mistyped the address or the page may have moved.</p>\n    </div>\n  </div>\n</body>\n</html>\n";
const SINATRA_404: &str = "<!DOCTYPE html>\n<html>\n<head>\n</head>\n<body>\n  <h2>Sinatra doesn\u{2019}t know this ditty.</h2>\n  <img src='http://localhost:7144/api/__sinatra__/404.png'>\n  <div id=\"c\">\n    Try this:\n    <pre># in config.ru\nclass Items\n  put &#x27;&#x2F;notes&#x2F;1&#x27; do\n    &quot;Hello World&quot;\n  end\nend\n</pre>\n  </div>\n</body>\n</html>\n";
const SANIC_405: &str =
    "⚠️ 405 — Method Not Allowed\n===========================\nMethod POST not allowed for URL /reports/1\n\n";
const SANIC_404: &str = "⚠️ 404 — Not Found\n==================\nRequested URL /users/7 not found\n\n";
const PYRAMID_404_MISMATCH: &str = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br/><br/>\npredicate mismatch for view read_report (request_method = GET,HEAD)\n\n\n </body>\n</html>";
const PYRAMID_404_PATH: &str = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br/><br/>\n/users/7\n\n\n </body>\n</html>";
const LARAVEL_405: &str = "{\"message\":\"The PUT method is not supported for route api/items/1. Supported methods: GET, HEAD.\",\"exception\":\"Symfony\\\\Component\\\\HttpKernel\\\\Exception\\\\MethodNotAllowedHttpException\",\"file\":\"/app/vendor/laravel/framework/src/Illuminate/Routing/AbstractRouteCollection.php\",\"line\":123}";

const IIS_405: &str = "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<title>405 - HTTP verb used to access this page is not allowed.</title>\r\n</head>\r\n<body>\r\n<div id=\"header\"><h1>Server Error</h1></div>\r\n<div id=\"content\">\r\n <div class=\"content-container\"><fieldset>\r\n  <h2>405 - HTTP verb used to access this page is not allowed.</h2>\r\n  <h3>The page you are looking for cannot be displayed because an invalid method (HTTP verb) was used to attempt access.</h3>\r\n </fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n";
const CLOUDFRONT_403: &str = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">\n<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">\n<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>403 ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size=\"1px\">\nThis distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.\n<BR clear=\"all\">\n<HR noshade size=\"1px\">\n<PRE>\nGenerated by cloudfront (CloudFront)\nRequest ID: 2Tq0v9Xc8bZ0yP5n0Q1uHk3m7Y5t9sR3aVbC4dE6fG8hI0jK2lM4nO==\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>";
const S3_WEBSITE_405: &str = "<html>\n<head><title>405 Method Not Allowed</title></head>\n<body>\n<h1>405 Method Not Allowed</h1>\n<ul>\n<li>Code: MethodNotAllowed</li>\n<li>Message: The specified method is not allowed against this resource.</li>\n<li>Method: POST</li>\n<li>ResourceType: OBJECT</li>\n<li>RequestId: 4442587FB7D0A2F9</li>\n<li>HostId: Qm9ndXMgaG9zdCBpZA==</li>\n</ul>\n<hr/>\n</body>\n</html>\n";
const GITHUB_PAGES_405: &str = "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const ALB_403: &str = "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n";
const CLOUDFLARE_1020: &str = "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head><body>\n<h1>Sorry, you have been blocked</h1>\n<h2>You are unable to access api.example.com</h2>\n<p>Cloudflare Ray ID: <strong class=\"font-semibold\">8e1f2a3b4c5d6e7f</strong></p>\n</body></html>";
const VARNISH_405: &str = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>405 Method Not Allowed</title>\n  </head>\n  <body>\n    <h1>Error 405 Method Not Allowed</h1>\n    <p>Method Not Allowed</p>\n    <h3>Guru Meditation:</h3>\n    <p>XID: 6</p>\n    <hr>\n    <p>Varnish cache server</p>\n  </body>\n</html>\n";
const HAPROXY_403: &str =
    "<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n";
const HAPROXY_405: &str = "<html><body><h1>405 Method Not Allowed</h1>\nA request was made of a resource using a request method not supported by that resource\n</body></html>\n";
const LIGHTTPD_501: &str = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n         \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>501 Not Implemented</title>\n </head>\n <body>\n  <h1>501 Not Implemented</h1>\n </body>\n</html>\n";

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
    werkzeug_405_page: 405, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Flask), [Stack::Werkzeug];
    werkzeug_404_on_its_dev_server: 404, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_404) => Some(Stack::Flask), [Stack::Werkzeug];
    werkzeug_404_behind_nginx: 404, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_404) => Some(Stack::Werkzeug), [Stack::Nginx];
    werkzeug_preflight_header_only: 200, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Length", "0")], None => None, [Stack::Werkzeug];
    // ---- Django
    django_debug_404: 404, [("Content-Type", "text/html; charset=utf-8")], Some("<p>\n      Using the URLconf defined in <code>mysite.urls</code>,\n      Django tried these URL patterns") => Some(Stack::Django), [];
    django_csrf_403: 403, [("Content-Type", "text/html; charset=utf-8")], Some("<h1>Forbidden <span>(403)</span></h1>\n  <p>CSRF verification failed. Request aborted.</p>") => Some(Stack::Django), [];
    django_404_page: 404, [("Content-Type", "text/html; charset=utf-8")], Some("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n") => Some(Stack::Django), [];
    django_500_page: 500, [("Content-Type", "text/html; charset=utf-8")], Some("\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n") => Some(Stack::Django), [];
    drf_405_json: 405, [("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "application/json"), ("Vary", "Accept, Cookie")], Some("{\"detail\":\"Method \\\"PUT\\\" not allowed.\"}") => Some(Stack::Django), [];
    django_runserver_405: 405, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Content-Type", "text/html; charset=utf-8"), ("Allow", "GET"), ("X-Frame-Options", "DENY"), ("Content-Length", "0"), ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [Stack::Wsgiref];
    django_runserver_coop_only: 200, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [Stack::Wsgiref];
    django_cors_headers_preflight: 200, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("access-control-allow-origin", "http://localhost:7100"), ("access-control-allow-headers", "accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with"), ("access-control-allow-methods", "DELETE, GET, OPTIONS, PATCH, POST, PUT"), ("access-control-max-age", "86400")], None => Some(Stack::Django), [Stack::Wsgiref];
    django_hallmarks_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "text/html; charset=utf-8"), ("Allow", "GET, OPTIONS"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")], None => Some(Stack::Django), [Stack::Nginx];
    django_channels_daphne: 404, [("Server", "daphne")], None => None, [Stack::Daphne];
    // ---- FastAPI (Starlette's CORSMiddleware rows are in starlette.rs)
    starlette_cors_refusal: 400, [("server", "uvicorn"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], Some("Disallowed CORS origin") => Some(Stack::Starlette), [Stack::Uvicorn];
    fastapi_405_direct: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Uvicorn];
    fastapi_404_behind_nginx: 404, [("Server", "nginx/1.22.1"), ("Content-Type", "application/json")], Some("{\"detail\":\"Not Found\"}") => Some(Stack::Fastapi), [Stack::Nginx];
    fastapi_422_validation: 422, [("content-type", "application/json")], Some("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"input\":{}}]}") => Some(Stack::Fastapi), [];
    hypercorn_server: 200, [("server", "hypercorn-h11")], None => None, [Stack::Hypercorn];
    starlette_preflight_behind_nginx: 200, [("Server", "nginx/1.22.1"), ("access-control-allow-origin", "http://localhost:7100"), ("access-control-max-age", "600"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], None => Some(Stack::Starlette), [Stack::Nginx];
    starlette_plain_405_under_uvicorn: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => Some(Stack::Starlette), [Stack::Uvicorn];
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
    fastify_404_body: 404, [("Content-Type", "application/json; charset=utf-8"), ("Keep-Alive", "timeout=72")], Some(FASTIFY_404) => Some(Stack::Fastify), [];
    fastify_404_headers_only: 404, [("Content-Type", "application/json; charset=utf-8"), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=72")], None => Some(Stack::Fastify), [];
    fastify_cors_default_methods: 204, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Methods", "GET,HEAD,POST"), ("Vary", "Access-Control-Request-Headers"), ("Content-Length", "0")], None => Some(Stack::Fastify), [];
    keep_alive_72_behind_a_named_server_is_not_fastify: 404, [("Server", "SomethingElse/1.0"), ("Keep-Alive", "timeout=72")], None => None, [];
    nextjs_route_handler_405: 405, [("Vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch"), ("Keep-Alive", "timeout=5")], None => Some(Stack::Nextjs), [];
    nextjs_404_page: 404, [("X-Powered-By", "Next.js"), ("x-nextjs-cache", "HIT"), ("Content-Type", "text/html; charset=utf-8")], Some("<!DOCTYPE html><html><head><title>404: This page could not be found.</title></head></html>") => Some(Stack::Nextjs), [];
    nextjs_cache_header_alone: 200, [("x-nextjs-cache", "STALE")], Some("<html></html>") => Some(Stack::Nextjs), [];
    h3_preemptive_405: 405, [("Content-Type", "application/json"), ("Vary", "origin")], Some(H3_405) => Some(Stack::H3), [];
    h3_404_fallthrough: 404, [("Content-Type", "application/json")], Some(H3_404) => Some(Stack::H3), [];
    h3_shaped_text_is_not_h3: 404, [("Content-Type", "text/plain")], Some(H3_404) => None, [];
    hono_cors_default_methods: 204, [("access-control-allow-methods", "GET,HEAD,PUT,POST,DELETE,PATCH,QUERY"), ("access-control-allow-origin", "*")], None => Some(Stack::Hono), [];
    hono_not_found: 404, [("content-type", "text/plain; charset=UTF-8"), ("content-length", "13")], Some("404 Not Found") => Some(Stack::Hono), [];
    lowercase_utf8_not_found_is_not_hono: 404, [("content-type", "text/plain; charset=utf-8")], Some("404 Not Found") => None, [];
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
    spring_invalid_cors_preflight_without_body: 403, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers"), ("Content-Length", "20")], None => Some(Stack::Spring), [];
    empty_403_with_cors_vary_is_not_spring: 403, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Content-Length", "0")], None => None, [];
    spring_boot1_application_context: 200, [("X-Application-Context", "application:8080")], None => Some(Stack::Spring), [];
    // Spring's CORS Vary headers, also written by go-chi/cors (lab fixture chi_cors_put_ok) and gin-contrib/cors
    cors_vary_triple_names_nothing: 200, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers"), ("Access-Control-Allow-Origin", "http://localhost:7100")], None => None, [];
    spring_security_headers: 401, [("X-Content-Type-Options", "nosniff"), ("X-XSS-Protection", "0"), ("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"), ("Pragma", "no-cache"), ("Expires", "0"), ("X-Frame-Options", "DENY")], None => Some(Stack::Spring), [];
    // ---- ASP.NET Core
    kestrel_empty_405: 405, [("Server", "Kestrel"), ("Allow", "GET"), ("Content-Length", "0")], None => None, [Stack::Kestrel];
    aspnet_problem_details_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "application/problem+json; charset=utf-8")], Some("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.6\",\"title\":\"Method Not Allowed\",\"status\":405,\"traceId\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\"}") => Some(Stack::AspnetCore), [Stack::Nginx];
    iis_aspnet_powered_by: 200, [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET")], None => None, [Stack::Iis];
    // ---- Rails
    rails_routing_error_json: 404, [("Content-Type", "application/json; charset=utf-8"), ("X-Request-Id", "8c5b6a2e-1a0b-4c1e-9d1e-3f2b8e0c7a11"), ("X-Runtime", "0.004512")], Some("{\"status\":404,\"error\":\"Not Found\",\"exception\":\"#<ActionController::RoutingError: No route matches [PUT] \\\"/items/1\\\">\"}") => Some(Stack::Rails), [];
    rails_public_404: 404, [("Content-Type", "text/html; charset=UTF-8")], Some("<h1>The page you were looking for doesn't exist.</h1>") => Some(Stack::Rails), [];
    // Rack::Runtime alone is any Rack app's; WEBrick names the server, not the framework
    rack_runtime_only_names_nothing: 200, [("X-Runtime", "0.012")], None => None, [];
    rails_security_headers: 404, [("X-Frame-Options", "SAMEORIGIN"), ("X-XSS-Protection", "0"), ("X-Content-Type-Options", "nosniff"), ("X-Permitted-Cross-Domain-Policies", "none"), ("Referrer-Policy", "strict-origin-when-cross-origin")], None => Some(Stack::Rails), [];
    webrick_server_names_no_framework: 200, [("Server", "WEBrick/1.8.1 (Ruby/3.2.2/2023-03-30)")], None => None, [Stack::Webrick];
    rails_production_404_lab: 404, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Expose-Headers", ""), ("Access-Control-Max-Age", "7200"), ("Content-Type", "text/html; charset=UTF-8"), ("Vary", "Origin"), ("X-Request-Id", "502bd57e-9fae-407f-8afc-b22a03877300"), ("X-Runtime", "0.307720")], Some(RAILS_404) => Some(Stack::Rails), [];
    rails_error_page_class_only: 422, [("Content-Type", "text/html; charset=UTF-8")], Some("<body class=\"rails-default-error-page\">") => Some(Stack::Rails), [];
    rack_cors_preflight_names_nothing: 200, [("Access-Control-Allow-Headers", "content-type"), ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"), ("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Expose-Headers", ""), ("Access-Control-Max-Age", "7200")], None => None, [];
    webrick_server: 200, [("Server", "WEBrick/1.8.1 (Ruby/3.2.2/2023-03-30)")], None => None, [Stack::Webrick];
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
    // ---- Tomcat (bodies and headers as captured in the lab: tests/fixtures/tomcat_*)
    tomcat_error_page_405: 405, [("Allow", "OPTIONS, GET, HEAD, POST"), ("Content-Language", "en"), ("Content-Type", "text/html;charset=utf-8"), ("Content-Length", "695")], Some(TOMCAT_405) => Some(Stack::Tomcat), [];
    tomcat_error_page_without_server_info: 404, [("Content-Language", "en"), ("Content-Type", "text/html;charset=utf-8")], Some("<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1></body></html>") => Some(Stack::Tomcat), [];
    tomcat_error_headers_without_body: 404, [("Content-Language", "en"), ("Content-Type", "text/html;charset=utf-8"), ("Content-Length", "781"), ("Keep-Alive", "timeout=20")], None => Some(Stack::Tomcat), [];
    tomcat_default_servlet_options: 200, [("Allow", "OPTIONS, GET, HEAD, POST"), ("Content-Length", "0")], None => Some(Stack::Tomcat), [];
    tomcat_cors_filter_preflight: 200, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Methods", "HEAD,DELETE,POST,GET,OPTIONS,PUT"), ("vary", "origin,access-control-request-method,Access-Control-Request-Headers"), ("Content-Length", "0")], None => Some(Stack::Tomcat), [];
    tomcat_cors_filter_403: 403, [("Connection", "keep-alive"), ("Content-Length", "0"), ("Content-Type", "text/plain"), ("Keep-Alive", "timeout=20")], None => Some(Stack::Tomcat), [];
    spring_error_on_tomcat_is_spring: 405, [("Content-Type", "text/html;charset=UTF-8"), ("Content-Language", "en"), ("Allow", "GET")], Some("<html><body><h1>Whitelabel Error Page</h1></body></html>") => Some(Stack::Spring), [];
    plain_403_with_charset_is_not_tomcat: 403, [("Content-Length", "0"), ("Content-Type", "text/plain; charset=utf-8")], None => None, [];
    plain_403_with_server_is_not_tomcat: 403, [("Server", "SomethingElse/1.0"), ("Content-Length", "0"), ("Content-Type", "text/plain")], None => None, [];
    // ---- Jetty
    jetty_error_page_404: 404, [("Server", "Jetty(9.4.57.v20241219)"), ("Cache-Control", "must-revalidate,no-cache,no-store"), ("Content-Type", "text/html;charset=iso-8859-1")], Some(JETTY_404) => Some(Stack::Jetty), [];
    jetty_empty_405: 405, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Credentials", "true"), ("Content-Length", "0"), ("Server", "Jetty(9.4.57.v20241219)")], None => Some(Stack::Jetty), [];
    spring_on_jetty_is_spring: 405, [("Server", "Jetty(9.4.57.v20241219)"), ("Content-Type", "application/json"), ("Allow", "GET")], Some("{\"timestamp\":\"2024-05-01T10:00:00.000+00:00\",\"status\":405,\"error\":\"Method Not Allowed\",\"path\":\"/items/1\"}") => Some(Stack::Spring), [Stack::Jetty];
    // ---- IIS
    iis_webdav_405_page: 405, [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET"), ("Allow", "GET, HEAD, OPTIONS, TRACE"), ("Content-Type", "text/html")], Some(IIS_405) => Some(Stack::Iis), [];
    // ---- Cloudflare
    cloudflare_block_page: 403, [("Server", "cloudflare"), ("CF-RAY", "8e1f2a3b4c5d6e7f-FRA"), ("Content-Type", "text/html; charset=UTF-8")], Some(CLOUDFLARE_1020) => Some(Stack::Cloudflare), [];
    cloudflare_passes_the_origins_405: 405, [("Server", "cloudflare"), ("CF-RAY", "8e1f2a3b4c5d6e7f-FRA"), ("Content-Type", "text/html")], Some(NGINX_405) => Some(Stack::Nginx), [Stack::Cloudflare];
    // ---- Amazon API Gateway
    apigw_missing_authentication_token: 403, [("Content-Type", "application/json"), ("x-amzn-RequestId", "6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8"), ("x-amzn-ErrorType", "MissingAuthenticationTokenException"), ("x-amz-apigw-id", "Kq3FnHxyIAMEbVw=")], Some("{\"message\":\"Missing Authentication Token\"}") => Some(Stack::AwsApiGateway), [];
    apigw_error_type_without_body: 403, [("x-amzn-RequestId", "6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8"), ("x-amzn-ErrorType", "MissingAuthenticationTokenException")], None => Some(Stack::AwsApiGateway), [];
    apigw_edge_optimized_through_cloudfront: 403, [("Content-Type", "application/json"), ("x-amzn-RequestId", "1664cfb9-8008-11e9-ab15-6b983bb47f65"), ("x-amzn-ErrorType", "MissingAuthenticationTokenException"), ("x-amz-apigw-id", "aUCR7Fy1IAMFpBQ="), ("X-Cache", "Error from cloudfront"), ("Via", "1.1 77b355e48e983a9f568a89f4dbebf383.cloudfront.net (CloudFront)"), ("X-Amz-Cf-Id", "411tPFqGdyHOFjJb7YWas8OCssEXNiak6CPl_Y2A020t9F7EEyZyWw==")], Some("{\"message\":\"Missing Authentication Token\"}") => Some(Stack::AwsApiGateway), [Stack::Cloudfront];
    apigw_http_api_passes_the_backend: 200, [("Content-Type", "application/json"), ("apigw-requestid", "Kq3FnHxyIAMEbVw=")], Some("{\"ok\":true}") => None, [Stack::AwsApiGateway];
    // ---- AWS ALB
    alb_own_403: 403, [("Server", "awselb/2.0"), ("Content-Type", "text/html")], Some(ALB_403) => Some(Stack::AwsAlb), [];
    alb_fixed_response_200: 200, [("Server", "awselb/2.0"), ("Content-Type", "text/plain; charset=utf-8")], Some("ok") => None, [Stack::AwsAlb];
    // ---- CloudFront
    cloudfront_method_not_allowed_page: 403, [("Server", "CloudFront"), ("X-Cache", "Error from cloudfront"), ("Via", "1.1 3f2a.cloudfront.net (CloudFront)"), ("X-Amz-Cf-Id", "2Tq0v9Xc8bZ0yP5n0Q1uHk3m7Y5t9sR3aVbC4dE6fG8hI0jK2lM4nO==")], Some(CLOUDFRONT_403) => Some(Stack::Cloudfront), [];
    cloudfront_own_error_headers_only: 403, [("Server", "CloudFront"), ("X-Cache", "Error from cloudfront"), ("Content-Type", "text/html")], None => Some(Stack::Cloudfront), [];
    cloudfront_passes_the_origins_404: 404, [("Server", "nginx/1.22.1"), ("X-Cache", "Error from cloudfront"), ("Via", "1.1 3f2a.cloudfront.net (CloudFront)"), ("Content-Type", "application/json")], Some("{\"error\":\"not found\"}") => None, [Stack::Cloudfront, Stack::Nginx];
    // ---- Amazon S3
    s3_website_405_page: 405, [("Server", "AmazonS3"), ("x-amz-request-id", "4442587FB7D0A2F9"), ("x-amz-id-2", "Qm9ndXMgaG9zdCBpZA=="), ("Content-Type", "text/html; charset=utf-8")], Some(S3_WEBSITE_405) => Some(Stack::S3), [];
    s3_rest_405_xml: 405, [("Server", "AmazonS3"), ("Content-Type", "application/xml")], Some("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message><Method>POST</Method><ResourceType>OBJECT</ResourceType></Error>") => Some(Stack::S3), [];
    s3_error_headers_only: 403, [("Server", "AmazonS3"), ("x-amz-request-id", "4442587FB7D0A2F9")], None => Some(Stack::S3), [];
    s3_object_through_cloudfront: 200, [("Server", "AmazonS3"), ("Via", "1.1 3f2a.cloudfront.net (CloudFront)"), ("Content-Type", "text/html")], Some("<p>hi</p>") => None, [Stack::Cloudfront, Stack::S3];
    // ---- Azure App Service
    azure_app_service_express_404: 404, [("X-Powered-By", "Express"), ("Set-Cookie", "ARRAffinity=4f2c1d0e; Path=/; HttpOnly; Secure; Domain=app.azurewebsites.net"), ("Content-Type", "text/html; charset=utf-8")], Some(EXPRESS_404) => Some(Stack::Express), [Stack::AzureAppService];
    // ---- Google Frontend
    google_frontend_flask_405: 405, [("Server", "Google Frontend"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Werkzeug), [Stack::GoogleFrontend];
    // ---- Netlify
    netlify_function_express_404: 404, [("Server", "Netlify"), ("x-nf-request-id", "01JD8Y3Q7V5M2K9T4W6X8Z0A1B"), ("Content-Type", "text/html; charset=utf-8")], Some(EXPRESS_404) => Some(Stack::Express), [Stack::Netlify];
    // ---- Vercel
    vercel_invalid_request_method: 405, [("Server", "Vercel"), ("x-vercel-error", "INVALID_REQUEST_METHOD"), ("x-vercel-id", "fra1::abcde-1732000000000-0123456789ab"), ("Content-Type", "text/plain; charset=utf-8")], None => Some(Stack::Vercel), [];
    vercel_passes_a_function: 200, [("Server", "Vercel"), ("x-vercel-id", "fra1::iad1::abcde-1732000000000-0123456789ab")], Some("{}") => None, [Stack::Vercel];
    // ---- GitHub Pages: its 405 page is nginx's (nginx is seen), the Server row names GitHub Pages
    github_pages_post_405: 405, [("Server", "GitHub.com"), ("Content-Type", "text/html"), ("x-github-request-id", "AB62:131A35:896E6A:8C6E8F:65E81F46")], Some(GITHUB_PAGES_405) => Some(Stack::GithubPages), [Stack::Nginx];
    github_api_405_is_not_pages: 405, [("Server", "GitHub.com"), ("Content-Type", "application/json; charset=utf-8")], Some("{\"message\":\"Not Found\"}") => None, [];
    // ---- Kong
    kong_no_route_matched: 404, [("Server", "kong/3.6.1"), ("X-Kong-Response-Latency", "0"), ("Content-Type", "application/json; charset=utf-8")], Some("{\n  \"message\":\"no Route matched with those values\"\n}") => Some(Stack::Kong), [];
    kong_cors_plugin_preflight: 200, [("Server", "kong/3.6.1"), ("X-Kong-Response-Latency", "1"), ("Access-Control-Allow-Methods", "GET,POST"), ("Vary", "Origin")], None => Some(Stack::Kong), [];
    kong_proxied_upstream: 200, [("Via", "kong/3.6.1"), ("X-Kong-Upstream-Latency", "3"), ("X-Kong-Proxy-Latency", "1")], Some("{}") => None, [Stack::Kong];
    // ---- Traefik
    traefik_no_available_server: 503, [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")], Some("no available server\n") => Some(Stack::Traefik), [];
    go_404_page_not_found_is_not_traefik: 404, [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")], Some("404 page not found\n") => None, [];
    // ---- Envoy
    envoy_no_healthy_upstream: 503, [("server", "envoy"), ("content-type", "text/plain")], Some("no healthy upstream") => Some(Stack::Envoy), [];
    envoy_local_404_no_route: 404, [("server", "envoy"), ("content-length", "0")], None => Some(Stack::Envoy), [];
    envoy_passes_fastapi_405: 405, [("server", "envoy"), ("x-envoy-upstream-service-time", "3"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Envoy];
    // ---- Sanic
    sanic_405_text: 405, [("access-control-allow-origin", "http://localhost:7100"), ("connection", "keep-alive"), ("content-length", "106"), ("content-type", "text/plain; charset=utf-8"), ("vary", "origin")], Some(SANIC_405) => Some(Stack::Sanic), [];
    sanic_405_json: 405, [("content-type", "application/json")], Some("{\"description\":\"Method Not Allowed\",\"status\":405,\"message\":\"Method PUT not allowed for URL /items/1\"}") => Some(Stack::Sanic), [];
    sanic_404_text: 404, [("content-type", "text/plain; charset=utf-8"), ("vary", "origin")], Some(SANIC_404) => Some(Stack::Sanic), [];
    sanic_ext_preflight: 204, [("access-control-allow-headers", "*"), ("access-control-allow-methods", "HEAD,GET,OPTIONS"), ("access-control-allow-origin", "http://localhost:7100"), ("allow", "HEAD,GET,OPTIONS"), ("connection", "keep-alive"), ("vary", "origin")], None => Some(Stack::Sanic), [];
    preflight_204_with_allow_and_capital_vary_is_not_sanic: 204, [("Allow", "GET, PUT"), ("Access-Control-Allow-Methods", "GET, PUT"), ("Access-Control-Allow-Origin", "http://localhost:7100"), ("Vary", "Origin")], None => None, [];
    // ---- Quart
    quart_cors_expose_headers_default: 200, [("access-control-allow-origin", "http://localhost:7100"), ("access-control-expose-headers", "\"\""), ("content-type", "application/json"), ("server", "hypercorn-h11"), ("vary", "Origin")], Some("{\"id\":1}") => Some(Stack::Quart), [Stack::Hypercorn];
    quart_werkzeug_405_on_hypercorn: 405, [("allow", "PUT, OPTIONS, HEAD, GET"), ("content-type", "text/html; charset=utf-8"), ("server", "hypercorn-h11")], Some(WERKZEUG_405) => Some(Stack::Quart), [Stack::Werkzeug, Stack::Hypercorn];
    quart_405_without_body: 405, [("allow", "PUT, OPTIONS, HEAD, GET"), ("content-length", "153"), ("content-type", "text/html; charset=utf-8"), ("server", "hypercorn-h11")], None => Some(Stack::Quart), [Stack::Hypercorn];
    quart_404_without_body: 404, [("content-length", "207"), ("content-type", "text/html; charset=utf-8"), ("date", "Wed, 02 Dec 2026 03:47:02 GMT"), ("server", "hypercorn-h11")], None => Some(Stack::Quart), [Stack::Hypercorn];
    django_asgi_405_on_hypercorn_is_not_quart: 405, [("allow", "GET, OPTIONS"), ("content-length", "0"), ("content-type", "text/html; charset=utf-8"), ("server", "hypercorn-h11"), ("x-frame-options", "DENY")], None => None, [Stack::Hypercorn];
    quart_slash_redirect_308: 308, [("content-type", "text/html; charset=utf-8"), ("location", "http://localhost:7122/api/tasks/"), ("server", "hypercorn-h11")], None => Some(Stack::Quart), [Stack::Hypercorn];
    werkzeug_405_behind_nginx_is_werkzeugs_page: 405, [("Server", "nginx/1.22.1"), ("Allow", "GET, HEAD, OPTIONS"), ("Content-Type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Werkzeug), [Stack::Nginx];
    // ---- Starlette
    starlette_plain_405_under_hypercorn: 405, [("server", "hypercorn-h11"), ("allow", "PUT, GET, HEAD"), ("content-type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => Some(Stack::Starlette), [Stack::Hypercorn];
    // ---- Pyramid
    pyramid_predicate_mismatch_404: 404, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Content-Type", "text/html; charset=UTF-8"), ("Server", "waitress")], Some(PYRAMID_404_MISMATCH) => Some(Stack::Pyramid), [Stack::Waitress];
    webob_404_is_not_named: 404, [("Content-Type", "text/html; charset=UTF-8"), ("Server", "waitress")], Some(PYRAMID_404_PATH) => None, [Stack::Waitress];
    // ---- warp (bodies from warp 0.4.3's reject.rs / cors.rs, as the lab's warp server sends them)
    warp_method_not_allowed: 405, [("content-type", "text/plain; charset=utf-8"), ("content-length", "23")], Some("HTTP method not allowed") => Some(Stack::Warp), [];
    warp_method_not_allowed_html_is_not_warp: 405, [("content-type", "text/html")], Some("HTTP method not allowed") => None, [];
    warp_cors_forbidden_method: 403, [("content-type", "text/plain; charset=utf-8")], Some("CORS request forbidden: request-method not allowed") => Some(Stack::Warp), [];
    warp_body_deserialize: 400, [("content-type", "text/plain; charset=utf-8")], Some("Request body deserialize error: missing field `name` at line 1 column 2") => Some(Stack::Warp), [];
    warp_unhandled_rejection: 500, [("content-type", "text/plain; charset=utf-8")], Some("Unhandled rejection: MyError") => Some(Stack::Warp), [];
    warp_405_blocked_by_cors: 405, [("content-type", "text/plain; charset=utf-8"), ("content-length", "23"), ("date", "Wed, 02 Dec 2026 03:18:58 GMT")], None => Some(Stack::Warp), [];
    method_not_allowed_23_bytes_with_allow: 405, [("content-type", "text/plain; charset=utf-8"), ("content-length", "23"), ("allow", "GET")], None => None, [];
    warp_cors_refused_method_preflight: 403, [("content-type", "text/plain; charset=utf-8"), ("content-length", "50"), ("date", "Wed, 02 Dec 2026 03:18:58 GMT")], None => Some(Stack::Warp), [];
    warp_cors_refused_header_preflight: 403, [("content-type", "text/plain; charset=utf-8"), ("content-length", "42"), ("date", "Wed, 02 Dec 2026 03:18:58 GMT")], None => Some(Stack::Warp), [];
    forbidden_text_of_another_length: 403, [("content-type", "text/plain; charset=utf-8"), ("content-length", "9")], None => None, [];
    forbidden_50_bytes_from_a_named_server: 403, [("server", "nginx"), ("content-type", "text/plain; charset=utf-8"), ("content-length", "50")], None => None, [Stack::Nginx];
    // ---- actix-cors's preflight refusals as Chromium records them (no body, no Content-Type; lab fixture actix_cors_put_not_in_allowed_methods)
    actix_cors_refused_method_preflight: 400, [("content-length", "31"), ("date", "Wed, 02 Dec 2026 03:18:58 GMT")], None => Some(Stack::Actix), [];
    actix_cors_refused_headers_preflight: 400, [("content-length", "43")], None => Some(Stack::Actix), [];
    actix_cors_refused_origin_preflight: 400, [("content-length", "42")], None => Some(Stack::Actix), [];
    bad_request_31_bytes_with_content_type: 400, [("content-type", "text/plain; charset=utf-8"), ("content-length", "31")], None => None, [];
    // actix-cors writes the three Vary names in ONE line; Spring writes one line each (lab fixture actix_resource_delete_405)
    actix_cors_vary_one_line_is_not_spring: 405, [("content-length", "0"), ("access-control-allow-origin", "http://localhost:7100"), ("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"), ("allow", "GET, PUT")], None => None, [];
    // ---- Varnish (captured: tests/fixtures/varnish_*)
    varnish_synth_405_page: 405, [("Server", "Varnish"), ("X-Varnish", "6"), ("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "5"), ("Content-Length", "272")], Some(VARNISH_405) => Some(Stack::Varnish), [];
    varnish_synth_405_without_body: 405, [("Content-Length", "272"), ("Content-Type", "text/html; charset=utf-8"), ("Retry-After", "5"), ("Server", "Varnish"), ("X-Varnish", "4")], None => Some(Stack::Varnish), [];
    json_through_varnish: 201, [("Age", "0"), ("Via", "1.1 varnish (Varnish/7.1)"), ("X-Varnish", "32772"), ("content-type", "application/json")], Some("{\"id\":3}") => None, [Stack::Varnish];
    fastapi_405_through_varnish: 405, [("Via", "1.1 varnish (Varnish/7.1)"), ("X-Varnish", "9"), ("server", "uvicorn"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Varnish, Stack::Uvicorn];
    // ---- HAProxy (captured: tests/fixtures/haproxy_*)
    haproxy_deny_403_page: 403, [("content-length", "93"), ("cache-control", "no-cache"), ("content-type", "text/html")], Some(HAPROXY_403) => Some(Stack::Haproxy), [];
    haproxy_deny_status_405_page: 405, [("content-length", "146"), ("cache-control", "no-cache"), ("content-type", "text/html")], Some(HAPROXY_405) => Some(Stack::Haproxy), [];
    haproxy_deny_403_without_body: 403, [("cache-control", "no-cache"), ("content-length", "93"), ("content-type", "text/html")], None => Some(Stack::Haproxy), [];
    haproxy_deny_405_without_body: 405, [("cache-control", "no-cache"), ("content-length", "146"), ("content-type", "text/html")], None => Some(Stack::Haproxy), [];
    // ---- Caddy (captured: tests/fixtures/caddy_*)
    caddy_respond_405_text: 405, [("Content-Length", "18"), ("Content-Type", "text/plain; charset=utf-8"), ("Server", "Caddy")], None => Some(Stack::Caddy), [];
    caddy_respond_405_empty: 405, [("Content-Length", "0"), ("Server", "Caddy")], None => Some(Stack::Caddy), [];
    fastapi_405_through_caddy: 405, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Allow", "GET"), ("Content-Type", "application/json"), ("Server", "Caddy"), ("Server", "uvicorn"), ("Vary", "Origin")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Caddy];
    // built from Caddy's source (staticfiles.go, 2.7+), not captured: the lab's Caddy 2.6.2 serves every method
    caddy27_file_server_405: 405, [("Allow", "GET, HEAD"), ("Server", "Caddy"), ("Vary", "Accept-Encoding"), ("Content-Length", "0")], None => Some(Stack::Caddy), [];
    caddy_file_server_answers_options: 200, [("Access-Control-Allow-Origin", "*"), ("Content-Type", "application/json"), ("Etag", "\"tpedv114\""), ("Server", "Caddy")], None => None, [Stack::Caddy];
    // ---- h2o (captured: tests/fixtures/h2o_*)
    h2o_file_405: 405, [("Server", "h2o/2.2.5"), ("allow", "GET, HEAD"), ("content-type", "text/plain; charset=utf-8"), ("Content-Length", "18")], Some("method not allowed") => Some(Stack::H2o), [];
    h2o_file_405_without_body: 405, [("Content-Length", "18"), ("Server", "h2o/2.2.5"), ("access-control-allow-origin", "*"), ("allow", "GET, HEAD"), ("content-type", "text/plain; charset=utf-8")], None => Some(Stack::H2o), [];
    fastapi_405_through_h2o: 405, [("Content-Length", "31"), ("Server", "h2o/2.2.5"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::H2o];
    // ---- lighttpd (captured: tests/fixtures/lighttpd_*)
    lighttpd_501_page: 501, [("Content-Type", "text/html"), ("Access-Control-Allow-Origin", "*"), ("Content-Length", "353"), ("Server", "lighttpd/1.4.69")], Some(LIGHTTPD_501) => Some(Stack::Lighttpd), [];
    lighttpd_403_without_body: 403, [("Content-Length", "341"), ("Content-Type", "text/html"), ("Server", "lighttpd/1.4.69")], None => Some(Stack::Lighttpd), [];
    lighttpd_answers_options_on_a_file: 200, [("Access-Control-Allow-Origin", "*"), ("Allow", "OPTIONS, GET, HEAD, POST"), ("Content-Length", "0"), ("Server", "lighttpd/1.4.69")], None => Some(Stack::Lighttpd), [];
    apache_answers_options_on_a_file: 200, [("Allow", "GET,POST,OPTIONS,HEAD,TRACE"), ("Content-Length", "0"), ("Content-Type", "application/json"), ("Server", "Apache/2.4.71 (Debian)")], None => Some(Stack::Apache), [];
    app_options_behind_apache_is_not_apaches: 200, [("Allow", "HEAD, OPTIONS, GET"), ("Content-Length", "0"), ("Server", "Apache/2.4.71 (Debian)")], None => None, [Stack::Apache];
    // ---- Apache Traffic Server (captured: tests/fixtures/trafficserver_*)
    ats_access_denied_page: 403, [("Server", "ATS/9.2.9"), ("Cache-Control", "no-store"), ("Content-Type", "text/html"), ("Content-Language", "en"), ("Content-Length", "249")], Some("<HTML>\n<HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD>\n\n<BODY BGCOLOR=\"white\" FGCOLOR=\"black\">\n<H1>Access Denied</H1>\n<HR>\n\n<FONT FACE=\"Helvetica,Arial\"><B>\nDescription: You are not allowed to access the document you requested.\n</B></FONT>\n<HR>\n</BODY>\n") => Some(Stack::Trafficserver), [];
    ats_access_denied_without_body: 403, [("Server", "ATS/9.2.9"), ("Cache-Control", "no-store"), ("Content-Type", "text/html"), ("Content-Language", "en"), ("Content-Length", "249")], None => Some(Stack::Trafficserver), [];
    fastapi_405_through_ats: 405, [("server", "ATS/9.2.9"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Trafficserver];
    // ---- web servers and proxies: shapes that must not name them
    koa_405_is_not_h2o: 405, [("Allow", "HEAD, GET"), ("Content-Type", "text/plain; charset=utf-8"), ("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")], Some("Method Not Allowed") => Some(Stack::Koa), [];
    go_405_behind_caddy_is_not_caddys: 405, [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8"), ("Server", "Caddy"), ("X-Content-Type-Options", "nosniff")], Some("Method Not Allowed\n") => None, [Stack::Caddy];
    html_error_without_haproxy_length: 403, [("cache-control", "no-cache"), ("content-length", "120"), ("content-type", "text/html")], None => None, [];
    // ---- no guessing
    empty_405_with_allow_only: 405, [("allow", "GET,HEAD"), ("content-length", "0")], None => None, [];
    empty_405_with_allow_and_date: 405, [("Allow", "GET"), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Content-Length", "0")], Some("") => None, [];
    gunicorn_alone: 405, [("Server", "gunicorn"), ("Allow", "GET")], None => None, [Stack::Gunicorn];
    wsgiserver_without_django_hallmarks: 405, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Allow", "GET")], None => None, [Stack::Wsgiref];
    starlette_preflight_400_is_not_spring: 400, [("access-control-allow-origin", "http://localhost:7100"), ("access-control-max-age", "600"), ("content-type", "text/plain; charset=utf-8"), ("server", "uvicorn"), ("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network")], None => Some(Stack::Starlette), [Stack::Uvicorn];
    // a lower-case `Vary: origin` is django-cors-headers' but also h3's and sanic-ext's: it names no framework
    lowercase_vary_origin_names_no_framework: 200, [("Content-Type", "application/json"), ("Server", "WSGIServer/0.2 CPython/3.11.7"), ("Vary", "origin"), ("access-control-allow-origin", "http://localhost:7100")], None => None, [Stack::Wsgiref];
    tower_http_lowercase_vary_is_not_django: 200, [("vary", "origin, access-control-request-method, access-control-request-headers")], None => Some(Stack::Axum), [];
    // ---- application servers: the server, never a framework
    uvicorn_alone: 200, [("server", "uvicorn"), ("content-type", "application/json")], Some("[]") => None, [Stack::Uvicorn];
    waitress_alone: 405, [("Server", "waitress"), ("Allow", "GET")], None => None, [Stack::Waitress];
    wsgiref_own_500: 500, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Content-Type", "text/plain")], Some("A server error occurred.  Please contact the administrator.") => Some(Stack::Wsgiref), [];
    puma_lowlevel_500: 500, [("content-type", "text/plain")], Some("An unhandled lowlevel error occurred. The application logs may have details.\n") => Some(Stack::Puma), [];
    puma_lowlevel_500_development: 500, [("content-type", "text/plain")], Some("Puma caught this error: undefined method `x' for nil (NoMethodError)") => Some(Stack::Puma), [];
    werkzeug_405_under_hypercorn_is_not_flask: 405, [("server", "hypercorn-h11"), ("allow", "GET"), ("content-type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Quart), [Stack::Werkzeug, Stack::Hypercorn];
    werkzeug_dev_server_alone_is_not_flask: 200, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Content-Type", "application/json")], Some("{}") => None, [Stack::Werkzeug];
    apache_403_without_signature: 403, [("Server", "Apache/2.4.71 (Debian)"), ("Content-Type", "text/html; charset=iso-8859-1")], Some("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don't have permission to access this resource.</p>\n</body></html>\n") => Some(Stack::Apache), [];
    plain_method_not_allowed_with_server: 405, [("Server", "SomethingElse/1.0"), ("Allow", "GET"), ("Content-Type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => None, [];
    blocked_request_status_zero: 0, [], None => None, [];
    // ---- Go routers (lab: chi, gorilla_mux, gin)
    gin_405_page: 405, [("Access-Control-Allow-Origin", "*"), ("Content-Length", "22"), ("Content-Type", "text/plain")], Some("405 method not allowed") => Some(Stack::Gin), [];
    gin_404_page: 404, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Content-Length", "18"), ("Content-Type", "text/plain"), ("Vary", "Origin")], Some("404 page not found") => Some(Stack::Gin), [];
    gin_cors_default_preflight: 204, [("Access-Control-Allow-Headers", "Origin,Content-Length,Content-Type"), ("Access-Control-Allow-Methods", "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS"), ("Access-Control-Allow-Origin", "*"), ("Access-Control-Max-Age", "43200")], None => Some(Stack::Gin), [];
    gin_cors_default_methods_only: 204, [("Access-Control-Allow-Methods", "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS"), ("Access-Control-Allow-Origin", "*")], None => Some(Stack::Gin), [];
    gin_cors_default_headers_only: 204, [("Access-Control-Allow-Headers", "Origin,Content-Length,Content-Type"), ("Access-Control-Allow-Origin", "*")], None => Some(Stack::Gin), [];
    gin_cors_configured_preflight_names_nothing: 204, [("Access-Control-Allow-Headers", "Origin,Content-Type"), ("Access-Control-Allow-Methods", "GET,POST,PUT"), ("Access-Control-Allow-Origin", "http://localhost:7100"), ("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers")], None => None, [];
    net_http_404_is_not_gin: 404, [("Content-Length", "19"), ("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")], Some("404 page not found\n") => None, [];
    net_http_error_405_is_not_gin: 405, [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")], Some("405 method not allowed\n") => None, [];
    // ---- Sinatra (lab: sinatra)
    sinatra_dev_404_page: 404, [("X-Cascade", "pass"), ("Content-Type", "text/html;charset=utf-8"), ("X-XSS-Protection", "1; mode=block"), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "SAMEORIGIN")], Some(SINATRA_404) => Some(Stack::Sinatra), [];
    sinatra_404_image_only: 404, [], Some("<img src='http://localhost:7144/plain/__sinatra__/404.png'>") => Some(Stack::Sinatra), [];
    sinatra_production_404: 404, [("X-Cascade", "pass"), ("Content-Type", "text/html;charset=utf-8")], Some("<h1>Not Found</h1>") => Some(Stack::Sinatra), [];
    sinatra_preflight_404_headers_only: 404, [("X-Cascade", "pass"), ("Content-Type", "text/html;charset=utf-8"), ("Content-Length", "517")], None => Some(Stack::Sinatra), [];
    sinatra_options_route_preflight: 200, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"), ("Content-Type", "text/html;charset=utf-8"), ("X-XSS-Protection", "1; mode=block"), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "SAMEORIGIN"), ("Content-Length", "0")], None => Some(Stack::Sinatra), [];
    rack_urlmap_404_is_not_sinatra: 404, [("X-Cascade", "pass"), ("Content-Type", "text/plain")], Some("Not Found: /x") => None, [];
    servlet_charset_is_not_sinatra: 200, [("Content-Type", "text/html;charset=UTF-8"), ("X-XSS-Protection", "1; mode=block"), ("X-Frame-Options", "SAMEORIGIN")], Some("<p>hi</p>") => None, [];
    chi_or_mux_empty_405_names_nothing: 405, [("Access-Control-Allow-Origin", "http://localhost:7100"), ("Content-Length", "0"), ("Vary", "Origin")], Some("") => None, [];
    go_chi_cors_refused_preflight_names_nothing: 200, [("Content-Length", "0"), ("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"), ("Vary", "Access-Control-Request-Headers")], None => None, [];
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

/// Stacks that write nothing of their own (their source was read; see each
/// file's doc): a row for them would name them on someone else's evidence.
const NO_OWN_EVIDENCE: &[Stack] = &[Stack::Chi, Stack::GorillaMux];

#[test]
fn every_stack_has_a_signature_row() {
    for s in Stack::ALL.into_iter().filter(|s| !NO_OWN_EVIDENCE.contains(s)) {
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
    assert_eq!(d.seen[0].1, "Server: Werkzeug/3.0.1 Python/3.11.7 (Werkzeug's development server)");
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
        &hs(&[("Server", "nginx/1.22.1"), ("X-Powered-By", "Express"), ("Content-Type", "text/html; charset=utf-8")]),
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
    // every stack is listed once (the count itself is the registry's: README's table test checks each has a row)
    assert_eq!(Stack::ALL.iter().collect::<std::collections::HashSet<_>>().len(), Stack::ALL.len());
    for s in Stack::ALL {
        assert!(!s.label().is_empty());
        assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::String(s.as_str().into()));
        assert_eq!(Stack::parse(s.as_str()), Some(s));
    }
    assert_eq!(Stack::AspnetCore.as_str(), "aspnet_core");
    assert_eq!(Stack::Flask.label(), "Flask (Werkzeug)");
    assert_eq!(Stack::Apache.label(), "Apache httpd");
    assert!(Stack::Nginx.is_web_server() && Stack::Apache.is_web_server());
    assert_eq!(Stack::parse("undertow"), None);
    assert_eq!(Stack::Tomcat.tier(), Tier::AppServer);
    assert_eq!(Stack::Jetty.tier(), Tier::AppServer);
    assert!(!Stack::Tomcat.is_web_server() && !Stack::Jetty.is_web_server());
    assert!(Stack::Iis.is_web_server() && Stack::Cloudflare.is_web_server() && !Stack::Flask.is_web_server());
    for s in [Stack::Varnish, Stack::Haproxy, Stack::Trafficserver] {
        assert_eq!(s.tier(), Tier::Proxy, "{s:?}");
    }
    for s in [Stack::Caddy, Stack::H2o, Stack::Lighttpd] {
        assert_eq!(s.tier(), Tier::WebServer, "{s:?}");
    }
    // a generic HTTP server's header names the server, never a framework
    for s in [Stack::Uvicorn, Stack::Hypercorn, Stack::Gunicorn, Stack::Waitress, Stack::Wsgiref, Stack::Werkzeug] {
        assert_eq!(s.tier(), Tier::AppServer, "{s:?}");
    }
    for s in [Stack::Daphne, Stack::Webrick, Stack::Puma, Stack::Kestrel] {
        assert_eq!(s.tier(), Tier::AppServer, "{s:?}");
    }
}

#[test]
fn each_stack_file_holds_only_its_own_rows_in_registry_order() {
    // The global table is the stacks' tables end to end, in registry order:
    // the order that breaks confidence ties.
    assert_eq!(TABLES.len(), Stack::ALL.len());
    let mut at = 0;
    for (s, table) in Stack::ALL.iter().zip(TABLES) {
        for r in table.iter() {
            assert_eq!(r.stack, *s, "{}", r.evidence);
            assert_eq!((SIGNATURES[at].stack, SIGNATURES[at].evidence), (r.stack, r.evidence));
            at += 1;
        }
    }
    assert_eq!(at, SIGNATURES.len());
}

#[test]
fn quirk_hooks_answer_through_the_registry() {
    let q = only_options_route_body("Method not allowed. Must be one of: OPTIONS");
    assert_eq!(q.map(|q| q.stack), Some(Stack::Slim));
    assert_eq!(only_options_route_body("Method not allowed. Must be one of: GET, OPTIONS"), None);
    let put = Method::Put;
    let q = wrong_method_404(&put, "/items/1", "<pre>Cannot PUT /items/1</pre>", &Headers::new());
    assert_eq!(q.as_ref().map(|q| q.stack), Some(Stack::Express));
    assert!(q.is_some_and(|q| q.evidence.contains("Cannot PUT /items/1")));
    let h = hs(&[("Content-Security-Policy", "default-src 'none'"), ("X-Content-Type-Options", "nosniff")]);
    assert_eq!(wrong_method_404(&put, "/x", "", &h).map(|q| q.stack), Some(Stack::Express));
    assert_eq!(wrong_method_404(&put, "/x", "Not Found", &Headers::new()), None);
    // Tomcat's CorsFilter refusal and DefaultServlet 405, as captured (tests/fixtures/tomcat_*)
    let bare = hs(&[("Content-Length", "0"), ("Content-Type", "text/plain"), ("Keep-Alive", "timeout=20")]);
    assert_eq!(cors_filter_refusal(403, &bare).map(|q| q.stack), Some(Stack::Tomcat));
    assert_eq!(cors_filter_refusal(401, &bare), None);
    let vary = hs(&[("Content-Length", "0"), ("Content-Type", "text/plain"), ("Vary", "Origin")]);
    assert_eq!(cors_filter_refusal(403, &vary), None);
    let allow = hs(&[("Allow", "OPTIONS, GET, HEAD, POST"), ("Content-Type", "text/html;charset=utf-8")]);
    assert_eq!(static_file_refusal(405, &allow).map(|q| q.stack), Some(Stack::Tomcat));
    assert_eq!(static_file_refusal(200, &allow), None);
    let writable = hs(&[("Allow", "OPTIONS, GET, HEAD, POST, PUT, DELETE")]);
    assert_eq!(static_file_refusal(405, &writable), None);
    assert_eq!(static_file_refusal(405, &hs(&[("Allow", "GET, HEAD, POST, OPTIONS")])), None);
}

#[test]
fn layers_in_front_are_proxies_or_web_servers() {
    for s in [Stack::Cloudflare, Stack::AwsApiGateway, Stack::AwsAlb, Stack::Cloudfront, Stack::AzureAppService]
        .into_iter()
        .chain([Stack::GoogleFrontend, Stack::Netlify, Stack::Vercel, Stack::Kong, Stack::Traefik, Stack::Envoy])
    {
        assert_eq!(s.tier(), Tier::Proxy, "{s:?}");
    }
    for s in [Stack::Iis, Stack::S3, Stack::GithubPages] {
        assert_eq!(s.tier(), Tier::WebServer, "{s:?}");
    }
}

#[test]
fn wrong_method_404_gin_and_rails() {
    let post = Method::Post;
    let plain = hs(&[("Content-Type", "text/plain"), ("Content-Length", "18")]);
    let q = wrong_method_404(&post, "/api/notes/1", "404 page not found", &plain);
    assert_eq!(q.as_ref().map(|q| q.stack), Some(Stack::Gin));
    assert!(q.is_some_and(|q| q.evidence.contains("POST /api/notes/1")));
    // net/http's NotFound: the same words with a newline, a charset and nosniff; nor a body that was not recorded
    let net_http = hs(&[("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]);
    assert_eq!(wrong_method_404(&post, "/x", "404 page not found\n", &net_http), None);
    assert_eq!(wrong_method_404(&post, "/x", "404 page not found", &net_http), None);
    assert_eq!(wrong_method_404(&post, "/x", "", &plain), None);
    let put = Method::Put;
    let html = hs(&[("Content-Type", "text/html; charset=UTF-8")]);
    let q = wrong_method_404(&put, "/api/notes/1", RAILS_404, &html);
    assert_eq!(q.as_ref().map(|q| q.stack), Some(Stack::Rails));
    let dev = "<h1>Routing Error</h1><p>No route matches [PUT] &quot;/api/notes/1&quot;</p>";
    assert_eq!(wrong_method_404(&put, "/api/notes/1", dev, &html).map(|q| q.stack), Some(Stack::Rails));
    assert_eq!(wrong_method_404(&Method::Delete, "/api/notes/1", dev, &html), None);
    let h = hs(&[("X-Cascade", "pass"), ("Content-Type", "text/html;charset=utf-8")]);
    assert_eq!(wrong_method_404(&put, "/api/notes/1", SINATRA_404, &h).map(|q| q.stack), Some(Stack::Sinatra));
    assert_eq!(wrong_method_404(&put, "/x", "<h1>Not Found</h1>", &h).map(|q| q.stack), Some(Stack::Sinatra));
    assert_eq!(wrong_method_404(&put, "/x", "", &h).map(|q| q.stack), Some(Stack::Sinatra));
    let urlmap = hs(&[("X-Cascade", "pass"), ("Content-Type", "text/plain")]);
    assert_eq!(wrong_method_404(&put, "/x", "Not Found: /x", &urlmap), None);
    assert_eq!(wrong_method_404(&put, "/x", "", &urlmap), None);
}

#[test]
fn pyramid_predicate_mismatch_names_the_accepted_methods() {
    let put = Method::Put;
    let q = wrong_method_404(&put, "/reports/1", PYRAMID_404_MISMATCH, &Headers::new());
    assert_eq!(q.as_ref().map(|q| q.stack), Some(Stack::Pyramid));
    assert!(q.is_some_and(|q| q.evidence.contains("request_method = GET,HEAD")));
    assert_eq!(wrong_method_404_accepts(Stack::Pyramid, PYRAMID_404_MISMATCH), vec![Method::Get, Method::Head]);
    // a missing path's 404 names no view: not a wrong method, nothing accepted
    assert_eq!(wrong_method_404(&put, "/users/7", PYRAMID_404_PATH, &Headers::new()), None);
    assert!(wrong_method_404_accepts(Stack::Pyramid, PYRAMID_404_PATH).is_empty());
    // a mismatch on another predicate (xhr, accept, ...) says nothing about the method
    let other = "predicate mismatch for view read_report (xhr = True)";
    assert_eq!(wrong_method_404(&put, "/reports/1", other, &Headers::new()), None);
    // another stack's page names no accepted methods
    assert!(wrong_method_404_accepts(Stack::Express, PYRAMID_404_MISMATCH).is_empty());
}

#[test]
fn wrong_method_404_node_stacks() {
    let post = Method::Post;
    let q = wrong_method_404(&post, "/api/items/1", FASTIFY_404, &Headers::new());
    assert_eq!(q.as_ref().map(|q| q.stack), Some(Stack::Fastify));
    assert!(q.is_some_and(|q| q.evidence.contains("Route POST:/api/items/1 not found")));
    // another method's 404 body is not this request's answer
    assert_eq!(wrong_method_404(&Method::Put, "/api/items/1", FASTIFY_404, &Headers::new()), None);
    let fastify_headers = hs(&[("Content-Type", "application/json; charset=utf-8"), ("Keep-Alive", "timeout=72")]);
    assert_eq!(wrong_method_404(&post, "/x", "", &fastify_headers).map(|q| q.stack), Some(Stack::Fastify));
    let node_default = hs(&[("Content-Type", "application/json; charset=utf-8"), ("Keep-Alive", "timeout=5")]);
    assert_eq!(wrong_method_404(&post, "/x", "", &node_default), None);
    let behind =
        hs(&[("Content-Type", "application/json; charset=utf-8"), ("Keep-Alive", "timeout=72"), ("Server", "nginx")]);
    assert_eq!(wrong_method_404(&post, "/x", "", &behind), None);

    let q = wrong_method_404(&post, "/v1/items/1", H3_404, &Headers::new());
    assert_eq!(q.map(|q| q.stack), Some(Stack::H3));
    // a preemptive router's 404 is a missing path: it answers a wrong method 405
    let preemptive = "{\n  \"statusCode\": 404,\n  \"statusMessage\": \"Cannot find any route matching /nothing.\",\n  \"stack\": []\n}";
    assert_eq!(wrong_method_404(&post, "/api/nothing", preemptive, &Headers::new()), None);

    let hono = hs(&[("content-type", "text/plain; charset=UTF-8")]);
    let q = wrong_method_404(&post, "/api/items/1", "404 Not Found", &hono);
    assert_eq!(q.map(|q| (q.stack, q.says)), Some((Stack::Hono, "404 Not Found".to_string())));
    let other = hs(&[("content-type", "text/plain; charset=utf-8")]);
    assert_eq!(wrong_method_404(&post, "/api/items/1", "404 Not Found", &other), None);
    let named = hs(&[("content-type", "text/plain; charset=UTF-8"), ("Server", "SomethingElse/1.0")]);
    assert_eq!(wrong_method_404(&post, "/api/items/1", "404 Not Found", &named), None);
}
