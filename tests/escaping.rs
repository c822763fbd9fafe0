//! Escaping for wherever HAR bytes go (issue 11): fix snippets (every stack × every fix kind, hostile paths,
//! origins, methods and header names; a small lexer per language checks that nothing hostile lands outside a
//! string literal or comment, and where the real tool is on the machine — node, python3, php, nginx, apache2,
//! varnishd, haproxy, caddy, h2o, lighttpd, and python3's json, tomllib, xml.dom and (if installed) yaml for the
//! configuration snippets of CDNs, gateways and hosts — that a snippet that parses with ordinary values still parses
//! with hostile ones).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use why405::http::Method;
use why405::stack::{fix_for, Fix, FixKind, Stack};

/// Hostile values: each carries the marker `EVIL` right after a character that could end a literal, a comment,
/// a config token or start an interpolation.
const PAYLOADS: &[&str] = &[
    "/v1/items/x'EVIL",
    "/v1/items/x\"EVIL",
    "/v1/items/x`EVIL",
    "/v1/items/x\\EVIL",
    "/v1/items/x\\'EVIL",
    "/v1/items/x${EVIL}",
    "/v1/items/x#{EVIL}",
    "/v1/items/x{$EVIL}",
    "/v1/items/x$EVIL",
    "/v1/items/x\nEVIL",
    "/v1/items/x\rEVIL",
    "/v1/items/x\u{2028}EVIL",
    "/v1/items/x\u{85}EVIL",
    "/v1/items/x*/EVIL",
    "/v1/items/x;EVIL",
    "/v1/items/x{EVIL}",
    "/v1/items/x}EVIL",
    "/v1/items/x%EVIL",
    "/v1/items/x EVIL",
    "/v1/items/x#EVIL",
    "/v1/items/x?>EVIL",
    "/v1/items/x\\u000aEVIL",
    "/v1/items/é\u{202e}EVIL\u{1b}[31m",
    "/v1/items/');require('child_process').exec('EVIL');//",
    "/v1/items/\");EVIL(\"",
    "/v1/items/x</param-value>EVIL",
    "/v1/items/x<EVIL/>",
    "/v1/items/x&EVIL;",
    "/v1/items/x-->EVIL<!--",
    "/v1/items/x]]>EVIL",
];

/// Every stack and none.
fn stacks() -> Vec<Option<Stack>> {
    std::iter::once(None).chain(Stack::ALL.iter().copied().map(Some)).collect()
}

