//! # warp
//!
//! A Rust web framework of composable filters on hyper; CORS through its own `warp::cors()` filter. No `Server`
//! header of its own: only its rejection bodies name it.
//!
//! ## How it answers
//! - **Wrong method**: a method filter (`warp::get()`) that does not match rejects; when no route takes the
//!   request warp answers the "most relevant" rejection as text/plain: 405 "HTTP method not allowed" (no `Allow`)
//!   outranks 404, so with the method filter first (`warp::get().and(path!(…))`, the style of warp's examples)
//!   even a path that no route has gets 405. A path filter that rejects alone gives 404 with an empty body.
//! - **OPTIONS**: a route like any other; without `warp::cors()` it is a 405 "HTTP method not allowed".
//! - **CORS**: `routes.with(warp::cors()…)` answers a valid preflight itself (200, no body) and refuses a bad one
//!   with 403 "CORS request forbidden: origin not allowed" / "…request-method not allowed" / "…header not
//!   allowed" (text/plain, no `Access-Control-Allow-Origin`). A rejection passes through `.with(cors)` untouched:
//!   a 405 or 404 from the routes has no CORS headers unless `.recover(…)` turns rejections into replies before
//!   `.with(cors)`.
//! - **Errors**: other rejections are text/plain too ("Request body deserialize error: …", "Unhandled
//!   rejection: …" for a custom one with 500).
//! - **In a HAR**: Chromium keeps no body for a preflight or a CORS-blocked response, and warp's rejections are
//!   CORS-blocked unless recovered. What remains is the status, `text/plain; charset=utf-8`, no `Server`, and the
//!   exact `Content-Length` of warp's fixed texts: 23 ("HTTP method not allowed", on a 405 without `Allow`), 50
//!   ("CORS request forbidden: request-method not allowed"), 42 ("…header not allowed" / "…origin not allowed").
//!   The signature rows read those; a 405 named warp does not show that the path exists (`any_path_405`).
//!
//! ## CORS recipe
//! `let cors = warp::cors().allow_origin("https://app.example.com").allow_methods(vec!["GET", "PUT"])
//! .allow_headers(vec!["content-type"]); routes.recover(handle_rejection).with(cors)`.
//!
//! ## Sources
//! - Rejection texts and statuses (`MethodNotAllowed` "HTTP method not allowed", 405 over 404 when combined,
//!   text/plain bodies): <https://github.com/seanmonstar/warp/blob/master/src/reject.rs>
//! - The cors filter (preflight 200, 403 `CorsForbidden` "CORS request forbidden: …", rejections passed through
//!   unwrapped): <https://github.com/seanmonstar/warp/blob/master/src/filters/cors.rs>
//! - Body deserialize rejection: <https://github.com/seanmonstar/warp/blob/master/src/filters/body.rs>
//! - `warp::cors` docs: <https://docs.rs/warp/latest/warp/filters/cors/fn.cors.html>
//! - `Filter::recover` and the rejections example:
//!   <https://github.com/seanmonstar/warp/blob/master/examples/rejections.rs>
//! - 405 where a 404 was meant: warp issue "Rejecting with warp::reply::not_found results in a 405"
//!   <https://github.com/seanmonstar/warp/issues/77>; a warp API answering 405 for non-existent endpoints
//!   <https://github.com/sigp/lighthouse/issues/3112>
//! - Seen in the lab (warp 0.4.3): `tests/lab/servers/warp/`

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "warp";

const TEXT: C = C::Header("content-type", Is("text/plain; charset=utf-8"));

/// warp's signature rows: its rejection bodies (text/plain; charset=utf-8, from `reject.rs` and `cors.rs`).
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Warp, Body, Is("HTTP method not allowed"), Some((405, 405)), &[TEXT], Generated, 85,
        "warp's MethodNotAllowed rejection: body \"{line}\" (text/plain)"),
    row(Stack::Warp, Body, Starts("CORS request forbidden: "), Some((403, 403)), &[], Generated, 90,
        "warp::cors() refused the request: body \"{line}\""),
    // Chromium keeps no body for a preflight or a CORS-blocked response: the exact length and type stand in for
    // the text.
    row(Stack::Warp, Header("content-length"), Is("23"), Some((405, 405)), &[TEXT, C::NoBody, C::NoHeader("server"), C::NoHeader("allow")], Generated, 55,
        "405 text/plain of {value} bytes, no Allow or Server: the length of warp's \"HTTP method not allowed\" (body not recorded)"),
    row(Stack::Warp, Header("content-length"), Is("50"), Some((403, 403)), &[TEXT, C::NoBody, C::NoHeader("server")], Generated, 55,
        "403 text/plain of {value} bytes, no Server: the length of warp::cors()'s \"CORS request forbidden: request-method not allowed\" (body not recorded)"),
    row(Stack::Warp, Header("content-length"), Is("42"), Some((403, 403)), &[TEXT, C::NoBody, C::NoHeader("server")], Generated, 55,
        "403 text/plain of {value} bytes, no Server: the length of warp::cors()'s \"CORS request forbidden: header not allowed\" or \"…origin not allowed\" (body not recorded)"),
    row(Stack::Warp, Body, Starts("Request body deserialize error: "), Some((400, 400)), &[TEXT], Generated, 85,
        "warp's body deserialize rejection: body \"{line}\""),
    row(Stack::Warp, Body, Starts("Unhandled rejection: "), Some((500, 500)), &[TEXT], Generated, 85,
        "warp's answer for a custom rejection nothing recovered: body \"{line}\""),
];

