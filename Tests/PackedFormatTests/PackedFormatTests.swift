import Testing
@testable import PackedFormat
