//! # Spring
//!
//! Spring MVC / Spring Boot on the JVM (Tomcat, Jetty, Undertow).
//!
//! ## How it answers
//! - **Wrong method**: 405 from `HttpRequestMethodNotSupportedException`
//!   ("Request method 'PUT' is not supported"), as the Whitelabel page, the
//!   Boot JSON error body or a ProblemDetail.
//! - **OPTIONS**: answered with `Allow` by the dispatcher; with a CORS
//!   configuration, the preflight is handled by the CORS processor (403
//!   "Invalid CORS request" when refused). Spring Security must be told to
//!   let it through (`http.cors(…)`).
//! - **Errors**: Spring Security's default headers; unauthenticated requests
//!   may be redirected to a login page.
//!
//! ## CORS recipe
//! `WebMvcConfigurer.addCorsMappings` (`registry.addMapping(…).allowedOrigins(…)`),
//! or a `CorsFilter` bean to cover errors too.
//!
//! ## Sources
//! - CORS in Spring MVC: <https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html>
//! - CORS with Spring Security: <https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html>
//! - Request mapping: <https://docs.spring.io/spring-framework/reference/web/webmvc/mvc-controller/ann-requestmapping.html>
//! - Error responses (ProblemDetail): <https://docs.spring.io/spring-framework/reference/web/webmvc/mvc-ann-rest-exceptions.html>
//! - Spring Boot error handling (Whitelabel): <https://docs.spring.io/spring-boot/reference/web/servlet.html#web.servlet.spring-mvc.error-handling>

use super::fix::prelude::*;
use super::signature::rows::*;
use super::signature::Signature;
use super::{Define, Stack};

/// The human name.
pub(super) const LABEL: &str = "Spring";

/// Spring's signature rows.
#[rustfmt::skip]
pub(super) const SIGNATURES: &[Signature] = &[
    row(Stack::Spring, Body, Has("Whitelabel Error Page"), ERR, &[], Generated, 95,
        "Spring Boot's Whitelabel Error Page"),
    row(Stack::Spring, Body, Has("\"timestamp\":"), ERR,
        &[C::Body(Has("\"error\":\"")), C::Body(Has("\"path\":\"")), C::Body(Has("\"status\":"))], Generated, 90,
        "Spring Boot's JSON error body: {line}"),
    row(Stack::Spring, Body, Has("Request method '"), Some((405, 405)), &[C::Body(Has("not supported"))], Generated, 90,
        "Spring's HttpRequestMethodNotSupportedException: body contains \"{line}\""),
    row(Stack::Spring, Body, Has("\"detail\":\"Method '"), Some((405, 405)), &[], Generated, 85,
        "Spring 6 ProblemDetail 405: body {line}"),
    row(Stack::Spring, Body, Is("Invalid CORS request"), Some((403, 403)), &[], Generated, 90,
        "Spring's CORS processor refused the request: body \"Invalid CORS request\""),
    row(Stack::Spring, Header("x-application-context"), Any, ANY, &[], Generated, 80, "X-Application-Context: {value} (Spring Boot 1.x)"),
    row(Stack::Spring, Header("vary"), Case("Access-Control-Request-Method"), ANY,
        &[C::Header("vary", Case("Origin")), C::HeaderLacks("vary", Case("Access-Control-Request-Private-Network"))], Generated, 50,
        "Vary: {value} (Spring's CORS processing adds all three)"),
    row(Stack::Spring, Header("x-xss-protection"), Is("0"), ANY,
        &[C::Header("expires", Is("0")), C::Header("pragma", Is("no-cache")), C::Header("cache-control", Has("must-revalidate"))], Generated, 45,
        "Spring Security's default headers (X-XSS-Protection: 0, Expires: 0, Pragma: no-cache)"),
];

/// Spring's hooks: quirks and fix snippets.
pub(super) struct Spring;

impl Define for Spring {
    fn lang(&self) -> Lang {
        Lang::Java
    }

    fn allow_cors(&self, c: &Cors) -> Fix {
        let methods = &c.method_names;
        let headers = &c.header_names;
        let cred = c.credentials;
        let origin = &c.origin;
        let title = |name: &str| c.title(name);
        let mut code = format!(
            "// {methods_csv} {path} from {origin}\
             \n@Configuration\
             \npublic class CorsConfig implements WebMvcConfigurer {{\
             \n    @Override\
             \n    public void addCorsMappings(CorsRegistry registry) {{\
             \n        registry.addMapping(\"{mapping}\")\
             \n                .allowedOrigins(\"{origin}\")\
             \n                .allowedMethods({methods_dq})\
             \n                .allowedHeaders({headers_dq})",
            methods_csv = csv(methods),
            path = &c.path,
            mapping = spring_mapping(&c.path),
            methods_dq = dq(methods),
            headers_dq = dq(headers),
        );
        if cred {
            code.push_str(
                "\n                .allowCredentials(true); // explicit origins only, \
                never the wildcard\
                \n",
            );
        } else {
            code.push_str(";\n");
        }
        code.push_str(
            "    }\
            \n}\
            \n// With Spring Security also call http.cors(Customizer.withDefaults()) so the \
            preflight is answered before authentication.\
            \n",
        );
        fix(title("a CorsRegistry mapping"), "java", code)
    }