/// warp's hooks: fix snippets.
pub(super) struct Warp;

/// `warp::path!` segments for a path: literal segments as string literals, id segments as `String` (computed on
/// the raw path, each literal escaped for Rust).
fn path_macro(path: &Val) -> String {
    let pattern = route_pattern(path.raw.as_str(), Style::Brace);
    let segs: Vec<String> = pattern
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            match s.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) if is_param_name(name) => "String".to_string(),
                _ => format!("\"{lit}\"", lit = Lang::Rust.lit(s)),
            }
        })
        .collect();
    if segs.is_empty() {
        "warp::path::end()".to_string()
    } else {
        format!("warp::path!({segs})", segs = segs.join(" / "))
    }
}

/// A parameter name `route_pattern` wrote (`id`, `user_id`).
fn is_param_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The method filter for a method: `warp::put()`; warp has none for an extension method: `warp::method()`
/// hands it to the handler, which checks it.
fn method_filter(m: &Method) -> String {
    match shorthand(m) {
        Some(s) => format!("warp::{s}()"),
        None => format!("warp::method() /* the handler checks method == {expr} */", expr = rust_method(m)),
    }
}

impl Define for Warp {
    fn lang(&self) -> Lang {
        Lang::Rust
    }

    fn refuses_preflight_itself(&self) -> bool {
        true
    }

    fn any_path_405(&self) -> bool {
        true
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods_csv = csv(&c.method_names);
        let path = &c.path;
        let origin = &c.origin;
        let methods_dq = dq(&c.method_names);
        let headers_dq = dq(&lower_all(&c.header_names));
        let cred = if c.credentials { "\n    .allow_credentials(true)" } else { "" };
        let code = format!(
            "// {methods_csv} {path} from {origin}\
            \nlet cors = warp::cors()\
            \n    .allow_origin(\"{origin}\")\
            \n    .allow_methods(vec![{methods_dq}])\
            \n    .allow_headers(vec![{headers_dq}]){cred};\
            \n\
            \n// recover() first: a rejection (405, 404) passes through .with(cors) without CORS headers\
            \nlet app = routes.recover(handle_rejection).with(cors);\
            \nwarp::serve(app).run(([127, 0, 0, 1], 3030)).await;\
            \n"
        );
        fix(c.title("warp::cors()"), "rust", code)
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let note = comment("rust", &a.head);
        let route = path_macro(&a.path);
        fix(
            &a.title,
            "rust",
            format!(
                "{note}\
            \n// .with(cors) outside the auth filter: the cors filter answers the preflight before auth runs\
            \nlet api = {route}.and(auth()).and_then(handler);\
            \nlet app = api.recover(handle_rejection).with(cors);\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "let cors = warp::cors()\
            \n    .allow_origin(\"{origin}\") // not allow_any_origin(): credentials need the exact origin\
            \n    .allow_credentials(true);\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "rust",
            format!(
                "// A rejection is not a reply: .with(cors) adds nothing to it. Recover first, so\
            \n// 404/405/400 become replies that pass through the cors filter.\
            \nasync fn handle_rejection(err: warp::Rejection) -> Result<impl warp::Reply, std::convert::Infallible> {{\
            \n    let code = if err.is_not_found() {{ StatusCode::NOT_FOUND }}\
            \n        else if err.find::<warp::reject::MethodNotAllowed>().is_some() {{ StatusCode::METHOD_NOT_ALLOWED }}\
            \n        else {{ StatusCode::BAD_REQUEST }};\
            \n    Ok(warp::reply::with_status(code.canonical_reason().unwrap_or(\"\"), code))\
            \n}}\
            \n\
            \nlet app = routes\
            \n    .recover(handle_rejection)\
            \n    .with(warp::cors().allow_origin(\"{origin}\"));\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let note = comment("rust", &r.head);
        let route = path_macro(&r.path);
        let chain = r
            .all
            .iter()
            .enumerate()
            .map(|(i, mm)| {
                let h = handler_name(mm, r.path.raw.as_str());
                let one = format!("{route}.and({filter}).and_then({h})", filter = method_filter(mm));
                if i == 0 {
                    format!("\nlet routes = {one}")
                } else {
                    format!("\n    .or({one})")
                }
            })
            .collect::<String>();
        fix(
            &r.title,
            "rust",
            format!(
                "{note}\
            \n// the path filter first, then the method: warp then answers 404, not 405, for other paths{chain};\
            \n// recover before .with(cors): a rejection (404, 405) leaves without CORS headers\
            \nlet app = routes.recover(handle_rejection).with(cors);\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let m = &r.m;
        let to = &r.to;
        (
            "rust",
            format!(
                "// warp::redirect::see_other is 303 (turns {m} into GET); temporary is 307, permanent 308\
            \nwarp::redirect::temporary(Uri::from_static(\"{to}\"))\
            \n"
            ),
        )
    }
}
