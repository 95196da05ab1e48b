#!/usr/bin/env python3
"""Token-level expectations for the label rules, computed by the reference.

  python3 Tools/gen_label_cases.py [--reference ../shared/reference] > Tests/Fixtures/label_cases.jsonl

For the conversations of gen_render_cases.py (its synthetic cases, raw JSON lines, and every
line of reference data/dev_edge.jsonl), one output line each:
{"record": <the JSONL line>, "per_turn": {"input_ids", "labels"} | {"error"},
 "last_turn": {"input_ids", "labels"} | {"error"}}, from the reference's
process_conversation with the default max lengths (512 + 512), combine=False and combine=True.
This covers what the kit's own files do not: last-turn mode on the edge cases (text joined
across messages, a `tool` role, tools on any role) and the synthetic cases.
"""
import argparse
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import gen_render_cases  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default=os.path.join(here, "..", "..", "shared", "reference"))
    a = ap.parse_args()
    sys.path.insert(0, a.reference)
    import glm4_reference as g
    ref = g.Reference(os.path.join(a.reference, "tokenizer.model"), os.path.join(a.reference, "tokenizer_config.json"))

    lines = [json.dumps({"messages": m}, ensure_ascii=False) for m in gen_render_cases.SYNTHETIC] + gen_render_cases.RAW
    with open(os.path.join(a.reference, "data", "dev_edge.jsonl"), encoding="utf-8", newline="") as f:
        lines += [l.rstrip("\n") for l in f if l.strip()]
    for line in lines:
        conv = json.loads(line)["messages"]
        out = {"record": line}
        for key, combine in (("per_turn", False), ("last_turn", True)):
            try:
                ids, labels = ref.process_conversation(conv, 512, 512, combine)
                out[key] = {"input_ids": ids, "labels": labels}
            except Exception as e:
                out[key] = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
