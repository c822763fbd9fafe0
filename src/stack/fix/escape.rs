//! Escaping for the code a fix snippet is written in: every value that comes from the HAR (URL paths, origins,
//! methods, header names, redirect targets) reaches a snippet as a [`Val`], which prints escaped for the
//! snippet's [`Lang`]. The snippet contexts (`Cors`, `Route`, … in `fix/mod.rs`) build their values for the
//! language of the stack that writes the snippet ([`Define::lang`](crate::stack::Define::lang)), so a stack file
//! cannot paste a raw value: it only ever sees escaped ones.
//!
//! What "escaped" means per language:
//! - programming languages: the body of a string literal in the quotes that language's snippets use (JS and
//!   Python either quote, PHP single quotes, Java/C#/Go/Rust/Ruby double quotes), exact (the literal holds the
//!   same value); it also holds no line break, so the same text is safe in a line comment, and no `*/`, so it is
//!   safe in a block comment (PHP: no `?>`, which ends PHP mode even in a comment);
//! - web server and proxy config (nginx, Apache, Varnish VCL, haproxy.cfg, Caddyfile, h2o's YAML, lighttpd.conf,
//!   Traffic Server's remap.config):
//!   a token that needs no quotes and holds nothing the config reads (`;`, `{}` — Caddy's placeholders —, `#`,
//!   quotes, `$` — HAProxy's environment variables —, spaces, `\`, YAML's `: `): anything else is
//!   percent-encoded, and the snippet gets a note saying so (the machinery adds it: [`Lang::alters`]); in a
//!   header value Apache and HAProxy read `%` as a format specifier, so it is doubled; in a regular expression
//!   (VCL's `~`) [`Lang::regex`] also quotes the metacharacters;
//! - XML (web.xml): character data and attribute values with `&<>"'` as entities, tab and line breaks and every
//!   invisible character as numeric character references (exact); the C0 controls XML 1.0 cannot hold at all (and
//!   U+FFFE/U+FFFF) are shown as their control picture / `<U+FFFF>` (the value changes); comments are `<!-- -->`
//!   with `--` broken;
//! - JSON, YAML and TOML: the body of a double-quoted string (`\"`, `\\`, `\n`, `\uXXXX`: the three read the same
//!   escapes), exact and on one line, so also safe in a YAML/TOML `#` comment;
//! - `http` / `text` blocks: control characters made visible.
//!
//! Control and invisible characters (C0, DEL, C1, line/paragraph separators, bidi overrides) never reach a
//! snippet raw: they are written as escapes, or shown as their control picture in comments.

use std::fmt;

/// A snippet's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Js,
    Python,
    Php,
    Java,
    CSharp,
    Ruby,
    Go,
    Rust,
    Nginx,
    Apache,
    Xml,
    Http,
    Text,
    Json,
    Yaml,
    Toml,
    /// Varnish Configuration Language.
    Vcl,
    /// `haproxy.cfg`.
    Haproxy,
    /// Caddy's `Caddyfile`.
    Caddyfile,
    /// h2o's YAML configuration (values always written in double quotes).
    H2oYaml,
    /// `lighttpd.conf`.
    Lighttpd,
    /// Apache Traffic Server's `remap.config`.
    AtsRemap,
}

impl Lang {
    /// Every language.
    pub(crate) const ALL: [Lang; 22] = [
        Lang::Js,
        Lang::Python,
        Lang::Php,
        Lang::Java,
        Lang::CSharp,
        Lang::Ruby,
        Lang::Go,
        Lang::Rust,
        Lang::Nginx,
        Lang::Apache,
        Lang::Xml,
        Lang::Http,
        Lang::Text,
        Lang::Json,
        Lang::Yaml,
        Lang::Toml,
        Lang::Vcl,
        Lang::Haproxy,
        Lang::Caddyfile,
        Lang::H2oYaml,
        Lang::Lighttpd,
        Lang::AtsRemap,
    ];

