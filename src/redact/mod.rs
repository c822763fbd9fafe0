//! Secret redaction: one implementation for every report format (text, JSON,
//! Markdown, cURL, HAR) and every surface (CLI, DevTools panel, web page).
//!
//! What is masked, and how (masks keep the shape, so a reader still sees what
//! was sent):
//!
//! | where | example | becomes |
//! |---|---|---|
//! | `Authorization`, `Proxy-Authorization` | `Bearer eyJhbGciOi…` | `Bearer eyJ…[redacted, 412 chars]` (scheme kept) |
//! | `Cookie` | `sid=abc…; theme=dark` | `sid=[redacted, 32 chars]; theme=[redacted, 4 chars]` (names kept, every value masked) |
//! | `Set-Cookie` | `refresh=xyz; Path=/; HttpOnly` | `refresh=[redacted, 27 chars]; Path=/; HttpOnly` (attributes kept: they matter for credentials) |
//! | token headers ([`RedactionPolicy::secret_headers`], or a name containing `token`, `secret`, `api-key`, …) | `X-API-Key: ak_live_…` | `X-API-Key: [redacted, 28 chars]` |
//! | URLs (request, `Referer`, `Location`, `redirectURL`, initiators, pages, any URL in text) | `https://u:p@h/x?token=abc&page=2` | `https://[redacted]@h/x?token=[redacted]&page=2` |
//! | JWTs anywhere (bodies, text, any header value) | `eyJhbGciOi….eyJzdWIi….sig` | `eyJ…[redacted, 180 chars]` |
//! | `Bearer`/`Basic` credentials in text | `Bearer lab-token` | `Bearer [redacted, 9 chars]` |
//! | JSON bodies, any depth | `{"password":"x","nested":{"client_secret":"y"}}` | `{"password":"[redacted, 1 chars]","nested":{"client_secret":"[redacted, 1 chars]"}}` |
//! | form bodies, `postData.params` | `user=ada&password=x` | `user=ada&password=[redacted, 1 chars]` |
//! | HAR `cookies` arrays | `{"name":"sid","value":"…"}` | `{"name":"sid","value":"[redacted, 32 chars]"}` |
//!
//! Every masked value is also *learned* (raw and percent-decoded): free text
//! (summaries, evidence, fix code, bodies) is scrubbed of any learned value,
//! so a secret echoed somewhere unexpected is caught too.
//!
//! Never masked, because they decide CORS: `Origin`, `Access-Control-*`,
//! `Allow`, `Content-Type`, `Vary` ([`RedactionPolicy::keep_headers`]); the
//! path of a `Location` (only its query and userinfo are masked). Masking
//! never changes a diagnosis: header names, methods, origins, paths, statuses
//! and error pages stay as they were (the tests check it on every fixture).
//!
//! Not masked by design: OAuth `state` (a CSRF nonce, not a credential), the
//! page origin, server signatures (`Server`, `X-Powered-By`).

mod body;
mod diagnosis;
mod har;
mod headers;
mod json;
mod learned;
mod mask;
mod policy;
mod shapes;
mod text;
mod url;

pub use crate::codec::{base64_decode, base64_encode, percent_decode};
pub use mask::{mask, mask_len};
pub use policy::RedactionPolicy;
pub use shapes::is_jwt;

/// Applies a [`RedactionPolicy`]. Learns the secret values it masks from the
/// entries it is shown, then scrubs them from free text as well.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    pub policy: RedactionPolicy,
    /// Secret values seen (longest first once [`Redactor::learn_entries`] or
    /// [`Redactor::learn_har_entry`] ran).
    learned: Vec<String>,
    /// A bit per 4-byte start of a learned secret (empty: no filter), so
    /// that text holding none of them is passed over in one scan.
    starts: Vec<u64>,
}

/// Collects the secrets a mask replaced.
type Found = Vec<String>;

impl Redactor {
    pub fn new(policy: RedactionPolicy) -> Self {
        Redactor { policy, learned: Vec::new(), starts: Vec::new() }
    }

    /// A redactor that masks nothing.
    pub fn disabled() -> Self {
        Redactor::new(RedactionPolicy::disabled())
    }

    pub fn enabled(&self) -> bool {
        self.policy.enabled
    }

    /// The secret values learned so far (for tests and the panel's "what was hidden").
    pub fn learned(&self) -> &[String] {
        &self.learned
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn masked_values_keep_the_punctuation_that_follows_them() {
        let r = Redactor::new(RedactionPolicy::default());
        assert_eq!(
            r.text("POST /v1/upload?access_token=abc123xyz, and the GET /x?token=t0k3nv4lu3."),
            "POST /v1/upload?access_token=[redacted], and the GET /x?token=[redacted]."
        );
        assert_eq!(r.text("see https://a.b/c?key=s3cr3tv4l, then"), "see https://a.b/c?key=[redacted], then");
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
        assert_eq!(r.header_value("Location", "/v2?token=abc"), "/v2?token=[redacted]");
        assert_eq!(r.header_value("Referer", "https://u:p@a/x"), "https://[redacted]@a/x");
        assert_eq!(r.header_value("X-Debug", JWT), format!("eyJ…[redacted, {} chars]", JWT.len()));
        assert_eq!(Redactor::disabled().header_value("Authorization", "Bearer x"), "Bearer x");
    }

    #[test]
    fn urls() {
        let r = Redactor::default();
        assert_eq!(r.url("https://u:p@a.b/x?token=abc&page=2#f"), "https://[redacted]@a.b/x?token=[redacted]&page=2#f");
        assert_eq!(r.url("http://a/x?X-Amz-Signature=1&case=z"), "http://a/x?X-Amz-Signature=[redacted]&case=z");
        assert_eq!(r.url("http://a/cb#access_token=abc&state=s"), "http://a/cb#access_token=[redacted]&state=s");
        assert_eq!(r.url(&format!("http://a/x?t={JWT}")), format!("http://a/x?t=eyJ…[redacted, {} chars]", JWT.len()));
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
}
