//! The generic snippet of each fix kind: what [`fix_for`](super::fix_for)
//! gives when the stack is unknown, and what a stack gets for a kind it does
//! not override (the defaults of [`Define`](super::super::Define)).

use super::prelude::*;
use crate::stack::Define;

/// No stack known: every kind gets its generic snippet.
pub(crate) struct Generic;

impl Define for Generic {}

/// The default for [`Define::allow_cors`].
pub(crate) fn allow_cors(c: &Cors) -> Fix {
    let c = &c.in_lang(Lang::Http);
    let methods = &c.method_names;
    let headers = &c.header_names;
    let what = &c.what;
    let cred = c.credentials;
    let origin = &c.origin;
    let mut code = format!(
        "# {methods_csv} {path} from {origin}\
         \n# The preflight (OPTIONS {path}) must get a 2xx with:\
         \nAccess-Control-Allow-Origin: {origin}\
         \nAccess-Control-Allow-Methods: {methods_csv}\
         \nAccess-Control-Allow-Headers: {headers_csv}\
         \n",
        methods_csv = csv(methods),
        path = &c.path,
        headers_csv = csv(headers),
    );
    if cred {
        code.push_str("Access-Control-Allow-Credentials: true\n");
    }
    code.push_str(
        "Vary: Origin\
        \n\
        \n# and the actual response (including errors) with:\
        \n",
    );
    code.push_str(&format!("Access-Control-Allow-Origin: {origin}\n"));
    if cred {
        code.push_str("Access-Control-Allow-Credentials: true\n");
    }
    code.push_str("Vary: Origin\n");
    fix(format!("Answer the preflight for {what}"), "http", code)
}

/// The default for [`Define::preflight_redirect`].
pub(crate) fn preflight_redirect(r: &PreflightRedirect) -> Fix {
    let r = &r.in_lang(Lang::Js);
    let title = &r.title;
    let head = &r.head;
    let target = if r.to.is_blank() { &r.from } else { &r.to };
    let client = format!(
        "// Call the final URL directly, so nothing needs to redirect:\
         \nawait fetch(\"{target}\", {{ /* same method, headers and body */ }});\
         \n"
    );
    let note = comment("js", head);
    fix(title, "js", format!("{note}\n{client}"))
}

/// The default for [`Define::preflight_before_auth`].
pub(crate) fn preflight_before_auth(a: &BeforeAuth) -> Fix {
    let title = &a.title;
    let head = &a.head;
    fix(
        title,
        "text",
        format!(
            "{note}\
             \n# In whatever checks credentials (middleware, gateway, proxy):\
             \n#   if request.method == OPTIONS: pass it on to the CORS handler, unauthenticated\
             \n# and register the CORS handler before the auth check.\
             \n",
            note = comment("text", head),
        ),
    )
}

/// The default for [`Define::credentials`].
pub(crate) fn credentials(origin: &str) -> Snippet {
    (
        "http",
        format!(
            "Access-Control-Allow-Origin: {origin}\
        \nAccess-Control-Allow-Credentials: true\
        \nVary: Origin\
        \n"
        ),
    )
}

/// The default for [`Define::cors_on_errors`].
pub(crate) fn cors_on_errors(origin: &str) -> Snippet {
    (
        "http",
        format!(
            "# every response, 4xx and 5xx included:\
        \nAccess-Control-Allow-Origin: {origin}\
        \nVary: Origin\
        \n"
        ),
    )
}

/// The default for [`Define::register_route`].
pub(crate) fn register_route(r: &Route) -> Fix {
    let r = &r.in_lang(Lang::Text);
    let title = &r.title;
    let head = &r.head;
    let names = &r.names;
    let m = &r.m;
    let path = &r.path;
    fix(
        title,
        "text",
        format!(
            "{note}\
             \n#   {m} {path} → a handler in your application (methods: {names_csv})\
             \n# and make sure nothing in front of it (proxy, gateway) refuses {m}.\
             \n",
            note = comment("text", head),
            names_csv = names.join(", "),
        ),
    )
}

/// The default for [`Define::web_server_rule`].
/// No stack is named: the layer in front (a proxy, gateway, load balancer or web server) is not identified, so the
/// snippet says so before showing what the rule looks like in nginx and Apache.
pub(crate) fn web_server_rule(w: &ServerRule) -> Fix {
    let title = format!("Let {m} {path} through the layer in front of the application", m = w.m, path = w.path.raw);
    let w = &w.in_lang(Lang::Nginx);
    let m = &w.m;
    let loc = &w.loc;
    let path = &w.path;
    let mut code = format!(
        "# A layer in front of the application (a proxy, gateway, load balancer or web server) answered\
         \n# {m} {path} itself: a static-file route (files only take GET/HEAD), a method rule or a deny rule.\
         \n# Route the path to the application and let {m} (and OPTIONS) through. In nginx:\
         \n"
    );
    code.push_str(&nginx_location(m, loc));
    code.push_str(&format!(
        "\n# Apache equivalent:\
         \n#   <Location \"{loc}\">\
         \n#       ProxyPass \"http://127.0.0.1:8000{loc}\"\
         \n#   </Location>\
         \n#   and no <LimitExcept>/<Limit> denying {m}\
         \n"
    ));
    fix(title, "nginx", code)
}