    /// The code-fence name (`Fix::language`).
    pub(crate) fn fence(self) -> &'static str {
        match self {
            Lang::Js => "js",
            Lang::Python => "python",
            Lang::Php => "php",
            Lang::Java => "java",
            Lang::CSharp => "csharp",
            Lang::Ruby => "ruby",
            Lang::Go => "go",
            Lang::Rust => "rust",
            Lang::Nginx => "nginx",
            Lang::Apache => "apache",
            Lang::Xml => "xml",
            Lang::Http => "http",
            Lang::Text => "text",
            Lang::Json => "json",
            Lang::Yaml => "yaml",
            Lang::Toml => "toml",
            Lang::Vcl => "vcl",
            Lang::Haproxy => "haproxy",
            Lang::Caddyfile => "caddyfile",
            Lang::H2oYaml => "yaml",
            Lang::Lighttpd => "lighttpd",
            Lang::AtsRemap => "ats",
        }
    }

    /// The language of a code-fence name (`text` for an unknown one).
    pub(crate) fn of_fence(fence: &str) -> Lang {
        Lang::ALL.iter().copied().find(|l| l.fence() == fence).unwrap_or(Lang::Text)
    }

    /// The line-comment mark (XML has none: `comment()` wraps each line in `<!-- -->` instead).
    pub(crate) fn comment_mark(self) -> &'static str {
        match self {
            Lang::Xml => "<!--",
            Lang::Python | Lang::Ruby | Lang::Http | Lang::Text => "#",
            Lang::Yaml | Lang::Toml => "#",
            l if l.is_config() => "#",
            _ => "//",
        }
    }

    /// Web server and proxy configs (nginx, Apache, VCL, HAProxy, Caddyfile, h2o, lighttpd): values are config
    /// tokens, not string literals.
    pub(crate) fn is_config(self) -> bool {
        matches!(
            self,
            Lang::Nginx
                | Lang::Apache
                | Lang::Vcl
                | Lang::Haproxy
                | Lang::Caddyfile
                | Lang::H2oYaml
                | Lang::Lighttpd
                | Lang::AtsRemap
        )
    }

    /// `s` written for a string literal (or config token) of this language; see the module doc.
    pub(crate) fn lit(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let before_slash = c == '*' && chars.peek() == Some(&'/');
            match self {
                Lang::Xml => xml_char(&mut out, c),
                l if l.is_config() => config_char(&mut out, c),
                Lang::Http | Lang::Text => push_visible(&mut out, c),
                _ if before_slash => numeric(self, &mut out, c),
                _ => code_char(self, &mut out, c),
            }
        }
        if self == Lang::Php {
            // `?>` ends PHP mode even inside a `//` comment: split it (the literal keeps its value).
            out = out.replace("?>", "?' . '>");
        }
        out
    }

    /// `s` as a header value in this language: [`Lang::lit`], and Apache's `Header` and HAProxy's
    /// `set-header` (a log-format string) read `%` as a format specifier, so a literal one is doubled.
    pub(crate) fn header_value(self, s: &str) -> String {
        let l = self.lit(s);
        if matches!(self, Lang::Apache | Lang::Haproxy) {
            l.replace('%', "%%")
        } else {
            l
        }
    }

    /// `s` as the body of a regular expression that matches it literally: [`Lang::lit`], then every regex
    /// metacharacter the literal can still hold (`.`, `?`, `+`, `*`) quoted with a backslash.
    pub(crate) fn regex(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 4);
        for c in self.lit(s).chars() {
            if matches!(c, '.' | '?' | '+' | '*' | '(' | ')' | '[' | ']' | '|' | '^' | '$' | '\\' | '{' | '}') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    /// Whether [`Lang::lit`] changes the value of `s` (config languages percent-encode what they cannot hold).
    pub(crate) fn alters(self, s: &str) -> bool {
        match self {
            Lang::Xml => s.chars().any(xml_unfit),
            _ => self.is_config() && s.chars().any(|c| !config_safe(c)),
        }
    }

    /// `text` made safe for a line comment: line breaks, controls and invisible characters shown visibly
    /// (callers split lines first); in PHP a `?>` broken; in Java a `\u` broken (javac reads Unicode escapes
    /// even in comments).
    pub(crate) fn comment_text(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            push_visible(&mut out, c);
        }
        match self {
            Lang::Php => out.replace("?>", "? >"),
            Lang::Java => out.replace("\\u", "\\ u"),
            Lang::Xml => xml_comment_text(&out),
            _ => out,
        }
    }
}

/// Text for inside an XML comment: no `--` (XML forbids it there), no `-` at the end (`--->` is invalid too).
fn xml_comment_text(text: &str) -> String {
    let mut out = text.to_string();
    while out.contains("--") {
        out = out.replace("--", "- -");
    }
    if out.ends_with('-') {
        out.push(' ');
    }
    out
}

