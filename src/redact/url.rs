//! URLs: userinfo and secret query and fragment parameters.

use super::mask::mask;
use super::shapes::contains_jwt;
use super::{Found, Redactor};
use crate::codec::percent_decode;

impl Redactor {
    // ------------------------------------------------------------------ URLs

    /// A URL (absolute or relative) with `user:pass@` and secret query and
    /// fragment parameters masked; JWTs in other parameters masked too.
    pub fn url(&self, url: &str) -> String {
        if !self.enabled() {
            return url.to_string();
        }
        let mut found = Found::new();
        let out = self.url_inner(url, &mut found);
        self.scrub_learned(&out)
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
        match base.split_once("://") {
            Some((scheme, rest)) => {
                let auth_end = rest.find('/').unwrap_or(rest.len());
                let (auth, tail) = rest.split_at(auth_end);
                out.push_str(scheme);
                out.push_str("://");
                match auth.rsplit_once('@') {
                    Some((userinfo, host)) => {
                        found.push(userinfo.to_string());
                        if let Some((_, pass)) = userinfo.split_once(':') {
                            found.push(pass.to_string());
                        }
                        out.push_str("[redacted]@");
                        out.push_str(host);
                    }
                    None => out.push_str(auth),
                }
                out.push_str(tail);
            }
            None => out.push_str(base),
        }
        if let Some(q) = query {
            out.push('?');
            out.push_str(&self.params_inner(q, true, found));
        }
        if let Some(f) = frag {
            out.push('#');
            if f.contains('=') {
                out.push_str(&self.params_inner(f, true, found));
            } else {
                out.push_str(f);
            }
        }
        out
    }

    /// `a=1&token=x` with secret values masked (`[redacted]` in URLs, the
    /// length-keeping mask in form bodies).
    pub(super) fn params_inner(&self, q: &str, in_url: bool, found: &mut Found) -> String {
        q.split('&')
            .map(|kv| match kv.split_once('=') {
                // Already masked: keep the mask as it is (redacting twice changes nothing).
                Some((_, v)) if v.starts_with("[redacted") => kv.to_string(),
                Some((k, v)) if !v.is_empty() => {
                    let secret = if in_url { self.is_secret_param(k) } else { self.is_secret_field(k) };
                    if secret {
                        found.push(v.to_string());
                        if in_url {
                            format!("{k}=[redacted]")
                        } else {
                            format!("{k}={}", mask(&percent_decode(v)))
                        }
                    } else {
                        let decoded = percent_decode(v);
                        if contains_jwt(&decoded) {
                            found.push(decoded.clone());
                            format!("{k}={}", mask(&decoded))
                        } else {
                            kv.to_string()
                        }
                    }
                }
                _ => kv.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}
