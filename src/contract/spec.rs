//! Reads an OpenAPI 3.0 / 3.1 (YAML or JSON) or Swagger 2.0 description into a [`Spec`](super::Spec).
//!
//! Why a small typed walk and not an OpenAPI model crate: `openapiv3` reads 3.0 only and `oas3` 3.1 only, Swagger 2.0
//! needs a third, and all of them reject a whole document for one field they do not expect, with a serde message
//! that names no place. `why405 contract` needs little of a spec (paths, methods, path and header parameters, an
//! example or two), must read all three versions the same way, and must name the place of every error as a JSON
//! pointer (`/paths/~1users/get/parameters/0: a parameter needs a name`). So the text is read into a small ordered
//! document tree ([`Node`]: maps keep the spec's order, which `serde_json::Value` does not without a crate-wide
//! feature), and the walk below takes what it needs from it, for every version.
//!
//! The text: JSON with `serde_json` (line and column in its errors), anything else as YAML with `serde_norway` (the
//! maintained fork of `serde_yaml` 0.9: line and column in its errors, a nesting limit of 128, a repetition limit
//! on aliases; merge keys, `<<`, which it leaves as keys, are applied here). Hostile input is bounded three ways:
//! the text's size ([`MAX_TEXT`]), the tree's size counted while it is built ([`MAX_NODES`]: a YAML alias bomb
//! stops there, however the parser expands it), and `$ref` chains ([`MAX_REF_HOPS`], cycle-safe). Only local `$ref`s (`#/...`) are followed; an external one is an error that says
//! to bundle the spec first.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{BodyExample, Operation, PathItem, PathParam, Spec, SpecVersion};
use crate::http::Method;

/// The largest spec read (bytes).
pub const MAX_TEXT: usize = 32 << 20;
/// The most values (scalars, sequences, mappings; long strings count once per 64 bytes) a spec may expand to.
pub const MAX_NODES: usize = 4_000_000;
/// The longest chain of `$ref`s followed.
pub const MAX_REF_HOPS: usize = 32;

/// The operations' keys in a path item, in the order OpenAPI lists them.
const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// A spec that cannot be used: what is wrong and where (the file, and a JSON pointer or line in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub source: String,
    /// The place in the spec (`/paths/~1users/get/parameters/0`, or `line 12, column 3`), when known.
    pub place: Option<String>,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Some(p) => write!(f, "{} at {}: {}", self.source, p, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for SpecError {}

/// Reads the spec in `text`, named `source` in messages.
pub fn parse(source: &str, text: &str) -> Result<Spec, SpecError> {
    let root = read_document(source, text)?;
    let w = Walk { source, root: &root };
    if root.as_map().is_none() {
        return Err(w.err("", "a spec is a mapping (`openapi: 3.1.0`, `paths: ...`) at its top"));
    }
    let version = w.version()?;
    let base_path = w.base_path(version)?;
    let paths = w.paths(version)?;
    Ok(Spec { source: source.to_string(), version, base_path, paths })
}

/// Reads the spec file at `path`.
pub fn load(path: &str) -> Result<Spec, SpecError> {
    let meta = std::fs::metadata(path).map_err(|e| SpecError {
        source: path.to_string(),
        place: None,
        message: format!("cannot read it: {e}"),
    })?;
    if meta.len() > MAX_TEXT as u64 {
        return Err(too_large(path));
    }
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        source: path.to_string(),
        place: None,
        message: format!("cannot read it: {e}"),
    })?;
    parse(path, &text)
}

