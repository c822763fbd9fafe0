//! # ASP.NET Core
//!
//! .NET's web framework, served by Kestrel (`Server: Kestrel`) or behind IIS.
//!
//! ## How it answers
//! - **Wrong method**: 405 with `Allow` and often an empty body; with
//!   ProblemDetails, `{"type":"https://tools.ietf.org/html/rfc…","title":…,
//!   "traceId":"00-…"}`.
//! - **OPTIONS**: a 405 like any unrouted method, unless the CORS middleware
//!   (`UseCors`, after `UseRouting`, before auth) answers the preflight.
//! - **Errors**: `UseExceptionHandler` re-runs the pipeline, through CORS.
//!
//! ## CORS recipe
//! `AddCors` with a named policy (`WithOrigins`, `WithMethods`,
//! `WithHeaders`, `AllowCredentials`), and `app.UseCors("policy")`.
//!
//! ## Sources
//! - Problem details (`AddProblemDetails`, `UseStatusCodePages`: `type` an RFC 9110 section, `title`, `status`, a
//!   W3C `traceId`): <https://learn.microsoft.com/aspnet/core/fundamentals/error-handling#problem-details>
//!   (rows: the `traceId`, the RFC `type`)
//! - `Server: Kestrel` (`KestrelServerOptions.AddServerHeader`, on by default): <https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.server.kestrel.core.kestrelserveroptions.addserverheader>
//!   (row: `Server: Kestrel`; it names the HTTP server, and may move to an application-server stack)
//! - `X-Powered-By: ASP.NET` is IIS's default custom header, not ASP.NET Core's: its row is in `iis.rs`.
//! - CORS in ASP.NET Core: <https://learn.microsoft.com/aspnet/core/security/cors>
//! - Middleware order: <https://learn.microsoft.com/aspnet/core/fundamentals/middleware/#middleware-order>
//! - Minimal API route handlers (`MapPut`, `MapMethods`): <https://learn.microsoft.com/aspnet/core/fundamentals/minimal-apis/route-handlers>
//! - `Results.Redirect(preserveMethod)`: <https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.http.results.redirect>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "ASP.NET Core";

/// ASP.NET Core's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::AspnetCore, Body, Has("\"traceId\":\"00-"), ERR, &[], Generated, 85,
        "ASP.NET Core ProblemDetails with a W3C traceId: {line}"),
    row(Stack::AspnetCore, Body, Has("\"type\":\"https://tools.ietf.org/html/rfc"), ERR, &[C::Body(Has("\"title\":"))], Generated, 70,
        "ASP.NET Core ProblemDetails: {line}"),
];

/// ASP.NET Core's hooks: quirks and fix snippets.
pub(super) struct AspnetCore;

impl Define for AspnetCore {
    fn lang(&self) -> Lang {
        Lang::CSharp
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let methods_csv = csv(methods);
        let path = &c.path;
        let methods_dq = dq(methods);
        let headers_dq = dq(headers);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
            \nbuilder.Services.AddCors(options =>\
            \n{{\
            \n    options.AddPolicy(\"frontend\", policy => policy\
            \n        .WithOrigins(\"{origin}\")\
            \n        .WithMethods({methods_dq})\
            \n        .WithHeaders({headers_dq})"
        );
        if cred {
            code.push_str("\n        .AllowCredentials()); // never with AllowAnyOrigin()\n");
        } else {
            code.push_str(");\n");
        }
        code.push_str(
            "});\
            \n\
            \nvar app = builder.Build();\
            \napp.UseRouting();\
            \napp.UseCors(\"frontend\");   // after UseRouting, before \
            UseAuthentication/UseAuthorization\
            \napp.UseAuthentication();\
            \napp.UseAuthorization();\
            \napp.MapControllers();\
            \n",
        );
        fix(title("a CORS policy"), "csharp", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let to_shown = &r.to_shown;
        let note = comment("csharp", head);
        fix(
            title,
            "csharp",
            format!(
                "{note}\
            \n// If app.UseHttpsRedirection() made this redirect (http → https), call {to_shown} \
            directly from the\
            \n// frontend; and keep CORS before auth so nothing else redirects the preflight:\
            \napp.UseHttpsRedirection();\
            \napp.UseRouting();\
            \napp.UseCors(\"frontend\");\
            \napp.UseAuthentication();\
            \napp.UseAuthorization();\
            \n"
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let note = comment("csharp", head);
        fix(
            title,
            "csharp",
            format!(
                "{note}\
            \napp.UseRouting();\
            \napp.UseCors(\"frontend\");   // answers the preflight…\
            \napp.UseAuthentication();  // …before these run\
            \napp.UseAuthorization();\
            \napp.MapControllers();\
            \n"
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "csharp",
            format!(
                "options.AddPolicy(\"frontend\", policy => policy\
            \n    .WithOrigins(\"{origin}\") // AllowAnyOrigin() + AllowCredentials() is rejected\
            \n    .AllowAnyHeader()\
            \n    .AllowAnyMethod()\
            \n    .AllowCredentials());\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "csharp",
            format!(
                "// UseExceptionHandler re-runs the pipeline for /error; UseCors after \
            it applies to that run too\
            \napp.UseExceptionHandler(\"/error\");\
            \napp.UseRouting();\
            \napp.UseCors(\"frontend\"); // policy: WithOrigins(\"{origin}\")\
            \napp.UseAuthentication();\
            \napp.UseAuthorization();\
            \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let params = &r.params;
        let m = &r.m;
        let method = r.method;
        let path = &r.path;
        let r = route_pattern(path, Style::Brace);
        let args = params.iter().map(|p| format!("int {name}", name = camel(p))).collect::<Vec<_>>().join(", ");
        let line = match method {
            Method::Get => format!("app.MapGet(\"{r}\", ({args}) => Results.Ok());\n"),
            Method::Post => format!("app.MapPost(\"{r}\", ({args}) => Results.Ok());\n"),
            Method::Put => format!("app.MapPut(\"{r}\", ({args}) => Results.Ok());\n"),
            Method::Patch => format!("app.MapPatch(\"{r}\", ({args}) => Results.Ok());\n"),
            Method::Delete => format!("app.MapDelete(\"{r}\", ({args}) => Results.Ok());\n"),
            _ => format!(
                "app.MapMethods(\"{r}\", new[] {{ \"{m}\" }}, ({args}) => Results.Ok());\
                \n"
            ),
        };
        let note = comment("csharp", head);
        let verb = pascal(&m.to_ascii_lowercase());
        fix(
            title,
            "csharp",
            format!(
                "{note}\
            \n// (or [Http{verb}(\"{r}\")] on a controller action)\
            \n{line}"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "csharp",
            format!(
                "return Results.Redirect(\"{to}\", permanent: false, preserveMethod: \
            true); // 307\
            \n"
            ),
        )
    }
}
