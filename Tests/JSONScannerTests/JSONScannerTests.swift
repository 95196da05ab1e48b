import Testing
@testable import JSONScanner
