//! Secret redaction: one implementation for every report format (text, JSON,
//! Markdown, cURL, HAR) and every surface (CLI, DevTools panel, web page).
//!
//! What is masked, and how (masks keep the shape, so a reader still sees what
//! was sent; inside URLs the mask is the URL-safe `REDACTED`, so an exported
//! URL stays valid):
//!
//! | where | example | becomes | file |
//! |---|---|---|---|
//! | `Authorization`, `Proxy-Authorization` | `Bearer eyJhbGciOi…` | `Bearer eyJ…[redacted, 412 chars]` (scheme kept) | `headers.rs` |
//! | `Cookie` | `sid=abc…; theme=dark` | `sid=[redacted, 32 chars]; theme=[redacted, 4 chars]` (names kept, every value masked) | `headers.rs` |
//! | `Set-Cookie`, folded (several cookies, one per line) or not | `refresh=xyz; Path=/; HttpOnly` | `refresh=[redacted, 27 chars]; Path=/; HttpOnly` (attributes kept) | `headers.rs` |
//! | secret headers: a list, or a name holding `auth`, `key`, `token`, `secret`, `csrf`, `xsrf`, `session`, `signature`, `password`, `credential`, `hmac`, `jwt` | `X-Auth-Key: …`, `X-CSRF: …`, `X-Master-Key: …` | `X-Auth-Key: [redacted, 28 chars]` | `policy.rs` |
//! | `Sec-WebSocket-Protocol` | `graphql-ws, eyJ…` | `graphql-ws, eyJ…[redacted, 180 chars]` (protocol names kept) | `headers.rs` |
//! | URL userinfo | `https://u:p@h/x` | `https://REDACTED@h/x` | `url.rs` |
//! | query and fragment parameters named as secrets (`token`, `code`, `code_verifier`, `sessionKey`, `hmac`, `ticket`, `SAMLResponse`, `X-Amz-Signature`, …), or holding a secret | `?token=abc&page=2`, `#/callback?code=…` | `?token=REDACTED&page=2`, `#/callback?code=REDACTED` | `url.rs`, `policy.rs` |
//! | URL path segments that look random, follow `/reset/`, `/token/`, …, or hold a token shape; `;jsessionid=` | `/reset/3f9a8c7e…` | `/reset/REDACTED` | `url.rs`, `shapes.rs` |
//! | token shapes anywhere (headers, bodies, paths, text): JWT, `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`, `xox[bpars]-`, `sk_live_`/`sk_test_`/`rk_live_`/`rk_test_`/`whsec_`, `AKIA…`/`ASIA…`, `AIza…` | `token ghp_16C7e42F…` | `token [redacted, 40 chars]` | `shapes.rs`, `text.rs` |
//! | `Bearer`/`Basic` credentials in text | `Bearer lab-token` | `Bearer [redacted, 9 chars]` | `text.rs` |
//! | JSON bodies: secret keys at any depth (also written with `\u` escapes), name/value pairs, JSON inside a JSON string, GraphQL `variables` | `{"password":"x","n":{"client_secret":"y"}}`, `{"Name":"password","Value":"x"}` | `{"password":"[redacted, 1 chars]",…}`, `{"Name":"password","Value":"[redacted, 1 chars]"}` | `json.rs` |
//! | `name: "value"` pairs in text from the HAR: GraphQL inline arguments, scripts and HTML, comments | `login(password: \"x\")`, `apiKey: "AIza…"` | `login(password: \"[redacted, 1 chars]\")` | `text.rs` |
//! | form bodies, `postData.params`, multipart parts | `user=ada&password=x`, `name="password"` part | `user=ada&password=[redacted, 1 chars]` | `url.rs`, `multipart.rs` |
//! | HAR `cookies` and `queryString` arrays, `comment`s, `_webSocketMessages`, initiators | `{"name":"sid","value":"…"}` | `{"name":"sid","value":"[redacted, 32 chars]"}` | `har.rs` |
//! | base64 bodies: text ones decoded, redacted, encoded again; binary ones holding a secret dropped with a `comment` (masking would corrupt them) | | | `har.rs` |
//!
//! Every masked value is also *learned* (`learned.rs`): its tokens worth
//! hunting (not short or word-like: `dark`, `users`, `true`, `www.cnn.com`
//! are masked where they sit but not hunted), in raw, percent-decoded,
//! percent-encoded and base64 forms, are then masked in free text (summaries,
//! evidence, fix code, bodies, header values, query values) — only as whole
//! tokens, never inside a word, and never in a host or a path. Each token of a
//! text is looked up once in a hash set: the cost is linear in the text,
//! whatever the number of secrets (thousands of presigned URLs).
//!
//! Never masked, because they decide CORS: `Origin`, `Access-Control-*`,
//! `Allow`, `Content-Type`, `Vary` ([`RedactionPolicy::keep_headers`]); hosts;
//! the path of a `Location` unless a segment holds a secret. Masking never
//! changes a diagnosis: header names, methods, origins, paths, statuses and
//! error pages stay as they were (the tests check it on every fixture).
//!
//! Not masked by design: OAuth `state` (a CSRF nonce, not a credential), the
//! page origin, server signatures (`Server`, `X-Powered-By`),
//! `WWW-Authenticate` (a scheme, not a credential).

