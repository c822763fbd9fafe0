//! Header values shared between entries: a capture repeats the same `User-Agent`, `Accept`, `Server`, `Vary` and
//! CORS headers on every entry, and a model that held each copy would be mostly copies (issue 11: peak memory under
//! 1.5x the file). The reader asks [`value`] for each header value; a value of a name whose values repeat
//! ([`HeaderName::values_repeat`]) is looked up in a table of the values seen on this thread and shared when it is
//! there. The table is bounded (at most [`MAX_VALUES`] values of at most [`MAX_LEN`] bytes): past that, values are
//! simply not shared, so cost and memory stay linear whatever the input.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use crate::http::HeaderName;

/// The longest value shared (longer ones are rarely repeated byte for byte, and a table of them costs the most).
const MAX_LEN: usize = 512;
/// How many distinct values the table holds, at most.
const MAX_VALUES: usize = 8192;

thread_local! {
    static VALUES: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
}

/// `text` as the value of a header `name`: shared with an equal value read before when the name's values repeat.
pub fn value(name: &HeaderName, text: &str) -> Arc<str> {
    if text.len() > MAX_LEN || !name.values_repeat() {
        return Arc::from(text);
    }
    VALUES.with(|table| {
        let Ok(mut table) = table.try_borrow_mut() else { return Arc::from(text) };
        if let Some(v) = table.get(text) {
            return Arc::clone(v);
        }
        let v: Arc<str> = Arc::from(text);
        if table.len() < MAX_VALUES {
            table.insert(Arc::clone(&v));
        }
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_of_common_names_are_shared_and_others_are_not() {
        let ua = HeaderName::new("User-Agent");
        let (a, b) = (value(&ua, "Mozilla/5.0 (X11)"), value(&ua, "Mozilla/5.0 (X11)"));
        assert!(Arc::ptr_eq(&a, &b));
        let date = HeaderName::new("Date");
        let (c, d) = (value(&date, "Wed, 02 Dec 2026"), value(&date, "Wed, 02 Dec 2026"));
        assert!(!Arc::ptr_eq(&c, &d), "a name whose values are unique is not shared");
        let auth = HeaderName::new("authorization");
        assert!(!auth.values_repeat(), "a secret is never kept in the table");
        let odd = HeaderName::new("X-Request-Id");
        assert!(!odd.values_repeat());
        assert_eq!(&*value(&ua, "x"), "x");
    }

    #[test]
    fn the_table_is_bounded() {
        let ua = HeaderName::new("user-agent");
        for i in 0..MAX_VALUES + 100 {
            let _ = value(&ua, &format!("agent {i}"));
        }
        assert!(VALUES.with(|t| t.borrow().len()) <= MAX_VALUES);
        let long = "x".repeat(MAX_LEN + 1);
        let (a, b) = (value(&ua, &long), value(&ua, &long));
        assert!(!Arc::ptr_eq(&a, &b));
    }
}
