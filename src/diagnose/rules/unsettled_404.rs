//! Rule: a 404 on a path that the same HAR shows answering another method successfully, from a server whose 404
//! page says nothing of methods (Koa without `router.allowedMethods()`, Fastify's "Route PUT:/x not found" when it
//! is not recognised, a bare "Not Found"). The path evidently exists, so the 404 most likely means "no handler for
//! this method" — but a server may also answer 404 for a resource it hides from this method or this user, and the
//! HAR cannot tell which: undecided, and a probe (OPTIONS or the other method on the URL) would settle it. Never
//! "not a method problem" (issue 12). Frameworks whose 404 names the method are handled before this, by
//! [`super::wrong_method_404`].

use super::super::facts::Facts;
use super::super::verdict::{Decided, Verdict};
use super::super::words::list;
use super::super::{Context, Evidence, EvidenceKind};

pub(super) fn check(f: &Facts, ctx: &dyn Context) -> Option<Verdict> {
    let r = f.last.as_ref()?;
    if r.status != 404 {
        return None;
    }
    let method = &r.method;
    let ms = f.other_methods_succeeding(ctx);
    if ms.is_empty() {
        return None;
    }
    let bare = &r.bare_path;
    let summary = format!(
        "{method} {} got 404 Not Found, but this HAR shows {} {bare} succeeding: the path exists, so most likely the \
            server has no {method} handler there and answers a wrong method with 404 (some frameworks do) — or a \
            {method} handler exists and answers 404 itself. The HAR cannot tell which; a probe (OPTIONS on the same \
            URL: its Allow header lists the methods) would settle it.{}",
        r.path,
        list(&ms),
        f.hops.cors_note(r.status)
    );
    let observation = format!("The same HAR shows {} {bare} succeeding, so the path exists.", list(&ms));
    let suggestion = format!(
        "Check that the server has a {method} handler for {bare}; if it has, check what makes it answer 404 (a \
            lookup that finds nothing, an authorisation rule that hides the resource)."
    );
    let v = Verdict::outcome(Decided::response(r), true, summary)
        .evidence(Evidence::new(EvidenceKind::Observation, observation))
        .needs_probe()
        .suggest(Some(suggestion));
    Some(super::wrong_method_404::unsettled_fix(v, f))
}
