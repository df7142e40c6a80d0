import CredSyncCore
import Testing

@testable import CredSyncSim

@Suite struct CredentialGeneratorTests {
    let generator = CredentialGenerator(contract: .nsqf, seed: 11, count: 4_000)

    @Test func recordsArePureFunctionsOfSeedAndIndex() {
        let again = CredentialGenerator(contract: .nsqf, seed: 11, count: 9_999)
        let other = CredentialGenerator(contract: .nsqf, seed: 12, count: 4_000)
        for index in [0, 1, 2_500, 3_999] {
            #expect(generator.credential(at: index) == again.credential(at: index))
        }
        #expect((0..<50).contains { generator.credential(at: $0).title != other.credential(at: $0).title })
        #expect(Set((0..<4_000).map(generator.externalId)).count == 4_000)
    }

    @Test func identifiersComeInTheConfiguredShapesAndNormaliseToTheLearner() {
        let phones = PhoneNormalizer()
        var (emailOnly, phoneOnly, both, invalid, none) = (0, 0, 0, 0, 0)
        var phoneShapes = Set<String>()
        for index in 0..<generator.count {
            let credential = generator.credential(at: index)
            let learner = generator.learner(at: index)
            let email = credential.email.flatMap(EmailNormalizer.normalize)
            let phone = credential.phone.flatMap(phones.normalize)
            if credential.email != nil, email == nil || credential.phone != nil && phone == nil {
                invalid += 1
            } else if credential.phone != nil, phone == nil {
                invalid += 1
            } else {
                if let email { #expect(email == learner.email) }
                if let phone { #expect(phone == learner.phone) }
                switch (email, phone) {
                case (.some, .some): both += 1
                case (.some, nil): emailOnly += 1
                case (nil, .some): phoneOnly += 1
                case (nil, nil): none += 1
                }
            }
            if let raw = credential.phone, phone != nil {
                phoneShapes.insert(String(raw.map { $0.isNumber ? "9" : $0 }))
            }
        }
        let count = Double(generator.count)
        #expect(abs(Double(emailOnly) / count - 0.35) < 0.03)
        #expect(abs(Double(phoneOnly) / count - 0.25) < 0.03)
        #expect(abs(Double(both) / count - 0.30) < 0.03)
        #expect(abs(Double(invalid) / count - 0.06) < 0.02)
        #expect(abs(Double(none) / count - 0.04) < 0.02)
        // 9876543210, 09876543210, 98765 43210, +91 98765 43210, +91-98765-43210, 919876543210, +919876543210.
        #expect(
            phoneShapes == [
                "9999999999", "99999999999", "99999 99999", "+99 99999 99999", "+99-99999-99999", "999999999999",
                "+999999999999",
            ])
    }

    @Test func duplicatePositionsRepeatAnEarlierRecordOnAnotherPage() {
        #expect(generator.positionCount == 4_000 + 3_999 / 49)
        let indices = (0..<generator.positionCount).map(generator.recordIndex(atPosition:))
        #expect(Set(indices) == Set(0..<4_000))
        #expect(indices.count - Set(indices).count == generator.positionCount - 4_000)
        // Position 49 is the first duplicate: record 49 − 61 clamps to 0; position 99 repeats record 98 − 61.
        #expect(indices[49] == 0)
        #expect(indices[99] == 37)
        #expect(indices[100] == 98)
        #expect(generator.recordIndex(atPosition: generator.positionCount - 1) == 3_999)
    }

    @Test func updatesPickTheSameDistinctRecordsForTheSameGeneration() {
        let first = generator.indicesForUpdate(generation: 1, count: 7)
        #expect(first.count == 7)
        #expect(Set(first).count == 7)
        #expect(first == generator.indicesForUpdate(generation: 1, count: 7))
        #expect(first != generator.indicesForUpdate(generation: 2, count: 7))
        #expect(Set(generator.indicesForUpdate(generation: 3, count: 3_000)).count == 3_000)
        let revised = generator.credential(at: first[0], revision: .init(generation: 1, updatedMs: 1_750_000_000_000))
        #expect(revised.updatedMs == 1_750_000_000_000)
        #expect(revised.title.hasSuffix("(revision 1)"))
    }

    @Test func aSinceListingHoldsEachChangedRecordOnce() {
        var log = UpdateLog()
        log.apply(indices: [5, 10, 3_990], atMs: 1_750_000_000_000)
        let recent = CredentialListing(generator: generator, log: log, sinceMs: 1_749_999_999_000)
        #expect((0..<recent.count).map(recent.recordIndex(at:)) == [5, 10, 3_990])
        // Since 2024-01-01T01:06:00Z: records 3960 onward by their original time, plus the updated 5 and 10.
        let older = CredentialListing(generator: generator, log: log, sinceMs: CredentialGenerator.baseMs + 3_960_000)
        #expect(older.count == 2 + 40)
        #expect(older.recordIndex(at: 0) == 5)
        #expect(older.recordIndex(at: 2) == 3_960)
        #expect(older.credential(at: 0).revision == 1)
        let everything = CredentialListing(generator: generator, log: log, sinceMs: nil)
        #expect(everything.count == generator.positionCount)
    }

    @Test func usersMatchTheirLearnersForTheRequestedShare() {
        let users = UserGenerator(credentials: generator, fraction: 0.5)
        let all = Array(users.users)
        #expect(abs(Double(all.count) / 4_000 - 0.5) < 0.05)
        let user = try! #require(all.first)
        let index = Int(user.externalRef.split(separator: "-").last!)!
        #expect(user.email == generator.learner(at: index).email)
        #expect(user.phone == generator.learner(at: index).phone)
        let csv = users.csv
        #expect(
            csv.hasPrefix(
                "external_ref,name,email,phone\n\(user.externalRef),\(user.name),\(user.email),\(user.phone)\n"))
        #expect(csv.split(separator: "\n").count == all.count + 1)
        #expect(users.jsonLines.split(separator: "\n").count == all.count)
        #expect(UserGenerator(credentials: generator, fraction: 1).users.count(where: { _ in true }) == 4_000)
        #expect(Array(UserGenerator(credentials: generator, fraction: 0.5).users) == all)
    }
}
