// Python's float formatting for JSON numbers with a fraction or exponent.
//
// `json.loads` turns such a literal into a float (`float(literal)`, correctly rounded) and
// `json.dumps`/`str` print it with `repr`: the shortest digit string that round-trips, in
// fixed notation when the decimal exponent is in [-4, 16) and as `d.ddde±XX` otherwise
// (`1e-05`, `1e+16`, `0.0001`, `1000000000000000.0`, `-0.0`). Swift's `Double.description`
// yields the same shortest digits but its own layout, so the digits and exponent are taken
// from it and laid out again the Python way.

/// Appends `repr(float(literal))` as Python prints it; non-finite values as `json.dumps`
/// (`Infinity`, `-Infinity`, `NaN`) when `json`, else as `str` (`inf`, `-inf`, `nan`).
func appendPythonFloat(literal: UnsafeRawBufferPointer, json: Bool, to out: inout [UInt8]) {
    let text = String(decoding: literal, as: UTF8.self)
    // Swift parses NaN/Infinity spellings too; the parser only lets Python's through.
    let value = Double(text) ?? .nan
    appendPythonFloat(value, json: json, to: &out)
}

/// Appends `repr(value)` as Python prints it (see `appendPythonFloat(literal:json:to:)`).
func appendPythonFloat(_ value: Double, json: Bool, to out: inout [UInt8]) {
    if value.isNaN {
        out.append(contentsOf: json ? Array("NaN".utf8) : Array("nan".utf8))
        return
    }
    if value.isInfinite {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: json ? Array("Infinity".utf8) : Array("inf".utf8))
        return
    }
    if value.sign == .minus { out.append(UInt8(ascii: "-")) }
    if value == 0 {
        out.append(contentsOf: Array("0.0".utf8))
        return
    }
    // Shortest round-trip digits and the decimal point position `decpt`
    // (value = 0.d1d2d3… × 10^decpt), read from Swift's description, e.g. "1.5e-07", "0.001".
    var digits: [UInt8] = []
    digits.reserveCapacity(20)
    var pointAt: Int?
    var exponent = 0
    var exponentSign = 1
    var inExponent = false
    for c in value.magnitude.description.utf8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            if inExponent { exponent = exponent * 10 + Int(c - UInt8(ascii: "0")) } else { digits.append(c) }
        case UInt8(ascii: "."): pointAt = digits.count
        case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
        case UInt8(ascii: "-"): exponentSign = -1
        default: break  // "+"
        }
    }
    var decpt = (pointAt ?? digits.count) + exponentSign * exponent
    var lead = 0
    while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1; decpt -= 1 }
    var end = digits.count
    while end > lead + 1 && digits[end - 1] == UInt8(ascii: "0") { end -= 1 }
    let d = digits[lead..<end]
    let count = d.count

    if decpt <= -4 || decpt > 16 {
        out.append(d.first!)
        if count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d.dropFirst())
        }
        let e = decpt - 1
        out.append(UInt8(ascii: "e"))
        out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let mag = e.magnitude
        if mag < 10 { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: Array(String(mag).utf8))
    } else if decpt <= 0 {
        out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -decpt))
        out.append(contentsOf: d)
    } else if decpt < count {
        out.append(contentsOf: d.prefix(decpt))
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: d.dropFirst(decpt))
    } else {
        out.append(contentsOf: d)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: decpt - count))
        out.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "0")])
    }
}

/// Appends Python's `str(int(literal))` for an integer literal (see `pythonIntText`).
func appendPythonInt(literal: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    appendBytes(pythonIntText(literal: literal), to: &out)
}

/// Python's `str(int(literal))` for an integer literal: the digits as written, except that
/// `-0` is `0`. Never longer than the literal.
@inline(__always)
func pythonIntText(literal: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    if literal.count == 2 && literal[0] == UInt8(ascii: "-") && literal[1] == UInt8(ascii: "0") {
        return UnsafeRawBufferPointer(rebasing: literal[1...])
    }
    return literal
}
