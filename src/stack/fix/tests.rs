//! Every fix kind on every stack (and none): complete, mentions the facts;
//! and a few stack-specific snippets.

use super::*;
use crate::http::Method;

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
fn stack_specific_cors_snippets() {
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
        nginx.lines().filter(|l| l.trim_start().starts_with("add_header")).all(|l| l.trim_end().ends_with("always;")),
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
}

#[test]
fn stack_specific_route_snippets() {
    let put = Method::Put;
    let route = |s| fix_for(Some(s), &FixKind::MissingRoute { method: &put, path: "/api/items/42" }).code;
    assert!(route(Stack::Express).contains("app.put('/api/items/:id'"));
    assert!(
        route(Stack::Laravel).contains("Route::put('/items/{id}'") && route(Stack::Laravel).contains("routes/api.php")
    );
    assert!(route(Stack::Spring).contains("@PutMapping(\"/api/items/{id}\")"));
    assert!(route(Stack::Django).contains("path(\"api/items/<int:id>\", ItemView.as_view())"));
    assert!(route(Stack::Rails).contains("put \"/api/items/:id\", to: \"items#update\""));
    assert!(route(Stack::Actix).contains("web::put().to(update_item)"));
    assert!(route(Stack::AspnetCore).contains("app.MapPut(\"/api/items/{id}\""));
    // A web server has no routes: its fix for a missing route is its own method rule.
    for ws in [Stack::Nginx, Stack::Apache] {
        let rule = fix_for(Some(ws), &FixKind::WebServerRule { method: &put, path: "/api/items/42" });
        assert_eq!(fix_for(Some(ws), &FixKind::MissingRoute { method: &put, path: "/api/items/42" }), rule);
    }

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
}

#[test]
fn stack_specific_redirect_auth_and_server_snippets() {
    let put = Method::Put;
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
