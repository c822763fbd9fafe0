//! why405 lab: three real Rust web stacks, each set up with its documented CORS recipe and its usual mistakes.
//!
//! `rustlab actix PORT` (actix-web + actix-cors), `rustlab axum PORT` (axum + tower-http `CorsLayer`),
//! `rustlab warp PORT` (warp + `warp::cors()`). Every server binds 127.0.0.1 only and answers `GET /health`.
//! The scenarios that use each path are in `../{actix,axum,warp}/scenarios.json`.

use std::net::SocketAddr;

const ORIGIN: &str = "http://localhost:7100";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(which), Some(port)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u16>().ok())) else {
        eprintln!("usage: rustlab actix|axum|warp PORT");
        std::process::exit(2);
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let result = match which.as_str() {
        "actix" => actix::run(addr),
        "axum" => tokio_main(axum_app::run(addr)),
        "warp" => tokio_main(warp_app::run(addr)),
        other => Err(std::io::Error::other(format!("unknown server {other}"))),
    };
    if let Err(e) = result {
        eprintln!("rustlab {which}: {e}");
        std::process::exit(1);
    }
}

fn tokio_main(fut: impl std::future::Future<Output = std::io::Result<()>>) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?.block_on(fut)
}

/// actix-web 4 + actix-cors 0.7.
mod actix {
    use actix_cors::Cors;
    use actix_web::{get, http::header, web, App, HttpResponse, HttpServer};
    use std::net::SocketAddr;

    async fn item(path: web::Path<u32>) -> HttpResponse {
        HttpResponse::Ok().content_type("application/json").body(serde_like(*path))
    }

    fn serde_like(id: u32) -> String {
        format!("{{\"id\":{id},\"name\":\"x\"}}")
    }

    /// The attribute macro: the resource is guarded by the method, so another method falls through to the
    /// default service (404), not to a 405.
    #[get("/notes")]
    async fn notes() -> HttpResponse {
        HttpResponse::Ok().content_type("application/json").body("[]")
    }

    pub fn run(addr: SocketAddr) -> std::io::Result<()> {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(|| {
                // The docs' recipe: one origin, the methods and headers the page uses.
                let api_cors = Cors::default()
                    .allowed_origin(super::ORIGIN)
                    .allowed_methods(vec!["GET", "POST", "PUT", "DELETE"])
                    .allowed_header(header::CONTENT_TYPE);
                // The usual mistake: the method list copied from a GET/POST-only API.
                let strict_cors = Cors::default()
                    .allowed_origin(super::ORIGIN)
                    .allowed_methods(vec!["GET", "POST"])
                    .allowed_header(header::CONTENT_TYPE);
                App::new()
                    .route("/health", web::get().to(HttpResponse::Ok))
                    .service(
                        web::scope("/api")
                            .wrap(api_cors)
                            // a resource with GET and PUT: any other method gets the resource's 405
                            .service(web::resource("/items/{id}").get(item).put(item))
                            .service(notes),
                    )
                    .service(
                        web::scope("/strict")
                            .wrap(strict_cors)
                            .service(web::resource("/items/{id}").get(item).put(item).delete(item)),
                    )
            })
            .workers(1)
            .bind(addr)?
            .run()
            .await
        })
    }
}

/// axum 0.8 + tower-http 0.7 `CorsLayer`.
mod axum_app {
    use axum::http::{header, HeaderValue, Method};
    use axum::routing::{get, put};
    use axum::Router;
    use std::net::SocketAddr;
    use tower_http::cors::CorsLayer;

    async fn item() -> &'static str {
        "{\"id\":1,\"name\":\"x\"}"
    }

    fn cors() -> CorsLayer {
        CorsLayer::new()
            .allow_origin(HeaderValue::from_static(super::ORIGIN))
            .allow_methods([Method::GET, Method::POST, Method::PUT])
            .allow_headers([header::CONTENT_TYPE])
    }

    pub async fn run(addr: SocketAddr) -> std::io::Result<()> {
        // The docs' recipe: routes first, `.layer(cors)` last (outermost).
        let api = Router::new().route("/items/{id}", get(item).put(item).delete(item)).layer(cors());
        // The usual mistake: `.layer()` before `.route()`: the layer wraps only the routes added before it.
        let late = Router::new().layer(cors()).route("/items/{id}", put(item));
        let app = Router::new()
            .route("/health", get(|| async { "ok" }))
            .nest("/api", api)
            .nest("/late", late);
        let listener = tokio::net::TcpListener::bind(addr).await?;
        axum::serve(listener, app).await
    }
}

/// warp 0.4 + `warp::cors()`.
mod warp_app {
    use std::net::SocketAddr;
    use warp::Filter;

    pub async fn run(addr: SocketAddr) -> std::io::Result<()> {
        // The docs' recipe: `warp::cors()` with the origin, methods and headers, `.with(cors)` on the routes.
        let cors = warp::cors()
            .allow_origin(super::ORIGIN)
            .allow_methods(vec!["GET", "POST", "PUT"])
            .allow_header("content-type");
        let health = warp::get().and(warp::path("health")).and(warp::path::end()).map(|| "ok");
        // The style of warp's own examples: the method filter first, then the path.
        let get_item = warp::get().and(warp::path!("api" / "items" / u32)).map(|id: u32| item(id));
        let put_item = warp::put().and(warp::path!("api" / "items" / u32)).map(|id: u32| item(id));
        let del_item = warp::delete().and(warp::path!("api" / "items" / u32)).map(|id: u32| item(id));
        let routes = health.or(get_item).or(put_item).or(del_item).with(cors);
        warp::serve(routes).run(addr).await;
        Ok(())
    }

    fn item(id: u32) -> warp::reply::WithHeader<String> {
        warp::reply::with_header(format!("{{\"id\":{id},\"name\":\"x\"}}"), "content-type", "application/json")
    }
}
