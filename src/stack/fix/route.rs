//! Route helpers the snippets share: the route pattern for a concrete path
//! (`/items/42` → `/items/{id}`), handler names, `location` prefixes, the
//! path of a URL. Each takes a plain `&str` or a [`Val`](super::escape::Val): it computes on the raw text and
//! a `Val` result prints escaped like its source.

use super::escape::PathText;
use crate::http::Method;

/// Path segments that look like ids (digits, UUIDs, long hex).
pub(crate) fn is_param_segment(seg: &str) -> bool {
    !seg.is_empty()
        && (seg.bytes().all(|b| b.is_ascii_digit())
            || (seg.len() >= 16
                && seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
                && seg.bytes().any(|b| b.is_ascii_digit())))
}

#[derive(Clone, Copy)]
/// How a framework writes a path parameter.
pub(crate) enum Style {
    /// `:id` (Express, Koa, Rails)
    Colon,
    /// `{id}` (FastAPI, Slim, Laravel, Spring, ASP.NET Core, axum 0.8, actix)
    Brace,
    /// `<int:id>` (Flask, Django)
    Angle,
}

/// The route pattern for a concrete path: `/items/42` → `/items/:id` (computed on the raw path; a [`Val`] stays
/// escaped).
pub(crate) fn route_pattern<P: PathText>(path: P, style: Style) -> P::Out {
    let pattern = route_pattern_of(path.raw(), style);
    path.with(pattern)
}

fn route_pattern_of(path: &str, style: Style) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let n_params = segs.iter().filter(|s| is_param_segment(s)).count();
    let mut seen = 0;
    let mut out: Vec<String> = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !is_param_segment(seg) {
            out.push((*seg).to_string());
            continue;
        }
        seen += 1;
        let name = if seen == n_params {
            "id".to_string()
        } else {
            let prev = if i > 0 { segs[i - 1] } else { "" };
            format!("{noun}_id", noun = singular(prev))
        };
        let numeric = seg.bytes().all(|b| b.is_ascii_digit());
        out.push(match style {
            Style::Colon => format!(":{name}"),
            Style::Brace => format!("{{{name}}}"),
            Style::Angle if numeric => format!("<int:{name}>"),
            Style::Angle => format!("<{name}>"),
        });
    }
    let p = out.join("/");
    if p.is_empty() {
        "/".into()
    } else {
        p
    }
}

/// The parameter names of the route pattern (`/users/7/items/42` → `user_id`, `id`).
pub(crate) fn param_names<P: PathText>(path: P) -> Vec<String> {
    let p = route_pattern_of(path.raw(), Style::Colon);
    p.split('/').filter_map(|s| s.strip_prefix(':')).map(str::to_string).collect()
}

/// A resource name in the singular, usable as an identifier (`categories` → `category`).
pub(crate) fn singular(word: &str) -> String {
    let w: String =
        word.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>().to_ascii_lowercase();
    let w = if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if w.ends_with("ss") {
        w
    } else if let Some(stem) = w.strip_suffix('s') {
        stem.to_string()
    } else {
        w
    };
    if w.is_empty() || w.starts_with(|c: char| c.is_ascii_digit()) {
        "item".into()
    } else {
        w
    }
}

/// The last non-id segment: `/api/items/42` → `items`.
pub(crate) fn resource<P: PathText>(path: P) -> String {
    path.raw()
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !is_param_segment(s))
        .map(str::to_string)
        .unwrap_or_else(|| "root".into())
}

/// `update_item`, from method and path.
pub(crate) fn handler_name<P: PathText>(method: &Method, path: P) -> String {
    let verb = match method {
        Method::Get => "get".to_string(),
        Method::Post => "create".to_string(),
        Method::Put | Method::Patch => "update".to_string(),
        Method::Delete => "delete".to_string(),
        m => m.as_str().to_ascii_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect(),
    };
    let noun = singular(&resource(path));
    let verb = if verb.is_empty() { "handle".to_string() } else { verb };
    format!("{verb}_{noun}")
}

