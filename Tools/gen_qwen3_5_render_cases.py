#!/usr/bin/env python3
"""Expectations for the Qwen3.5 template, computed by the kit's own Jinja template in the
environment transformers renders chat templates in (ImmutableSandboxedEnvironment,
trim_blocks, lstrip_blocks, its `tojson` filter and `raise_exception`).

  python3 Tools/gen_qwen3_5_render_cases.py [--kit ../shared/models/qwen3_5] > Tests/Fixtures/qwen3_5_render_cases.jsonl

One line per case and spelling: {"record": <JSONL text>, "text": F} or {"record", "error": msg};
with "spans": the per-turn target character spans [[s, e], ...] by the kit's rule
(build_common.label_conversation: prefix, else probe), or null where a prefix render raises.
Each case is written four ways: UTF-8 as is, ensure_ascii (\\uXXXX escapes), with every "/"
written "\\/", and with every "<" written "\\u003c" ("/" and "<" occur only inside strings),
so the renderer's escape paths meet the same expectations (the 60 seeded random conversations
at the end: the first two spellings).
"""
import argparse
import json
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def make_env():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    return env


def render(template, messages, tools, gen=False):
    if tools is not None:
        # transformers' apply_chat_template: each tool must be a dict (or a function)
        for t in tools:
            if not isinstance(t, dict):
                raise ValueError("Tools should either be a JSON schema, or a callable function")
    return template.render(messages=messages, tools=tools, add_generation_prompt=gen)


HEADER = "<|im_start|>assistant\n"
PROBE = [{"role": "user", "content": "PROBE"}]
PROBE_TEXT = "<|im_start|>user\nPROBE<|im_end|>\n"


def spans(template, msgs, tools, F):
    """build_common.label_conversation's character spans, without the tokenizer."""
    out = []
    for i, m in enumerate(msgs):
        if not isinstance(m, dict) or m.get("role") != "assistant":
            continue
        P = render(template, msgs[:i], tools) if i > 0 else ""
        A = render(template, msgs[:i], tools, True) if i > 0 else HEADER
        B = render(template, msgs[:i + 1], tools)
        if B.startswith(A) and F.startswith(B):
            s, e = len(A), len(B) - 1
        else:
            C = render(template, msgs[:i + 1] + PROBE, tools)
            assert C.endswith(PROBE_TEXT)
            Cp = C[:len(C) - len(PROBE_TEXT)]
            assert F.startswith(Cp)
            if not F.startswith(P):
                C0 = render(template, msgs[:i] + PROBE, tools)
                P = C0[:len(C0) - len(PROBE_TEXT)]
            assert F.startswith(P) and F[len(P):].startswith(HEADER)
            s, e = len(P) + len(HEADER), len(Cp) - 1
        assert F[:e].endswith("<|im_end|>")
        out.append([s, e])
    return out


U = lambda c: {"role": "user", "content": c}
A = lambda c, **kw: {"role": "assistant", "content": c, **kw}
S = lambda c: {"role": "system", "content": c}
T = lambda c: {"role": "tool", "content": c}


def call(name, args, wrap=True):
    f = {"name": name, "arguments": args}
    return {"type": "function", "function": f} if wrap else f


WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "Wetter «heute»",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "default": 3},
                          "ratio": 1.5, "big": 1e100, "tiny": 2.5e-05, "neg0": -0.0, "flag": True, "none": None, "list": [1, "two", []], "empty": {}},
                          "required": ["city"]}}}
SEARCH = {"name": "search", "parameters": {"q": "string"}}

