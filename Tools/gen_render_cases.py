#!/usr/bin/env python3
"""Expectations for ChatTemplate's rendering, computed by the reference's Jinja template.

  python3 Tools/gen_render_cases.py [--reference ../shared/reference] > Tests/Fixtures/render_cases.jsonl

One output line per conversation: {"record": <the JSONL line>, "per_turn": ..., "last_turn": ...}.
- per_turn: the official combine=False rendering: "[gMASK]<sop>" then, for each message,
  ChatTemplate.render([process_message(m)]) without its "[gMASK]<sop>", as [text, trainable]
  runs (trainable = role not in system/user/observation; adjacent runs with the same flag are
  joined), or {"error": ...} where the reference raises.
- last_turn: ChatTemplate.render(messages) (combine=True, no process_message), or {"error": ...}.
Text is shown as the reference's tokenizer sees it (lone surrogates as U+FFFD).
Inputs: the synthetic cases below, then every line of reference data/dev_edge.jsonl.
"""
import argparse
import json
import os
import sys


def tokenizer_view(s):
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


PY = {"type": "python"}
SB = {"type": "simple_browser"}
CV = {"type": "cogview"}


def fn(name, props, **extra):
    f = {"name": name, "description": f"{name} tool",
         "parameters": {"type": "object", "properties": props, **extra}}
    return {"type": "function", "function": f}