/// `update_item` → `updateItem`
pub(crate) fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `update_item` → `UpdateItem`
pub(crate) fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut chars = c.chars();
    match chars.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// `/api/items/42` → `/api/items/`, `/static/data.json` → `/static/` (the
/// prefix a `location`/`Location` block takes).
pub(crate) fn location_prefix<P: PathText>(path: P) -> P::Out {
    let prefix = location_prefix_of(path.raw());
    path.with(prefix)
}

fn location_prefix_of(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    let mut segs: Vec<&str> = trimmed.split('/').collect();
    if segs.len() > 1 && segs.last().is_some_and(|s| s.contains('.')) {
        segs.pop();
    }
    while segs.last().is_some_and(|s| is_param_segment(s)) {
        segs.pop();
    }
    let p = segs.join("/");
    if p.is_empty() {
        "/".into()
    } else {
        format!("{p}/")
    }
}

/// `/api/items/42` → `api/*`: Laravel's `config/cors.php` `paths` entry.
pub(crate) fn laravel_paths<P: PathText>(path: P) -> P::Out {
    let paths = match path.raw().split('/').find(|s| !s.is_empty()) {
        Some(first) if !is_param_segment(first) => format!("{first}/*"),
        _ => "*".into(),
    };
    path.with(paths)
}

/// `/api/items/42` → `/api/items/**`: a Spring path pattern.
pub(crate) fn spring_mapping<P: PathText>(path: P) -> P::Out {
    let p = location_prefix_of(path.raw());
    let mapping = if p == "/" { "/**".into() } else { format!("{p}**") };
    path.with(mapping)
}

/// `http://h/items/` → `/items` (for an exact-match location).
pub(crate) fn exact_path<P: PathText>(url: P) -> P::Out {
    let p = url_path_of(url.raw()).trim_end_matches('/');
    let exact = if p.is_empty() { "/" } else { p }.to_string();
    url.with(exact)
}

/// The path of an absolute URL (or the input when it is already a path).
pub(crate) fn url_path<P: PathText>(url: P) -> P::Out {
    let path = url_path_of(url.raw()).to_string();
    url.with(path)
}

fn url_path_of(url: &str) -> &str {
    match crate::http::split_url(url) {
        Some(p) => p.path,
        None => url.split('?').next().unwrap_or(url),
    }
}

/// The methods a route should answer: those it already allows (minus the
/// automatic HEAD/OPTIONS) plus the one the client sends.
pub(crate) fn route_methods(method: &Method, allowed: &[Method]) -> Vec<Method> {
    let mut v: Vec<Method> = allowed.iter().filter(|m| !matches!(m, Method::Head | Method::Options)).cloned().collect();
    if !v.contains(method) {
        v.push(method.clone());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_patterns() {
        assert_eq!(route_pattern("/items/42", Style::Colon), "/items/:id");
        assert_eq!(route_pattern("/items/42", Style::Brace), "/items/{id}");
        assert_eq!(route_pattern("/items/42", Style::Angle), "/items/<int:id>");
        assert_eq!(route_pattern("/users/7/items/42", Style::Brace), "/users/{user_id}/items/{id}");
        assert_eq!(route_pattern("/items/3f2b8e0c-7a11-4c1e-9d1e-8c5b6a2e1a0b", Style::Angle), "/items/<id>");
        assert_eq!(route_pattern("/", Style::Colon), "/");
        assert_eq!(route_pattern("/items/", Style::Colon), "/items/");
        assert_eq!(location_prefix("/api/items/42"), "/api/items/");
        assert_eq!(location_prefix("/"), "/");
        assert_eq!(laravel_paths("/api/items/1"), "api/*");
        assert_eq!(handler_name(&Method::Put, "/categories/3"), "update_category");
    }
}