fn too_large(source: &str) -> SpecError {
    SpecError {
        source: source.to_string(),
        place: None,
        message: format!("the spec is larger than {} MiB", MAX_TEXT >> 20),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The document tree

/// A spec's document: JSON's values, mappings in the spec's order, numbers as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    /// A number, as Rust prints it (`3`, `3.1`).
    Num(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn as_map(&self) -> Option<&[(String, Node)]> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` (the first, if the spec repeats a key).
    fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A scalar as text (`42`, `true`, `abc`); a mapping or sequence as compact JSON; `None` for null.
    fn text(&self) -> Option<String> {
        match self {
            Node::Null => None,
            Node::Bool(b) => Some(b.to_string()),
            Node::Num(n) | Node::Str(n) => Some(n.clone()),
            Node::Seq(_) | Node::Map(_) => Some(self.json()),
        }
    }

    /// The node as compact JSON.
    fn json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Num(n) => out.push_str(n),
            Node::Str(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
            Node::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::Value::from(k.as_str()).to_string());
                    out.push(':');
                    v.write_json(out);
                }
                out.push('}');
            }
        }
    }
}

/// Builds a [`Node`] from any serde format, counting what it builds against [`MAX_NODES`].
#[derive(Clone, Copy)]
struct Seed<'a> {
    budget: &'a Cell<usize>,
}

impl Seed<'_> {
    fn charge<E: de::Error>(&self, units: usize) -> Result<(), E> {
        match self.budget.get().checked_sub(units) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(format!("the spec expands to more than {MAX_NODES} values (a YAML alias bomb?)"))),
        }
    }

    fn string<E: de::Error>(&self, s: String) -> Result<Node, E> {
        self.charge(1 + s.len() / 64)?;
        Ok(Node::Str(s))
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Node;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON-like value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        self.charge(1)?;
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        self.charge(1)?;
        Ok(Node::Num(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        self.charge(1)?;
        Ok(Node::Num(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        self.charge(1)?;
        Ok(if v.is_finite() { Node::Num(format!("{v:?}")) } else { Node::Str(v.to_string()) })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        self.string(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        self.string(v)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.charge(1)?;
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.visit_unit()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.charge(1)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        self.charge(1)?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                Node::Str(s) | Node::Num(s) => s,
                Node::Bool(b) => b.to_string(),
                Node::Null => "null".to_string(),
                Node::Seq(_) | Node::Map(_) => return Err(de::Error::custom("a mapping key must be a scalar")),
            };
            entries.push((key, map.next_value_seed(self)?));
        }
        Ok(Node::Map(entries))
    }
}

/// Reads `text` as JSON (when it starts with `{`) or YAML into a [`Node`]. Text that starts with `{` but is not
/// JSON is tried as YAML (a flow mapping: `{openapi: 3.1.0, paths: {}}`); when neither reads it, the JSON error is
/// the one named.
fn read_document(source: &str, text: &str) -> Result<Node, SpecError> {
    if text.len() > MAX_TEXT {
        return Err(too_large(source));
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().starts_with('{') {
        return read_json(source, body).or_else(|json_error| read_yaml(source, body).map_err(|_| json_error));
    }
    read_yaml(source, body)
}

/// The error's message without the ` at line L column C` the parsers append (the place is named apart).
fn without_place(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

fn read_json(source: &str, body: &str) -> Result<Node, SpecError> {
    let budget = Cell::new(MAX_NODES);
    let mut de = serde_json::Deserializer::from_str(body);
    let parsed = Seed { budget: &budget }.deserialize(&mut de).and_then(|n| de.end().map(|()| n));
    parsed.map_err(|e| SpecError {
        source: source.to_string(),
        place: Some(format!("line {}, column {}", e.line(), e.column())),
        message: format!("not valid JSON: {}", without_place(&e.to_string())),
    })
}

fn read_yaml(source: &str, body: &str) -> Result<Node, SpecError> {
    let budget = Cell::new(MAX_NODES);
    let de = serde_norway::Deserializer::from_str(body);
    let mut node = Seed { budget: &budget }.deserialize(de).map_err(|e| SpecError {
        source: source.to_string(),
        place: e.location().map(|loc| format!("line {}, column {}", loc.line(), loc.column())),
        message: format!("not valid YAML: {}", without_place(&e.to_string())),
    })?;
    let mut left = budget.get();
    apply_merges(&mut node, &mut left).map_err(|message| SpecError {
        source: source.to_string(),
        place: None,
        message: format!("not valid YAML: {message}"),
    })?;
    Ok(node)
}

/// YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`): the merged mappings' entries added where the mapping has
/// no such key (its own keys win, then the first merged mapping's), the `<<` entries removed. Copies count against
/// the tree's budget.
fn apply_merges(node: &mut Node, budget: &mut usize) -> Result<(), String> {
    match node {
        Node::Seq(items) => items.iter_mut().try_for_each(|n| apply_merges(n, budget)),
        Node::Map(entries) => {
            for (_, v) in entries.iter_mut() {
                apply_merges(v, budget)?;
            }
            if !entries.iter().any(|(k, _)| k == "<<") {
                return Ok(());
            }
            let (merges, mut own): (Vec<_>, Vec<_>) = std::mem::take(entries).into_iter().partition(|(k, _)| k == "<<");
            for (_, source) in merges {
                let sources = match source {
                    Node::Map(m) => vec![m],
                    Node::Seq(items) => {
                        items.into_iter().filter_map(|n| if let Node::Map(m) = n { Some(m) } else { None }).collect()
                    }
                    _ => return Err("a merge key (<<) takes a mapping or a list of mappings".into()),
                };
                for (k, v) in sources.into_iter().flatten() {
                    if own.iter().all(|(o, _)| *o != k) {
                        *budget =
                            budget.checked_sub(size(&v)).ok_or("merge keys expand the spec past its size limit")?;
                        own.push((k, v));
                    }
                }
            }
            *entries = own;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The values in a node (itself included).
fn size(node: &Node) -> usize {
    match node {
        Node::Seq(items) => 1 + items.iter().map(size).sum::<usize>(),
        Node::Map(entries) => 1 + entries.iter().map(|(_, v)| size(v)).sum::<usize>(),
        _ => 1,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The walk

/// `pointer` with `key` appended, escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`).
pub(crate) fn pointer_push(pointer: &str, key: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + key.len() + 1);
    p.push_str(pointer);
    p.push('/');
    for c in key.chars() {
        match c {
            '~' => p.push_str("~0"),
            '/' => p.push_str("~1"),
            c => p.push(c),
        }
    }
    p
}

/// A `$ref`'s fragment (`#/components/parameters/Id`) as the RFC 6901 tokens it names, percent-decoded.
fn ref_tokens(fragment: &str) -> Option<Vec<String>> {
    let rest = fragment.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('/')?;
    rest.split('/').map(|t| percent_decode(t).map(|t| t.replace("~1", "/").replace("~0", "~"))).collect()
}

fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One parameter, resolved.
struct Param<'a> {
    name: String,
    location: String,
    node: &'a Node,
}

struct Walk<'a> {
    source: &'a str,
    root: &'a Node,
}

impl<'a> Walk<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        let place = if pointer.is_empty() { "/".to_string() } else { pointer.to_string() };
        SpecError { source: self.source.to_string(), place: Some(place), message: message.into() }
    }

    /// `node` (at `pointer`), with its `$ref`s followed: the node they lead to and its pointer.
    fn resolve(&self, node: &'a Node, pointer: &str) -> Result<(&'a Node, String), SpecError> {
        let (mut node, mut pointer) = (node, pointer.to_string());
        let mut seen: Vec<String> = Vec::new();
        while let Some(r) = node.get("$ref") {
            let here = pointer_push(&pointer, "$ref");
            let Some(target) = r.as_str() else {
                return Err(self.err(&here, "a $ref is a string"));
            };
            if seen.iter().any(|s| s == target) {
                return Err(self.err(&here, format!("the $ref {target:?} leads back to itself")));
            }
            if seen.len() >= MAX_REF_HOPS {
                return Err(self.err(&here, format!("more than {MAX_REF_HOPS} $refs in a row")));
            }
            let Some(tokens) = ref_tokens(target) else {
                return Err(self.err(
                    &here,
                    format!("the $ref {target:?} is not in this file; bundle the spec into one file first"),
                ));
            };
            let mut cur = self.root;
            let mut cur_ptr = String::new();
            for t in &tokens {
                let next = match cur {
                    Node::Map(_) => cur.get(t),
                    Node::Seq(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                cur = next.ok_or_else(|| self.err(&here, format!("the $ref {target:?} leads nowhere in this file")))?;
                cur_ptr = pointer_push(&cur_ptr, t);
            }
            seen.push(target.to_string());
            node = cur;
            pointer = cur_ptr;
        }
        Ok((node, pointer))
    }

    fn version(&self) -> Result<SpecVersion, SpecError> {
        let scalar = |n: &Node| match n {
            Node::Str(s) | Node::Num(s) => Some(s.trim().to_string()),
            _ => None,
        };
        if let Some(v) = self.root.get("swagger") {
            return match scalar(v).as_deref() {
                Some("2.0" | "2") => Ok(SpecVersion::Swagger2),
                _ => Err(self.err("/swagger", format!("swagger {} is not supported: only 2.0 is", v.json()))),
            };
        }
        let Some(v) = self.root.get("openapi") else {
            return Err(
                self.err("", "neither `openapi: 3.x` nor `swagger: \"2.0\"` at the top: not an OpenAPI description")
            );
        };
        match scalar(v) {
            Some(s) if s == "3.0" || s.starts_with("3.0.") => Ok(SpecVersion::OpenApi30),
            Some(s) if s == "3.1" || s.starts_with("3.1.") => Ok(SpecVersion::OpenApi31),
            _ => Err(self
                .err("/openapi", format!("openapi {} is not supported: 3.0.x, 3.1.x and swagger 2.0 are", v.json()))),
        }
    }

    /// `servers[0].url`'s path (its variables at their defaults), or Swagger's `basePath`; no trailing `/`.
    fn base_path(&self, version: SpecVersion) -> Result<String, SpecError> {
        let raw = if version == SpecVersion::Swagger2 {
            match self.root.get("basePath") {
                None | Some(Node::Null) => return Ok(String::new()),
                Some(Node::Str(s)) => s.clone(),
                Some(_) => return Err(self.err("/basePath", "basePath is a string")),
            }
        } else {
            let Some(server) = self.root.get("servers").and_then(|s| match s {
                Node::Seq(items) => items.first(),
                _ => None,
            }) else {
                return Ok(String::new());
            };
            let Some(url) = server.get("url").and_then(Node::as_str) else {
                return Err(self.err("/servers/0/url", "a server needs a url"));
            };
            server_url_with_defaults(url, server.get("variables"))
        };
        Ok(url_path(&raw))
    }

    fn paths(&self, version: SpecVersion) -> Result<Vec<PathItem>, SpecError> {
        let paths = match self.root.get("paths") {
            Some(p @ Node::Map(_)) => p,
            None if version == SpecVersion::OpenApi31 => return Ok(Vec::new()),
            None => return Err(self.err("", "no `paths`: every operation is documented under it")),
            Some(_) => return Err(self.err("/paths", "`paths` is a mapping of path templates")),
        };
        let mut out = Vec::new();
        for (template, item) in paths.as_map().unwrap_or_default() {
            if template.starts_with("x-") {
                continue;
            }
            let pointer = pointer_push("/paths", template);
            if !template.starts_with('/') {
                return Err(self.err(&pointer, format!("the path {template:?} does not start with `/`")));
            }
            out.push(self.path_item(version, template, &pointer, item)?);
        }
        Ok(out)
    }

    fn path_item(
        &self,
        version: SpecVersion,
        template: &str,
        pointer: &str,
        item: &'a Node,
    ) -> Result<PathItem, SpecError> {
        let (item, item_ptr) = self.resolve(item, pointer)?;
        if item.as_map().is_none() {
            return Err(self.err(&item_ptr, "a path item is a mapping of methods"));
        }
        let shared = self.parameters(item, &item_ptr)?;
        let mut params: Vec<PathParam> = Vec::new();
        self.add_path_params(&mut params, &shared);
        let mut operations = Vec::new();
        for (key, method) in &METHODS {
            let Some(op) = item.get(key) else { continue };
            let op_ptr = pointer_push(pointer, key);
            let (op, op_ptr) = self.resolve(op, &op_ptr)?;
            if op.as_map().is_none() {
                return Err(self.err(&op_ptr, "an operation is a mapping"));
            }
            let own = self.parameters(op, &op_ptr)?;
            self.add_path_params(&mut params, &own);
            operations.push(self.operation(version, method.clone(), op, &op_ptr, &shared, &own)?);
        }
        Ok(PathItem {
            template: template.to_string(),
            pointer: pointer.to_string(),
            operations,
            params: order_by_template(template, params),
        })
    }

    fn operation(
        &self,
        version: SpecVersion,
        method: Method,
        op: &'a Node,
        pointer: &str,
        shared: &[Param<'a>],
        own: &[Param<'a>],
    ) -> Result<Operation, SpecError> {
        let operation_id = match op.get("operationId") {
            None | Some(Node::Null) => None,
            Some(Node::Str(s)) => Some(s.clone()),
            Some(_) => return Err(self.err(&pointer_push(pointer, "operationId"), "an operationId is a string")),
        };
        let mut header_names: Vec<String> = Vec::new();
        for p in own.iter().chain(shared) {
            if p.location == "header" && !header_names.iter().any(|h| h.eq_ignore_ascii_case(&p.name)) {
                header_names.push(p.name.clone());
            }
        }
        let (body_example, body_type) = if version == SpecVersion::Swagger2 {
            let has_body = own.iter().chain(shared).any(|p| p.location == "body");
            (self.swagger_body(op, own.iter().chain(shared)), has_body.then(|| self.swagger_consumes(op)))
        } else {
            (self.request_body(op, pointer)?, self.request_body_type(op, pointer)?)
        };
        let body_type = body_example.as_ref().map(|b| b.content_type.clone()).or(body_type);
        Ok(Operation { method, operation_id, pointer: pointer.to_string(), header_names, body_example, body_type })
    }

    /// The `parameters` of a path item or operation, each resolved and checked.
    fn parameters(&self, holder: &'a Node, pointer: &str) -> Result<Vec<Param<'a>>, SpecError> {
        let list_ptr = pointer_push(pointer, "parameters");
        let items = match holder.get("parameters") {
            None | Some(Node::Null) => return Ok(Vec::new()),
            Some(Node::Seq(items)) => items,
            Some(_) => return Err(self.err(&list_ptr, "`parameters` is a list")),
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let (node, ptr) = self.resolve(item, &pointer_push(&list_ptr, &i.to_string()))?;
            if node.as_map().is_none() {
                return Err(self.err(&ptr, "a parameter is a mapping"));
            }
            let location = match node.get("in") {
                Some(Node::Str(s)) => s.clone(),
                _ => return Err(self.err(&ptr, "a parameter needs `in` (path, query, header, cookie, body, formData)")),
            };
            let name = match node.get("name") {
                Some(Node::Str(s)) if !s.is_empty() => s.clone(),
                _ if location == "path" => return Err(self.err(&ptr, "a path parameter needs a name")),
                _ => return Err(self.err(&ptr, "a parameter needs a name")),
            };
            out.push(Param { name, location, node });
        }
        Ok(out)
    }

    /// A parameter's or schema's example value: `example`, `examples`, `x-example`, then its schema's, then
    /// `default`, then `enum[0]`.
    fn example(&self, node: &'a Node, depth: usize) -> Option<String> {
        if depth > 4 {
            return None;
        }
        let (node, _) = self.resolve(node, "").ok()?;
        if let Some(v) = node.get("example").or_else(|| node.get("x-example")) {
            return v.text();
        }
        match node.get("examples") {
            // 3.1 schemas: a list of values
            Some(Node::Seq(items)) => return items.first().and_then(Node::text),
            // 3.x parameters and media types: a mapping of Example Objects
            Some(Node::Map(entries)) => {
                let first = entries.iter().find_map(|(_, e)| {
                    let (e, _) = self.resolve(e, "").ok()?;
                    e.get("value").and_then(Node::text)
                });
                if first.is_some() {
                    return first;
                }
            }
            _ => {}
        }
        if let Some(schema) = node.get("schema") {
            if let Some(v) = self.example(schema, depth + 1) {
                return Some(v);
            }
        }
        if let Some(v) = node.get("default") {
            return v.text();
        }
        match node.get("enum") {
            Some(Node::Seq(items)) => items.first().and_then(Node::text),
            _ => None,
        }
    }

    /// OpenAPI 3's `requestBody`: the first media type with an example (JSON ones first).
    fn request_body(&self, op: &'a Node, pointer: &str) -> Result<Option<BodyExample>, SpecError> {
        let Some(body) = op.get("requestBody") else { return Ok(None) };
        let (body, _) = self.resolve(body, &pointer_push(pointer, "requestBody"))?;
        let Some(Node::Map(content)) = body.get("content") else { return Ok(None) };
        let json_first = content.iter().filter(|(t, _)| is_json(t)).chain(content.iter().filter(|(t, _)| !is_json(t)));
        for (media_type, media) in json_first {
            if let Some(example) = self.media_example(media, media_type) {
                return Ok(Some(BodyExample { content_type: media_type.clone(), body: example }));
            }
        }
        Ok(None)
    }

    /// OpenAPI 3's `requestBody`: its first media type, JSON ones first, example or not.
    fn request_body_type(&self, op: &'a Node, pointer: &str) -> Result<Option<String>, SpecError> {
        let Some(body) = op.get("requestBody") else { return Ok(None) };
        let (body, _) = self.resolve(body, &pointer_push(pointer, "requestBody"))?;
        let Some(Node::Map(content)) = body.get("content") else { return Ok(None) };
        let first = content.iter().find(|(t, _)| is_json(t)).or_else(|| content.first());
        Ok(first.map(|(t, _)| t.clone()))
    }

    fn media_example(&self, media: &'a Node, media_type: &str) -> Option<String> {
        let (media, _) = self.resolve(media, "").ok()?;
        let value = match media.get("example") {
            Some(v) => Some(v),
            None => match media.get("examples") {
                Some(Node::Map(entries)) => entries.iter().find_map(|(_, e)| self.resolve(e, "").ok()?.0.get("value")),
                _ => None,
            },
        };
        match value {
            Some(Node::Str(s)) if !is_json(media_type) => Some(s.clone()),
            Some(v) => Some(v.json()),
            None => media.get("schema").and_then(|s| self.example(s, 0)),
        }
    }

    /// Swagger 2.0: the `in: body` parameter's example, sent as the operation's (or the spec's) first `consumes`.
    fn swagger_body<'p>(&self, op: &'a Node, params: impl Iterator<Item = &'p Param<'a>>) -> Option<BodyExample>
    where
        'a: 'p,
    {
        let body = params.into_iter().find(|p| p.location == "body")?;
        let example = body.node.get("x-example").map(Node::json).or_else(|| {
            let (schema, _) = self.resolve(body.node.get("schema")?, "").ok()?;
            schema.get("example").map(Node::json)
        })?;
        Some(BodyExample { content_type: self.swagger_consumes(op), body: example })
    }

    /// Swagger 2.0: the operation's (or the spec's) first `consumes`, JSON when neither says.
    fn swagger_consumes(&self, op: &'a Node) -> String {
        let consumes = |n: &Node| match n.get("consumes") {
            Some(Node::Seq(items)) => items.first().and_then(Node::as_str).map(str::to_string),
            _ => None,
        };
        consumes(op).or_else(|| consumes(self.root)).unwrap_or_else(|| "application/json".into())
    }
}

impl<'a> Walk<'a> {
    /// Adds the path parameters of `list` not yet in `params`; fills an example still missing.
    fn add_path_params(&self, params: &mut Vec<PathParam>, list: &[Param<'a>]) {
        for p in list.iter().filter(|p| p.location == "path") {
            let example = self.example(p.node, 0);
            match params.iter_mut().find(|q| q.name == p.name) {
                Some(q) => {
                    if q.example.is_none() {
                        q.example = example;
                    }
                }
                None => params.push(PathParam { name: p.name.clone(), example }),
            }
        }
    }
}

fn is_json(media_type: &str) -> bool {
    let t = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    t == "application/json" || t.ends_with("+json")
}

/// The template's parameters in the template's order (`/a/{x}/b/{y}`: x, y), a name the template has but no
/// parameter declares added without an example; declared path parameters the template lacks are dropped.
fn order_by_template(template: &str, mut declared: Vec<PathParam>) -> Vec<PathParam> {
    let mut out = Vec::new();
    for name in template_params(template) {
        if out.iter().any(|p: &PathParam| p.name == name) {
            continue;
        }
        match declared.iter().position(|p| p.name == name) {
            Some(i) => out.push(declared.swap_remove(i)),
            None => out.push(PathParam { name: name.to_string(), example: None }),
        }
    }
    out
}

/// The `{name}`s of a path template, in order.
pub(crate) fn template_params(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

/// A server URL with its `{variables}` at their defaults.
fn server_url_with_defaults(url: &str, variables: Option<&Node>) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let default = variables.and_then(|v| v.get(name)).and_then(|v| v.get("default")).and_then(Node::text);
        out.push_str(&default.unwrap_or_default());
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The path of a server URL (absolute, or relative to the spec's own place), without query, fragment or trailing
/// `/`; `""` for the root.
fn url_path(url: &str) -> String {
    let path = match crate::http::split_url(url) {
        Some(parts) => parts.path.to_string(),
        None => {
            let end = url.find(['?', '#']).unwrap_or(url.len());
            let p = url[..end].trim();
            if p.is_empty() || p.starts_with('/') {
                p.to_string()
            } else {
                format!("/{p}")
            }
        }
    };
    path.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests;