/// The default for [`Define::redirect_changed`].
pub(crate) fn redirect_changed(r: &RedirectChanged) -> Snippet {
    let r = &r.in_lang(Lang::Js);
    let m = &r.m;
    let to = &r.to;
    (
        "js",
        format!(
            "await fetch('{to}', {{\
        \n  method: '{m}',\
        \n  // same headers and body\
        \n}});\
        \n"
        ),
    )
}

/// [`FixKind::MethodMismatch`](super::FixKind::MethodMismatch) with a method the path allows: send that one.
pub(crate) fn switch_method(method: &Method, suggested: &Method, path: &str, allowed: &[Method]) -> Fix {
    let title = format!("Send {suggested} instead of {method} to {path}");
    let js = |s: &str| Lang::Js.lit(s);
    let allow = js(&allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", "));
    let (method, suggested_name, path) = (js(method.as_str()), js(suggested.as_str()), js(path));
    let body = if matches!(suggested, Method::Get | Method::Head | Method::Delete) {
        String::new()
    } else {
        "\n  headers: { 'Content-Type': 'application/json' },\
         \n  body: JSON.stringify(data),"
            .to_string()
    };
    let code = format!(
        "// {path} allows {allow} (its Allow header), not {method}. Send {suggested_name}:\
         \nconst res = await fetch('{path}', {{\
         \n  method: '{suggested_name}',{body}\
         \n}});\
         \n"
    );
    fix(title, "js", code)
}

/// An nginx `location` that sends the path to the app and lets `m` through.
pub(crate) fn nginx_rule(m: &str, path: &Val, loc: &Val) -> String {
    let mut code = format!(
        "# nginx answered {m} {path} itself: a static `root`/`try_files` location (files only take \
         GET/HEAD),\
         \n# a `return 405`, or a limit_except. Send the path to the app and allow {m}:\
         \n"
    );
    code.push_str(&nginx_location(m, loc));
    code
}

/// An nginx location that proxies `loc` to the application and lets `m` (and OPTIONS) through.
fn nginx_location(m: &str, loc: &Val) -> String {
    let mut allowed: Vec<&str> = vec!["GET", "POST"];
    if !allowed.contains(&m) && m != "HEAD" && m != "OPTIONS" {
        allowed.push(m);
    }
    allowed.push("OPTIONS"); // or the CORS preflight gets 403
    format!(
        "location {loc} {{\
         \n    limit_except {methods} {{ deny all; }}  # GET implies HEAD; or drop limit_except \
         entirely\
         \n    proxy_pass http://127.0.0.1:8000;\
         \n}}\
         \n",
        methods = allowed.join(" "),
    )
}

/// [`FixKind::UppercaseMethod`](super::FixKind::UppercaseMethod): the client writes the method in uppercase.
pub(crate) fn uppercase_method(method: &Method, upper: &Method, path: &str) -> Fix {
    let title = format!("Write the method as {upper} (not {method}) in the client");
    let js = |s: &str| Lang::Js.lit(s);
    let (sent, upper_name, path) = (js(method.as_str()), js(upper.as_str()), js(path));
    let code = format!(
        "// Browsers uppercase only DELETE, GET, HEAD, OPTIONS, POST and PUT (Fetch: \"normalize a method\").\
         \n// '{sent}' is sent as written, and CORS (Access-Control-Allow-Methods) and most routers compare methods\
         \n// case-sensitively. Write it in uppercase:\
         \nconst res = await fetch('{path}', {{\
         \n  method: '{upper_name}', // not '{sent}'\
         \n  headers: {{ 'Content-Type': 'application/json' }},\
         \n  body: JSON.stringify(data),\
         \n}});\
         \n// (fetch() and XMLHttpRequest.open() both send the method as written.)\
         \n"
    );
    fix(title, "js", code)
}

/// [`FixKind::DuplicateHeader`](super::FixKind::DuplicateHeader): two layers both add a CORS header; keep one.
pub(crate) fn duplicate_header(header: &str, values: &str, origin: &str, path: &str) -> Fix {
    let title = format!("Send {header} once on {path}: remove the duplicate");
    let t = |s: &str| Lang::Text.lit(s);
    let (h, values, origin, path) = (t(header), t(values), t(origin), t(path));
    let code = format!(
        "# {path} sends {h} more than once ({values}): two layers both add CORS headers\
         \n# (typically a proxy such as nginx or Apache, and the application's CORS middleware). A browser accepts\
         \n# exactly one value, so it refuses the response. Nothing needs answering: remove one of the two.\
         \n#\
         \n# Keep the application's, and in the proxy drop its own line:\
         \n#   nginx:   remove `add_header {h} …;` from the location\
         \n#   Apache:  remove `Header set {h} …`\
         \n# or keep the proxy's, and hide the application's:\
         \n#   nginx:   proxy_hide_header {h};\
         \n#   Apache:  Header unset {h} (before your own `Header set`), or remove the CORS middleware in the app\
         \n#\
         \n# Either way the response then carries one value:\
         \n{h}: {origin}\
         \n"
    );
    fix(title, "text", code)
}
