import Testing

@testable import CredSyncCore

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(
            #"{"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}, "big": 9007199254740993, "e": ""}"#)
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(value.value(at: "b.c") == .string("d"))
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["big"]?.textValue == "9007199254740993")
        #expect(value.value(at: "a.1")?.doubleValue == -2.5)
        #expect(value.value(at: "a.9") == nil)
        #expect(value.value(at: "b.x") == nil)
        #expect(value["e"]?.stringValue == "")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["q\"b\\s\/n\nt\tu\u00e9\ud83d\ude00"]"#)
        #expect(value[0]?.stringValue == "q\"b\\s/n\nt\tué😀")
    }

    @Test func keepsKeyOrderAndRoundTrips() throws {
        let text = #"{"z":1,"a":{"y":[true,null,"x\n"]},"m":2.5}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.serialized == text)
        #expect(try JSONParser.parse(value.serialized) == value)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "-", "\"unterminated", "[1] x", "{\"a\":1,}", "\"\u{01}\"",
        #""\ud800""#, "nul",
    ])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test func reportsWhereParsingStopped() {
        do {
            _ = try JSONParser.parse(#"{"data": [1, 2,, 3]}"#)
            Issue.record("expected an error")
        } catch let error as JSONError {
            #expect(error.offset == 15)
            #expect(error.description.contains("byte 15"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
    }
}

@Suite struct JSONObjectTests {
    @Test func readsEveryKeyOfAParsedObject() throws {
        let value = try JSONParser.parse(Array(#"{"access_token":"n-1","token_type":"Bearer","expires_in":60}"#.utf8))
        #expect(value["access_token"]?.stringValue == "n-1")
        #expect(value["token_type"]?.stringValue == "Bearer")
        #expect(value["expires_in"]?.intValue == 60)
    }
}