CASES = [
    # 1 trimming: Python's str.isspace set, and characters that are not in it
    [U(" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000hi\u3000 \n"), A("\n ok \u00a0")],
    [U("\u200bzero width\u200b"), A("\u180emongolian\u180e"), U("\ufeffbom\ufeff"), A("\u2060wj\u2060")],
    [U("   "), U("real"), A(""), U("x"), A(None)],
    [U("q"), {"role": "assistant"}, U("q2"), {"role": "assistant", "content": "\u3000"}],
    # 2 the tools block
    [S("Be brief."), U("weather?"), A("sunny")],
    [S("  \n "), U("weather?"), A("sunny")],
    [U("no system"), A("fine")],
    [S("sys"), U("u"), A("a")],
    [S(""), U("u"), A("a")],
    # 3/4 last_query_index and think blocks
    [U("q1"), A("a1"), U("q2"), A("a2"), A("a3")],
    [U("q1"), A("", tool_calls=[call("search", {"q": "x"})]), U("<tool_response>\nr\n</tool_response>"), A("done")],
    [U("q1"), A("a1"), U("  <tool_response>r</tool_response>  "), U("<tool_response>only start"), A("a2")],
    [U("q"), A("answer", reasoning_content="  thought\n\n  "), U("q2"), A("b", reasoning_content=""), A("c", reasoning_content=None)],
    [U("q"), A("before</think>after", reasoning_content="given"), U("q2"), A("x</think>y", reasoning_content="r")],
    [U("q"), A("<think>\nplan\n</think>\n\nanswer"), U("q2"), A("<think>\nplan2\n</think>\n\n\n  answer2")],
    [U("q"), A("a</think>b</think>\n\nc"), A("x<think>y<think>\n\nz\n\n</think>w"), A("</think>"), A("<think></think>")],
    [U("q0"), A("old<think>r</think>\n\nkept"), U("q1"), A("new</think>n")],
    [U("q"), A("<think>\n\n</think>\n\n", reasoning_content=5)],
    # 5 tool calls
    [U("q"), A("", tool_calls=[call("f", {"b": True, "f": 5.0, "n": None, "i": 7, "big": 12345678901234567890, "e": 1e100, "t": 2.5e-05,
                                          "neg": -0.0, "s": " text\n", "l": [1, "a", None, True, 1.0], "o": {"k": "v", "ü": ["é"]}, "empty": {}, "el": []})])],
    [U("q"), A("Let me check.", tool_calls=[call("a", {}), call("b", {"x": "y"}, wrap=False), {"name": "c"}])],
    [U("q"), A("  ", tool_calls=[call("a", {"x": 1})]), T("r1"), A("x", tool_calls=[]), A("y", tool_calls={}), A("z", tool_calls=5), A("w", tool_calls="")],
    [U("q1"), A("early", tool_calls=[call("a", {"x": "1"})]), U("q2"), A("late", tool_calls=[call("a", {"x": "2"})])],
    [U("q"), A("", tool_calls=[{"function": {"name": "dup", "arguments": {"k": 1, "j": 2, "k2": 3}}, "name": "ignored"}])],
    # 6 tool responses
    [U("q"), A("", tool_calls=[call("a", {}), call("b", {})]), T("r1"), T("  r2  "), U("thanks"), A("ok")],
    [U("q"), A("", tool_calls=[call("a", {})]), T("r1"), T(None), A("done"), T("late"), U("q2"), A("a2")],
    [T("first"), U("q"), A("a")],
    [U("q"), A("a"), T("last")],
    # content as a list of parts
    [U([{"type": "text", "text": "  look "}, {"type": "image"}, {"type": "text", "text": " at this\n"}]), A([{"type": "text", "text": "a cat"}])],
    [U([{"type": "image_url", "image_url": {"url": "x"}}, {"image": "y"}, {"type": "video"}, {"video": "z"}, {"text": 5}, {"text": None},
        {"type": "text", "text": ["l"]}]), A("ok")],
    [U(["some text", "an image!", ["text"], ["video"], ["image_url", 1]]), A("ok")],
    [U([]), U([{"type": "text", "text": "<tool_response>"}, {"type": "text", "text": "x</tool_response>"}]), A("a")],
    [U("q"), A([{"type": "text", "text": "r</thi"}, {"type": "text", "text": "nk>answer"}]), A([{"type": "image"}, {"type": "text", "text": "</think>\n\nc"}])],
    [S([{"type": "text", "text": " sys "}]), U("q"), A("a")],
    # raises
    [],
    [S("only system")],
    [U("<tool_response>x</tool_response>"), A("a")],
    [U("q"), S("late system"), A("a")],
    [U("q"), {"role": "robot", "content": "beep"}],
    [U("q"), {"content": "no role"}],
    [U("q"), A("", tool_calls=[call("f", '{"x": 1}')])],
    [U("q"), A("", tool_calls=[call("f", None)])],
    [U("q"), A("", tool_calls=[{"function": {"arguments": {}}}])],
    [U("q"), A("", tool_calls=[{"function": None}])],
    [U("q"), A("", tool_calls=[{"function": {"name": 5, "arguments": {}}}])],
    [U("q"), A("", tool_calls="abc")],
    [U("q"), A("", tool_calls=["abc"])],
    [U(5), A("a")],
    [U({"text": "x"}), A("a")],
    [U("q"), A(True)],
    [U([{"type": "audio"}]), A("a")],
    [U([5]), A("a")],
    [S([{"type": "image"}]), U("q")],
    [S([{"type": "video"}]), U("q")],
    [U("q"), A("a"), U(7)],
    [U("q"), A("a"), {"role": "robot"}, U(7)],
    ["not a message", U("q"), A("a")],
]

