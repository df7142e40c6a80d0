import Testing

@testable import CredSyncCore

@Suite struct CSVReaderTests {
    private func records(_ text: String) throws -> [CSVReader.Record] {
        var reader = CSVReader(text)
        var records: [CSVReader.Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func readsQuotesEscapesAndLineBreaksInsideFields() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,,3"
        let parsed = try records(text)
        #expect(parsed.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
        #expect(parsed.map(\.line) == [1, 2, 5])
    }

    @Test func reportsTheLineOfABrokenRecord() {
        #expect(throws: CSVReader.Failure(line: 2, problem: "a quoted field is not closed before the end of the file")) {
            try records("a,b\n\"open,b\nc,d")
        }
        #expect(throws: CSVReader.Failure(line: 1, problem: "unexpected text after the closing quote of field 1")) { try records("\"a\"b,c") }
    }
}
