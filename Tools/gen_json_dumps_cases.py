#!/usr/bin/env python3
"""Expectations for JSONScanner's Python-compatible re-serialization, computed by Python.

  python3 Tools/gen_json_dumps_cases.py > Tests/Fixtures/json_dumps_cases.jsonl

Each output line is {"input": <JSON text>, "input_hex": <its UTF-8 as hex>, "dumps": <json.dumps(json.loads(input),
ensure_ascii=False, indent=4)>, "str": <str(json.loads(input))>}, or {"input": ..., "error":
<Python's message>} where json.loads rejects the input. A lone surrogate (which Python keeps
in a str) is shown as U+FFFD, as the reference's tokenizer sees it. Deterministic (fixed seed).
"""
import json
import random
import struct
import sys


def tokenizer_view(s):
    # tiktoken re-decodes text holding lone surrogates as UTF-16 with errors="replace".
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def case(text):
    # input_hex: the input's UTF-8 bytes, exactly (some JSON readers drop a leading BOM).
    head = {"input": text, "input_hex": text.encode("utf-8").hex()}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as e:
        return dict(head, error=f"{type(e).__name__}: {e}")
    return dict(head,
                dumps=tokenizer_view(json.dumps(value, ensure_ascii=False, indent=4)),
                str=tokenizer_view(str(value)))


def float_literals(rng):
    out = ["0.0", "-0.0", "0e0", "-0E-0", "1.0", "1.50", "1E5", "1e5", "1.0e-5", "2.5e-05", "1e16",
           "1e15", "9999999999999998.0", "1e+16", "1e-4", "0.0001", "0.00001", "0.1", "0.2", "0.3",
           "1e100", "1e-100", "5e-324", "2e-324", "1e-400", "1e400", "-1e400",
           "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072014e-308",
           "123456789012345678901234567890.5", "0.000000000000000000000000000001",
           "3.141592653589793238462643383279", "100.0", "1234567890123456.7", "12345678901234567.0",
           "4.35", "0.1e1", "10.0e-1", "7E-10", "123e-2", "1.5E+300", "-2.5e-7"]
    for _ in range(400):
        bits = rng.getrandbits(64)
        x = struct.unpack("<d", struct.pack("<Q", bits))[0]
        if x != x or x in (float("inf"), float("-inf")):
            continue
        fmt = rng.choice(["%r", "%.17g", "%.20e", "%.3e", "%.6g"])
        s = repr(x) if fmt == "%r" else fmt % x
        if "e" not in s and "." not in s:
            s += ".0"
        out.append(s)
    for _ in range(200):
        x = rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-25, 25)
        out.append(repr(x))
        out.append("%.*f" % (rng.randint(1, 12), x) if abs(x) < 1e15 else repr(x))
    return out


def main():
    rng = random.Random(20240531)
    inputs = []
    # numbers
    for s in float_literals(rng):
        inputs.append(s)
    inputs += ["0", "-0", "7", "-7", "9007199254740993", "12345678901234567890", "-98765432109876543210",
               "1" + "0" * 60, "NaN", "Infinity", "-Infinity"]
    # strings: escapes, controls, non-ASCII raw, surrogates
    inputs += [json.dumps(s, ensure_ascii=a) for s in [
        "", "plain", 'Quote " backslash \\ slash / tab \t newline \n cr \r bs \b ff \f',
        "".join(chr(c) for c in range(0, 32)) + "\x7f", "é 中文 😀 </script> &amp; <b>",
        "line\u2028sep\u2029para\u0085nel", "nbsp\u00a0zw\u200bbom\ufeff", "𠀀𠀁 👨‍👩‍👧‍👦 1️⃣",
        "it's", 'say "hi"', "both ' and \"", "\ue000 private \U000f0000", "\u0378 unassigned",
        "soft\u00adhyphen", "\u3000ideographic", "\u0301combining", "\x80\x9f\xa0\xff", "\\u0041 literal"]
        for a in (False, True)]
    inputs += ['"\\/"', '"\\u00e9\\u4E2D"', '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00\\ud83d"',
               '"a\\ud83d\\u0041"', '"\\ud83d\\ud83d\\ude00"', '"\\u0000\\u001f\\u007f"',
               '"\\u2028\\u2029"']
    # the same strings inside a list, where str() prints them with repr()
    inputs += ["[" + s + "]" for s in inputs if s.startswith('"')]
    # containers
    inputs += ["[]", "{}", "[[]]", "{\"a\": {}}", "[1, [2, [3, []]], {}]", "[true, false, null]",
               '{"b": 1, "a": 2}', '{"a": 1, "b": 2, "a": 3}', '{"a": null, "a": {"x": 1}, "c": [1.0]}',
               '{"k\\u0065y": 1, "key": 2}', '{"": ""}', '{"nested": {"list": [{"x": -0.0, "y": 1e-7}]}}',
               '  {"ws" :\t[ 1 ,2\n,3 ]\r}  ',
               '{"type": "function", "function": {"name": "get_weather", "description": "天气 \\"quoted\\"", '
               '"parameters": {"type": "object", "properties": {"city": {"type": "string"}, "n": '
               '{"type": "integer", "default": 10, "min": 1.5e-3}}, "required": ["city"]}}}']
    inputs.append("{" + ", ".join(f'"k{i % 40}": {i}' for i in range(100)) + "}")
    inputs.append("[" * 50 + "]" * 50)
    # invalid
    inputs += ["", " ", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{'a': 1}", "01", "1.", ".5", "-", "+1",
               "1e", "1e+", "-NaN", "nan", "inf", "tru", "nul", "[1 2]", "\"unterminated", "\"bad \\x escape\"",
               "\"bad \\u12G4\"", "\"raw\ttab\"", "\"raw\nnewline\"", "{} {}", "[1] x", "\ufeff[]", "{\"a\"}",
               "[\"a\":1]", "{1: 2}"]
    for text in inputs:
        sys.stdout.write(json.dumps(case(text), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
