import Testing
@testable import ZstdStream
