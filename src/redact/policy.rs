//! Which names are secret: the redaction policy (header, query and field name lists) and the
//! classification of a header, field or query name by it.

use super::Redactor;
use crate::codec::percent_decode;

/// What the [`Redactor`] masks. `Default` is the recommended policy.
#[derive(Debug, Clone)]
pub struct RedactionPolicy {
    /// `false` turns redaction off (the CLI's `--include-secrets`).
    pub enabled: bool,
    /// Headers whose whole value is a secret (lower-case), besides
    /// `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie`,
    /// which have shape-keeping masks of their own.
    pub secret_headers: Vec<String>,
    /// Header names containing one of these (lower-case, `-`/`_` removed) are
    /// secret too (`X-Custom-Auth-Token`, `X-Client-Secret`).
    pub secret_header_parts: Vec<String>,
    /// Query (and fragment) parameter names whose values are secrets, compared
    /// case-insensitively. Body field rules below apply to URLs too.
    pub secret_params: Vec<String>,
    /// JSON, form and query field names that are secrets, exactly (normalised:
    /// lower-case, `-`, `_`, `.` removed).
    pub secret_fields: Vec<String>,
    /// Field names containing one of these (normalised) are secrets.
    pub secret_field_parts: Vec<String>,
    /// Headers never masked (lower-case; `access-control-` is a prefix).
    pub keep_headers: Vec<String>,
    /// Headers whose values are URLs (masked as URLs).
    pub url_headers: Vec<String>,
    /// Learned secrets shorter than this (at least 6) are not hunted in free text (a two-letter cookie value
    /// would mask half the report); longer ones only when unlike a word, number, host or path.
    pub min_learned_len: usize,
}

pub(super) fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Headers whose whole value is a secret (besides the four with masks of their own).
pub(super) const SECRET_HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "apikey",
    "x-apikey",
    "x-auth-token",
    "x-access-token",
    "x-refresh-token",
    "x-id-token",
    "x-session-token",
    "x-session-id",
    "x-csrf-token",
    "x-xsrf-token",
    "csrf-token",
    "xsrf-token",
    "x-csrftoken",
    "x-amz-security-token",
    "x-goog-api-key",
    "x-functions-key",
    "ocp-apim-subscription-key",
    "x-client-secret",
    "x-hub-signature",
    "x-hub-signature-256",
    "private-token",
    "x-gitlab-token",
    "x-vault-token",
    "dd-api-key",
];

/// Parts of header names that make a header secret.
/// (`X-Auth-Key`, `X-Api-Auth`, `X-CSRF`, `X-Master-Key`, `X-Partner-Key`, `X-Session`, `X-Hmac`…).
pub(super) const SECRET_HEADER_PARTS: &[&str] = &[
    "token",
    "secret",
    "key",
    "auth",
    "password",
    "passwd",
    "credential",
    "signature",
    "session",
    "csrf",
    "xsrf",
    "hmac",
    "jwt",
];

/// Query and fragment parameters whose values are secrets.
pub(super) const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "api_key",
    "apikey",
    "key",
    "secret",
    "client_secret",
    "signature",
    "sig",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
    "password",
    "passwd",
    "pwd",
    "code",
    "code_verifier",
    "auth",
    "session",
    "sessionid",
    "sessionkey",
    "ticket",
    "hmac",
    "jwt",
    "samlresponse",
    "samlrequest",
    "samlart",
];

/// JSON, form and query field names that are secrets (normalised).
pub(super) const SECRET_FIELDS: &[&str] =
    &["pwd", "pass", "pin", "otp", "key", "sig", "auth", "jwt", "session", "sid", "csrf", "xsrf", "ssn", "cvv", "cvc"];

/// Parts of field names that make a field secret (normalised).
pub(super) const SECRET_FIELD_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signature",
    "authorization",
    "session",
    "cookie",
    "cardnumber",
    "csrf",
    "xsrf",
    "hmac",
    "saml",
    "codeverifier",
    "authkey",
    "masterkey",
    "partnerkey",
];

