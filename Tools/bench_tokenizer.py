#!/usr/bin/env python3
"""Single-thread tokenizer throughput: Tokenpack's encoder vs tiktoken, same vocabulary, same
pattern, same special tokens, same documents, same run.

    swift build -c release --product tokenizer-bench
    python3 Tools/bench_tokenizer.py [--mb 50] [--runs 3]

The corpus (>= --mb MB of UTF-8) is every text of the reference kit -- text.txt lines,
text_multiline.jsonl texts and every message content of dev.jsonl and dev_edge.jsonl --
repeated in a different shuffled order each pass (fixed seed) until large enough. Both sides
encode it document by document with special tokens on (the reference behaviour); the script
checks they produce the same number of tokens and the same sum of ids, then prints the median
MB/s of each and the ratio.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF = os.environ.get("TOKENPACK_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))
sys.path.insert(0, REF)
import glm4_reference  # noqa: E402
from bench_common import write_corpus  # noqa: E402


def reference_texts():
    data = os.path.join(REF, "data")
    texts = list(glm4_reference.iter_text_samples(os.path.join(data, "text.txt")))
    texts += list(glm4_reference.iter_text_samples(os.path.join(data, "text_multiline.jsonl")))
    for name in ("dev.jsonl", "dev_edge.jsonl"):
        with open(os.path.join(data, name), encoding="utf-8", newline="") as f:
            for line in f:
                try:
                    conv = json.loads(line)
                except ValueError:
                    continue
                msgs = conv.get("messages") if isinstance(conv, dict) else None
                for m in msgs if isinstance(msgs, list) else []:
                    c = m.get("content") if isinstance(m, dict) else None
                    if isinstance(c, str) and c:
                        texts.append(c)
    return [t for t in texts if t and "\0" not in t]


def build_corpus(path, megabytes):
    return write_corpus(reference_texts(), path, megabytes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tokenizer-bench"))
    ap.add_argument("--corpus", default="/tmp/tokenpack_bench_corpus.txt")
    args = ap.parse_args()

    docs, size = build_corpus(args.corpus, args.mb)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.1f} MB ({args.corpus})")

    out = subprocess.run([args.binary, "bench", args.corpus, str(args.runs)], check=True,
                         stdout=subprocess.PIPE).stdout
    ours = json.loads(out)
    assert ours["bytes"] == size, (ours["bytes"], size)

    enc = glm4_reference.load_encoding(os.path.join(REF, "tokenizer.model"))
    times = []
    for _ in range(args.runs):
        tokens = 0
        id_sum = 0
        t0 = time.thread_time()
        for d in docs:
            ids = enc.encode(d, allowed_special="all", disallowed_special=())
            tokens += len(ids)
            id_sum += sum(ids)
        times.append(time.thread_time() - t0)
    same = tokens == ours["tokens"] and id_sum % 2**64 == ours["id_sum"]

    ref_s, our_s = statistics.median(times), statistics.median(ours["seconds"])
    print(f"tokens: {tokens} (tiktoken) vs {ours['tokens']} (tokenpack): {'identical count and id sum' if same else 'MISMATCH'}")
    print(f"tiktoken {glm4_reference.tiktoken.__version__}: {size / 1e6 / ref_s:8.1f} MB/s  (runs: {', '.join(f'{t:.2f}s' for t in times)}; CPU time, python loop over documents included)")
    print(f"tokenpack:      {size / 1e6 / our_s:8.1f} MB/s  (runs: {', '.join(f'{t:.2f}s' for t in ours['seconds'])}; CPU time)")
    print(f"ratio: {ref_s / our_s:.1f}x   vocabulary load: {ours['load_ms']} ms")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
