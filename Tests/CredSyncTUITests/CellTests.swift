import Testing

@testable import CredSyncTUI

@Suite struct CellTests {
    @Test func blankCellIsASpaceInTheTextRole() {
        #expect(Cell.blank.character == " ")
        #expect(Cell.blank.role == .text)
    }
}
