//! Secrets of every kind issue 11 names, planted into a copy of a captured HAR (`tests/fixtures/*/input.har`),
//! for the redaction tests of the core (`tests/redaction_planted.rs`) and of the panel's exports
//! (`ui/src/exports.rs`). Each planted value is distinct, so a leak names its kind.
//!
//! The captured entries are kept (their URLs get secret query parameters, path segments and fragments; their
//! requests get secret headers); copies of the failing request carry the bodies (form, multipart, JSON in its
//! shapes, GraphQL), response bodies (HTML, JSON, base64 text and binary), WebSocket messages and comments.

#![allow(dead_code)]

use serde_json::{json, Value};
use why405::redact::base64_encode;

/// A secret, and the kind it stands for (named in a leak).
pub struct Secret {
    pub kind: &'static str,
    pub value: String,
}

/// Percent-encodes every byte but the unreserved ones.
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The forms a leak may take: raw, percent-encoded, base64 (standard and URL-safe without padding).
pub fn forms(secret: &str) -> Vec<String> {
    let b64 = base64_encode(secret.as_bytes());
    let b64url = b64.trim_end_matches('=').replace('+', "-").replace('/', "_");
    let mut v = vec![secret.to_string(), percent_encode(secret), b64, b64url];
    v.retain(|s| s.len() >= 6);
    v.sort();
    v.dedup();
    v
}

