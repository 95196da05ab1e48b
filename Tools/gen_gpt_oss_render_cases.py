#!/usr/bin/env python3
"""Expectations for the gpt-oss template, computed by the kit's own Jinja template in the
environment transformers renders chat templates in (ImmutableSandboxedEnvironment,
trim_blocks, lstrip_blocks, its `tojson` filter, `raise_exception`, and `strftime_now` pinned
to 2025-08-05 as the kit's build pins it).

  python3 Tools/gen_gpt_oss_render_cases.py [--kit ../shared/models/gpt_oss] > Tests/Fixtures/gpt_oss_render_cases.jsonl

One line per case: {"record": <JSONL text>, "text": F, "spans": [[s, e], ...] | null} or
{"record", "error": msg, "raised": true|false} (raised: the template's own raise_exception, whose
message the renderer must give; false: a Jinja/Python error, which must only be a reject).
Spans are the per-turn target character spans by the kit's rule (build_common.label_conversation
with build_gpt_oss's probe: prefix, else probe), null where the engine's own checks fail.
"""
import argparse
import json
import os
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


class Raised(Exception):
    pass


def make_env():
    def raise_exception(message):
        raise Raised(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: "2025-08-05"
    return env


def render(template, messages, tools, gen=False):
    if tools is not None:
        for t in tools:
            if not isinstance(t, dict):
                raise ValueError("Tools should either be a JSON schema, or a callable function")
    return template.render(messages=messages, tools=tools, add_generation_prompt=gen)


HEADER = "<|start|>assistant"


def has_future_final(msgs, i):
    return any(m.get("role") == "assistant" and "tool_calls" not in m for m in msgs[i + 1:])


def probe(msgs, i):
    pm = [{"role": "user", "content": "PROBE"}]
    suf = "<|start|>user<|message|>PROBE<|end|>"
    if has_future_final(msgs, i):
        pm.append({"role": "assistant", "content": "PROBE"})
        suf += "<|start|>assistant<|channel|>final<|message|>PROBE<|return|>"
    return pm, suf


def spans(template, msgs, tools, F):
    """build_common.label_conversation's character spans, without the tokenizer."""
    out = []
    for i, m in enumerate(msgs):
        if m.get("role") != "assistant":
            continue
        P = render(template, msgs[:i], tools) if i > 0 else ""
        A = render(template, msgs[:i], tools, True) if i > 0 else HEADER
        B = render(template, msgs[:i + 1], tools)
        if B.startswith(A) and F.startswith(B):
            s, e = len(A), len(B)
        else:
            pm, suf = probe(msgs, i)
            C = render(template, msgs[:i + 1] + pm, tools)
            assert C.endswith(suf)
            Cp = C[:len(C) - len(suf)]
            assert F.startswith(Cp)
            if not F.startswith(P):
                pm0, suf0 = probe(msgs, i - 1)
                C0 = render(template, msgs[:i] + pm0, tools)
                assert C0.endswith(suf0)
                P = C0[:len(C0) - len(suf0)]
            assert F.startswith(P) and F[len(P):].startswith(HEADER)
            s, e = len(P) + len(HEADER), len(Cp)
        assert F[:e].endswith(("<|end|>", "<|call|>", "<|return|>"))
        out.append([s, e])
    return out


U = lambda c: {"role": "user", "content": c}
A = lambda c, **kw: {"role": "assistant", "content": c, **kw}
S = lambda c: {"role": "system", "content": c}
T = lambda c: {"role": "tool", "content": c}


def call(name, args, **kw):
    return {"type": "function", "function": {"name": name, "arguments": args, **kw}}


def tool(name, description, parameters=None):
    f = {"name": name, "description": description}
    if parameters is not None:
        f["parameters"] = parameters
    return {"type": "function", "function": f}


WEATHER = tool("get_weather", "Weather at a place.", {
    "type": "object",
    "properties": {
        "location": {"type": "string", "description": "City name"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "default": "celsius"},
        "days": {"type": "integer", "default": 3},
    },
    "required": ["location"],
})

SCHEMAS = tool("everything", "Every schema shape the macros know.", {
    "type": "object",
    "properties": {
        "s": {"type": "string"},
        "sn": {"type": "string", "nullable": True},
        "n": {"type": "number", "default": 1.5},
        "i": {"type": "integer", "default": 0},
        "b": {"type": "boolean", "default": False},
        "d": {"type": "string", "default": None},
        "as": {"type": "array", "items": {"type": "string"}},
        "an": {"type": "array", "items": {"type": "number"}, "nullable": True},
        "ai": {"type": "array", "items": {"type": "integer"}},
        "ab": {"type": "array", "items": {"type": "boolean"}},
        "ax": {"type": "array"},
        "ae": {"type": "array", "items": {}},
        "ao": {"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}, "v": {"type": "number"}}, "required": ["k"]}},
        "aoo": {"type": "array", "items": {"type": ["object", "object"]}},
        "aa": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
        "along": {"type": "array", "items": {"type": "object", "properties": {"first_long_name": {"type": "string"}, "second_long_name": {"type": "number"}}}},
        "o": {"type": "object", "properties": {"radius": {"type": "number"}, "center": {"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"}}, "required": ["x", "y"]}}, "required": ["radius"]},
        "oe": {"type": "object"},
        "u": {"type": ["string", "number", "null"]},
        "u1": {"type": ["integer"]},
        "one": {"oneOf": [{"type": "string", "description": "a name"}, {"type": "number", "default": 7}, {"type": "object"}]},
        "oned": {"oneOf": [{"type": "string"}, {"type": "integer"}], "default": "x"},
        "en": {"type": "string", "enum": ["a", "b", 3], "default": "a"},
        "any": {"description": "No type at all."},
        "weird": {"type": "null"},
        "über": {"type": "string", "description": "Ünïcødé ✓"},
    },
    "required": ["s", "o", "missing"],
})

