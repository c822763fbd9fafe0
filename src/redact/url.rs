//! URLs: userinfo, secret query and fragment parameters (an SPA fragment `#/callback?code=…` too), and path
//! segments that hold a secret by shape (a JWT, a vendor token, a random token) or by position (after
//! `/reset/`, `/token/`, …), including `;jsessionid=` matrix parameters. Hosts are never masked, and paths are
//! never masked by learned values. Masks are URL-safe ([`URL_MASK`]): the URL stays valid.

use super::mask::{is_mask, mask, URL_MASK};
use super::policy::normalise;
use super::shapes::{contains_shape, random_segment};
use super::{Found, Redactor};
use crate::codec::percent_decode;

/// Path segments after which the next segment is a secret when it looks at all random (normalised).
const SECRET_SEGMENTS: &[&str] = &[
    "reset",
    "resetpassword",
    "passwordreset",
    "verify",
    "verification",
    "confirm",
    "confirmation",
    "activate",
    "activation",
    "invite",
    "invites",
    "invitation",
    "magic",
    "magiclink",
    "unsubscribe",
    "token",
    "tokens",
    "key",
    "keys",
    "apikey",
    "apikeys",
    "secret",
    "secrets",
    "session",
    "sessions",
    "otp",
    "ticket",
    "tickets",
];

impl Redactor {
    /// A URL (absolute or relative) with `user:pass@`, secret query and
    /// fragment parameters and secret path segments masked.
    pub fn url(&self, url: &str) -> String {
        if !self.enabled() {
            return url.to_string();
        }
        self.url_inner(url, &mut Found::new())
    }

    pub(super) fn url_inner(&self, url: &str, found: &mut Found) -> String {
        let (main, frag) = match url.split_once('#') {
            Some((m, f)) => (m, Some(f)),
            None => (url, None),
        };
        let (base, query) = match main.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (main, None),
        };
        let mut out = String::with_capacity(url.len());
        let path = match base.split_once("://") {
            Some((scheme, rest)) => {
                let auth_end = rest.find('/').unwrap_or(rest.len());
                let (auth, path) = rest.split_at(auth_end);
                out.push_str(scheme);
                out.push_str("://");
                match auth.rsplit_once('@') {
                    Some((userinfo, host)) => {
                        found.push(userinfo.to_string());
                        if let Some((_, pass)) = userinfo.split_once(':') {
                            found.push(pass.to_string());
                        }
                        out.push_str(URL_MASK);
                        out.push('@');
                        out.push_str(host);
                    }
                    None => out.push_str(auth),
                }
                path
            }
            None => base,
        };
        out.push_str(&self.path_inner(path, found).unwrap_or_else(|| path.to_string()));
        if let Some(q) = query {
            out.push('?');
            out.push_str(&self.params_inner(q, true, found));
        }
        if let Some(f) = frag {
            out.push('#');
            self.fragment(f, &mut out, found);
        }
        out
    }

    /// A fragment: `#a=1&access_token=…`, an SPA route `#/callback?code=…`, or a path `#/reset/<token>`.
    fn fragment(&self, f: &str, out: &mut String, found: &mut Found) {
        let (route, params) = match f.split_once('?') {
            Some((r, p)) => (r, Some(p)),
            None if f.contains('=') && !f.starts_with('/') => ("", Some(f)),
            None => (f, None),
        };
        out.push_str(&self.path_inner(route, found).unwrap_or_else(|| route.to_string()));
        if let Some(p) = params {
            if !route.is_empty() || f.starts_with('?') {
                out.push('?');
            }
            out.push_str(&self.params_inner(p, true, found));
        }
    }

    /// A URL path with its secret segments masked; `None` when nothing is.
    pub(super) fn path_inner(&self, path: &str, found: &mut Found) -> Option<String> {
        let mut changed = false;
        let mut after_secret = false;
        let mut out = String::with_capacity(path.len());
        for (k, seg) in path.split('/').enumerate() {
            if k > 0 {
                out.push('/');
            }
            let (name, matrix) = match seg.split_once(';') {
                Some((n, m)) => (n, Some(m)),
                None => (seg, None),
            };
            let d = percent_decode(name);
            if !d.is_empty() && !is_mask(&d) && (contains_shape(&d) || random_segment(&d, after_secret)) {
                found.push(d.clone());
                out.push_str(URL_MASK);
                changed = true;
            } else {
                out.push_str(name);
            }
            let n = normalise(&d);
            after_secret = SECRET_SEGMENTS.contains(&n.as_str()) || (!n.is_empty() && self.is_secret_field(&d));
            if let Some(m) = matrix {
                out.push(';');
                let masked = m
                    .split(';')
                    .map(|kv| match kv.split_once('=') {
                        Some((k, v)) => {
                            self.param(k, v, true, found).map_or_else(|| kv.to_string(), |m| format!("{k}={m}"))
                        }
                        None => kv.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(";");
                changed |= masked != m;
                out.push_str(&masked);
            }
        }
        changed.then_some(out)
    }

    /// `a=1&token=x` with secret values masked ([`URL_MASK`] in URLs, the
    /// length-keeping mask in form bodies).
    pub(super) fn params_inner(&self, q: &str, in_url: bool, found: &mut Found) -> String {
        let mut out = String::with_capacity(q.len());
        for (n, kv) in q.split('&').enumerate() {
            if n > 0 {
                out.push('&');
            }
            match kv.split_once('=') {
                Some((k, v)) => match self.param(k, v, in_url, found) {
                    Some(m) => {
                        out.push_str(k);
                        out.push('=');
                        out.push_str(&m);
                    }
                    None => out.push_str(kv),
                },
                None => out.push_str(kv),
            }
        }
        out
    }

    /// The mask of a query, fragment or form parameter's value (`v` as written, percent-encoded), if it is
    /// secret: by its name, or because it holds a secret (a token shape, a URL with a secret, a learned secret).
    pub(super) fn param(&self, k: &str, v: &str, in_url: bool, found: &mut Found) -> Option<String> {
        if v.is_empty() || is_mask(v) || is_mask(&percent_decode(v)) {
            return None;
        }
        let decoded = percent_decode(v);
        let secret = self.is_secret_param(k) || self.text_inner(&decoded, found) != decoded;
        if !secret {
            return None;
        }
        found.push(v.to_string());
        Some(if in_url { URL_MASK.to_string() } else { mask(&decoded) })
    }
}
