#!/usr/bin/env python3
"""Counts the GLM-4 tokens that tiktoken's byte-pair merge of their own bytes never produces.

Independent of Tokenpack (pure Python, no tiktoken): reads tokenizer.model (`<base64> <rank>`
lines), runs tiktoken's `_byte_pair_merge` rule (repeatedly join the adjacent pair whose bytes
have the lowest rank, leftmost on ties) on every token's bytes, and prints how many end as
something other than that one token, and the first id. `PropertyTests` pins the result (893,
first 99855); see DESIGN.md "Reachability".

    python3 Tools/count_unreachable_tokens.py [../shared/reference/tokenizer.model]
"""
import base64
import os
import sys


def load(path):
    ranks = {}
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    return ranks


def merge(data, ranks):
    """tiktoken's rule on `data`: the list of parts (bytes) it ends with."""
    parts = [data[i:i + 1] for i in range(len(data))]
    while len(parts) > 1:
        best, at = None, -1
        for i in range(len(parts) - 1):
            r = ranks.get(parts[i] + parts[i + 1])
            if r is not None and (best is None or r < best):
                best, at = r, i
        if best is None:
            break
        parts[at:at + 2] = [parts[at] + parts[at + 1]]
    return parts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "reference", "tokenizer.model")
    ranks = load(path)
    unreachable = [rank for token, rank in ranks.items() if len(token) > 1 and merge(token, ranks) != [token]]
    unreachable.sort()
    print(len(unreachable))
    if unreachable:
        print(f"first id {unreachable[0]}, last id {unreachable[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