/// The planted secrets: `(kind, value)`, values unique to this harness.
pub fn secrets() -> Vec<Secret> {
    let s = |kind: &'static str, value: &str| Secret { kind, value: value.to_string() };
    vec![
        s("header X-Auth-Key", "xak7Hq2Lm9Pv4Rt8Wz3"),
        s("header X-CSRF", "csrf9Kd2Nf7Qs4Vx1Bz6"),
        s("header X-CSRF-Token", "csrftok4Mj8Pq2Ty6Wc3"),
        s("header X-XSRF-Token", "xsrf5Gh1Lk7Rn3Uv9Yb2"),
        s("header X-Master-Key", "mk/9Qx+7Vb=Zt2LpKw4"),
        s("header X-Partner-Key", "ptk3Ds8Fj2Hm6Nq1Rv5"),
        s("header X-Api-Auth", "apiauth6Tw2Yx8Bc4Ef9"),
        s("Sec-WebSocket-Protocol token", "wsproto7Lq3Np9Rs5Tv1Xz"),
        s("query sessionKey", "sk9Wq2Er5Ty8Ui3Op6As"),
        s("query hmac", "4f9a2c7e1b8d3f6a0c5e9b2d7f4a1c8e"),
        s("query ticket", "ST-48213-Zq7Xw2Vc9Bn4Mk1Lp"),
        s("query code", "authcode3Hj8Kl2Zx6Cv9Bn"),
        s("query code_verifier", "pkceVer1f1er-Qw8Er2Ty6Ui4Op7As3Df9Gh5Jk"),
        s("query SAMLResponse", "PHNhbWxwOlJlc3BvbnNlIElEPSJfNzQ4Mj+/Zz0xMjM0NTY3ODkw=="),
        s("query X-Amz-Signature", "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"),
        s("query X-Amz-Security-Token", "IQoJb3JpZ2luX2VjEPr3Kq8Wz2Xc5Vb9Nm1Lk4Jh7Gf"),
        s("fragment code", "fragcode2Zx7Cv4Bn9Mq1Wl"),
        s("fragment access_token", "fragat8Pk3Lm6Nj1Hb4Gv9Fc"),
        s("path /reset/<token>", "Rz4kQ8vN2mP6wT1yX5uB9oL3aS7dF0gH"),
        s("form password", "FormPa55w0rd7Kq2Zx"),
        s("form code", "formcode5Tg8Yh2Uj6Ik9"),
        s("form code_verifier", "formverifier3Ws6Ed9Rf2Tg5Yh8Uj"),
        s("multipart password", "MultiPa55w0rd4Lp8Qz"),
        s("JSON nested key", "nestedpw6Yt3Re8Wq1Zx"),
        s("JSON \\u-escaped key", "escapedpw2Mn7Bv4Cx9Zl"),
        s("JSON name/value pair", "pairpw8Jk3Hg6Fd1Sa4"),
        s("double-encoded JSON", "dblenc5Qw9Er3Ty7Ui2Op"),
        s("GraphQL inline argument", "gqlinline4As8Df2Gh6Jk"),
        s("GraphQL variables", "gqlvar7Zx3Cv9Bn5Mq1Wl"),
        s("GraphQL variable bound to a secret argument", "gqlbound2Lk6Jh9Gf3Ds8"),
        s("WebSocket message", "wsmsg9Pl4Ok7Ij2Uh5Yg"),
        s("HAR comment", "comment3Tf8Rd1Es6Wa9Qz"),
        s("folded Set-Cookie first", "foldedA7Kj3Hg9Fd2Sa6"),
        s("folded Set-Cookie second", "foldedB4Mn8Bv2Cx6Zl1"),
        s("HTML inline apiKey", "htmlkey5Rt9Ey3Wq7Zx2"),
        s("base64 text body", "b64body8Ui2Op6As4Df1"),
        s("base64 binary body", "binbody3Gh7Jk1Lz5Xc9"),
        s(
            "JWT in a header",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLWhlYWRlciJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        ),
        s(
            "JWT path segment",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLXBhdGgifQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ),
        s("ghp_ token", "ghp_1A2b3C4d5E6f7G8h9I0j1K2l3M4n5O6p7Q8r"),
        s("gho_ token", "gho_9Z8y7X6w5V4u3T2s1R0q9P8o7N6m5L4k3J2i"),
        s("ghu_ token", "ghu_4F5g6H7j8K9l0Z1x2C3v4B5n6M7q8W9e0R1t"),
        s("ghs_ token", "ghs_7Y8u9I0o1P2a3S4d5F6g7H8j9K0l1Z2x3C4v"),
        s("github_pat_ token", "github_pat_11AB2CD3E0abcdefghij_KLMNOPqrstuvwxYZ0123456789abcdef"),
        s("xoxb- token", "xoxb-2048-4096-Zq8Wx3Ec7Rv1Tb5Yn9"),
        s("xoxp- token", "xoxp-1024-8192-Lk4Jh8Gf2Ds6Aq0Wz3"),
        s("sk_live_ key", "sk_live_51Hq8Zx2Cv6Bn4Mk9Lp3Wq7Er"),
        s("rk_live_ key", "rk_live_51Jt3Yu7Io2Pa6Sd9Fg4Hk8Lz"),
        s("sk_test_ key", "sk_test_51Qw5Er9Ty3Ui7Op2As6Df0Gh"),
        s("AWS access key id", "AKIAZ7Q2W9E4R1T6Y3U8"),
        s("AWS temporary key id", "ASIAP4L7K2J9H5G1F8D3"),
        s("Google API key", "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"),
        s("header value copied percent-encoded", "mk/9Qx+7Vb"),
        s("header value copied in base64", "ptk3Ds8Fj2Hm6Nq1Rv5"),
    ]
}

/// The value of the secret of `kind`.
pub fn secret(kind: &str) -> String {
    secrets().into_iter().find(|s| s.kind == kind).map(|s| s.value).unwrap_or_default()
}

fn header(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value})
}

/// The URL of `url` with secrets in its path (a reset token, a JWT segment), query and fragment.
fn secret_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (base, _) = base.split_once('#').unwrap_or((base, ""));
    let q = |k: &str| percent_encode(&secret(k));
    format!(
        "{base}/reset/{}/s/{}?{query}&sessionKey={}&hmac={}&ticket={}&code={}&code_verifier={}&SAMLResponse={}\
         &X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={}%2F20261201%2Fus-east-1%2Fs3%2Faws4_request\
         &X-Amz-Security-Token={}&X-Amz-Signature={}&next={}&gh={}\
         #/callback?code={}&access_token={}",
        secret("path /reset/<token>"),
        secret("JWT path segment"),
        q("query sessionKey"),
        q("query hmac"),
        q("query ticket"),
        q("query code"),
        q("query code_verifier"),
        q("query SAMLResponse"),
        secret("AWS temporary key id"),
        q("query X-Amz-Security-Token"),
        q("query X-Amz-Signature"),
        // a header's secret copied into an ordinary parameter, percent-encoded
        percent_encode(&secret("header X-Master-Key")),
        secret("gho_ token"),
        q("fragment code"),
        q("fragment access_token"),
    )
}

