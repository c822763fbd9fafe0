//! [`Waiting`]: what waits to be paired at one URL (requests without their
//! preflight, preflights without their request), in arrival order, found by
//! method in constant time. A URL with a handful of waiting items (the usual
//! case) keeps them in a short list; past [`SMALL`] they are indexed by
//! method, so a URL with thousands of methods, or thousands of preflights
//! for one method followed by requests of another, costs no scan.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::http::Method;

/// Up to this many items are kept in a list and scanned.
const SMALL: usize = 16;

/// Items keyed by a method, or by none (an item that pairs with any method),
/// in the order they arrived.
#[derive(Debug)]
pub(super) enum Waiting<T> {
    Small(Vec<(Option<Method>, T)>),
    Indexed(Indexed<T>),
}

/// The indexed form: a queue per key, and every item's key by arrival number.
#[derive(Debug)]
pub(super) struct Indexed<T> {
    next: u64,
    by_key: HashMap<Option<Method>, VecDeque<(u64, T)>>,
    order: BTreeMap<u64, Option<Method>>,
}

impl<T> Default for Waiting<T> {
    fn default() -> Self {
        Waiting::Small(Vec::new())
    }
}

impl<T> Indexed<T> {
    fn push(&mut self, key: Option<Method>, item: T) {
        let n = self.next;
        self.next += 1;
        self.order.insert(n, key.clone());
        self.by_key.entry(key).or_default().push_back((n, item));
    }

    fn pop_key(&mut self, key: &Option<Method>) -> Option<T> {
        let queue = self.by_key.get_mut(key)?;
        let (n, item) = queue.pop_front()?;
        if queue.is_empty() {
            self.by_key.remove(key);
        }
        self.order.remove(&n);
        Some(item)
    }

    fn front(&self, key: &Option<Method>) -> Option<u64> {
        self.by_key.get(key).and_then(|q| q.front()).map(|(n, _)| *n)
    }
}

impl<T> Waiting<T> {
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Waiting::Small(v) => v.is_empty(),
            Waiting::Indexed(x) => x.order.is_empty(),
        }
    }

    pub(super) fn push(&mut self, key: Option<Method>, item: T) {
        match self {
            Waiting::Small(v) if v.len() < SMALL => {
                // Most lists hold one item for good (a request no preflight ever pairs with): grown one at a time
                // up to SMALL, a list takes what it holds, not the four slots a first push would reserve (issue
                // 11: memory).
                v.reserve_exact(1);
                v.push((key, item));
            }
            Waiting::Small(v) => {
                let mut x = Indexed { next: 0, by_key: HashMap::new(), order: BTreeMap::new() };
                for (k, t) in v.drain(..) {
                    x.push(k, t);
                }
                x.push(key, item);
                *self = Waiting::Indexed(x);
            }
            Waiting::Indexed(x) => x.push(key, item),
        }
    }

    /// Takes the earliest item, whatever its key.
    pub(super) fn take_first(&mut self) -> Option<T> {
        match self {
            Waiting::Small(v) => (!v.is_empty()).then(|| v.remove(0).1),
            Waiting::Indexed(x) => {
                let key = x.order.first_key_value().map(|(_, k)| k.clone())?;
                x.pop_key(&key)
            }
        }
    }

    /// Takes the earliest item keyed by `method` or by no method.
    pub(super) fn take_for(&mut self, method: &Method) -> Option<T> {
        match self {
            Waiting::Small(v) => {
                let pos = v.iter().position(|(k, _)| k.as_ref().is_none_or(|k| k == method))?;
                Some(v.remove(pos).1)
            }
            Waiting::Indexed(x) => {
                let key = Some(method.clone());
                match (x.front(&key), x.front(&None)) {
                    (Some(a), Some(b)) if b < a => x.pop_key(&None),
                    (Some(_), _) => x.pop_key(&key),
                    (None, Some(_)) => x.pop_key(&None),
                    (None, None) => None,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indexed form takes what the list form would, in the same order.
    #[test]
    fn indexed_matches_the_list() {
        let keys = [Some(Method::Put), None, Some(Method::Delete), Some(Method::Put), None, Some(Method::Get)];
        for size in [3, SMALL + 5, 4 * SMALL] {
            let mut w = Waiting::default();
            let mut list: Vec<(Option<Method>, usize)> = Vec::new();
            for i in 0..size {
                let k = keys[i % keys.len()].clone();
                w.push(k.clone(), i);
                list.push((k, i));
            }
            for round in 0..size + 2 {
                let (got, want) = if round % 3 == 0 {
                    (w.take_first(), (!list.is_empty()).then(|| list.remove(0).1))
                } else {
                    let m = if round % 3 == 1 { Method::Put } else { Method::Get };
                    let pos = list.iter().position(|(k, _)| k.as_ref().is_none_or(|k| *k == m));
                    (w.take_for(&m), pos.map(|p| list.remove(p).1))
                };
                assert_eq!(got, want, "size {size}, round {round}");
            }
            assert_eq!(w.is_empty(), list.is_empty());
        }
    }
}
