import Testing
@testable import JSONLines