/// The request headers every entry gets.
fn secret_headers() -> Vec<Value> {
    vec![
        header("X-Auth-Key", &secret("header X-Auth-Key")),
        header("X-CSRF", &secret("header X-CSRF")),
        header("X-CSRF-Token", &secret("header X-CSRF-Token")),
        header("X-XSRF-Token", &secret("header X-XSRF-Token")),
        header("X-Master-Key", &secret("header X-Master-Key")),
        header("X-Partner-Key", &secret("header X-Partner-Key")),
        header("X-Api-Auth", &secret("header X-Api-Auth")),
        header("Sec-WebSocket-Protocol", &format!("graphql-ws, {}", secret("Sec-WebSocket-Protocol token"))),
        header("X-Debug-Jwt", &secret("JWT in a header")),
        header("X-Debug-Github", &format!("token {}", secret("ghp_ token"))),
        header("X-Debug-Slack", &secret("xoxp- token")),
        header("X-Debug-Stripe", &format!("{} {}", secret("rk_live_ key"), secret("sk_test_ key"))),
        header("X-Debug-Aws", &secret("AWS access key id")),
        header("X-Debug-Google", &secret("Google API key")),
    ]
}

fn post(mime: &str, text: &str) -> Value {
    json!({"mimeType": mime, "text": text})
}

/// Request bodies, one per copy of the failing request.
fn request_bodies() -> Vec<Value> {
    let s = secret;
    vec![
        post(
            "application/x-www-form-urlencoded",
            &format!(
                "grant_type=authorization_code&code={}&code_verifier={}&user=ada&password={}",
                s("form code"),
                s("form code_verifier"),
                s("form password")
            ),
        ),
        post(
            "multipart/form-data; boundary=----WebKitFormBoundaryq7Zx",
            &format!(
                "------WebKitFormBoundaryq7Zx\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nada\r\n\
                 ------WebKitFormBoundaryq7Zx\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n{}\r\n\
                 ------WebKitFormBoundaryq7Zx--\r\n",
                s("multipart password")
            ),
        ),
        post(
            "application/json",
            &format!(
                r#"{{"user":{{"profile":{{"login":{{"password":"{}"}}}}}},"pass\u0077ord":"{}","settings":[{{"Name":"password","Value":"{}"}},{{"Name":"theme","Value":"dark"}}],"payload":"{{\"api_key\":\"{}\"}}"}}"#,
                s("JSON nested key"),
                s("JSON \\u-escaped key"),
                s("JSON name/value pair"),
                s("double-encoded JSON")
            ),
        ),
        post(
            "application/json",
            &json!({
                "query": format!(
                    "mutation Login($pw: String!) {{ login(email: \"ada@example.com\", password: \"{}\", otp: $pw) {{ token }} }}",
                    s("GraphQL inline argument")
                ),
                "variables": {"pw": s("GraphQL variable bound to a secret argument"), "input": {"token": s("GraphQL variables")}},
            })
            .to_string(),
        ),
    ]
}

/// Response bodies, one per copy of the failing request (`content` objects).
fn response_bodies() -> Vec<Value> {
    let s = secret;
    let mut binary: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80];
    binary.extend_from_slice(format!("tEXtComment\0token={}\0", s("base64 binary body")).as_bytes());
    binary.extend_from_slice(&[0xc3, 0x28, 0xa0, 0xa1, 0x00]);
    vec![
        json!({"size": 200, "mimeType": "text/html", "text": format!(
            "<html><script>window.config = {{ apiKey: \"{}\", region: \"eu\" }};</script>\
             <p>deploy with {} and {} or {}</p></html>",
            s("HTML inline apiKey"), s("ghs_ token"), s("xoxb- token"), s("sk_live_ key"))}),
        json!({"size": 100, "mimeType": "application/json", "encoding": "base64",
               "text": base64_encode(json!({"access_token": s("base64 text body")}).to_string().as_bytes())}),
        json!({"size": binary.len(), "mimeType": "image/png", "encoding": "base64", "text": base64_encode(&binary)}),
        json!({"size": 100, "mimeType": "application/json", "text": json!({
            "blob": base64_encode(s("header value copied in base64").as_bytes()),
            "github": s("github_pat_ token"), "ghu": s("ghu_ token"),
        }).to_string()}),
    ]
}

