//! Diagnoses and parsed entries, redacted for the reports built from them.

use super::{Found, Redactor};
use crate::diagnose::Diagnosis;
use crate::har::Entry;

impl Redactor {
    /// A diagnosis with every URL and text field redacted. The facts that
    /// decide it (method, status, cause, CORS error, allowed, stack) are untouched.
    pub fn diagnosis(&self, d: &Diagnosis) -> Diagnosis {
        let mut d = d.clone();
        if !self.enabled() {
            return d;
        }
        d.url = self.url(&d.url);
        for r in &mut d.redirects {
            r.from = self.url(&r.from);
            r.to = self.url(&r.to);
        }
        d.summary = self.text(&d.summary);
        for e in &mut d.evidence {
            e.text = self.text(&e.text);
            if let (Some(h), Some(v)) = (&e.header, &e.value) {
                e.value = Some(self.header_value(h, v));
            }
        }
        if let Some(f) = &mut d.fix {
            let mut fix = f.get().clone();
            fix.title = self.text(&fix.title);
            fix.code = self.text(&fix.code);
            **f = fix.into();
        }
        if let Some(s) = &mut d.cors_step {
            s.detail = self.text(&s.detail);
            s.step = self.text(&s.step);
            if let (Some(h), Some(v)) = (&s.header, &s.value) {
                s.value = Some(self.header_value(h, v));
            }
        }
        d.suggestion = d.suggestion.as_deref().map(|s| self.text(s));
        d.next = d.next.as_deref().map(|s| self.text(s));
        if let Some(l) = &mut d.layer {
            l.name = l.name.as_deref().map(|s| self.text(s));
            for e in &mut l.evidence {
                *e = self.text(e);
            }
        }
        for w in &mut d.warnings {
            *w = self.text(w);
        }
        if let Some(p) = &mut d.probe {
            for r in &mut p.requests {
                r.url = self.url(&r.url);
            }
        }
        if let Some(i) = &mut d.initiator {
            i.url = self.url(&i.url);
        }
        d
    }

    /// A parsed entry with its URLs, headers and kept bodies redacted (for
    /// reports built from the model, such as cURL commands).
    pub fn entry(&self, e: &Entry) -> Entry {
        let mut e = e.clone();
        if !self.enabled() {
            return e;
        }
        let mut found = Found::new();
        e.request.url = self.url_inner(&e.request.url, &mut found);
        for h in e.request.headers.0.iter_mut().chain(e.response.headers.0.iter_mut()) {
            h.value = self.header_inner(&h.name, &h.value, &mut found).into();
        }
        if let Some(r) = &mut e.response.redirect_url {
            *r = self.url(r).into();
        }
        if let Some(p) = &mut e.request.post_data {
            if let Some(t) = &mut p.text {
                *t = self.body(&p.mime_type, t);
            }
            for (k, v) in &mut p.params {
                if let Some(m) = self.param(k, v, false, &mut found) {
                    *v = m;
                }
            }
        }
        if let Some(t) = &mut e.response.content.text {
            *t = self.body(&e.response.content.mime_type, t);
        }
        if let Some(i) = &mut e.initiator {
            i.url = i.url.as_deref().map(|u| self.url(u));
            if let Some(f) = &mut i.frame {
                f.url = self.url(&f.url);
            }
        }
        e
    }
}