    fn preflight_redirect(&self, r: &PreflightRedirect) -> Fix {
        let title = &r.title;
        let head = &r.head;
        fix(
            title,
            "java",
            format!(
                "{note}\
                 \n// Usually Spring Security sending the unauthenticated preflight to its login \
                 page. Let CORS answer\
                 \n// preflights before authentication, and answer 401 instead of redirecting to a \
                 login page:\
                 \n@Bean\
                 \nSecurityFilterChain filterChain(HttpSecurity http) throws Exception {{\
                 \n    http\
                 \n        .cors(Customizer.withDefaults())\
                 \n        .exceptionHandling(e -> e.authenticationEntryPoint(new \
                 HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))\
                 \n        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated());\
                 \n    return http.build();\
                 \n}}\
                 \n",
                note = comment("java", head),
            ),
        )
    }

    fn preflight_before_auth(&self, a: &BeforeAuth) -> Fix {
        let title = &a.title;
        let head = &a.head;
        let path = &a.path;
        fix(
            title,
            "java",
            format!(
                "{note}\
                 \n@Bean\
                 \nSecurityFilterChain filterChain(HttpSecurity http) throws Exception {{\
                 \n    http\
                 \n        .cors(Customizer.withDefaults()) // CorsFilter answers the preflight \
                 before authentication\
                 \n        .authorizeHttpRequests(auth -> auth\
                 \n            .requestMatchers(HttpMethod.OPTIONS, \"{mapping}\").permitAll()\
                 \n            .anyRequest().authenticated());\
                 \n    return http.build();\
                 \n}}\
                 \n",
                note = comment("java", head),
                mapping = spring_mapping(path),
            ),
        )
    }

    fn credentials(&self, origin: &str) -> Snippet {
        (
            "java",
            format!(
                "registry.addMapping(\"/**\")\
            \n        .allowedOrigins(\"{origin}\") // Spring rejects allowCredentials with the \
            wildcard; use allowedOriginPatterns for patterns\
            \n        .allowCredentials(true);\
            \n"
            ),
        )
    }

    fn cors_on_errors(&self, origin: &str) -> Snippet {
        (
            "java",
            format!(
                "// A servlet-level CorsFilter also covers 404/405 and errors raised before a \
                 handler is chosen\
                 \n@Bean\
                 \npublic CorsFilter corsFilter() {{\
                 \n    CorsConfiguration config = new CorsConfiguration();\
                 \n    config.addAllowedOrigin(\"{origin}\");\
                 \n    config.addAllowedMethod(\"*\");\
                 \n    config.addAllowedHeader(\"*\");\
                 \n    UrlBasedCorsConfigurationSource source = new \
                 UrlBasedCorsConfigurationSource();\
                 \n    source.registerCorsConfiguration(\"/**\", config);\
                 \n    return new CorsFilter(source);\
                 \n}}\
                 \n"
            ),
        )
    }

    fn register_route(&self, r: &Route) -> Fix {
        let title = &r.title;
        let head = &r.head;
        let handler = &r.handler;
        let params = &r.params;
        let m = &r.m;
        let method = r.method;
        let path = &r.path;
        let r = route_pattern(path, Style::Brace);
        let ann = match method {
            Method::Get => format!("@GetMapping(\"{r}\")"),
            Method::Post => format!("@PostMapping(\"{r}\")"),
            Method::Put => format!("@PutMapping(\"{r}\")"),
            Method::Patch => format!("@PatchMapping(\"{r}\")"),
            Method::Delete => format!("@DeleteMapping(\"{r}\")"),
            Method::Head | Method::Options | Method::Trace => {
                format!("@RequestMapping(path = \"{r}\", method = RequestMethod.{m})")
            }
            // RequestMethod is an enum of the standard methods: an extension method is checked in the handler.
            _ => format!(
                "// RequestMethod has no \"{m}\": map the path for every method, and in the handler\
                \n// answer 405 unless \"{m}\".equals(request.getMethod())\
                \n@RequestMapping(path = \"{r}\")"
            ),
        };
        let has_body = !matches!(method, Method::Get | Method::Delete | Method::Head | Method::Options);
        let args = params
            .iter()
            .map(|p| {
                let name = camel(p);
                format!("@PathVariable(\"{p}\") long {name}")
            })
            .chain(has_body.then(|| "@RequestBody Map<String, Object> body".to_string()));
        let note = comment("java", head);
        let handler = camel(handler);
        let args = args.collect::<Vec<_>>().join(", ");
        fix(
            title,
            "java",
            format!(
                "{note}\
            \n{ann}\
            \npublic ResponseEntity<?> {handler}({args}) {{\
            \n    // ...\
            \n    return ResponseEntity.ok().build();\
            \n}}\
            \n"
            ),
        )
    }

    fn redirect_changed(&self, r: &RedirectChanged) -> Snippet {
        let to = &r.to;
        (
            "java",
            format!(
                "return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT) \
            // \"redirect:\" views send 302\
            \n        .location(URI.create(\"{to}\"))\
            \n        .build();\
            \n"
            ),
        )
    }
}