SYNTHETIC = [
    # metadata: missing, empty, null, string, and the non-string values str() prints
    [{"role": "user", "content": "a"}, {"role": "assistant", "metadata": None, "content": "b"}],
    [{"role": "user", "metadata": "", "content": "a"}, {"role": "assistant", "metadata": "get_weather", "content": "{}"}],
    [{"role": "user", "metadata": 0, "content": "a"}, {"role": "assistant", "metadata": -0.0, "content": "b"},
     {"role": "user", "metadata": 12345678901234567890, "content": "c"}, {"role": "assistant", "metadata": 1e16, "content": "d"},
     {"role": "user", "metadata": True, "content": "e"}, {"role": "assistant", "metadata": False, "content": "f"},
     {"role": "user", "metadata": 2.5e-05, "content": "g"}, {"role": "assistant", "metadata": 1.5, "content": "h"}],
    [{"role": "user", "metadata": ["x", 1, None, {"k": "it's"}], "content": "a"},
     {"role": "assistant", "metadata": {"b": 'say "hi"', "a": [1.0, True], "c": "é\u2028\x01"}, "content": "b"},
     {"role": "user", "metadata": [], "content": "c"}, {"role": "assistant", "metadata": {}, "content": "d"}],
    # content: missing, null, empty (nothing rendered, not even the role); newlines; specials
    [{"role": "user"}, {"role": "assistant", "content": None}, {"role": "user", "content": ""},
     {"role": "user", "content": "\n\nHi"}, {"role": "assistant", "content": "x<|user|>y[gMASK]<|assistant|>"}],
    # unknown roles are text (and trainable in per-turn mode); role strings that are specials
    [{"role": "tool", "content": "42"}, {"role": "user", "content": "q"}, {"role": "Assistant", "content": "r"},
     {"role": "endoftext", "content": "s"}, {"role": "", "content": "t"}, {"role": "assistant", "content": "u"}],
    [{"role": "user", "content": "a"}, {"role": "tool", "metadata": "m", "content": "b"}, {"role": "tool", "content": "c"},
     {"role": "assistant", "content": "d"}],
    # tools: function (nulls dropped in per-turn only), empty list, duplicate keys, odd JSON
    [{"role": "system", "content": "sys", "tools": [fn("f", {"a": {"type": "string"}, "b": None, "c": {"default": None}})]},
     {"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}],
    [{"role": "system", "content": "", "tools": []}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}],
    [{"role": "system", "tools": [fn("g", {}, required=[]), {"type": "other", "function": {"parameters": {"properties": {}}}},
                                  {"function": {"name": "untyped", "parameters": {"properties": {"x": 1}}}}]},
     {"role": "assistant", "content": "r"}],
    [{"role": "system", "tools": [{"type": "python", "function": {"parameters": {"properties": {}}}},
                                  {"type": "cogview", "function": {"parameters": {"properties": {}}}}]},
     {"role": "assistant", "content": "r"}],
    [{"role": "system", "tools": [fn("n", {"f": 1.0, "g": 1e-7, "h": 1e100, "i": 12345678901234567890, "j": -0.0,
                                            "k": "tab\tnl\nq\"bs\\ctl\x01 é 😀 \u2028", "l": [], "m": {}})]},
     {"role": "assistant", "content": "r"}],
    # tools on other roles: dropped in per-turn, rendered in last-turn (python/browser/cogview too)
    [{"role": "user", "content": "q", "tools": [PY, SB, CV]}, {"role": "assistant", "content": "r", "tools": [fn("f", {"a": None})]}],
    [{"role": "user", "content": "q", "tools": [{"type": "function", "function": "just a string"}, {"type": "function", "function": None},
                                                 {"type": "function", "function": {"description": "no name"}},
                                                 {"type": "function", "function": {"name": 7}}, "text", 5, None]},
     {"role": "assistant", "content": "r"}],
    [{"role": "observation", "content": "o", "tools": {}}, {"role": "assistant", "content": "r", "tools": ""}],
    # errors: system tool without properties (per-turn); function tool without function (last-turn)
    [{"role": "system", "content": "", "tools": [PY]}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "r"}],
    [{"role": "system", "content": "", "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]},
     {"role": "assistant", "content": "r"}],
    [{"role": "user", "content": "q", "tools": [{"type": "function"}]}, {"role": "assistant", "content": "r"}],
    [{"role": "system", "content": "", "tools": None}, {"role": "assistant", "content": "r"}],
    [{"role": "user", "content": "q", "tools": 3}, {"role": "assistant", "content": "r"}],
    # no messages; no assistant
    [],
    [{"role": "user", "content": "q"}],
]

# Raw JSON lines: escapes in keys and values, duplicate keys, unknown keys, lone surrogates.
RAW = [
    '{"messages": [{"r\\u006fle": "user", "content": "a\\u00e9\\ud83d\\ude00\\n"}, {"role": "assistant", "content": "b", "role": "user"}], "id": 7}',
    '{"extra": {"messages": 1}, "messages": [{"role": "assistant", "content": "\\ud83d lone \\ude00", "metadata": "m\\ud800"}]}',
    '{"messages": [{"role": "system", "tools": [{"type": "function", "function": {"name": "d", "parameters": {"properties": {"a": 1, "b": null, "a": null, "c": 2}}, "name": "d2"}}]}, {"role": "assistant", "content": "r"}]}',
    '{"messages": [{"role": "user", "content": "x", "content": "y"}, {"role": "assistant", "content": "1E5 \\/ \\b\\f\\r\\t"}]}',
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", default=os.path.join(here, "..", "..", "shared", "reference"))
    ap.add_argument("--input", action="append", help="JSONL file(s) instead of dev_edge.jsonl")
    a = ap.parse_args()
    sys.path.insert(0, a.reference)
    import glm4_reference as g
    tpl = g.ChatTemplate(os.path.join(a.reference, "tokenizer_config.json"))

    lines = [json.dumps({"messages": m}, ensure_ascii=False) for m in SYNTHETIC] + RAW
    for path in a.input or [os.path.join(a.reference, "data", "dev_edge.jsonl")]:
        with open(path, encoding="utf-8", newline="") as f:
            lines += [l.rstrip("\n") for l in f if l.strip()]

    for line in lines:
        conv = json.loads(line)["messages"]
        out = {"record": line}
        try:
            runs = [["[gMASK]<sop>", False]]
            for m in conv:
                m = g.Reference.process_message(m)
                text = tpl.render([m])
                assert text.startswith("[gMASK]<sop>")
                text = text[len("[gMASK]<sop>"):]
                flag = m["role"] not in ("system", "user", "observation")
                if not text:
                    continue
                if runs[-1][1] == flag:
                    runs[-1][0] += text
                else:
                    runs.append([text, flag])
            out["per_turn"] = [[tokenizer_view(t), f] for t, f in runs]
        except Exception as e:
            out["per_turn"] = {"error": f"{type(e).__name__}: {e}"}
        try:
            out["last_turn"] = tokenizer_view(tpl.render(conv))
        except Exception as e:
            out["last_turn"] = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