/// Every fix kind on every stack with `v` in every field that comes from the HAR (`benign` fields otherwise
/// keep their ordinary shape).
fn snippets(v: &str) -> Vec<(String, Fix)> {
    let method = Method::Other(v.trim_start_matches("/v1/items/").to_string());
    let methods = [Method::Put, method.clone()];
    let headers = vec!["Content-Type".to_string(), v.to_string()];
    let allowed = [Method::Get, method.clone()];
    let origin = format!("https://app.test{v}");
    let url = format!("http://api.test{v}");
    let url2 = format!("http://api.test{v}/");
    let patch = Method::Patch;
    let kinds: Vec<(&str, FixKind)> = vec![
        (
            "allow_cors",
            FixKind::AllowCors { origin: &origin, methods: &methods, headers: &headers, credentials: false, path: v },
        ),
        (
            "allow_cors_cred",
            FixKind::AllowCors { origin: &origin, methods: &methods, headers: &headers, credentials: true, path: v },
        ),
        ("preflight_redirect", FixKind::PreflightRedirect { from: &url, to: &url2 }),
        ("preflight_redirect_no_to", FixKind::PreflightRedirect { from: &url, to: "" }),
        ("preflight_before_auth", FixKind::PreflightBeforeAuth { path: v }),
        ("credentials", FixKind::Credentials { origin: &origin }),
        ("cors_on_errors", FixKind::CorsOnErrors { origin: &origin }),
        ("missing_route_put", FixKind::MissingRoute { method: &Method::Put, path: v }),
        ("missing_route_other", FixKind::MissingRoute { method: &method, path: v }),
        (
            "mismatch_suggested",
            FixKind::MethodMismatch { method: &method, path: v, allowed: &allowed, suggested: Some(&patch) },
        ),
        (
            "mismatch_suggested_hostile",
            FixKind::MethodMismatch { method: &Method::Put, path: v, allowed: &allowed, suggested: Some(&method) },
        ),
        ("mismatch_plain", FixKind::MethodMismatch { method: &method, path: v, allowed: &allowed, suggested: None }),
        ("web_server_rule", FixKind::WebServerRule { method: &method, path: v }),
        ("redirect_changed", FixKind::RedirectChangedMethod { method: &method, from: &url, to: &url2, status: 301 }),
        ("uppercase_method", FixKind::UppercaseMethod { method: &method, upper: &patch, path: v }),
        (
            "duplicate_header",
            FixKind::DuplicateHeader {
                header: "Access-Control-Allow-Origin",
                values: &origin,
                origin: &origin,
                path: v,
            },
        ),
        (
            "redirect_changed_slash",
            FixKind::RedirectChangedMethod { method: &Method::Post, from: &url, to: &url2, status: 301 },
        ),
    ];
    let mut out = Vec::new();
    for stack in stacks() {
        for (name, kind) in &kinds {
            out.push((format!("{stack:?} × {name}"), fix_for(stack, kind)));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// A small lexer: the code of a snippet without its comments and string literals
// ---------------------------------------------------------------------------

fn at(c: &[char], i: usize, s: &str) -> bool {
    s.chars().enumerate().all(|(k, x)| c.get(i + k) == Some(&x))
}

fn line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `code` without comments and string literals, for a programming language. What a string interpolates
/// (`${…}` in a JS template, `#{…}` in a Ruby double-quoted string, `$x`/`{$x}` in PHP double quotes, `{…}` in
/// a Python f-string or C# `$"…"`) counts as code: the rest of such a string is kept.
fn residue(lang: &str, code: &str) -> String {
    let c: Vec<char> = code.chars().collect();
    let (line_marks, block): (&[&str], bool) = match lang {
        "python" | "ruby" => (&["#"], false),
        "php" => (&["//", "#"], true),
        _ => (&["//"], true),
    };
    let quotes: &[char] = match lang {
        "js" => &['\'', '"', '`'],
        "go" => &['"', '`', '\''],
        "rust" => &['"'],
        _ => &['\'', '"'],
    };
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if block && at(&c, i, "/*") {
            i += 2;
            while i < c.len() && !at(&c, i, "*/") {
                i += 1;
            }
            i += 2;
            continue;
        }
        if line_marks.iter().any(|m| at(&c, i, m)) {
            while i < c.len() && !line_end(c[i]) {
                if lang == "php" && at(&c, i, "?>") {
                    break;
                }
                i += 1;
            }
            continue;
        }
        if quotes.contains(&c[i]) {
            i = string_end(lang, &c, i, &mut out);
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// Past the string literal opening at `start`; interpolated parts (and an unterminated rest) go to `out`.
fn string_end(lang: &str, c: &[char], start: usize, out: &mut String) -> usize {
    let q = c[start];
    let before = |k: usize| if start >= k { c[start - k] } else { ' ' };
    let f_string = lang == "python" && matches!(before(1), 'f' | 'F');
    let cs_interp = lang == "csharp" && before(1) == '$';
    let verbatim = lang == "csharp" && before(1) == '@';
    let raw = (lang == "go" && q == '`') || verbatim;
    let triple = lang == "python" && at(c, start, &q.to_string().repeat(3));
    let close: String = if triple { q.to_string().repeat(3) } else { q.to_string() };
    let mut i = start + close.chars().count();
    while i < c.len() {
        if !raw && c[i] == '\\' {
            i += 2;
            continue;
        }
        if verbatim && at(c, i, "\"\"") {
            i += 2;
            continue;
        }
        if at(c, i, &close) {
            return i + close.chars().count();
        }
        let interp = (lang == "js" && q == '`' && at(c, i, "${"))
            || (lang == "ruby" && q == '"' && c[i] == '#' && matches!(c.get(i + 1), Some('{' | '@' | '$')))
            || (lang == "php"
                && q == '"'
                && ((c[i] == '$' && c.get(i + 1).is_some_and(|n| n.is_alphabetic() || *n == '_' || *n == '{'))
                    || at(c, i, "{$")))
            || ((f_string || cs_interp) && c[i] == '{' && c.get(i + 1) != Some(&'{'));
        let breaks_line = line_end(c[i]) && !matches!(lang, "php" | "ruby" | "rust") && !triple && q != '`';
        if interp || breaks_line {
            // The rest is code (or the literal is broken): keep it.
            out.extend(&c[i..]);
            return c.len();
        }
        i += 1;
    }
    out.push_str("<UNTERMINATED>");
    c.len()
}

/// Config (nginx, Apache): the code without `#` comments (a `#` that starts a token, outside quotes).
fn config_code(code: &str) -> String {
    let mut out = String::new();
    for line in code.split('\n') {
        let mut quote = None;
        let mut prev = ' ';
        for ch in line.chars() {
            match quote {
                Some(q) if ch == q => quote = None,
                Some(_) => {}
                None if ch == '"' || ch == '\'' => quote = Some(ch),
                None if ch == '#' && prev.is_whitespace() => break,
                None => {}
            }
            out.push(ch);
            prev = ch;
        }
        out.push('\n');
    }
    out
}

/// Data languages (JSON, YAML, TOML): the code without double-quoted strings (backslash escapes; a raw line
/// break ends the string and the rest is code) and, in YAML and TOML, without `#` comments (a `#` at a line's
/// start or after a blank, outside strings).
fn data_code(lang: &str, code: &str) -> String {
    let comments = lang != "json";
    let mut out = String::new();
    for line in code.split('\n') {
        let c: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < c.len() {
            if c[i] == '"' {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                if i >= c.len() {
                    out.push_str("<UNTERMINATED>");
                }
                i += 1;
                continue;
            }
            if comments && c[i] == '#' && (i == 0 || c[i - 1].is_whitespace()) {
                break;
            }
            out.push(c[i]);
            i += 1;
        }
        out.push('\n');
    }
    out
}

/// What is wrong with `fix` (empty when nothing): hostile text outside literals and comments.
fn injection(fix: &Fix) -> Option<String> {
    match fix.language.as_str() {
        "json" | "yaml" | "toml" => {
            let r = data_code(&fix.language, &fix.code);
            r.contains("EVIL").then(|| format!("marker outside strings and comments in:\n{r}"))
        }
        "nginx" | "apache" | "vcl" | "haproxy" | "caddyfile" | "lighttpd" | "ats" => {
            let code = config_code(&fix.code);
            let bad = [';', '{', '}', '$', '\'', '"', '\\', ' ', '\n', '\r', '#'];
            bad.iter()
                .find(|b| code.contains(&format!("{b}EVIL")))
                .map(|b| format!("config holds {b:?} right before the marker"))
                .or_else(|| {
                    // mod_headers reads `%` in a header value as a format specifier.
                    let header = |l: &&str| l.trim_start().starts_with("Header ");
                    let bad = |l: &str| l.contains("%EVIL") && !l.contains("%%EVIL");
                    (fix.language == "apache" && code.lines().filter(header).any(bad))
                        .then(|| "Apache format specifier".into())
                })
                .or_else(|| {
                    // HAProxy reads `%` in a header value (a log-format string) as a format specifier.
                    let header = |l: &&str| l.contains("-header ") || l.contains(" hdr ");
                    let bad = |l: &str| l.contains("%EVIL") && !l.contains("%%EVIL");
                    (fix.language == "haproxy" && code.lines().filter(header).any(bad))
                        .then(|| "HAProxy format specifier".into())
                })
                .or_else(|| {
                    // YAML (and the Ruby in an mruby block): a value always inside double quotes, so `: `, `&`,
                    // `*`, `!`, `%` and `#{` stay text
                    let unquoted = |l: &str| l.split('"').step_by(2).any(|outside| outside.contains("EVIL"));
                    (fix.language == "yaml" && code.lines().any(unquoted)).then(|| "unquoted YAML value".into())
                })
        }
        "xml" => xml_injection(&fix.code),
        "http" | "text" => {
            fix.code.split('\n').any(|l| l.starts_with("EVIL")).then(|| "a line starts with the marker".into())
        }
        lang => {
            let r = residue(lang, &fix.code);
            r.contains("EVIL").then(|| format!("marker outside literals and comments in:\n{r}"))
        }
    }
}

/// XML: the marker in a tag (element or attribute name, outside a quoted value) or right after a raw `&`, once comments are removed; an
/// unterminated comment, or `--` inside one, is a failure too.
fn xml_injection(code: &str) -> Option<String> {
    let mut rest = code;
    let mut text = String::new();
    while let Some(open) = rest.find("<!--") {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open + 4..].find("-->") else {
            return Some("an unterminated comment".into());
        };
        if rest[open + 4..open + 4 + close].contains("--") {
            return Some("`--` inside a comment".into());
        }
        rest = &rest[open + 4 + close + 3..];
    }
    text.push_str(rest);
    if text.contains("&EVIL") {
        return Some("a raw `&` before the marker".into());
    }
    // in a tag, a double-quoted attribute value is data (its `&…;` are entities): only names and markup count
    let mut tag: Option<String> = None;
    let mut quoted = false;
    for ch in text.chars() {
        if tag.is_some() && ch == '"' {
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        match (&mut tag, ch) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                if t.contains("EVIL") {
                    return Some(format!("the marker in markup: <{t}>"));
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, _) => {}
        }
    }
    None
}

#[test]
fn hostile_values_stay_inside_literals_and_comments_in_every_snippet() {
    let mut failures = Vec::new();
    for v in PAYLOADS {
        for (ctx, fix) in snippets(v) {
            if let Some(why) = injection(&fix) {
                failures.push(format!("{ctx} with {v:?}: {why}\n---\n{}\n---", fix.code));
            }
            let specials = fix.code.chars().filter(|&c| c != '\n' && why405::stack::is_special(c)).count();
            if specials > 0 {
                failures.push(format!("{ctx} with {v:?}: {specials} raw control/invisible characters\n{}", fix.code));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(4)].join("\n\n")
    );
}

#[test]
fn ordinary_values_are_unchanged() {
    // Escaping only touches what needs it: an ordinary path, origin and method print as they are.
    for (ctx, fix) in snippets("/v1/items/42") {
        assert!(!fix.code.contains("%2") && !fix.code.contains("\\u"), "{ctx}:\n{}", fix.code);
        assert!(!fix.code.contains("Note: a value below"), "{ctx}:\n{}", fix.code);
    }
}

// ---------------------------------------------------------------------------
// The real tools: a snippet that parses with ordinary values still parses with hostile ones
// ---------------------------------------------------------------------------

fn have(tool: &str) -> bool {
    Command::new("sh").arg("-c").arg(format!("command -v {tool}")).output().is_ok_and(|o| o.status.success())
}

/// Runs `cmd`, with a time bound; `Ok(())` when it exits 0, the output otherwise.
fn run(cmd: &mut Command) -> Result<(), String> {
    let out = Command::new("timeout")
        .arg("60")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

/// The distinct snippets in `lang` of every stack × kind for `v`, by label.
fn in_lang(v: &str, lang: &str) -> BTreeMap<String, String> {
    snippets(v).into_iter().filter(|(_, f)| f.language == lang).map(|(ctx, f)| (ctx, f.code)).collect()
}

/// A checker: the labelled snippets written to files in a folder, and for each the tool's complaint if any.
type Check = dyn Fn(&Path, &[(String, String)]) -> BTreeMap<String, Result<(), String>>;

/// Each labelled snippet checked by `check`; those that fail with ordinary values are skipped (fragments the tool
/// cannot take alone). Returns the failures with hostile values, and how many were checked.
fn parses_like_ordinary(lang: &str, check: &Check) -> (Vec<String>, usize) {
    let dir = std::env::temp_dir().join(format!("why405-escaping-{lang}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let ordinary: Vec<(String, String)> = in_lang("/v1/items/42", lang).into_iter().collect();
    let ok: Vec<String> = check(&dir, &ordinary).into_iter().filter(|(_, r)| r.is_ok()).map(|(k, _)| k).collect();
    let mut all = Vec::new();
    for (n, v) in PAYLOADS.iter().enumerate() {
        for (ctx, code) in in_lang(v, lang) {
            if ok.contains(&ctx) {
                all.push((format!("{n:02} {ctx}"), code));
            }
        }
    }
    let results = check(&dir, &all);
    let codes: BTreeMap<&String, &String> = all.iter().map(|(k, c)| (k, c)).collect();
    let failures = results
        .iter()
        .filter_map(|(k, r)| {
            r.as_ref().err().map(|e| {
                format!(
                    "{k} (payload {p:?}): {e}\n---\n{c}\n---",
                    p = PAYLOADS[k[..2].parse::<usize>().unwrap_or(0)],
                    c = codes.get(k).map_or("", |c| c.as_str())
                )
            })
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    (failures, all.len())
}

fn assert_parses(lang: &str, tool: &str, check: &Check) {
    if !have(tool) {
        eprintln!("{tool} not on this machine: {lang} snippets checked by the lexer only");
        return;
    }
    let (failures, checked) = parses_like_ordinary(lang, check);
    assert!(checked > 0, "no {lang} snippet parsed even with ordinary values");
    assert!(
        failures.is_empty(),
        "{} of {checked} {lang} snippets stop parsing:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n")
    );
}

/// One file per snippet (`{i}.{ext}`, `code` through `wrap`), then one run of `program args… DIR` that prints
/// `i<TAB>error` for each file that does not parse.
fn batch(
    dir: &Path,
    items: &[(String, String)],
    ext: &str,
    wrap: &dyn Fn(&str) -> String,
    cmd: &mut Command,
) -> BTreeMap<String, Result<(), String>> {
    for (i, (_, code)) in items.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.{ext}")), wrap(code)).expect("write");
    }
    let out = Command::new("timeout")
        .arg("120")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .arg(dir)
        .arg(items.len().to_string())
        .output()
        .expect("run the checker");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "checker failed: {text}{}", String::from_utf8_lossy(&out.stderr));
    let mut errors: BTreeMap<usize, String> = BTreeMap::new();
    for line in text.lines() {
        if let Some((i, e)) = line.split_once('\t') {
            if let Ok(i) = i.parse::<usize>() {
                errors.entry(i).or_default().push_str(e);
            }
        }
    }
    items.iter().enumerate().map(|(i, (k, _))| (k.clone(), errors.get(&i).map_or(Ok(()), |e| Err(e.clone())))).collect()
}

/// One tool run per snippet (for tools without a batch mode; fast ones).
fn each(
    dir: &Path,
    items: &[(String, String)],
    one: &dyn Fn(&Path, &str) -> Result<(), String>,
) -> BTreeMap<String, Result<(), String>> {
    items.iter().map(|(k, code)| (k.clone(), one(dir, code))).collect()
}

const NODE_CHECK: &str = "const fs=require('fs'),vm=require('vm');const [d,n]=process.argv.slice(-2);\
    for(let i=0;i<+n;i++){try{new vm.Script(fs.readFileSync(d+'/'+i+'.js','utf8'))}catch(e){console.log(i+'\\t'+e.message)}}";
const PYTHON_CHECK: &str = "import ast,sys\nd,n=sys.argv[-2:]\nfor i in range(int(n)):\n    try: ast.parse(open(f'{d}/{i}.py',encoding='utf-8').read())\n    except SyntaxError as e: print(f'{i}\\t{e}')";
const PHP_CHECK: &str = "[$d,$n]=array_slice($argv,-2);for($i=0;$i<$n;$i++){try{PhpToken::tokenize(file_get_contents(\"$d/$i.php\"),TOKEN_PARSE);}catch(Throwable $e){echo \"$i\\t\",$e->getMessage(),\"\\n\";}}";

const XML_CHECK: &str = "import sys\nfrom xml.dom import minidom\nd,n=sys.argv[-2:]\nfor i in range(int(n)):\n    try: minidom.parseString(open(f'{d}/{i}.xml','rb').read())\n    except Exception as e: print(f'{i}\\t{e}')";

#[test]
fn xml_snippets_still_parse() {
    assert_parses("xml", "python3", &|dir, items| {
        // web.xml fragments go inside a root element; a whole document (IIS's web.config) is parsed as it is
        let wrap = |code: &str| {
            if code.trim_start().starts_with("<?xml") {
                code.to_string()
            } else {
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<web-app>\n{code}\n</web-app>\n")
            }
        };
        batch(dir, items, "xml", &wrap, Command::new("python3").arg("-c").arg(XML_CHECK).arg("-"))
    });
}

/// Python's parsers for the data languages: `python3 -c DATA_CHECK ext DIR N`.
const DATA_CHECK: &str = concat!(
    "import sys,json,tomllib\n",
    "import xml.dom.minidom as x\n",
    "ext,d,n=sys.argv[-3:]\n",
    "def load(t):\n",
    "    if ext=='json': json.loads(t)\n",
    "    elif ext=='toml': tomllib.loads(t)\n",
    "    elif ext=='xml': x.parseString(t)\n",
    "    else:\n",
    "        import yaml; yaml.safe_load(t)\n",
    "for i in range(int(n)):\n",
    "    try: load(open(f'{d}/{i}.{ext}',encoding='utf-8').read())\n",
    "    except Exception as e: print(f'{i}\\t{e}'.replace('\\n',' '))\n",
);

fn data_parses(lang: &'static str) {
    let python_has = |module: &str| {
        Command::new("python3").arg("-c").arg(format!("import {module}")).output().is_ok_and(|o| o.status.success())
    };
    if lang == "yaml" && !python_has("yaml") {
        eprintln!("python3 has no yaml module: yaml snippets checked by the lexer only");
        return;
    }
    assert_parses(lang, "python3", &move |dir, items| {
        batch(dir, items, lang, &|c| c.to_string(), Command::new("python3").arg("-c").arg(DATA_CHECK).arg(lang))
    });
}

#[test]
fn json_toml_yaml_snippets_still_parse() {
    // XML: `xml_snippets_still_parse`
    for lang in ["json", "toml", "yaml"] {
        data_parses(lang);
    }
}

#[test]
fn js_snippets_still_parse() {
    assert_parses("js", "node", &|dir, items| {
        let wrap =
            |code: &str| format!("async function snippet(app, express, cors, requireAuth, data) {{\n{code}\n}}\n");
        batch(dir, items, "js", &wrap, Command::new("node").arg("-e").arg(NODE_CHECK))
    });
}

#[test]
fn python_snippets_still_parse() {
    assert_parses("python", "python3", &|dir, items| {
        batch(dir, items, "py", &|c| c.to_string(), Command::new("python3").arg("-c").arg(PYTHON_CHECK).arg("-"))
    });
}

#[test]
fn php_snippets_still_parse() {
    assert_parses("php", "php", &|dir, items| {
        let wrap = |code: &str| if code.starts_with("<?php") { code.to_string() } else { format!("<?php\n{code}") };
        batch(dir, items, "php", &wrap, Command::new("php").arg("-r").arg(PHP_CHECK).arg("--"))
    });
}

#[test]
fn nginx_snippets_still_parse() {
    assert_parses("nginx", "nginx", &|dir, items| {
        each(dir, items, &|dir, code| {
            let f = dir.join("nginx.conf");
            let conf = format!(
                "pid {pid};\nerror_log stderr;\nevents {{}}\nhttp {{\n access_log off;\n server {{\n listen 127.0.0.1:1;\n{code}\n location = /auth {{ return 204; }}\n }}\n}}\n",
                pid = dir.join("nginx.pid").display()
            );
            std::fs::write(&f, conf).expect("write");
            run(Command::new("nginx").arg("-q").arg("-t").arg("-p").arg(dir).arg("-c").arg(&f))
        })
    });
}

#[test]
fn apache_snippets_still_parse() {
    const MODULES: &str = "/usr/lib/apache2/modules";
    assert_parses("apache", "apache2", &|dir, items| {
        each(dir, items, &|dir, code| {
            let f = dir.join("apache.conf");
            let load: String = ["mpm_event", "headers", "rewrite", "proxy", "proxy_http", "alias", "authz_core"]
                .iter()
                .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
                .collect();
            let conf = format!(
                "ServerRoot {dir}\nServerName localhost\nPidFile {dir}/httpd.pid\nErrorLog /dev/stderr\nListen 127.0.0.1:1\n{load}\
                 <VirtualHost 127.0.0.1:1>\n{code}\n</VirtualHost>\n",
                dir = dir.display()
            );
            std::fs::write(&f, conf).expect("write");
            run(Command::new("apache2").arg("-t").arg("-f").arg(&f))
        })
    });
}

/// A config checker (issue 12): `tool args…` on one file holding `wrap(dir, code)`.
struct ConfigTool {
    lang: &'static str,
    tool: &'static str,
    args: &'static [&'static str],
    wrap: fn(&Path, &str) -> String,
    /// Snippets that can share one file, each made unique by its index (HAProxy's section names): checked in one
    /// run first, one by one only if that run fails (a tool run is slow: VCL compiles, 2 cores shared).
    together: Option<fn(usize, &str) -> String>,
}

impl ConfigTool {
    fn check_one(&self, dir: &Path, code: &str) -> Result<(), String> {
        let f = dir.join(format!("{}.conf", self.lang));
        std::fs::write(&f, (self.wrap)(dir, code)).expect("write");
        let mut cmd = Command::new(self.tool);
        for a in self.args {
            match *a {
                "{file}" => cmd.arg(&f),
                "{dir}" => cmd.arg(dir),
                a => cmd.arg(a),
            };
        }
        run(&mut cmd)
    }

    fn assert_parses(&'static self) {
        assert_parses(self.lang, self.tool, &move |dir, items| {
            if let (Some(join), true) = (self.together, items.len() > 1) {
                let all: Vec<String> = items.iter().enumerate().map(|(i, (_, code))| join(i, code)).collect();
                if self.check_one(dir, &all.join("\n")).is_ok() {
                    return items.iter().map(|(k, _)| (k.clone(), Ok(()))).collect();
                }
            }
            each(dir, items, &|dir, code| self.check_one(dir, code))
        });
    }
}

#[test]
fn vcl_snippets_still_parse() {
    // `-C` compiles the VCL to C and prints it, without starting Varnish; several `sub vcl_recv` are one
    static VCL: ConfigTool = ConfigTool {
        lang: "vcl",
        tool: "varnishd",
        args: &["-C", "-n", "{dir}", "-f", "{file}"],
        wrap: |_, code| format!("vcl 4.1;\nbackend default {{ .host = \"127.0.0.1\"; .port = \"8000\"; }}\n{code}\n"),
        together: Some(|_, code| code.to_string()),
    };
    VCL.assert_parses();
}

#[test]
fn haproxy_snippets_still_parse() {
    static HAPROXY: ConfigTool = ConfigTool {
        lang: "haproxy",
        tool: "haproxy",
        args: &["-q", "-c", "-f", "{file}"],
        wrap: |_, code| {
            format!(
                "defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\n\
                 {code}\nbackend app\n    server app1 127.0.0.1:8000\n"
            )
        },
        together: Some(|i, code| code.replace("frontend web\n", &format!("frontend web{i}\n"))),
    };
    HAPROXY.assert_parses();
}

#[test]
fn caddyfile_snippets_still_parse() {
    // `adapt` parses the Caddyfile into Caddy's JSON (every directive and matcher), without starting a server
    static CADDY: ConfigTool = ConfigTool {
        lang: "caddyfile",
        tool: "caddy",
        args: &["adapt", "--adapter", "caddyfile", "--config", "{file}"],
        wrap: |_, code| code.to_string(),
        together: None,
    };
    CADDY.assert_parses();
}

#[test]
fn h2o_snippets_still_parse() {
    static H2O: ConfigTool = ConfigTool {
        lang: "yaml",
        tool: "h2o",
        args: &["-t", "-c", "{file}"],
        wrap: |dir, code| {
            let pid = dir.join("h2o.pid");
            format!(
                "listen:\n  host: 127.0.0.1\n  port: 1\nuser: nobody\npid-file: {pid}\n{code}\n",
                pid = pid.display()
            )
            .replace("/var/www/html", &dir.display().to_string())
        },
        together: None,
    };
    H2O.assert_parses();
}

#[test]
fn lighttpd_snippets_still_parse() {
    static LIGHTTPD: ConfigTool = ConfigTool {
        lang: "lighttpd",
        tool: "lighttpd",
        args: &["-tt", "-f", "{file}"],
        wrap: |dir, code| {
            format!(
                "server.document-root = \"{d}\"\nserver.port = 1\nserver.bind = \"127.0.0.1\"\n{code}\n",
                d = dir.display()
            )
        },
        together: None,
    };
    LIGHTTPD.assert_parses();
}

// ---------------------------------------------------------------------------
// Reports: Markdown keeps HAR text inert, the text report keeps control characters off the terminal
// ---------------------------------------------------------------------------

use why405::engine::Engine;
use why405::har::parse_har;
use why405::redact::{RedactionPolicy, Redactor};
use why405::report::{self, Format, Options, Selection};

const MD_HOSTILE: &str = "![x](https://evil.test/t.png)<img src=x onerror=alert(1)>[l](javascript:alert(1))`a``b`|c|@team #12 www.evil.test <https://evil.test/auto>";

/// A captured fixture's HAR as JSON.
fn fixture_json(name: &str) -> serde_json::Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).join("input.har");
    serde_json::from_slice(&std::fs::read(p).expect("fixture")).expect("json")
}

/// `text` planted everywhere a HAR holds free text: the URL path of every entry, the status text, a response
/// header, the `Allow` value, the response body, the page title.
fn planted(name: &str, text: &str) -> Vec<u8> {
    let mut har = fixture_json(name);
    let enc = text.replace('\n', "%0A");
    for e in har["log"]["entries"].as_array_mut().expect("entries") {
        let url = e["request"]["url"].as_str().unwrap_or_default().to_string();
        // the path keeps its route (the diagnosis still pairs the exchange), with the text as a last segment
        let (base, query) = url.split_once('?').unwrap_or((&url, ""));
        e["request"]["url"] = serde_json::json!(format!("{base}/{}?{query}", text.replace('\n', &enc)));
        e["response"]["statusText"] = serde_json::json!(format!("Nope {text}"));
        let headers = e["response"]["headers"].as_array_mut().expect("headers");
        for h in headers.iter_mut() {
            if h["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("allow")) {
                h["value"] = serde_json::json!(format!("GET, {}", text.replace(['\n', ','], " ")));
            }
        }
        headers.push(serde_json::json!({"name": "X-Planted", "value": text}));
        e["response"]["content"]["text"] = serde_json::json!(format!("<pre>Cannot POST {text}</pre>"));
    }
    if let Some(p) = har["log"]["pages"].get_mut(0) {
        p["title"] = serde_json::json!(text);
    }
    serde_json::to_vec(&har).expect("json")
}

fn engine_of(bytes: &[u8]) -> Engine {
    Engine::from_har(parse_har(bytes).expect("readable"))
}

fn rendered(e: &Engine, format: Format, redacted: bool) -> String {
    let r = if redacted { report::redactor_for(e, RedactionPolicy::default()) } else { Redactor::disabled() };
    report::render_to_string(format, e, &Options { selection: Selection::All, ..Options::new(&r) })
}

/// The Markdown without fenced blocks, code spans and backslash escapes: what a renderer could act on.
fn active_markdown(md: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in md.split('\n') {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &fence {
            Some(f) if line.trim_end() == f.as_str() => fence = None,
            Some(_) => {}
            None if ticks.len() >= 3 => fence = Some(ticks),
            None => {
                out.push_str(&strip_code_spans(line));
                out.push('\n');
            }
        }
    }
    out
}

/// A line without its code spans (a run of n backticks up to the next run of exactly n) and backslash escapes.
fn strip_code_spans(line: &str) -> String {
    let c: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' && c.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            i += 2;
            continue;
        }
        if c[i] == '`' {
            let n = c[i..].iter().take_while(|x| **x == '`').count();
            let mut j = i + n;
            let mut close = None;
            while j < c.len() {
                if c[j] == '`' {
                    let m = c[j..].iter().take_while(|x| **x == '`').count();
                    if m == n {
                        close = Some(j + m);
                        break;
                    }
                    j += m;
                } else {
                    j += 1;
                }
            }
            match close {
                Some(end) => {
                    out.push_str("CODE");
                    i = end;
                }
                None => {
                    out.extend(&c[i..i + n]);
                    i += n;
                }
            }
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// Unescaped pipes in a table row (GFM splits cells at them, inside code spans too).
fn cells(row: &str) -> usize {
    let c: Vec<char> = row.chars().collect();
    (0..c.len()).filter(|&i| c[i] == '|' && (i == 0 || c[i - 1] != '\\')).count()
}

fn assert_inert_markdown(md: &str, ctx: &str) {
    // the report's own link (to the Fetch standard) is the one link allowed
    let active = active_markdown(md).replace("([Fetch standard](https://fetch.spec.whatwg.org/", "");
    for bad in ["![", "](", "<img", "<pre", "://", "www.", "@team", "#12", "<https"] {
        assert!(!active.contains(bad), "{ctx}: {bad:?} is active in the Markdown:\n{active}\n---\n{md}");
    }
    // table rows keep their column count
    let lines: Vec<&str> = md.split('\n').collect();
    for block in lines.split(|l| !l.starts_with('|')).filter(|b| !b.is_empty()) {
        let want = cells(block[0]);
        for row in block {
            assert_eq!(cells(row), want, "{ctx}: a table row has a different cell count:\n{row}\n---\n{md}");
        }
    }
    assert!(!md.chars().any(|c| c != '\n' && why405::stack::is_special(c)), "{ctx}: raw control characters in:\n{md}");
}

#[test]
fn markdown_keeps_planted_markdown_and_html_inert() {
    for name in ["express_secrets_cookie_form_post_405", "express_no_cors_put", "nginx_static_post_text_405"] {
        for text in
            [MD_HOSTILE, &format!("{MD_HOSTILE}\n## heading\n| a | b |"), "```\n![x](https://evil.test/f.png)\n```"]
        {
            let e = engine_of(&planted(name, text));
            for redacted in [true, false] {
                let md = rendered(&e, Format::Markdown, redacted);
                assert!(md.contains("evil"), "{name}: the planted text is not in the report at all:\n{md}");
                assert_inert_markdown(&md, &format!("{name} (redacted: {redacted}) with {text:?}"));
            }
        }
    }
}

const CONTROLS: &str = "esc\u{1b}[2J\u{1b}]0;pwned\u{7}bel\u{7}cr\rback\u{8}\u{8}rtl\u{202e}gnp.exe c1\u{9b}31m";

#[test]
fn text_and_curl_reports_keep_control_characters_off_the_terminal() {
    for name in ["express_secrets_cookie_form_post_405", "express_no_cors_put", "nginx_static_post_text_405"] {
        let e = engine_of(&planted(name, CONTROLS));
        for format in [Format::Text, Format::Curl, Format::Markdown] {
            for redacted in [true, false] {
                let out = rendered(&e, format, redacted);
                let raw: Vec<char> = out.chars().filter(|&c| c != '\n' && why405::stack::is_special(c)).collect();
                assert!(raw.is_empty(), "{name} {format:?}: raw control characters {raw:?} in:\n{out}");
                if format == Format::Text {
                    assert!(
                        out.contains('␛') && out.contains("<U+202E>"),
                        "{name}: the controls are not shown:\n{out}"
                    );
                }
            }
        }
    }
}

#[test]
fn curl_commands_run_no_planted_command() {
    let mut har = fixture_json("express_secrets_cookie_form_post_405");
    for e in har["log"]["entries"].as_array_mut().expect("entries") {
        if e["request"]["method"] == "POST" {
            e["request"]["method"] = serde_json::json!("POST;touch EVIL");
            let url = e["request"]["url"].as_str().unwrap_or_default().to_string();
            e["request"]["url"] = serde_json::json!(format!("{url}&x=\ntouch EVIL2;$(touch EVIL3)'`touch EVIL4`"));
            let headers = e["request"]["headers"].as_array_mut().expect("headers");
            headers.push(serde_json::json!({"name": "X-Note", "value": "a'$(touch EVIL5)\u{1b}[2J"}));
        }
    }
    let e = engine_of(&serde_json::to_vec(&har).expect("json"));
    if !have("bash") {
        return;
    }
    for redacted in [true, false] {
        let out = rendered(&e, Format::Curl, redacted);
        assert!(out.contains("-X 'POST;touch EVIL'"), "the method is not quoted:\n{out}");
        // Run the commands with `curl` and `touch` replaced: nothing from the HAR may run.
        let script = format!("curl() {{ :; }}\ntouch() {{ echo INJECTED \"$@\"; }}\n{out}");
        let run = Command::new("timeout").args(["20", "bash", "-c", &script]).output().expect("bash");
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success() && !stdout.contains("INJECTED"),
            "{stdout}{}\n---\n{out}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