/// One character of XML character data or of a quoted attribute value.
fn xml_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        // XML 1.0 cannot hold these at all, not even as references: shown visibly.
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => push_visible(out, c),
        '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("&lt;U+{:04X}&gt;", c as u32)),
        '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
        c if is_special(c) => out.push_str(&format!("&#x{:X};", c as u32)),
        c => out.push(c),
    }
}

/// A control or invisible character that must not reach code, a comment or a terminal raw: C0, DEL, C1, line and
/// paragraph separators, zero-width and bidi formatting characters, the BOM.
pub fn is_special(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
        || matches!(c, '\u{FFF9}'..='\u{FFFB}')
}

/// `c` as text that shows it: C0 as its control picture (`␛`), DEL as `␡`, other special characters as
/// `<U+202E>`; any other character as itself.
pub fn push_visible(out: &mut String, c: char) {
    match c {
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        c if is_special(c) => out.push_str(&format!("<U+{:04X}>", c as u32)),
        c => out.push(c),
    }
}

/// `s` with every special character shown visibly ([`push_visible`]), borrowed when there is none.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_special) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_visible(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

/// Characters a config token holds as they are (nginx and Apache).
fn config_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?@!&=+,%*".contains(c) || (!c.is_ascii() && !is_special(c))
}

fn config_char(out: &mut String, c: char) {
    if config_safe(c) {
        out.push(c);
    } else {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The characters XML 1.0 cannot hold, even as a character reference (C0 controls, U+FFFE, U+FFFF): `lit` shows
/// them, which changes the value.
fn xml_unfit(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// One character of a string literal in a programming language.
fn code_char(lang: Lang, out: &mut String, c: char) {
    let quoted: &[char] = match lang {
        Lang::Js => &['\\', '\'', '"', '`', '$'],
        Lang::Python | Lang::Java | Lang::CSharp | Lang::Rust => &['\\', '\'', '"'],
        Lang::Php => &['\\', '\''],
        Lang::Ruby => &['\\', '"', '#'],
        // JSON, YAML, TOML, Go: double-quoted strings.
        _ => &['\\', '"'],
    };
    if quoted.contains(&c) {
        out.push('\\');
        out.push(c);
        return;
    }
    match c {
        '\n' if lang != Lang::Php => out.push_str("\\n"),
        '\r' if lang != Lang::Php => out.push_str("\\r"),
        '\t' if lang != Lang::Php => out.push_str("\\t"),
        c if is_special(c) => numeric(lang, out, c),
        c => out.push(c),
    }
}

/// `c` as a numeric escape inside a string literal of `lang`.
fn numeric(lang: Lang, out: &mut String, c: char) {
    let n = c as u32;
    match lang {
        // Java: octal (a `\u` escape is decoded before lexing: `\u000a` would end the literal).
        Lang::Java if n < 0x100 => out.push_str(&format!("\\{n:03o}")),
        Lang::Python | Lang::Go if n < 0x80 => out.push_str(&format!("\\x{n:02x}")),
        Lang::Ruby if n < 0x80 => out.push_str(&format!("\\x{n:02X}")),
        Lang::Rust => out.push_str(&format!("\\u{{{n:x}}}")),
        Lang::Php => out.push_str(&format!("' . \"\\u{{{n:x}}}\" . '")),
        _ => out.push_str(&format!("\\u{n:04x}")),
    }
}

/// A value from the HAR on its way into a snippet: prints escaped for its language ([`Lang::lit`], or
/// [`Lang::header_value`] for a header value). `raw` is for computing with (a route pattern, a location prefix),
/// never for printing into code.
#[derive(Debug, Clone)]
pub(crate) struct Val {
    pub raw: String,
    pub lang: Lang,
    header: bool,
}

impl Val {
    /// A value written as [`Lang::lit`].
    pub(crate) fn new(lang: Lang, raw: &str) -> Val {
        Val { raw: raw.to_string(), lang, header: false }
    }

    /// A header value ([`Lang::header_value`]).
    pub(crate) fn header(lang: Lang, raw: &str) -> Val {
        Val { raw: raw.to_string(), lang, header: true }
    }

    /// A value computed from this one's raw text, escaped the same way.
    pub(crate) fn map(&self, f: impl FnOnce(&str) -> String) -> Val {
        Val { raw: f(&self.raw), lang: self.lang, header: self.header }
    }

    /// The escaped text.
    pub(crate) fn text(&self) -> String {
        if self.header {
            self.lang.header_value(&self.raw)
        } else {
            self.lang.lit(&self.raw)
        }
    }

    /// Whether the raw value is empty or blank.
    pub(crate) fn is_blank(&self) -> bool {
        self.raw.trim().is_empty()
    }
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

/// A path or URL the route helpers compute with: a plain `&str` (gives a `String`) or a [`Val`] (gives a `Val`,
/// escaped like its source).
pub(crate) trait PathText {
    type Out;
    fn raw(&self) -> &str;
    fn with(&self, computed: String) -> Self::Out;
}

impl PathText for &str {
    type Out = String;
    fn raw(&self) -> &str {
        self
    }
    fn with(&self, computed: String) -> String {
        computed
    }
}

impl PathText for &String {
    type Out = String;
    fn raw(&self) -> &str {
        self
    }
    fn with(&self, computed: String) -> String {
        computed
    }
}

impl PathText for &Val {
    type Out = Val;
    fn raw(&self) -> &str {
        &self.raw
    }
    fn with(&self, computed: String) -> Val {
        Val { raw: computed, lang: self.lang, header: self.header }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_per_language() {
        let s = "a'b\"c\\d\ne$f#{g}*/\u{1b}\u{202e}";
        assert_eq!(Lang::Js.lit(s), "a\\'b\\\"c\\\\d\\ne\\$f#{g}\\u002a/\\u001b\\u202e");
        assert_eq!(Lang::Python.lit(s), "a\\'b\\\"c\\\\d\\ne$f#{g}\\x2a/\\x1b\\u202e");
        assert_eq!(
            Lang::Php.lit(s),
            "a\\'b\"c\\\\d' . \"\\u{a}\" . 'e$f#{g}' . \"\\u{2a}\" . '/' . \"\\u{1b}\" . '' . \"\\u{202e}\" . '"
        );
        assert_eq!(Lang::Java.lit(s), "a\\'b\\\"c\\\\d\\ne$f#{g}\\052/\\033\\u202e");
        assert_eq!(Lang::Go.lit(s), "a'b\\\"c\\\\d\\ne$f#{g}\\x2a/\\x1b\\u202e");
        assert_eq!(Lang::Ruby.lit(s), "a'b\\\"c\\\\d\\ne$f\\#{g}\\x2A/\\x1B\\u202e");
        assert_eq!(Lang::Rust.lit(s), "a\\'b\\\"c\\\\d\\ne$f#{g}\\u{2a}/\\u{1b}\\u{202e}");
        assert_eq!(Lang::Nginx.lit("/a b;{c}$d'é"), "/a%20b%3B%7Bc%7D%24d%27é");
        assert_eq!(Lang::Apache.header_value("a b%"), "a%%20b%%");
        assert_eq!(Lang::Php.lit("a?>b"), "a?' . '>b");
        assert_eq!(Lang::Vcl.lit("/a\"b{c}"), "/a%22b%7Bc%7D");
        assert_eq!(Lang::Vcl.regex("/a.b?c"), "/a\\.b\\?c");
        assert_eq!(Lang::Haproxy.header_value("a%b $X"), "a%%b%%20%%24X");
        assert_eq!(Lang::Caddyfile.lit("/x/{path}"), "/x/%7Bpath%7D");
        assert_eq!(Lang::H2oYaml.lit("/x: y"), "/x:%20y");
        assert_eq!(Lang::Lighttpd.lit("/x\"y"), "/x%22y");
        assert_eq!(Lang::Text.lit("a\u{1b}[31m\nb"), "a␛[31m␊b");
        assert_eq!(
            Lang::Xml.lit("<a href=\"x\">&'\n\u{1b}\u{202e}\u{ffff}é"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;␛&#x202E;&lt;U+FFFF&gt;é"
        );
        assert_eq!(Lang::Xml.comment_text("a--b---c-"), "a- -b- - -c- ");
        for l in [Lang::Json, Lang::Yaml, Lang::Toml] {
            assert_eq!(l.lit(s), "a'b\\\"c\\\\d\\ne$f#{g}\\u002a/\\u001b\\u202e");
        }
    }
}
