#!/usr/bin/env python3
"""Instruction counts of the chat encoder's stages on one JSONL file, under callgrind.

Deterministic (the same binary and input give the same counts on any load), so it shows what
parsing, rendering and labelling cost next to the tokenizer without the noise of timings:

    swift build -c release --product tokenizer-bench
    python3 Tools/overhead_instructions.py ../shared/reference/data/dev.jsonl [--no-truncate]

Runs `tokenizer-bench chat FILE 1` once under `valgrind --tool=callgrind` and reads the
inclusive count of each stage function (see Sources/tokenizer-bench/ChatStages.swift):
tokenize (the tokenizer alone on the rendered segments, stopping at the cut as the labeler
does), parse, render (parse + render) and encode (parse + render + tokenize + label).
The overhead is encode - tokenize, split into parse, render and label.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

STAGES = ["stageTokenize", "stageParse", "stageRender", "stageEncode"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl")
    ap.add_argument("--no-truncate", action="store_true")
    ap.add_argument("--binary", default=".build/release/tokenizer-bench")
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of a table")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", args.binary, "chat", args.jsonl, "1"]
        if args.no_truncate:
            cmd.append("--no-truncate")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                             check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in ann.splitlines():
        # Swift mangling: ...ChatStagesV<length><name>... for a method of ChatStages.
        m = re.match(r"\s*([\d,]+)\s.*ChatStagesV(\d+)(stage\w+)", line)
        if not m:
            continue
        name = m.group(3)[: int(m.group(2))]
        if name in STAGES and name not in counts:
            counts[name] = int(m.group(1).replace(",", ""))
    missing = [s for s in STAGES if s not in counts]
    if missing:
        sys.exit(f"no callgrind count for {missing}; is {args.binary} a release build with ChatStages?")
    tok, parse, render, enc = (counts[s] for s in STAGES)
    overhead = enc - tok
    rows = {
        "tokenize": tok,
        "parse": parse,
        "render": render - parse,
        "label (encode - tokenize - parse - render)": overhead - (render),
        "overhead (encode - tokenize)": overhead,
    }
    if args.json:
        import json
        print(json.dumps({**counts, "overhead": overhead, "overhead_percent": round(100 * overhead / tok, 2)}))
        return 0
    for name, v in rows.items():
        print(f"{name:45s} {v:>14,d}  {100 * v / tok:6.1f}% of tokenize")
    return 0


if __name__ == "__main__":
    sys.exit(main())
