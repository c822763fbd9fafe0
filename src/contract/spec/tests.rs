//! The spec reader: every version, every example source, `$ref`s, and the places its errors name.

use super::*;

fn ok(text: &str) -> Spec {
    match parse("t.yaml", text) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    }
}

fn err(text: &str) -> SpecError {
    match parse("t.yaml", text) {
        Ok(s) => panic!("parsed: {s:?}"),
        Err(e) => e,
    }
}

const OAS30: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://api.example/{stage}/v1/
    variables: {stage: {default: prod}}
paths:
  /users:
    get: {operationId: listUsers}
    post:
      operationId: createUser
      requestBody:
        content:
          text/plain: {example: "hi"}
          application/json:
            examples:
              first: {$ref: "#/components/examples/NewUser"}
  /users/{id}:
    parameters:
      - $ref: "#/components/parameters/Id"
      - {name: X-Tenant, in: header}
    get:
      parameters:
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: x-tenant, in: header}
    patch: {}
    delete: {}
  x-extension: {}
  /files/{dir}/{name}:
    get:
      parameters:
        - {name: name, in: path, required: true, schema: {$ref: "#/components/schemas/Name"}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: integer, example: 42}}
  schemas:
    Name: {type: string, enum: [a.txt, b.txt]}
  examples:
    NewUser: {value: {name: Ada}}
"##;

