//! The rules, in the order they are tried: the first that returns a
//! [`Verdict`] decides. A method written in lowercase comes first (it explains
//! whatever refusal follows), then traffic that CORS does not govern (a navigation,
//! a WebSocket, a beacon…: concluded there unless the method was refused; a request the page's service worker
//! answered is concluded before them, whatever its status). Then the
//! order mirrors the browser's: the preflight first
//! (refused, unanswered, missing), then the request itself (absent,
//! unanswered), then what the final response says about the method.
//!
//! A rule is one small function in its own file, reading only the
//! [`Facts`] (and the [`Context`], for what other requests of the HAR show).
//! A new rule is one file here plus one line in [`RULES`].

use super::facts::Facts;
use super::verdict::Verdict;
use super::Context;

mod catch_all_options;
mod lowercase_method;
mod method_mismatch;
mod no_response;
mod not_method_related;
mod outside_cors;
mod preflight_missing;
mod preflight_refused;
mod preflight_unanswered;
mod redirect_method_change;
mod request_missing;
mod server_rule;
mod service_worker;
mod unsettled_404;
mod wrong_method_404;

/// One rule: its name, and its check.
pub(super) struct Rule {
    pub name: &'static str,
    pub check: fn(&Facts, &dyn Context) -> Option<Verdict>,
}

/// Every rule, in order. The last one always concludes.
pub(super) const RULES: &[Rule] = &[
    Rule { name: "lowercase_method", check: lowercase_method::check },
    Rule { name: "service_worker", check: service_worker::check },
    Rule { name: "outside_cors", check: outside_cors::check },
    Rule { name: "preflight_refused", check: preflight_refused::check },
    Rule { name: "preflight_unanswered", check: preflight_unanswered::check },
    Rule { name: "preflight_missing", check: preflight_missing::check },
    Rule { name: "request_missing", check: request_missing::check },
    Rule { name: "no_response", check: no_response::check },
    Rule { name: "redirect_method_change", check: redirect_method_change::check },
    Rule { name: "catch_all_options", check: catch_all_options::check },
    Rule { name: "server_rule", check: server_rule::check },
    Rule { name: "method_mismatch", check: method_mismatch::check },
    Rule { name: "wrong_method_404_named", check: wrong_method_404::check_named },
    Rule { name: "wrong_method_404", check: wrong_method_404::check },
    Rule { name: "catch_all_options_404", check: catch_all_options::check_404 },
    Rule { name: "wrong_method_404_unsettled", check: wrong_method_404::check_unsettled },
    Rule { name: "unsettled_404", check: unsettled_404::check },
    Rule { name: "not_method_related", check: not_method_related::check },
];

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }

    #[test]
    fn the_preflight_comes_first_and_the_fallback_last() {
        let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        assert_eq!(names.first(), Some(&"lowercase_method"));
        assert_eq!(names.last(), Some(&"not_method_related"));
        assert_eq!(crate::diagnose::rule_names().count(), RULES.len());
    }
}
