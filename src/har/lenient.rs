//! Lenient value types: none of them fails on a wrong JSON type; they record
//! what they found (a [`Kind`]), so that the conversion to the model can
//! decide, and say in a warning, what to do with an odd value. Strings are
//! borrowed when the JSON has no escapes and copied only up to their cap.
//!
//! - [`Val`]: a scalar (a string cut at `CAP` bytes, a number, a boolean);
//! - [`Obj`]: an object read as `T`, or what was there instead;
//! - [`List`]: at most `MAX` items of an array, the rest counted;
//! - [`FirstObj`]: the first object among the first `MAX` items of an array.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::MAX_TEXT;
use crate::codec::is_base64_digit;

/// What a JSON value was, for messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Kind {
    #[default]
    Missing,
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Kind::Missing => "nothing",
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// Values that can stand for "the JSON had the wrong type here".
pub(super) trait Lenient {
    fn wrong(kind: Kind) -> Self;
}

/// Visitor methods that accept, skip and record a value of an unwanted type.
macro_rules! accept_scalars {
    () => {
        fn visit_bool<E: ::serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Bool))
        }
        fn visit_i64<E: ::serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Number))
        }
        fn visit_u64<E: ::serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Number))
        }
        fn visit_f64<E: ::serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Number))
        }
        fn visit_str<E: ::serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::String))
        }
        fn visit_unit<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Null))
        }
        fn visit_none<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Null))
        }
    };
}

/// Visitor method that skips and records an array where none is wanted.
macro_rules! accept_seq {
    () => {
        fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<::serde::de::IgnoredAny>()?.is_some() {}
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Array))
        }
    };
}

/// Visitor method that skips and records an object where none is wanted.
macro_rules! accept_map {
    () => {
        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
            Ok($crate::har::lenient::Lenient::wrong($crate::har::lenient::Kind::Object))
        }
    };
}

pub(super) use {accept_map, accept_scalars, accept_seq};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Num {
    #[default]
    None,
    U(u64),
    I(i64),
    F(f64),
}

/// A scalar read leniently: a string (borrowed when the JSON has no escapes,
/// cut at `CAP` bytes), a number, a boolean, null, or a skipped container.
#[derive(Debug, Default)]
pub(super) struct Val<'a, const CAP: usize = MAX_TEXT> {
    pub(super) kind: Kind,
    /// The string (cut at `CAP`), empty for other kinds.
    pub(super) text: Cow<'a, str>,
    /// Full length in bytes of the string as it was in the file.
    pub(super) len: usize,
    /// For a string longer than `CAP`: how many of its bytes are base64 digits.
    pub(super) b64_digits: usize,
    num: Num,
}

impl<'a, const CAP: usize> Lenient for Val<'a, CAP> {
    fn wrong(kind: Kind) -> Self {
        Val { kind, ..Default::default() }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
pub(super) fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

impl<'a, const CAP: usize> Val<'a, CAP> {
    fn string(text: Cow<'a, str>, full: &str) -> Self {
        let len = full.len();
        let b64_digits = if len > CAP { full.bytes().filter(|&b| is_base64_digit(b)).count() } else { 0 };
        Val { kind: Kind::String, text, len, b64_digits, num: Num::None }
    }

    /// The string, if this was a string.
    pub(super) fn str(&self) -> Option<&str> {
        (self.kind == Kind::String).then_some(&*self.text)
    }

    /// A non-empty string, owned.
    pub(super) fn nonempty(self) -> Option<String> {
        (self.kind == Kind::String && !self.text.is_empty()).then(|| self.text.into_owned())
    }

    /// Text of a string, number or boolean (numbers as written in JSON).
    pub(super) fn into_text(self) -> Option<String> {
        match self.kind {
            Kind::String => Some(self.text.into_owned()),
            Kind::Number => Some(match self.num {
                Num::U(n) => n.to_string(),
                Num::I(n) => n.to_string(),
                Num::F(n) => n.to_string(),
                Num::None => String::new(),
            }),
            Kind::Bool => Some(if self.num == Num::U(1) { "true".into() } else { "false".into() }),
            _ => None,
        }
    }

    /// `true` for the JSON boolean `true` only (Chromium writes its flags as booleans).
    pub(super) fn is_true(&self) -> bool {
        self.kind == Kind::Bool && self.num == Num::U(1)
    }

    pub(super) fn text_or_empty(self) -> String {
        self.into_text().unwrap_or_default()
    }

    /// A number, or a string holding one (`"404"`, `" 12.5 "`, `"404 Not Found"`).
    pub(super) fn number(&self) -> Option<f64> {
        match (self.kind, self.num) {
            (Kind::Number, Num::U(n)) => Some(n as f64),
            (Kind::Number, Num::I(n)) => Some(n as f64),
            (Kind::Number, Num::F(n)) => Some(n),
            (Kind::String, _) => {
                let t = self.text.trim();
                if let Ok(n) = t.parse::<f64>() {
                    return n.is_finite().then_some(n);
                }
                let end = t
                    .char_indices()
                    .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
                    .map_or(t.len(), |(i, _)| i);
                t[..end].parse::<i64>().ok().map(|n| n as f64)
            }
            _ => None,
        }
    }

    pub(super) fn truncated(&self) -> bool {
        self.kind == Kind::String && self.len > self.text.len()
    }
}

impl<'de: 'a, 'a, const CAP: usize> Deserialize<'de> for Val<'a, CAP> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a, const CAP: usize>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a, const CAP: usize> Visitor<'de> for V<'a, CAP> {
            type Value = Val<'a, CAP>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Val::string(Cow::Borrowed(cut(s, CAP)), s))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Val::string(Cow::Owned(cut(s, CAP).to_owned()), s))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
                if s.len() <= CAP {
                    let len = s.len();
                    Ok(Val { kind: Kind::String, text: Cow::Owned(s), len, b64_digits: 0, num: Num::None })
                } else {
                    self.visit_str(&s)
                }
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::U(n), ..Default::default() })
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::I(n), ..Default::default() })
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Number, num: Num::F(n), ..Default::default() })
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Val { kind: Kind::Bool, num: Num::U(b as u64), ..Default::default() })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Val::wrong(Kind::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Val::wrong(Kind::Null))
            }
            accept_seq!();
            accept_map!();
        }
        d.deserialize_any(V::<'a, CAP>(PhantomData))
    }
}

