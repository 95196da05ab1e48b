#!/usr/bin/env python3
"""Whole-process tokenizer comparison: `tokenpack encode --format text --workers 1` against the
Python loop a user would write (json.loads + tiktoken encode_ordinary + writing int32 ids), same
JSON Lines input, runs alternating A B A B in one invocation, CPU time (user + system of the
child process, from wait4), median reported. Run from compare_peers.py --whole-process or alone.

Needs: python3 ≥ 3.9, `pip install tiktoken` (0.14 measured), the release binary
(`swift build -c release --product tokenpack`), the reference kit ../shared/reference (GLM-4
corpora) and, for --model qwen, ../shared/models/qwen3_5 (tokenizer.json, qwen3_6.tiktoken).

Corpora (--corpus, several allowed, comma-separated; each written once to --out as text.jsonl):
  chat     message contents of the GLM-4 kit's dev.jsonl and dev_edge.jsonl plus the Qwen kit's
           dev.jsonl (English and Chinese), cycled in order to --mb MB (default 60).
  unique   every distinct document of the kits once (message contents of the GLM-4, Qwen and
           gpt-oss dev.jsonl, the kits' text_oracle.jsonl texts, text.txt lines and
           text_multiline.jsonl texts: 4,684 documents, 1.0 MB), then the same documents again
           with every letter shifted: pass k (1..) rotates a-z and A-Z by k and moves each CJK
           ideograph k*37 places within U+4E00..U+9FFF, until --unique-mb MB (default 20). No
           document repeats and no word repeats across passes (only digits, punctuation and
           white space do), so the piece cache catches only a text's own repetition. Shifted
           words are rarely tokens, so this corpus needs more merging than natural text.
  letter, cjk, digits, emoji, spaces, newlines
           adversarial: one --worst-mb MB document each (default 10) of "a", of CJK ideographs
           without spaces (U+4E00 + i*7919 mod 20,902, no pair repeating in a short period),
           of digits (a deterministic pseudo-random digit string), of one emoji (U+1F600), of
           U+0020 followed by one "x", of alternating "\\n " runs.
Models (--model): glm4 (bundled tokenizer.model + cl100k pattern; ids compared byte for byte
with tokenpack's .bin) or qwen (kit tokenizer.json for tokenpack; tiktoken from
qwen3_6.tiktoken with the kit's pattern; tiktoken emits the 201 unreachable tokens whole where
Hugging Face merges, so only the token counts are printed).

    python3 Tools/whole_process.py --corpus chat --runs 3
    python3 Tools/whole_process.py --corpus unique,letter,cjk,digits,emoji,spaces --runs 3
    python3 Tools/whole_process.py --model qwen --corpus chat --mb 30
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REF = Path(os.environ.get("TOKENPACK_REFERENCE", SHARED / "reference"))
QWEN_KIT = Path(os.environ.get("TOKENPACK_QWEN_KIT", SHARED / "models" / "qwen3_5"))
GPT_OSS_KIT = SHARED / "models" / "gpt_oss"
MB = 1_000_000

# The peer: what a user writes. The encoding is built inside the timed process, as
# `tokenpack encode` loads its vocabulary inside its own.
PEER = r'''
import array, base64, json, sys, tiktoken
model, vocab, pattern, inp, out = sys.argv[1:6]
if model == "glm4":
    ranks = {}
    for line in open(vocab, "rb"):
        parts = line.split()
        if len(parts) == 2:
            ranks[base64.b64decode(parts[0])] = int(parts[1])
else:
    from tiktoken.load import load_tiktoken_bpe
    ranks = load_tiktoken_bpe(vocab)
enc = tiktoken.Encoding(name=model, pat_str=pattern, mergeable_ranks=ranks, special_tokens={})
with open(inp, "rb") as f, open(out, "wb") as o:
    for line in f:
        ids = enc.encode_ordinary(json.loads(line)["text"])
        o.write(array.array("i", ids).tobytes())
'''

GLM4_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
                r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}"
                r"| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def contents(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        for m in json.loads(line).get("messages", []):
            c = m.get("content") if isinstance(m, dict) else None
            if isinstance(c, str) and c:
                out.append(c)
    return out


def texts_of(path):
    out = []
    for line in open(path, encoding="utf-8"):
        if line.strip():
            obj = json.loads(line)
            t = obj if isinstance(obj, str) else obj.get("text")
            if isinstance(t, str) and t:
                out.append(t)
    return out


def chat_docs(mb):
    base = contents(REF / "data" / "dev.jsonl") + contents(REF / "data" / "dev_edge.jsonl")
    if (QWEN_KIT / "dev.jsonl").is_file():
        base += contents(QWEN_KIT / "dev.jsonl")
    docs, size, i = [], 0, 0
    while size < mb * MB:
        d = base[i % len(base)]
        docs.append(d)
        size += len(d.encode("utf-8"))
        i += 1
    return docs


def shifted(text, k):
    out = []
    for ch in text:
        c = ord(ch)
        if 97 <= c <= 122:
            c = 97 + (c - 97 + k) % 26
        elif 65 <= c <= 90:
            c = 65 + (c - 65 + k) % 26
        elif 0x4E00 <= c <= 0x9FFF:
            c = 0x4E00 + (c - 0x4E00 + 37 * k) % (0x9FFF - 0x4E00 + 1)
        out.append(chr(c))
    return "".join(out)


def unique_docs(mb=0):
    docs = contents(REF / "data" / "dev.jsonl") + contents(REF / "data" / "dev_edge.jsonl")
    docs += [l.rstrip("\r") for l in (REF / "data" / "text.txt").read_text(encoding="utf-8").split("\n")]
    docs += texts_of(REF / "data" / "text_multiline.jsonl")
    for kit in (QWEN_KIT, GPT_OSS_KIT):
        for name in ("dev.jsonl",):
            if (kit / name).is_file():
                docs += contents(kit / name)
        if (kit / "text_oracle.jsonl").is_file():
            docs += texts_of(kit / "text_oracle.jsonl")
    seen, out = set(), []
    for d in docs:
        if d and d not in seen:
            seen.add(d)
            out.append(d)
    base, size, k = list(out), sum(len(d.encode("utf-8")) for d in out), 1
    while size < mb * MB and k < 26:
        for d in base:
            s = shifted(d, k)
            if s in seen:  # no letters to shift
                continue
            seen.add(s)
            out.append(s)
            size += len(s.encode("utf-8"))
            if size >= mb * MB:
                break
        k += 1
    return out


def worst_doc(kind, mb):
    n = int(mb * MB)
    if kind == "letter":
        return "a" * n
    if kind == "cjk":
        return "".join(chr(0x4E00 + (i * 7919) % 20902) for i in range(n // 3))
    if kind == "digits":
        x, out = 12345, []
        for _ in range(n):
            x = (x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
            out.append(chr(48 + (x >> 33) % 10))
        return "".join(out)
    if kind == "emoji":
        return "\U0001F600" * (n // 4)
    if kind == "spaces":
        return " " * (n - 1) + "x"
    if kind == "newlines":
        return "\n " * (n // 2)
    sys.exit(f"unknown corpus {kind}")


def write_corpus(docs, path):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")
    return sum(len(d.encode("utf-8")) for d in docs)


def timed(cmd, may_fail=False):
    """(cpu seconds of the child: user + system, wall seconds); with may_fail, the last line of
    its stderr instead when it fails (tiktoken's regex overflows its stack on some inputs)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        if may_fail:
            return ([l for l in err.strip().splitlines() if l.strip()] or ["?"])[-1][:200]
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{err[-2000:]}")
    return ru.ru_utime + ru.ru_stime, wall


def run(args, name, docs, out):
    inp = out / f"{name}.jsonl"
    size = write_corpus(docs, inp)
    if args.model == "glm4":
        vocab, pattern, tp_model = REPO / "Sources" / "GLM4" / "Resources" / "tokenizer.model", GLM4_PATTERN, []
    else:
        vocab, pattern, tp_model = QWEN_KIT / "qwen3_6.tiktoken", QWEN_PATTERN, ["--model", str(QWEN_KIT)]
    peer_out = out / f"{name}.peer.bin"
    prefix = out / f"{name}.tokenpack"
    tokenpack = [str(args.tokenpack), "encode", str(inp), "--format", "text", "--no-special-tokens", "--workers", "1",
                 "--quiet", "-o", str(prefix), *tp_model]
    tokenpack2 = [c if c != "1" or tokenpack[i - 1] != "--workers" else "2" for i, c in enumerate(tokenpack)]
    peer = [sys.executable, "-c", PEER, args.model, str(vocab), pattern, str(inp), str(peer_out)]
    sides = {"tokenpack": tokenpack, "tiktoken": peer}
    if args.two_workers:
        sides["tokenpack-2w"] = tokenpack2
    times = {k: [] for k in sides}
    loads = [os.getloadavg()[0]]
    failed = None
    for _ in range(args.runs):
        for k, cmd in sides.items():
            if k == "tiktoken" and failed:
                continue
            t = timed(cmd, may_fail=k == "tiktoken")
            if isinstance(t, str):
                failed = t
                continue
            times[k].append(t)
            loads.append(os.getloadavg()[0])
    if failed:
        tp = statistics.median(c for c, _ in times["tokenpack"])
        row = {"corpus": name, "model": args.model, "MB": round(size / MB, 2), "documents": len(docs),
               "tokenpack_cpu_s": [round(c, 3) for c, _ in times["tokenpack"]],
               "tokenpack_MB_s": round(size / MB / tp, 1), "tiktoken": f"failed: {failed}",
               "load_1min": [round(x, 1) for x in loads]}
        print(json.dumps(row, ensure_ascii=False), flush=True)
        for f in out.glob(f"{name}.*"):
            if f.suffix in (".bin", ".idx"):
                f.unlink()
        return row
    ours = (Path(str(prefix) + "_text_document.bin") if Path(str(prefix) + "_text_document.bin").exists()
            else next(Path(out).glob(f"{name}.tokenpack*.bin")))
    a, b = ours.read_bytes(), peer_out.read_bytes()
    same = "ids identical" if a == b else f"ids differ ({len(a) // 4} vs {len(b) // 4} tokens)"
    if args.model == "glm4" and a != b and not name.startswith("unique") and args.strict:
        sys.exit(f"{name}: {same}")
    tp = statistics.median(c for c, _ in times["tokenpack"])
    tk = statistics.median(c for c, _ in times["tiktoken"])
    row = {"corpus": name, "model": args.model, "MB": round(size / MB, 2), "documents": len(docs),
           "tokens": len(a) // 4, "check": same,
           "tokenpack_cpu_s": [round(c, 3) for c, _ in times["tokenpack"]],
           "tiktoken_cpu_s": [round(c, 3) for c, _ in times["tiktoken"]],
           "tokenpack_MB_s": round(size / MB / tp, 1), "tiktoken_MB_s": round(size / MB / tk, 1),
           "ratio": round(tk / tp, 2),
           # Each round times the two sides back to back, so the ratio within a round is less
           # exposed to the machine's drift over the whole invocation than the medians' ratio.
           "ratio_per_round_median": round(statistics.median(
               k[0] / t[0] for t, k in zip(times["tokenpack"], times["tiktoken"])), 2),
           "load_1min": [round(x, 1) for x in loads]}
    if args.two_workers:
        w2 = statistics.median(w for _, w in times["tokenpack-2w"])
        w1 = statistics.median(w for _, w in times["tokenpack"])
        row["tokenpack_wall_s"] = [round(w, 3) for _, w in times["tokenpack"]]
        row["tokenpack_2w_wall_s"] = [round(w, 3) for _, w in times["tokenpack-2w"]]
        row["two_worker_speedup_wall"] = round(w1 / w2, 2)
    if args.alone:
        # Each side alone, its runs back to back, after the alternation: tiktoken's figure here
        # against its alternating one shows whether Tokenpack's runs slowed it (they should not).
        for k in ("tokenpack", "tiktoken"):
            alone = [timed(sides[k])[0] for _ in range(args.runs)]
            row[f"{k}_alone_cpu_s"] = [round(c, 3) for c in alone]
            row[f"{k}_alone_MB_s"] = round(size / MB / statistics.median(alone), 1)
        row["ratio_alone"] = round(row["tokenpack_alone_MB_s"] / row["tiktoken_alone_MB_s"], 2)
        row["load_1min_after_alone"] = round(os.getloadavg()[0], 1)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    for f in out.glob(f"{name}.*"):
        if f.suffix in (".bin", ".idx") or f.name.endswith(".peer.bin"):
            f.unlink()
    return row


def chart(rows, path, title):
    """Horizontal bars: MB per CPU-second of each side, per corpus (matplotlib)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = [r for r in rows if "tiktoken_MB_s" in r]
    labels = [f"{r['corpus']} ({r['model']}, {r['MB']:g} MB)" for r in rows]
    fig, ax = plt.subplots(figsize=(9, 0.9 * len(rows) + 1.4))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r["tokenpack_MB_s"] for r in rows], height=0.4, color="#2b6cb0", label="Tokenpack")
    ax.barh([i - 0.2 for i in y], [r["tiktoken_MB_s"] for r in rows], height=0.4, color="#a0aec0", label="tiktoken (Python loop)")
    for i, r in enumerate(rows):
        ax.text(r["tokenpack_MB_s"], i + 0.2, f" {r['tokenpack_MB_s']:.1f} ({r['ratio']:.2f}×)", va="center", fontsize=9)
        ax.text(r["tiktoken_MB_s"], i - 0.2, f" {r['tiktoken_MB_s']:.1f}", va="center", fontsize=9)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlabel("MB of text per CPU-second, whole process, one worker (median of alternating runs)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=130)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="chat", help="comma-separated: chat, unique, letter, cjk, digits, emoji, spaces, newlines")
    ap.add_argument("--model", default="glm4", choices=["glm4", "qwen"])
    ap.add_argument("--mb", type=float, default=60, help="chat corpus MB (default 60)")
    ap.add_argument("--unique-mb", type=float, default=20, help="unique corpus MB (default 20)")
    ap.add_argument("--worst-mb", type=float, default=10, help="adversarial document MB (default 10)")
    ap.add_argument("--runs", type=int, default=3, help="alternating rounds; median of each side (default 3)")
    ap.add_argument("--two-workers", action="store_true", help="also time --workers 2 (wall time ratio)")
    ap.add_argument("--alone", action="store_true",
                    help="then time each side alone, --runs times back to back (the peer's own figure)")
    ap.add_argument("--strict", action="store_true", help="GLM-4: stop when the ids differ")
    ap.add_argument("--tokenpack", default=str(REPO / ".build" / "release" / "tokenpack"))
    ap.add_argument("--out", default=str(REPO / "out" / "whole"))
    ap.add_argument("--chart", default=None, help="write a bar chart of the rows (e.g. docs/benchmarks.png)")
    ap.add_argument("--rows", default=None, help="with --chart: draw these JSON Lines rows instead of running")
    args = ap.parse_args(argv)
    if args.rows:
        rows = [json.loads(l) for l in open(args.rows) if l.startswith('{"corpus"')]
        chart(rows, args.chart, "Tokenpack vs tiktoken, same input, same machine")
        return rows
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"uptime": subprocess.run(["uptime"], stdout=subprocess.PIPE, text=True).stdout.strip(),
                      "cores": os.cpu_count()}), flush=True)
    rows = []
    for name in [c.strip() for c in args.corpus.split(",") if c.strip()]:
        if name == "chat":
            docs = chat_docs(args.mb)
        elif name == "unique":
            docs = unique_docs(args.unique_mb)
        else:
            docs = [worst_doc(name, args.worst_mb)]
        rows.append(run(args, name, docs, out))
    if args.chart:
        chart(rows, args.chart, f"Tokenpack vs tiktoken ({os.cpu_count()}-core machine, load average {os.getloadavg()[0]:.1f})")
    return rows


if __name__ == "__main__":
    main()
