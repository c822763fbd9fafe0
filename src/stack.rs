//! Server stack signatures (a data table, one row per signature) and fix
//! snippets per stack. (API skeleton.)

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
    /// Human name ("nginx", "Flask (Werkzeug)").
    pub fn label(&self) -> &'static str {
        "server"
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

/// Reads a response's signatures.
pub fn detect(status: u16, headers: &Headers, body: Option<&str>) -> Detection {
    let _ = (status, headers, body);
    Detection::default()
}

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

/// The fix snippet for `kind` on `stack` (a generic one when the stack is unknown).
pub fn fix_for(stack: Option<Stack>, kind: &FixKind) -> Fix {
    let _ = (stack, kind);
    Fix { title: String::new(), language: "text".into(), code: String::new() }
}
