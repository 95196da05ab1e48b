#!/usr/bin/env python3
"""Single-thread throughput of the o200k tokenizer: Tokenpack's encoder loaded from the gpt-oss
kit's tokenizer.json against tiktoken built from the kit's o200k_base.tiktoken with the kit's
pattern and the file's added tokens. With --glm4, GLM-4's pair too (the bundled tokenizer.model
against tiktoken on the reference's tokenizer.model, cl100k pattern), on the same documents.
Same process tree, runs alternating A B A B (A' B' ...), CPU time, medians.

    pip install tiktoken
    swift build -c release --product tokenizer-bench
    python3 Tools/bench_gpt_oss.py [--mb 20] [--runs 7] [--glm4]

Corpus: every message content of the kit's dev.jsonl and every text of text_oracle.jsonl,
repeated in a different shuffled order each pass (fixed seed) until --mb MB. Both sides encode
it document by document with special tokens on. Before timing, every distinct text's ids are
compared (they must be identical: the vocabulary is clean and tiktoken gets the file's names).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import tiktoken
from bench_common import kit_texts, stream_ids, write_corpus
from tiktoken.load import load_tiktoken_bpe

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KIT = os.environ.get("TOKENPACK_GPTOSS_KIT", os.path.join(os.path.dirname(ROOT), "shared", "models", "gpt_oss"))
REF = os.environ.get("TOKENPACK_REFERENCE", os.path.join(os.path.dirname(ROOT), "shared", "reference"))


def texts():
    return kit_texts(KIT)


def o200k():
    with open(os.path.join(KIT, "tokenizer.json"), encoding="utf-8") as f:
        t = json.load(f)
    pattern = t["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"]
    added = {a["content"]: a["id"] for a in t["added_tokens"]}
    return tiktoken.Encoding(name="o200k_kit", pat_str=pattern, mergeable_ranks=load_tiktoken_bpe(os.path.join(KIT, "o200k_base.tiktoken")),
                             special_tokens=added)


def agreement(binary, extra, enc, base):
    same = 0
    for t, got in zip(base, stream_ids(binary, extra, base)):
        if got == enc.encode(t, allowed_special="all", disallowed_special=()):
            same += 1
    return same


def timed(binary, extra, corpus, enc, docs, ordinary):
    r = json.loads(subprocess.run([binary, "bench", corpus, "1"] + extra + (["--ordinary"] if ordinary else []),
                                  check=True, stdout=subprocess.PIPE).stdout)
    t0 = time.thread_time()
    tokens = 0
    if ordinary:
        for d in docs:
            tokens += len(enc.encode_ordinary(d))
    else:
        for d in docs:
            tokens += len(enc.encode(d, allowed_special="all", disallowed_special=()))
    return r["seconds"][0], time.thread_time() - t0, r["tokens"], tokens


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--glm4", action="store_true", help="also GLM-4's pair, alternating with o200k's")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "tokenizer-bench"))
    ap.add_argument("--corpus", default="/tmp/tokenpack_gptoss_corpus.txt")
    ap.add_argument("--ordinary", action="store_true",
                    help="no added tokens on either side (tiktoken encode_ordinary): tiktoken's search over o200k's "
                         "1,090 added-token strings then costs it nothing")
    args = ap.parse_args()

    base = texts()
    docs, size = write_corpus(base, args.corpus, args.mb)
    print(f"corpus: {len(docs)} documents, {size / 1e6:.1f} MB ({args.corpus}); {len(base)} distinct texts")

    pairs = [("o200k (gpt-oss)", ["--hf", os.path.join(KIT, "tokenizer.json")], o200k())]
    if args.glm4:
        sys.path.insert(0, REF)
        import glm4_reference  # noqa: E402
        pairs.append(("cl100k (GLM-4)", [], glm4_reference.load_encoding(os.path.join(REF, "tokenizer.model"))))

    ok = True
    for name, extra, enc in pairs:
        same = agreement(args.binary, extra, enc, base)
        ok &= same == len(base)
        print(f"{name}: agreement on {len(base)} distinct texts: {same} identical")

    results = {name: ([], [], 0, 0) for name, _, _ in pairs}
    print(f"uptime before: {os.popen('uptime').read().strip()}")
    for _ in range(args.runs):
        for name, extra, enc in pairs:
            o, t, to, tt = timed(args.binary, extra, args.corpus, enc, docs, args.ordinary)
            results[name][0].append(o)
            results[name][1].append(t)
            results[name] = (results[name][0], results[name][1], to, tt)
    print(f"uptime after:  {os.popen('uptime').read().strip()}")
    for name, _, _ in pairs:
        ours_s, theirs_s, to, tt = results[name]
        o, t = statistics.median(ours_s), statistics.median(theirs_s)
        ok &= to == tt
        print(f"{name}: tokens tokenpack {to}, tiktoken {tt}")
        print(f"  tiktoken {tiktoken.__version__}: {size / 1e6 / t:8.1f} MB/s  (runs: {', '.join(f'{x:.2f}s' for x in theirs_s)}; CPU time, python loop over documents included)")
        print(f"  tokenpack:      {size / 1e6 / o:8.1f} MB/s  (runs: {', '.join(f'{x:.2f}s' for x in ours_s)}; CPU time, load excluded)")
        print(f"  ratio: {t / o:.2f}x")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
