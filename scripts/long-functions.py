#!/usr/bin/env python3
"""Lists Rust functions longer than a limit (default 80 lines), for the
"no function in src/ longer than about 80 lines" rule. A function runs from
its `fn` line to the first line after it, at the same indentation, that is a
closing brace. Functions under `#[rustfmt::skip]` data tables are not special:
tables are statics, not functions. Exit 1 when any is over the limit.

    scripts/long-functions.py [--max N] PATH...
"""
import re, sys, pathlib

def main():
    args = sys.argv[1:]
    limit = 80
    if args[:1] == ["--max"]:
        limit, args = int(args[1]), args[2:]
    files = []
    for a in args or ["src"]:
        p = pathlib.Path(a)
        files += sorted(p.rglob("*.rs")) if p.is_dir() else [p]
    fn_re = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
    over = []
    for f in files:
        lines = f.read_text().split("\n")
        for i, line in enumerate(lines):
            m = fn_re.match(line)
            if not m or line.rstrip().endswith(";"):
                continue
            indent = m.group(1)
            for j in range(i + 1, len(lines)):
                if lines[j].startswith(indent + "}") and not lines[j].startswith(indent + " "):
                    n = j - i + 1
                    if n > limit:
                        over.append((n, f"{f}:{i + 1}", m.group(7)))
                    break
    for n, where, name in sorted(over, reverse=True):
        print(f"{n:5} {where} {name}")
    sys.exit(1 if over else 0)

main()
