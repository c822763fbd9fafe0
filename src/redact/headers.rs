//! Header values: masked per the header's name (credentials keep their scheme, cookies their names).

use super::mask::{is_mask, mask};
use super::policy::HeaderClass;
use super::shapes::random_segment;
use super::{Found, Redactor};
use crate::codec::base64_decode;

impl Redactor {
    /// A header's value, masked per its name.
    pub fn header_value(&self, name: &str, value: &str) -> String {
        if !self.enabled() {
            return value.to_string();
        }
        self.header_inner(name, value, &mut Found::new())
    }

    pub(super) fn header_inner(&self, name: &str, value: &str, found: &mut Found) -> String {
        self.header_as(self.header_class(name), value, found)
    }

    /// A header's value, masked per its name's class.
    pub(super) fn header_as(&self, class: HeaderClass, value: &str, found: &mut Found) -> String {
        match class {
            HeaderClass::Keep => value.to_string(),
            HeaderClass::Credentials => credentials(value, found),
            HeaderClass::Cookie => cookie(value, found),
            HeaderClass::SetCookie => self.set_cookie(value, found),
            HeaderClass::Secret => {
                if value.trim().is_empty() || is_mask(value.trim()) {
                    value.to_string()
                } else {
                    found.push(value.trim().to_string());
                    mask(value.trim())
                }
            }
            HeaderClass::Url => {
                // `Refresh: 0; url=…` keeps its prefix; a Location keeps its path.
                self.text_or_url(value, found)
            }
            HeaderClass::WebSocketProtocol => websocket_protocols(value, found),
            HeaderClass::Other => self.body_text(value, found),
        }
    }

    /// `Set-Cookie`: each cookie's value masked, its attributes by the text
    /// rules. Several cookies may be folded into one value with newlines
    /// (DevTools does).
    pub(super) fn set_cookie(&self, value: &str, found: &mut Found) -> String {
        value
            .split('\n')
            .map(|line| {
                let (first, attrs) = match line.split_once(';') {
                    Some((f, a)) => (f, Some(a)),
                    None => (line, None),
                };
                let first = match first.split_once('=') {
                    Some((k, v)) if !v.trim().is_empty() && !is_mask(v.trim()) => {
                        found.push(v.trim().to_string());
                        format!("{}={}", k.trim(), mask(v.trim()))
                    }
                    _ => first.to_string(),
                };
                match attrs {
                    Some(a) => format!("{first};{}", self.text_inner(a, found)),
                    None => first,
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub(super) fn text_or_url(&self, value: &str, found: &mut Found) -> String {
        let v = value.trim();
        if v.contains("://") && !v.starts_with("http") {
            self.text_inner(value, found)
        } else {
            self.url_inner(value, found)
        }
    }
}

/// `Authorization`, `Proxy-Authorization`: the scheme kept, the credentials
/// masked (a `Basic` one's decoded `user:pass` and password learned too).
pub(super) fn credentials(value: &str, found: &mut Found) -> String {
    let v = value.trim();
    match v.split_once(' ') {
        Some((scheme, token)) if !token.trim().is_empty() => {
            let token = token.trim();
            found.push(token.to_string());
            if scheme.eq_ignore_ascii_case("basic") {
                if let Some(dec) = base64_decode(token).and_then(|b| String::from_utf8(b).ok()) {
                    if let Some((_, pass)) = dec.split_once(':') {
                        found.push(pass.to_string());
                    }
                    found.push(dec);
                }
            }
            format!("{scheme} {}", mask(token))
        }
        _ if v.is_empty() => String::new(),
        _ => {
            found.push(v.to_string());
            mask(v)
        }
    }
}

/// `Cookie`: names kept, every value masked.
pub(super) fn cookie(value: &str, found: &mut Found) -> String {
    value
        .split(';')
        .map(|pair| {
            let pair = pair.trim();
            match pair.split_once('=') {
                Some((k, v)) if !v.is_empty() && !is_mask(v) => {
                    found.push(v.to_string());
                    format!("{}={}", k.trim(), mask(v))
                }
                _ => pair.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Sec-WebSocket-Protocol`: subprotocol names kept (`graphql-ws`, `v12.stomp`), anything else masked (apps
/// pass tokens as "protocols": `access_token, eyJ…`, `base64url.bearer.authorization.k8s.io.<token>`).
pub(super) fn websocket_protocols(value: &str, found: &mut Found) -> String {
    value
        .split(',')
        .map(|p| {
            let t = p.trim();
            let name_like = t.len() <= 32
                && t.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'_'))
                && !random_segment(t, false);
            if t.is_empty() || name_like || is_mask(t) {
                t.to_string()
            } else {
                found.push(t.to_string());
                mask(t)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