#[test]
fn openapi_30_yaml() {
    let s = ok(OAS30);
    assert_eq!(s.version, SpecVersion::OpenApi30);
    assert_eq!(s.base_path, "/prod/v1");
    let templates: Vec<&str> = s.paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(templates, ["/users", "/users/{id}", "/files/{dir}/{name}"]);
    let users = &s.paths[0];
    assert_eq!(users.pointer, "/paths/~1users");
    assert_eq!(users.operations.len(), 2);
    assert_eq!(users.operations[1].operation_id.as_deref(), Some("createUser"));
    assert_eq!(users.operations[1].pointer, "/paths/~1users/post");
    let body = users.operations[1].body_example.as_ref().unwrap();
    assert_eq!((body.content_type.as_str(), body.body.as_str()), ("application/json", r#"{"name":"Ada"}"#));
    let one = &s.paths[1];
    let methods: Vec<&str> = one.operations.iter().map(|o| o.method.as_str()).collect();
    assert_eq!(methods, ["GET", "DELETE", "PATCH"]);
    assert_eq!(one.operations[0].header_names, ["X-Trace", "x-tenant"]);
    assert_eq!(one.operations[1].header_names, ["X-Tenant"]);
    assert_eq!(one.params.len(), 1);
    assert_eq!((one.params[0].name.as_str(), one.params[0].example.as_deref()), ("id", Some("42")));
    let files = &s.paths[2];
    let params: Vec<(&str, Option<&str>)> =
        files.params.iter().map(|p| (p.name.as_str(), p.example.as_deref())).collect();
    assert_eq!(params, [("dir", None), ("name", Some("a.txt"))]);
}

#[test]
fn openapi_31_json_in_order() {
    let text = r#"{"openapi": "3.1.0", "servers": [{"url": "/api"}],
      "paths": {"/z": {"get": {}}, "/a/{slug}": {"put": {"parameters": [
        {"name": "slug", "in": "path", "schema": {"examples": ["hello", "x"]}}],
        "requestBody": {"content": {"application/merge-patch+json": {"schema": {"example": {"a": 1}}}}}}},
        "/m": {"trace": {}, "head": {}, "options": {}}},
      "webhooks": {}}"#;
    let s = parse("t.json", text).unwrap();
    assert_eq!(s.version, SpecVersion::OpenApi31);
    assert_eq!(s.base_path, "/api");
    let templates: Vec<&str> = s.paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(templates, ["/z", "/a/{slug}", "/m"]);
    assert_eq!(s.paths[1].params[0].example.as_deref(), Some("hello"));
    let body = s.paths[1].operations[0].body_example.as_ref().unwrap();
    assert_eq!((body.content_type.as_str(), body.body.as_str()), ("application/merge-patch+json", r#"{"a":1}"#));
    let methods: Vec<&str> = s.paths[2].operations.iter().map(|o| o.method.as_str()).collect();
    assert_eq!(methods, ["OPTIONS", "HEAD", "TRACE"]);
    // 3.1 may have no paths at all (webhooks only)
    assert!(parse("t.json", r#"{"openapi": "3.1.1", "webhooks": {}}"#).unwrap().paths.is_empty());
}

#[test]
fn swagger_20() {
    let text = r##"
swagger: "2.0"
basePath: /v2/
consumes: [application/json]
parameters:
  PetId: {name: petId, in: path, required: true, type: integer, x-example: 7}
definitions:
  Pet: {type: object, example: {name: Rex}}
paths:
  /pets/{petId}:
    parameters: [{$ref: "#/parameters/PetId"}]
    get: {operationId: getPet}
    put:
      consumes: [application/xml]
      parameters:
        - {name: body, in: body, schema: {$ref: "#/definitions/Pet"}}
  /pets/{kind}/{n}:
    get:
      parameters:
        - {name: kind, in: path, type: string, enum: [dog, cat]}
        - {name: n, in: path, type: integer, default: 3}
        - {name: Api-Key, in: header, type: string}
"##;
    let s = ok(text);
    assert_eq!(s.version, SpecVersion::Swagger2);
    assert_eq!(s.base_path, "/v2");
    assert_eq!(s.paths[0].params[0].example.as_deref(), Some("7"));
    let put = &s.paths[0].operations[1];
    let body = put.body_example.as_ref().unwrap();
    assert_eq!((body.content_type.as_str(), body.body.as_str()), ("application/xml", r#"{"name":"Rex"}"#));
    let p: Vec<Option<&str>> = s.paths[1].params.iter().map(|p| p.example.as_deref()).collect();
    assert_eq!(p, [Some("dog"), Some("3")]);
    assert_eq!(s.paths[1].operations[0].header_names, ["Api-Key"]);
}

#[test]
fn example_sources() {
    let text = r##"
openapi: 3.0.0
paths:
  /a/{p1}/{p2}/{p3}/{p4}/{p5}:
    get:
      parameters:
        - {name: p1, in: path, example: one}
        - {name: p2, in: path, examples: {x: {value: two}}}
        - {name: p3, in: path, schema: {default: three}}
        - {name: p4, in: path, schema: {enum: [four, five]}}
        - {name: p5, in: path, schema: {type: string}}
"##;
    let s = ok(text);
    let p: Vec<Option<&str>> = s.paths[0].params.iter().map(|p| p.example.as_deref()).collect();
    assert_eq!(p, [Some("one"), Some("two"), Some("three"), Some("four"), None]);
}

#[test]
fn versions() {
    assert_eq!(ok("openapi: '3.0'\npaths: {}").version, SpecVersion::OpenApi30);
    assert_eq!(ok("openapi: 3.1\npaths: {}").version, SpecVersion::OpenApi31);
    let e = err("openapi: 3.2.0\npaths: {}");
    assert_eq!(e.place.as_deref(), Some("/openapi"));
    assert!(e.message.contains("3.2.0"), "{e}");
    let e = err("swagger: '1.2'\npaths: {}");
    assert_eq!(e.place.as_deref(), Some("/swagger"));
    let e = err("info: {title: x}\n");
    assert!(e.message.contains("not an OpenAPI description"), "{e}");
    let e = err("- a\n- b\n");
    assert!(e.message.contains("mapping"), "{e}");
    assert!(err("openapi: 3.0.0\n").message.contains("no `paths`"));
}

#[test]
fn structural_errors_name_a_pointer() {
    let e = err("openapi: 3.0.0\npaths:\n  /users:\n    get:\n      parameters:\n        - {in: path}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/~1users/get/parameters/0"));
    assert_eq!(e.message, "a path parameter needs a name");
    assert_eq!(e.to_string(), "t.yaml at /paths/~1users/get/parameters/0: a path parameter needs a name");
    let e = err("openapi: 3.0.0\npaths:\n  users: {}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/users"));
    let e = err("openapi: 3.0.0\npaths:\n  /a~b: {get: 3}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/~1a~0b/get"));
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: {operationId: [x]}}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/~1a/get/operationId"));
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: {parameters: {}}}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/~1a/get/parameters"));
    let e = err("openapi: 3.0.0\npaths: []\n");
    assert_eq!(e.place.as_deref(), Some("/paths"));
}

#[test]
fn refs_resolve_and_are_bounded() {
    // a parameter reached through two refs; its error names where it really is
    let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n\
                components:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {in: query}\n";
    let e = err(text);
    assert_eq!(e.place.as_deref(), Some("/components/parameters/B"));
    // a cycle
    let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/A'}]\n\
                components:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n";
    let e = err(text);
    assert!(e.message.contains("leads back to itself"), "{e}");
    // nowhere, and another file
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: {parameters: [{$ref: '#/nope/x'}]}}\n");
    assert_eq!(e.place.as_deref(), Some("/paths/~1a/get/parameters/0/$ref"));
    assert!(e.message.contains("leads nowhere"), "{e}");
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: {parameters: [{$ref: 'other.yaml#/p'}]}}\n");
    assert!(e.message.contains("bundle"), "{e}");
    // a percent-encoded, escaped pointer to a path item
    let s = ok("openapi: 3.0.0\npaths:\n  /a/{x}: {get: {}}\n  /b: {$ref: '#/paths/~1a~1%7Bx%7D'}\n");
    assert_eq!(s.paths[1].operations.len(), 1);
    // a self-referencing schema does not loop when looking for an example
    let s = ok("openapi: 3.0.0\npaths:\n  /a/{x}: {get: {parameters: [{name: x, in: path, schema: {$ref: '#/components/schemas/S'}}]}}\n\
                components: {schemas: {S: {$ref: '#/components/schemas/S'}}}\n");
    assert_eq!(s.paths[0].params[0].example, None);
}