/// A copy of `fixture`'s HAR with every secret of [`secrets`] planted.
pub fn planted_har(fixture: &str) -> Vec<u8> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let root = if root.join("tests/fixtures").is_dir() { root } else { root.join("..") };
    let path = root.join("tests/fixtures").join(fixture).join("input.har");
    let mut har: Value = serde_json::from_slice(&std::fs::read(&path).expect("fixture")).expect("json");
    let entries = har["log"]["entries"].as_array_mut().expect("entries");
    for e in entries.iter_mut() {
        let url = e["request"]["url"].as_str().unwrap_or_default().to_string();
        e["request"]["url"] = Value::String(secret_url(&url));
        // a preflight's initiator names its request's URL (as Chromium writes it)
        if let Some(init) = e.get_mut("_initiator").and_then(|i| i.get_mut("url")) {
            *init = Value::String(secret_url(init.as_str().unwrap_or_default()));
        }
        if let Some(h) = e["request"]["headers"].as_array_mut() {
            h.extend(secret_headers());
        }
    }
    // copies of the last (failing) request, each with a body of its own and a response
    let last = entries.last().cloned().expect("an entry");
    let bodies = request_bodies();
    let responses = response_bodies();
    for k in 0..bodies.len().max(responses.len()) {
        let mut e = last.clone();
        if let Some(b) = bodies.get(k) {
            e["request"]["postData"] = b.clone();
        }
        if let Some(c) = responses.get(k) {
            e["response"]["content"] = c.clone();
        }
        entries.push(e);
    }
    // a WebSocket entry's messages, a comment, and a folded Set-Cookie
    let mut ws = last.clone();
    ws["_resourceType"] = "websocket".into();
    ws["_webSocketMessages"] = json!([
        {"type": "send", "time": 1.5, "opcode": 1,
         "data": json!({"type": "connection_init", "payload": {"authToken": secret("WebSocket message")}}).to_string()},
        {"type": "receive", "time": 1.6, "opcode": 1, "data": "{\"type\":\"connection_ack\"}"},
    ]);
    ws["comment"] = Value::String(format!("copied from prod; api_key={} for the retry", secret("HAR comment")));
    ws["response"]["headers"] = json!([
        {"name": "Set-Cookie", "value": format!(
            "sid={}; Path=/; HttpOnly\nrefresh={}; Path=/; Secure",
            secret("folded Set-Cookie first"), secret("folded Set-Cookie second"))},
    ]);
    entries.push(ws);
    serde_json::to_vec_pretty(&har).expect("json")
}

/// Kinds planted only inside a base64 body (not findable in the input's text as such).
pub const IN_BASE64_BODIES: &[&str] = &["base64 text body", "base64 binary body"];

/// The base64 bodies (`"encoding": "base64"`) of a HAR's entries, decoded (lossily).
pub fn base64_bodies(har: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(har) else { return String::new() };
    let mut out = String::new();
    for e in v["log"]["entries"].as_array().into_iter().flatten() {
        let c = &e["response"]["content"];
        if c["encoding"] == "base64" {
            let bytes = why405::redact::base64_decode(c["text"].as_str().unwrap_or_default()).unwrap_or_default();
            out.push_str(&String::from_utf8_lossy(&bytes));
            out.push('\n');
        }
    }
    out
}

/// Every leak of a planted secret in `out` (in a HAR, in its base64 bodies too): `kind as form`.
pub fn leaks(out: &str) -> Vec<String> {
    let decoded = base64_bodies(out);
    let out = format!("{out}\n{decoded}");
    let mut v = Vec::new();
    for s in secrets() {
        for f in forms(&s.value) {
            if out.contains(&f) {
                v.push(format!("{} as {f:?}", s.kind));
            }
        }
    }
    v
}