TOOLS = {4: [WEATHER], 5: [WEATHER, SEARCH], 10: [SEARCH], 18: [WEATHER], 22: [{}], 23: [SEARCH]}
EXTRA = [
    ({"messages": [U("q"), A("a")], "tools": []}, None),
    ({"messages": [U("q"), A("a")], "tools": None}, None),
    ({"messages": [U("q"), A("a")], "tools": ["not a dict"]}, None),
    ({"messages": [U("q"), A("a")], "tools": ""}, None),
    ({"messages": [U("q"), A("a")], "tools": {}}, None),
    ({"messages": [U("q"), A("a")], "tools": {"k": 1}}, None),
    ({"messages": [U("q"), A("a")], "tools": "abc"}, None),
    ({"messages": [U("q"), A("a")], "tools": [{"b": 1, "a": {"z": [1.0, 1e-7, 1E5]}, "c": "\"quoted\" \\ \t\x01\x7f\u2028"}]}, None),
]


PIECES = ["", " ", "\n", "\n\n", "\t", "\u3000", "\u00a0", "\u200b", "x", "Hello world", "é", "数",
          "<think>", "</think>", "\n</think>\n\n", "<tool_response>", "</tool_response>", "<|im_end|>", "<tool_call>"]
VALUES = [True, False, None, 0, -1, 5.0, 2.5e-05, 1e16, "s", " padded ", "", [], {}, [1, "a", None], {"k": {"n": [1.5]}}]


def random_text(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 5)))


def random_message(rng):
    role = rng.choice(["user", "user", "assistant", "assistant", "tool"])
    if role == "user" and rng.random() < 0.2:
        return U("<tool_response>" + random_text(rng) + "</tool_response>")
    m = {"role": role, "content": random_text(rng) if rng.random() < 0.9 else None}
    if role == "assistant":
        if rng.random() < 0.3:
            m["reasoning_content"] = random_text(rng)
        if rng.random() < 0.4:
            calls = []
            for _ in range(rng.randrange(1, 3)):
                args = {f"p{k}": rng.choice(VALUES) for k in range(rng.randrange(0, 3))}
                calls.append(call(rng.choice(["f", "get_x"]), args, wrap=rng.random() < 0.7))
            m["tool_calls"] = calls
    return m


def random_cases(n, seed=35):
    """Seeded random conversations: whitespace, think and tool-response markers in content,
    reasoning_content, tool calls with every kind of value."""
    import random
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        msgs = ([S(random_text(rng))] if rng.random() < 0.2 else []) + [U("q")] + [random_message(rng) for _ in range(rng.randrange(1, 6))]
        r = {"messages": msgs}
        if rng.random() < 0.2:
            r["tools"] = [SEARCH]
        out.append(r)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kit", default="../shared/models/qwen3_5")
    args = ap.parse_args()
    template = make_env().from_string(open(f"{args.kit}/chat_template.jinja").read())
    records = []
    for i, msgs in enumerate(CASES):
        r = {"messages": msgs}
        if i in TOOLS:
            r["tools"] = TOOLS[i]
        records.append(r)
    records += [r for r, _ in EXTRA]
    fixed = len(records)
    records += random_cases(60)
    for n, r in enumerate(records):
        msgs, tools = r["messages"], r.get("tools")
        row = {}
        try:
            F = render(template, msgs, tools)
            row["text"] = F
            try:
                row["spans"] = spans(template, msgs, tools, F)
            except Exception:
                row["spans"] = None
        except Exception as e:
            row["error"] = f"{type(e).__name__}: {e}"
        plain = json.dumps(r, ensure_ascii=False)
        spellings = (plain, json.dumps(r), plain.replace("/", "\\/"), plain.replace("<", "\\u003c"))
        for spelling in spellings if n < fixed else spellings[:2]:
            assert json.loads(spelling) == r
            # ensure_ascii: Foundation drops a raw U+FEFF inside strings it parses
            sys.stdout.write(json.dumps({"record": spelling, **row}) + "\n")


if __name__ == "__main__":
    main()
