import CSQLite

/// The current row of a stepping statement. Columns are read by index, as selected.
public struct Row {
    let statement: Statement

    public var columnCount: Int { Int(sqlite3_column_count(statement.handle)) }

    public func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement.handle, Int32(index)) == SQLITE_NULL
    }

    public func int64(_ index: Int) -> Int64 {
        sqlite3_column_int64(statement.handle, Int32(index))
    }

    public func int(_ index: Int) -> Int {
        Int(sqlite3_column_int64(statement.handle, Int32(index)))
    }

    public func optionalInt64(_ index: Int) -> Int64? {
        isNull(index) ? nil : int64(index)
    }

    public func optionalInt(_ index: Int) -> Int? {
        isNull(index) ? nil : int(index)
    }

    public func bool(_ index: Int) -> Bool {
        int64(index) != 0
    }

    public func double(_ index: Int) -> Double {
        sqlite3_column_double(statement.handle, Int32(index))
    }

    /// The column as text; NULL reads as the empty string.
    public func text(_ index: Int) -> String {
        optionalText(index) ?? ""
    }

    public func optionalText(_ index: Int) -> String? {
        guard let pointer = sqlite3_column_text(statement.handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func optionalBlob(_ index: Int) -> [UInt8]? {
        if isNull(index) { return nil }
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        guard count > 0, let pointer = sqlite3_column_blob(statement.handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func value(_ index: Int) -> DatabaseValue {
        switch sqlite3_column_type(statement.handle, Int32(index)) {
        case SQLITE_INTEGER: .integer(int64(index))
        case SQLITE_FLOAT: .real(double(index))
        case SQLITE_TEXT: .text(text(index))
        case SQLITE_BLOB: .blob(optionalBlob(index) ?? [])
        default: .null
        }
    }
}