mod body;
mod diagnosis;
mod har;
mod headers;
mod json;
mod learned;
mod mask;
mod multipart;
mod policy;
mod shapes;
mod text;
mod url;

pub use crate::codec::{base64_decode, base64_encode, percent_decode};
pub use mask::{mask, mask_len, URL_MASK};
pub use policy::RedactionPolicy;
pub use shapes::is_jwt;

/// Applies a [`RedactionPolicy`]. Learns the secret values it masks from the
/// entries it is shown, then scrubs them from free text as well.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    pub policy: RedactionPolicy,
    /// Secret tokens seen (by [`Redactor::learn_entries`] and [`Redactor::learn_har_entry`]), hunted in free text.
    learned: learned::Learned,
}

/// Collects the secrets a mask replaced.
type Found = Vec<String>;

impl Redactor {
    pub fn new(policy: RedactionPolicy) -> Self {
        Redactor { policy, learned: learned::Learned::default() }
    }

    /// A redactor that masks nothing.
    pub fn disabled() -> Self {
        Redactor::new(RedactionPolicy::disabled())
    }

    pub fn enabled(&self) -> bool {
        self.policy.enabled
    }

    /// The secret tokens learned so far, hunted in free text (sorted; for tests).
    pub fn learned(&self) -> Vec<&str> {
        self.learned.tokens()
    }