CASES = [
    [U("Hi"), A("Hello!")],
    [S("Be brief."), U("Hi"), A("Hello!")],
    [{"role": "developer", "content": "Dev rules."}, U("Hi"), A("Hello!")],
    [S(""), U("Hi"), A("Hello!")],
    [U("one"), A("two"), U("three"), A("four")],
    [U("Hi"), A("Answer.", thinking="Let me think.")],
    [U("Hi"), A("Answer.", thinking="")],
    [U("Hi"), A("First.", thinking="dropped"), U("Again"), A("Second.", thinking="kept")],
    [U("Hi"), A("First.", thinking="dropped"), U("Again")],
    [U("Weather?"), A("", tool_calls=[call("get_weather", {"location": "Paris"})]), T("18C"), A("It is 18C.")],
    [U("Weather?"), A("", tool_calls=[call("get_weather", {"location": "Paris"})]), T("18C")],
    [U("Weather?"), A("", tool_calls=[call("get_weather", {"location": "Paris"})])],
    [U("Weather?"), A("Checking.", tool_calls=[call("get_weather", {"location": "Paris"})])],
    [U("Weather?"), A("Checking.", tool_calls=[call("get_weather", {"location": "Paris"})]), T("18C"), A("18C.")],
    [U("Weather?"), A("", thinking="Need a tool.", tool_calls=[call("get_weather", {"location": "Paris"})]), T("18C")],
    [U("Weather?"), A("", thinking="Need a tool.", tool_calls=[call("get_weather", {"location": "Paris"})]), T("18C"), A("18C.", thinking="Done.")],
    [U("Two?"), A("", tool_calls=[call("a", {"x": 1}), call("b", {"y": 2})]), T("r1"), T("r2"), A("ok")],
    [U("Flat"), A("", tool_calls=[{"name": "flat", "arguments": {"q": [1, 2.5, None, True]}}]), T({"result": "dict", "n": 1}), A("ok")],
    [U("Typed"), A("", tool_calls=[{"type": "function", "function": {"name": "t", "arguments": "{\"raw\": 1}", "content_type": "text"}}]), T(42), A("ok")],
    [U("Quotes"), A("", tool_calls=[call("q", {"s": "a \"quoted\"\nline\t\u00e9\u2028"})]), T("line1\nline2 \"q\" \\ \u0001 ✓"), A("ok")],
    [U("Hi"), S("ignored mid-conversation"), A("Hello")],
    [U("Hi"), {"role": "observation", "content": "unknown role"}, A("Hello")],
    [U("Special <|end|> and <|return|> in text"), A("Reply with <|start|> inside")],
    [S("sys"), U("a"), A("b"), U("c"), A("", tool_calls=[call("f", {})]), T("r"), A("d"), U("e"), A("f")],
    [],
    [S("only a system message")],
    [A("assistant first")],
    [U("Multi\n\nline  content  "), A("  spaced  ")],
    # raises
    [U("Hi"), T("orphan result")],
    [U("Hi"), A("x<|channel|>final<|message|>y")],
    [U("Hi"), A("x<|channel|>analysis<|message|>y")],
    [U("Hi"), A("x", thinking="<|channel|>final<|message|>")],
    [U("Hi"), A("both", thinking="set", tool_calls=[call("f", {})])],
    [U("Weather?"), A("", tool_calls=[call("get_weather", {})]), T("18C"), A("done"), T("late")],
    # Python errors
    [U(None), A("x")],
    [U("Hi"), A(None)],
    [U("Hi"), {"role": "assistant"}],
    [U("Hi"), A("", tool_calls=[])],
    [U("Hi"), A("", tool_calls=[{"function": {"arguments": {}}}])],
]

TOOL_SETS = {0: None}


def cases():
    for msgs in CASES:
        tools = None
        if any("tool_calls" in m for m in msgs):
            tools = [WEATHER, SCHEMAS]
        yield {"messages": msgs, **({"tools": tools} if tools else {})}
    # Tools alone, with and without a system message, and a tool without parameters.
    yield {"messages": [U("Hi"), A("Hello")], "tools": [WEATHER]}
    yield {"messages": [S("Rules."), U("Hi"), A("Hello")], "tools": [SCHEMAS, tool("ping", "No parameters."),
                                                                      tool("empty", "Empty properties.", {"type": "object", "properties": {}})]}
    yield {"messages": [U("Hi"), A("Hello")], "tools": []}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kit", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "models", "gpt_oss"))
    args = ap.parse_args()
    with open(os.path.join(args.kit, "chat_template.jinja"), encoding="utf-8") as f:
        template = make_env().from_string(f.read())
    for rec in cases():
        msgs, tools = rec["messages"], rec.get("tools")
        line = json.dumps(rec, ensure_ascii=False)
        try:
            F = render(template, msgs, tools)
        except Raised as e:
            print(json.dumps({"record": line, "error": str(e), "raised": True}, ensure_ascii=False))
            continue
        except Exception as e:  # noqa: BLE001 - a Jinja/Python error: the renderer rejects
            print(json.dumps({"record": line, "error": f"{type(e).__name__}: {e}", "raised": False}, ensure_ascii=False))
            continue
        try:
            sp = spans(template, msgs, tools, F)
        except (AssertionError, Raised, Exception):  # noqa: BLE001
            sp = None
        print(json.dumps({"record": line, "text": F, "spans": sp}, ensure_ascii=False))


if __name__ == "__main__":
    main()