/// An object read as `T`, or what was there instead.
#[derive(Debug, Default)]
pub(super) enum Obj<T> {
    #[default]
    Missing,
    Wrong(Kind),
    Ok(T),
}

impl<T> Lenient for Obj<T> {
    fn wrong(kind: Kind) -> Self {
        Obj::Wrong(kind)
    }
}

impl<T> Obj<T> {
    pub(super) fn ok(self) -> Option<T> {
        match self {
            Obj::Ok(t) => Some(t),
            _ => None,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Obj::Ok)
            }
            accept_scalars!();
            accept_seq!();
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// An array of at most `MAX` items (the rest counted in `dropped`); anything
/// else reads as no items. (Header lists, whose messages name what was there
/// instead, are [`RawHeaders`].)
#[derive(Debug)]
pub(super) struct List<T, const MAX: usize> {
    pub(super) items: Vec<T>,
    pub(super) dropped: usize,
}

impl<T, const MAX: usize> Default for List<T, MAX> {
    fn default() -> Self {
        List { items: Vec::new(), dropped: 0 }
    }
}

impl<T, const MAX: usize> Lenient for List<T, MAX> {
    fn wrong(_: Kind) -> Self {
        List::default()
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for List<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = List<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while items.len() < MAX {
                    match seq.next_element::<T>()? {
                        Some(x) => items.push(x),
                        None => return Ok(List { items, dropped: 0 }),
                    }
                }
                let mut dropped = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    dropped += 1;
                }
                Ok(List { items, dropped })
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V::<T, MAX>(PhantomData))
    }
}

/// The first object among the first `MAX` items of an array; the items
/// after it are skipped unread (a call stack: only its first readable frame
/// is kept). Anything else reads as none.
#[derive(Debug)]
pub(super) struct FirstObj<T, const MAX: usize>(pub(super) Option<T>);

impl<T, const MAX: usize> Default for FirstObj<T, MAX> {
    fn default() -> Self {
        FirstObj(None)
    }
}

impl<T, const MAX: usize> Lenient for FirstObj<T, MAX> {
    fn wrong(_: Kind) -> Self {
        FirstObj(None)
    }
}

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for FirstObj<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = FirstObj<T, MAX>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut found = None;
                for _ in 0..MAX {
                    match seq.next_element::<Obj<T>>()? {
                        Some(Obj::Ok(x)) => {
                            found = Some(x);
                            break;
                        }
                        Some(_) => {}
                        None => return Ok(FirstObj(None)),
                    }
                }
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FirstObj(found))
            }
            accept_scalars!();
            accept_map!();
        }
        d.deserialize_any(V::<T, MAX>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_on_char_boundary() {
        assert_eq!(cut("héllo", 2), "h");
        assert_eq!(cut("héllo", 3), "hé");
        assert_eq!(cut("abc", 10), "abc");
        assert_eq!(cut("€", 2), "");
    }

    #[test]
    fn lenient_numbers() {
        let v: Val = serde_json::from_str("\" 404 Not Found\"").unwrap();
        assert_eq!(v.number(), Some(404.0));
        let v: Val = serde_json::from_str("\"12.5\"").unwrap();
        assert_eq!(v.number(), Some(12.5));
        let v: Val = serde_json::from_str("null").unwrap();
        assert_eq!(v.number(), None);
        let v: Val = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(v.kind, Kind::Array);
        let v: Val = serde_json::from_str("-3").unwrap();
        assert_eq!(v.number(), Some(-3.0));
    }

    #[test]
    fn capped_strings_remember_their_length() {
        let long = format!("\"{}\"", "a".repeat(3000));
        let v: Val<'_, 1000> = serde_json::from_str(&long).unwrap();
        assert_eq!(v.text.len(), 1000);
        assert_eq!(v.len, 3000);
        assert!(v.truncated());
        // escaped (owned) path
        let long = format!("\"\\n{}\"", "é".repeat(3000));
        let v: Val<'_, 1001> = serde_json::from_str(&long).unwrap();
        assert_eq!(v.text.len(), 1001);
        assert!(matches!(v.text, Cow::Owned(_)));
    }
}