    /// The work of scrubbing learned secrets from text on this thread so far, by any redactor: one per token
    /// looked up plus its length. It grows with the text scrubbed, whatever the number of secrets learned (a test
    /// reads the difference before and after a render on one thread).
    pub fn probes() -> u64 {
        learned::probes()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn masked_values_keep_the_punctuation_that_follows_them() {
        let r = Redactor::new(RedactionPolicy::default());
        assert_eq!(
            r.text("POST /v1/upload?access_token=abc123xyz, and the GET /x?token=t0k3nv4lu3."),
            "POST /v1/upload?access_token=REDACTED, and the GET /x?token=REDACTED."
        );
        assert_eq!(r.text("see https://a.b/c?key=s3cr3tv4l, then"), "see https://a.b/c?key=REDACTED, then");
    }

    #[test]
    fn redacting_twice_changes_nothing() {
        let r = Redactor::new(RedactionPolicy::default());
        for s in [
            "--data-raw 'user=ada&password=hunter2hunter2&remember=1'",
            "GET /x?token=t0k3nv4lu3&a=1, then Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        ] {
            let once = r.text(s);
            assert_eq!(r.text(&once), once, "{s}");
        }
    }
    use super::*;
    use crate::har::Entry;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";

    #[test]
    fn headers_keep_shape() {
        let r = Redactor::default();
        assert_eq!(
            r.header_value("Authorization", &format!("Bearer {JWT}")),
            format!("Bearer eyJ…[redacted, {} chars]", JWT.len())
        );
        assert_eq!(r.header_value("authorization", "Basic dXNlcjpwYXNz"), "Basic [redacted, 12 chars]");
        assert_eq!(
            r.header_value("Cookie", "sid=abcdef; theme=dark"),
            "sid=[redacted, 6 chars]; theme=[redacted, 4 chars]"
        );
        assert_eq!(
            r.header_value("Set-Cookie", "sid=abcdef; Path=/; HttpOnly"),
            "sid=[redacted, 6 chars]; Path=/; HttpOnly"
        );
        assert_eq!(r.header_value("X-API-Key", "k123456"), "[redacted, 7 chars]");
        assert_eq!(r.header_value("X-Custom-Auth-Token", "k123456"), "[redacted, 7 chars]");
        assert_eq!(r.header_value("Access-Control-Allow-Origin", "http://a"), "http://a");
        assert_eq!(
            r.header_value("Access-Control-Request-Headers", "authorization,x-api-key"),
            "authorization,x-api-key"
        );
        assert_eq!(r.header_value("Location", "/v2?token=abc"), "/v2?token=REDACTED");
        assert_eq!(r.header_value("Referer", "https://u:p@a/x"), "https://REDACTED@a/x");
        assert_eq!(r.header_value("X-Debug", JWT), format!("eyJ…[redacted, {} chars]", JWT.len()));
        assert_eq!(Redactor::disabled().header_value("Authorization", "Bearer x"), "Bearer x");
    }

    #[test]
    fn urls() {
        let r = Redactor::default();
        assert_eq!(r.url("https://u:p@a.b/x?token=abc&page=2#f"), "https://REDACTED@a.b/x?token=REDACTED&page=2#f");
        assert_eq!(r.url("http://a/x?X-Amz-Signature=1&case=z"), "http://a/x?X-Amz-Signature=REDACTED&case=z");
        assert_eq!(r.url("http://a/cb#access_token=abc&state=s"), "http://a/cb#access_token=REDACTED&state=s");
        assert_eq!(r.url(&format!("http://a/x?t={JWT}")), "http://a/x?t=REDACTED");
        assert_eq!(r.url("http://a/x?case=1"), "http://a/x?case=1");
    }

    #[test]
    fn bodies() {
        let r = Redactor::default();
        assert_eq!(
            r.body(
                "application/json",
                r#"{"name":"a","password":"hunter22","n":{"client_secret":"zz","pin":1234,"ok":true}}"#
            ),
            r#"{"name":"a","password":"[redacted, 8 chars]","n":{"client_secret":"[redacted, 2 chars]","pin":"[redacted, 4 chars]","ok":true}}"#
        );
        assert_eq!(
            r.body("application/json", r#"{"credentials": {"u": "a", "p": ["b"]}, "x": 1}"#),
            r#"{"credentials": {"u": "[redacted, 1 chars]", "p": ["[redacted, 1 chars]"]}, "x": 1}"#
        );
        // cut mid-way
        assert_eq!(r.body("application/json", r#"{"token":"abcdef"#), r#"{"token":"[redacted, 6 chars]"#);
        assert_eq!(
            r.body("application/x-www-form-urlencoded", "user=a&password=p%21x&remember=1"),
            "user=a&password=[redacted, 3 chars]&remember=1"
        );
        assert_eq!(
            r.body("text/plain", &format!("got Bearer abc.def-123 and {JWT}")),
            format!("got Bearer [redacted, 11 chars] and eyJ…[redacted, {} chars]", JWT.len())
        );
        assert_eq!(r.body("text/plain", "Bearer tokens are required"), "Bearer tokens are required");
    }

    #[test]
    fn learned_values_are_scrubbed_from_text() {
        let mut r = Redactor::default();
        let mut e = Entry::default();
        e.request.url = "http://a/x?api_key=K3y-9876".into();
        e.request.headers.push("X-API-Key", "zzz-secret-1");
        r.learn_entries([&e]);
        assert_eq!(r.text("the key zzz-secret-1 and K3y-9876"), "the key [redacted, 12 chars] and [redacted, 8 chars]");
    }

    #[test]
    fn new_positional_and_shape_masks() {
        let r = Redactor::default();
        for h in ["X-Auth-Key", "X-CSRF", "X-CSRF-Token", "X-XSRF-Token", "X-Master-Key", "X-Partner-Key", "X-Api-Auth"]
        {
            assert_eq!(r.header_value(h, "v4lu3-0f-h34d3r"), "[redacted, 15 chars]", "{h}");
        }
        assert_eq!(
            r.header_value("Sec-WebSocket-Protocol", &format!("graphql-ws, {JWT}")),
            format!("graphql-ws, eyJ…[redacted, {} chars]", JWT.len())
        );
        assert_eq!(r.header_value("X-Debug", "ghp_1A2b3C4d5E6f7G8h9I0j1K2l3M4n5O6p7Q8r"), "[redacted, 40 chars]");
        assert_eq!(
            r.url("https://a.b/reset/Rz4kQ8vN2mP6wT1yX5uB9oL3aS7dF0gH?sessionKey=s1&hmac=h2&ticket=t3&page=2"),
            "https://a.b/reset/REDACTED?sessionKey=REDACTED&hmac=REDACTED&ticket=REDACTED&page=2"
        );
        assert_eq!(
            r.url("https://a.b/app#/callback?code=c0d3&state=s"),
            "https://a.b/app#/callback?code=REDACTED&state=s"
        );
        assert_eq!(r.url("https://a.b/app;jsessionid=AB12CD34/x"), "https://a.b/app;jsessionid=REDACTED/x");
        assert_eq!(
            r.body("application/x-www-form-urlencoded", "grant_type=authorization_code&code=abc&code_verifier=xyz"),
            "grant_type=authorization_code&code=[redacted, 3 chars]&code_verifier=[redacted, 3 chars]"
        );
        assert_eq!(
            r.body(
                "application/json",
                r#"{"pass\u0077ord":"x1","s":[{"Name":"password","Value":"x2"}],"p":"{\"token\":\"x3\"}"}"#
            ),
            r#"{"pass\u0077ord":"[redacted, 2 chars]","s":[{"Name":"password","Value":"[redacted, 2 chars]"}],"p":"{\"token\":\"[redacted, 2 chars]\"}"}"#
        );
        assert_eq!(
            r.body(
                "application/json",
                r#"{"query":"mutation { login(password: \"hunter2\", otp: $o) }","variables":{"o":"123456"}}"#
            ),
            r#"{"query":"mutation { login(password: \"[redacted, 7 chars]\", otp: $o) }","variables":{"o":"[redacted, 6 chars]"}}"#
        );
        assert_eq!(
            r.body("text/html", "cfg = { apiKey: 'k-123', x: 1 }"),
            "cfg = { apiKey: '[redacted, 5 chars]', x: 1 }"
        );
        assert_eq!(
            r.body("application/json", r#"[{"Value":"x9","Name":"Password"},{"Value":"dark","Name":"theme"}]"#),
            r#"[{"Value":"[redacted, 2 chars]","Name":"Password"},{"Value":"dark","Name":"theme"}]"#
        );
    }

    #[test]
    fn what_is_not_secret_is_left_alone() {
        let mut r = Redactor::default();
        let mut e = Entry::default();
        e.request.url = "https://www.cnn.com/v1/users/?page=2".into();
        e.request.headers.push(
            "Cookie",
            "site=www.cnn.com; api=api2.example-shop.com; tab=users; theme=dark; beta=true; sid=Zq81Xw92Lm47Pv35",
        );
        r.learn_entries([&e]);
        assert_eq!(
            r.learned(),
            vec!["WnE4MVh3OTJMbTQ3UHYzNQ", "Zq81Xw92Lm47Pv35"],
            "the sid (and its base64); short or word-like values are not hunted"
        );
        for s in [
            "https://www.cnn.com/v1/users/?page=2",
            "PUT /v1/users/ on www.cnn.com: dark mode, true, api2.example-shop.com",
            "app.use(cors({ origin: 'https://www.cnn.com', credentials: true }))",
            "/static/js/main.3f9a8c7e6d5b4a39281706f5.chunk.js",
            "/items/550e8400-e29b-41d4-a716-446655440000",
        ] {
            assert_eq!(r.text(s), s);
        }
        assert_eq!(r.text("sid Zq81Xw92Lm47Pv35, again"), "sid [redacted, 16 chars], again");
        assert_eq!(r.text("xZq81Xw92Lm47Pv35"), "xZq81Xw92Lm47Pv35", "only whole tokens");
        assert_eq!(r.header_value("Access-Control-Allow-Credentials", "true"), "true");
        assert_eq!(
            r.header_value("ETag", r#"W/"e-o8/jXHVjFPQ4cSz4TRqWpCCA1H8""#),
            r#"W/"e-o8/jXHVjFPQ4cSz4TRqWpCCA1H8""#
        );
        assert_eq!(r.header_value("WWW-Authenticate", r#"Bearer realm="api""#), r#"Bearer realm="api""#);
        assert_eq!(r.header_value(":authority", "api.example.com"), "api.example.com");
        assert_eq!(r.header_value(":path", "/v1/users/?token=abc"), "/v1/users/?token=REDACTED");
        let image = format!(r#"{{"data":"/9j/4AAQSkZJRgABAQAAAQABAAD{}"}}"#, "Zx8kQ2vN5mP7wR1t".repeat(40));
        assert_eq!(r.body("application/json", &image), image);
    }

    /// Hostile text through every entry point never panics (multi-byte characters next to every delimiter,
    /// cut strings, escapes, nested JSON, multipart without an end) and stays bounded in time.
    #[test]
    fn hostile_text_never_panics() {
        const PIECES: &[&str] = &[
            "password",
            "\"",
            "\\\"",
            ":",
            "=",
            "/",
            "?",
            "&",
            "#",
            ";",
            ",",
            " ",
            "é",
            "😀",
            "{",
            "}",
            "[",
            "]",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
            "ghp_",
            "AKIA",
            "Bearer ",
            "http://",
            "%",
            "%2",
            "\\u00",
            "--b",
            "\r\n",
            "Content-Disposition: form-data; name=\"password\"",
            "\r\n\r\n",
            "Name",
            "Value",
            "$",
            "query",
            "variables",
            "token",
            "reset",
            "Zq81Xw92Lm47Pv35",
            "[redacted",
            "REDACTED",
            "'",
            "`",
            "\\",
        ];
        let mut r = Redactor::default();
        let mut e = Entry::default();
        e.request.headers.push("Cookie", "sid=Zq81Xw92Lm47Pv35");
        r.learn_entries([&e]);
        let mut x: u64 = 0x5eed;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(x % 40) {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                s.push_str(PIECES[(x >> 33) as usize % PIECES.len()]);
            }
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let _ = r.text(&s);
            let _ = r.url(&s);
            let _ = r.header_value("X-Debug", &s);
            let _ = r.header_value("Sec-WebSocket-Protocol", &s);
            let _ = r.header_value("Set-Cookie", &s);
            for mime in ["application/json", "multipart/form-data; boundary=b", "application/x-www-form-urlencoded", ""]
            {
                let _ = r.body(mime, &s);
            }
            let mut v = serde_json::json!({"request": {"url": s, "postData": {"mimeType": "", "text": s}},
                "response": {"content": {"mimeType": "", "encoding": "base64", "text": s}}, "comment": s});
            r.har_entry(&mut v);
        }
    }
}