/// Headers never masked: they decide CORS (`access-control-` is a prefix).
/// `WWW-Authenticate` and `Proxy-Authenticate` name a scheme, not a credential; HTTP/2 pseudo-headers name the
/// host, method and scheme (`:path` is a URL).
pub(super) const KEEP_HEADERS: &[&str] = &[
    "origin",
    "access-control-",
    "allow",
    "content-type",
    "vary",
    "server",
    "x-powered-by",
    "date",
    "content-length",
    "www-authenticate",
    "proxy-authenticate",
    ":authority",
    ":method",
    ":scheme",
    ":status",
];

/// Headers whose values are URLs.
pub(super) const URL_HEADERS: &[&str] = &["referer", "location", "content-location", "refresh", ":path"];

impl Default for RedactionPolicy {
    fn default() -> Self {
        RedactionPolicy {
            enabled: true,
            secret_headers: strings(SECRET_HEADERS),
            secret_header_parts: strings(SECRET_HEADER_PARTS),
            secret_params: strings(SECRET_PARAMS),
            secret_fields: strings(SECRET_FIELDS),
            secret_field_parts: strings(SECRET_FIELD_PARTS),
            keep_headers: strings(KEEP_HEADERS),
            url_headers: strings(URL_HEADERS),
            min_learned_len: 6,
        }
    }
}

impl RedactionPolicy {
    /// A policy that masks nothing (`--include-secrets`).
    pub fn disabled() -> Self {
        RedactionPolicy { enabled: false, ..Default::default() }
    }
}

/// `needle` occurs in `hay`: for the short names checked against policy
/// parts, where setting up a substring searcher costs more than the search.
pub(super) fn holds(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w == n)
}

/// A name lower-cased without `-`, `_`, `.` and spaces (`X-Api_Key` → `xapikey`).
pub(super) fn normalise(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '-' | '_' | '.' | ' ')).flat_map(char::to_lowercase).collect()
}

impl Redactor {
    pub(super) fn header_class(&self, name: &str) -> HeaderClass {
        let n = name.trim().to_ascii_lowercase();
        if self.policy.keep_headers.iter().any(|k| if k.ends_with('-') { n.starts_with(k.as_str()) } else { n == *k }) {
            return HeaderClass::Keep;
        }
        match n.as_str() {
            "authorization" | "proxy-authorization" => return HeaderClass::Credentials,
            "cookie" => return HeaderClass::Cookie,
            "set-cookie" | "set-cookie2" => return HeaderClass::SetCookie,
            "sec-websocket-protocol" => return HeaderClass::WebSocketProtocol,
            _ => {}
        }
        if self.policy.url_headers.contains(&n) {
            return HeaderClass::Url;
        }
        let norm = normalise(&n);
        if self.policy.secret_headers.contains(&n) || self.policy.secret_header_parts.iter().any(|p| holds(&norm, p)) {
            return HeaderClass::Secret;
        }
        HeaderClass::Other
    }

    /// True when a header's value is masked (wholly or in part).
    pub fn is_secret_header(&self, name: &str) -> bool {
        matches!(
            self.header_class(name),
            HeaderClass::Credentials | HeaderClass::Cookie | HeaderClass::SetCookie | HeaderClass::Secret
        )
    }

    /// A JSON, form or query field whose value is a secret.
    pub fn is_secret_field(&self, name: &str) -> bool {
        let n = normalise(&percent_decode(name));
        self.policy.secret_fields.contains(&n) || self.policy.secret_field_parts.iter().any(|p| holds(&n, p))
    }

    /// A query parameter whose value is a secret.
    pub fn is_secret_param(&self, name: &str) -> bool {
        let d = percent_decode(name);
        self.policy.secret_params.iter().any(|p| p.eq_ignore_ascii_case(d.trim())) || self.is_secret_field(&d)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderClass {
    Keep,
    Credentials,
    Cookie,
    SetCookie,
    Secret,
    Url,
    /// `Sec-WebSocket-Protocol`: tokens among the subprotocol names.
    WebSocketProtocol,
    Other,
}
