#!/usr/bin/env python3
"""Single-thread throughput of the Qwen3.5 tokenizer: Tokenpack's encoder loaded from the kit's
tokenizer.json against tiktoken built from the kit's qwen3_6.tiktoken with the kit's pattern
and added tokens. Same documents, same process tree, runs alternating A B A B.

    pip install tiktoken
    swift build -c release --product tokenizer-bench
    python3 Tools/bench_qwen.py [--mb 20] [--runs 7]

Corpus: every message content of the kit's dev.jsonl and every text of text_oracle.jsonl, NFC
(tiktoken does not normalize; tokenizer.json's NFC then changes nothing, but Tokenpack still
runs its quick check), repeated in a different shuffled order each pass (fixed seed) until
--mb MB. Both sides encode it document by document with added tokens on. Before timing, every
document's ids are compared: tiktoken emits the 201 unreachable tokens whole and HF does not,
so documents may differ only where tiktoken's ids contain one of them (checked and counted).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import unicodedata

import tiktoken
from bench_common import kit_texts, stream_ids, write_corpus
from tiktoken.load import load_tiktoken_bpe

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KIT = os.environ.get("TOKENPACK_QWEN_KIT", os.path.join(os.path.dirname(ROOT), "shared", "models", "qwen3_5"))
QWEN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?[\p{L}\p{M}]+|\p{N}| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def texts():
    return [unicodedata.normalize("NFC", t) for t in kit_texts(KIT)]


def encoding():
    with open(os.path.join(KIT, "tokenizer.json"), encoding="utf-8") as f:
        added = {t["content"]: t["id"] for t in json.load(f)["added_tokens"]}
    return tiktoken.Encoding(name="qwen3_5", pat_str=QWEN, mergeable_ranks=load_tiktoken_bpe(os.path.join(KIT, "qwen3_6.tiktoken")),
                             special_tokens=added)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tokenizer-bench"))
    ap.add_argument("--corpus", default="/tmp/tokenpack_qwen_corpus.txt")
    args = ap.parse_args()
    hf = ["--hf", os.path.join(KIT, "tokenizer.json")]

    base = texts()
    docs, size = write_corpus(base, args.corpus, args.mb)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.1f} MB ({args.corpus}); {len(base)} distinct texts")

    enc = encoding()
    unreachable = {t["id"] for t in json.load(open(os.path.join(KIT, "unreachable_tokens.json"), encoding="utf-8"))}

    # Agreement, once per distinct text.
    same = explained = unexplained = 0
    for t, got in zip(base, stream_ids(args.binary, hf, base)):
        ref = enc.encode(t, allowed_special="all", disallowed_special=())
        if got == ref:
            same += 1
        elif unreachable & set(ref) and not unreachable & set(got):
            explained += 1
        else:
            unexplained += 1
            if unexplained <= 5:
                print(f"  differs: {t[:60]!r}: tiktoken {ref[:20]} tokenpack {got[:20]}")
    print(f"agreement on {len(base)} distinct texts: {same} identical, {explained} differ only where tiktoken emits "
          f"one of the 201 unreachable tokens whole, {unexplained} otherwise")

    ours_s, theirs_s = [], []
    tokens_ours = tokens_theirs = 0
    for _ in range(args.runs):
        r = json.loads(subprocess.run([args.binary, "bench", args.corpus, "1"] + hf, check=True, stdout=subprocess.PIPE).stdout)
        ours_s.append(r["seconds"][0])
        tokens_ours = r["tokens"]
        t0 = time.thread_time()
        tokens_theirs = 0
        for d in docs:
            tokens_theirs += len(enc.encode(d, allowed_special="all", disallowed_special=()))
        theirs_s.append(time.thread_time() - t0)
    o, t = statistics.median(ours_s), statistics.median(theirs_s)
    print(f"tokens: tokenpack {tokens_ours}, tiktoken {tokens_theirs}")
    print(f"tiktoken {tiktoken.__version__}: {size / 1e6 / t:8.1f} MB/s  (runs: {', '.join(f'{x:.2f}s' for x in theirs_s)}; CPU time, python loop over documents included)")
    print(f"tokenpack:      {size / 1e6 / o:8.1f} MB/s  (runs: {', '.join(f'{x:.2f}s' for x in ours_s)}; CPU time, load excluded)")
    print(f"ratio: {t / o:.1f}x   load: {r['load_ms']} ms   uptime: {os.popen('uptime').read().strip()}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