#[test]
fn syntax_errors_name_line_and_column() {
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: [}\n");
    assert!(e.place.as_deref().unwrap().starts_with("line 3, column"), "{e:?}");
    assert!(e.message.starts_with("not valid YAML"), "{e}");
    let e = parse("t.json", "{\"openapi\": \"3.0.0\",\n \"paths\": {,}}").unwrap_err();
    assert_eq!(e.place.as_deref(), Some("line 2, column 12"));
    assert!(e.message.starts_with("not valid JSON"), "{e}");
    assert!(!e.message.contains(" at line "), "{e}");
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text = String::from("openapi: 3.0.0\npaths: {}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    let e = err(&text);
    assert!(e.message.contains("YAML"), "{e}");
}

#[test]
fn deep_nesting_and_odd_input_do_not_panic() {
    let deep = format!("openapi: 3.0.0\npaths: {{}}\nx: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse("t", &deep).is_err());
    let deep = format!("{{\"openapi\": \"3.0.0\", \"x\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse("t", &deep).is_err());
    for text in ["", "\u{feff}", "~", "!!binary aGk=", "openapi: !custom 3\n", "? [a]\n: b\n", "{}", "null", "\0\x1b"] {
        let _ = parse("t", text);
    }
    // a YAML flow mapping looks like JSON but is not: read as YAML
    let s = ok("{openapi: 3.1.0, paths: {/a: {get: {}}}}");
    assert_eq!((s.version, s.paths.len()), (SpecVersion::OpenApi31, 1));
    // a BOM before JSON, odd keys (numbers, booleans) and a tag-free document still read
    let s = parse("t", "\u{feff}{\"openapi\":\"3.0.1\",\"paths\":{\"/a\":{\"get\":{\"responses\":{\"200\":{}}}}}}")
        .unwrap();
    assert_eq!(s.paths.len(), 1);
    let s = ok(
        "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n        true: x\n",
    );
    assert_eq!(s.paths[0].operations.len(), 1);
}

#[test]
fn base_paths() {
    assert_eq!(url_path("https://h.example/"), "");
    assert_eq!(url_path("https://h.example"), "");
    assert_eq!(url_path("http://h:8080/api/v1?x#y"), "/api/v1");
    assert_eq!(url_path("/api/"), "/api");
    assert_eq!(url_path("v1"), "/v1");
    assert_eq!(url_path(""), "");
    assert_eq!(ok("swagger: '2.0'\npaths: {}").base_path, "");
    assert_eq!(ok("openapi: 3.0.0\nservers: []\npaths: {}").base_path, "");
}

#[test]
fn the_node_budget_stops_the_tree() {
    let read = |units: usize, text: &str| {
        let budget = Cell::new(units);
        let mut de = serde_json::Deserializer::from_str(text);
        Seed { budget: &budget }.deserialize(&mut de).map_err(|e| e.to_string())
    };
    assert!(read(7, "[1, 2, 3, 4, 5, 6]").is_ok());
    let e = read(6, "[1, 2, 3, 4, 5, 6]").unwrap_err();
    assert!(e.contains("alias bomb"), "{e}");
    // a long string counts once per 64 bytes
    assert!(read(2, &format!("\"{}\"", "x".repeat(200))).is_err());
    assert!(read(4, &format!("\"{}\"", "x".repeat(200))).is_ok());
}

#[test]
fn mangled_specs_never_panic() {
    // every byte of two real specs flipped, cut or doubled, deterministically: parse answers Ok or Err, never
    // panics, and stays quick
    let seeds = [OAS30.as_bytes().to_vec(), include_bytes!("../../../tests/contract/express.yaml").to_vec()];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..600 {
        let mut bytes = seeds[round % 2].clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % bytes.len();
            match next() % 4 {
                0 => bytes[at] = b"{}[]:-&*!|>'\"#\n \t$/~%"[(next() % 21) as usize],
                1 => bytes.truncate(at.max(1)),
                2 => {
                    let tail = bytes[at..].to_vec();
                    bytes.extend_from_slice(&tail);
                }
                _ => bytes[at] = next() as u8,
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse("m.yaml", &text);
    }
}

#[test]
fn yaml_merge_keys_are_applied() {
    let text = r#"
openapi: 3.0.0
x-common: &common
  operationId: common
  parameters:
    - {name: id, in: path, example: 5}
    - {name: X-Key, in: header}
paths:
  /a/{id}:
    get:
      <<: *common
      operationId: own
    put:
      <<: [*common, {operationId: second}]
"#;
    let s = ok(text);
    let ops = &s.paths[0].operations;
    assert_eq!(ops[0].operation_id.as_deref(), Some("own"));
    assert_eq!(ops[1].operation_id.as_deref(), Some("common"));
    assert_eq!(ops[0].header_names, ["X-Key"]);
    assert_eq!(s.paths[0].params[0].example.as_deref(), Some("5"));
    let e = err("openapi: 3.0.0\npaths:\n  /a: {get: {<<: 3}}\n");
    assert!(e.message.contains("merge key"), "{e}");
    // JSON's "<<" is an ordinary key
    let s = parse("t.json", r#"{"openapi": "3.0.0", "paths": {"/a": {"<<": {"get": {}}}}}"#).unwrap();
    assert!(s.paths[0].operations.is_empty());
}

#[test]
fn a_body_without_an_example_still_has_its_media_type() {
    // FastAPI's own specs: a JSON schema, no example; the page sends it as JSON, so its request needs a preflight
    let s = parse(
        "t.json",
        r##"{"openapi": "3.1.0", "paths": {"/items": {"post": {"requestBody": {"content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}}}},
          "components": {"schemas": {"Item": {"type": "object"}}}}"##,
    )
    .unwrap();
    let post = &s.paths[0].operations[0];
    assert!(post.body_example.is_none());
    assert_eq!(post.body_type.as_deref(), Some("application/json"));
    let s = ok("swagger: '2.0'\nconsumes: [application/xml]\npaths:\n  /x:\n    put:\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n    get: {}\n");
    let of = |m: &str| s.paths[0].operations.iter().find(|o| o.method.as_str() == m).unwrap();
    let (put, get) = (of("PUT"), of("GET"));
    assert_eq!(put.body_type.as_deref(), Some("application/xml"));
    assert_eq!(get.body_type, None);
}
