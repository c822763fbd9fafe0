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
    // ---- FastAPI / Starlette
    starlette_cors_refusal: 400, [("server", "uvicorn"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], Some("Disallowed CORS origin") => Some(Stack::Fastapi), [Stack::Uvicorn];
    fastapi_405_direct: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "application/json")], Some("{\"detail\":\"Method Not Allowed\"}") => Some(Stack::Fastapi), [Stack::Uvicorn];
    fastapi_404_behind_nginx: 404, [("Server", "nginx/1.22.1"), ("Content-Type", "application/json")], Some("{\"detail\":\"Not Found\"}") => Some(Stack::Fastapi), [Stack::Nginx];
    fastapi_422_validation: 422, [("content-type", "application/json")], Some("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"input\":{}}]}") => Some(Stack::Fastapi), [];
    hypercorn_server: 200, [("server", "hypercorn-h11")], None => None, [Stack::Hypercorn];
    starlette_preflight_behind_nginx: 200, [("Server", "nginx/1.22.1"), ("access-control-allow-origin", "http://localhost:7100"), ("access-control-max-age", "600"), ("content-type", "text/plain; charset=utf-8"), ("vary", "Origin")], None => Some(Stack::Fastapi), [Stack::Nginx];
    starlette_plain_405_under_uvicorn: 405, [("server", "uvicorn"), ("allow", "GET"), ("content-type", "text/plain; charset=utf-8")], Some("Method Not Allowed") => None, [Stack::Uvicorn];
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
    kestrel_empty_405: 405, [("Server", "Kestrel"), ("Allow", "GET"), ("Content-Length", "0")], None => None, [Stack::Kestrel];
    aspnet_problem_details_behind_nginx: 405, [("Server", "nginx/1.22.1"), ("Content-Type", "application/problem+json; charset=utf-8")], Some("{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.6\",\"title\":\"Method Not Allowed\",\"status\":405,\"traceId\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00\"}") => Some(Stack::AspnetCore), [Stack::Nginx];
    iis_aspnet_powered_by: 200, [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET")], None => None, [Stack::AspnetCore];
    // ---- Rails
    rails_routing_error_json: 404, [("Content-Type", "application/json; charset=utf-8"), ("X-Request-Id", "8c5b6a2e-1a0b-4c1e-9d1e-3f2b8e0c7a11"), ("X-Runtime", "0.004512")], Some("{\"status\":404,\"error\":\"Not Found\",\"exception\":\"#<ActionController::RoutingError: No route matches [PUT] \\\"/items/1\\\">\"}") => Some(Stack::Rails), [];
    rails_public_404: 404, [("Content-Type", "text/html; charset=UTF-8")], Some("<h1>The page you were looking for doesn't exist.</h1>") => Some(Stack::Rails), [];
    rack_runtime_only: 200, [("X-Runtime", "0.012")], None => Some(Stack::Rails), [];
    rails_security_headers: 404, [("X-Frame-Options", "SAMEORIGIN"), ("X-XSS-Protection", "0"), ("X-Content-Type-Options", "nosniff"), ("X-Permitted-Cross-Domain-Policies", "none"), ("Referrer-Policy", "strict-origin-when-cross-origin")], None => Some(Stack::Rails), [];
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
    // ---- no guessing
    empty_405_with_allow_only: 405, [("allow", "GET,HEAD"), ("content-length", "0")], None => None, [];
    empty_405_with_allow_and_date: 405, [("Allow", "GET"), ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"), ("Content-Length", "0")], Some("") => None, [];
    gunicorn_alone: 405, [("Server", "gunicorn"), ("Allow", "GET")], None => None, [Stack::Gunicorn];
    wsgiserver_without_django_hallmarks: 405, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Allow", "GET")], None => None, [Stack::Wsgiref];
    starlette_preflight_400_is_not_spring: 400, [("access-control-allow-origin", "http://localhost:7100"), ("access-control-max-age", "600"), ("content-type", "text/plain; charset=utf-8"), ("server", "uvicorn"), ("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network")], None => Some(Stack::Fastapi), [Stack::Uvicorn];
    django_cors_headers_lowercase_vary: 200, [("Content-Type", "application/json"), ("Server", "WSGIServer/0.2 CPython/3.11.7"), ("Vary", "origin"), ("access-control-allow-origin", "http://localhost:7100")], None => Some(Stack::Django), [Stack::Wsgiref];
    tower_http_lowercase_vary_is_not_django: 200, [("vary", "origin, access-control-request-method, access-control-request-headers")], None => Some(Stack::Axum), [];
    // ---- application servers: the server, never a framework
    uvicorn_alone: 200, [("server", "uvicorn"), ("content-type", "application/json")], Some("[]") => None, [Stack::Uvicorn];
    waitress_alone: 405, [("Server", "waitress"), ("Allow", "GET")], None => None, [Stack::Waitress];
    wsgiref_own_500: 500, [("Server", "WSGIServer/0.2 CPython/3.11.2"), ("Content-Type", "text/plain")], Some("A server error occurred.  Please contact the administrator.") => Some(Stack::Wsgiref), [];
    puma_lowlevel_500: 500, [("content-type", "text/plain")], Some("An unhandled lowlevel error occurred. The application logs may have details.\n") => Some(Stack::Puma), [];
    puma_lowlevel_500_development: 500, [("content-type", "text/plain")], Some("Puma caught this error: undefined method `x' for nil (NoMethodError)") => Some(Stack::Puma), [];
    werkzeug_405_under_hypercorn_is_not_flask: 405, [("server", "hypercorn-h11"), ("allow", "GET"), ("content-type", "text/html; charset=utf-8")], Some(WERKZEUG_405) => Some(Stack::Werkzeug), [Stack::Hypercorn];
    werkzeug_dev_server_alone_is_not_flask: 200, [("Server", "Werkzeug/3.0.1 Python/3.11.7"), ("Content-Type", "application/json")], Some("{}") => None, [Stack::Werkzeug];
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
    assert_eq!(Stack::ALL.len(), 24);
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
}
