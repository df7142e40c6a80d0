import Foundation

extension TimeZone {
    /// The wall-clock minute showing at `instant` (seconds dropped).
    func wallTime(at instant: Date) -> WallTime {
        WallTime(minutesSinceEpoch: wallSeconds(at: instant).floorDividedBy(60).quotient)
    }

    /// Seconds since 1970-01-01 00:00 on this zone's wall clock at `instant`, fractions dropped.
    func wallSeconds(at instant: Date) -> Int {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        return seconds + secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The instant this zone's clocks show `wall`, resolved as the scheduler needs:
    /// a wall time shown twice (the fall-back overlap) gives its first occurrence, and one never shown
    /// (the spring-forward gap) gives the first instant after the gap, e.g. 03:00 for 02:30.
    func firstInstant(of wall: WallTime) -> Date {
        Date(timeIntervalSince1970: TimeInterval(firstInstant(ofWallSeconds: wall.minutesSinceEpoch * 60)))
    }

    /// `firstInstant(of:)` at second precision, in seconds since 1970.
    func firstInstant(ofWallSeconds wallSeconds: Int) -> Int {
        // Offsets a day either side bracket every instant this wall time could name (offsets are under 1 day).
        let before = offset(at: wallSeconds - 86_400)
        let after = offset(at: wallSeconds + 86_400)
        let occurrences = Set([before, after]).map { wallSeconds - $0 }.filter { shows(wallSeconds, at: $0) }
        if let first = occurrences.min() { return first }
        // Not shown: the gap lies between `wallSeconds - after` (still before it) and `wallSeconds - before`.
        // Find the first instant whose wall clock is past `wallSeconds`: the end of the gap.
        var low = wallSeconds - max(before, after)
        var high = wallSeconds - min(before, after)
        while low < high {
            let middle = low + (high - low) / 2
            if middle + offset(at: middle) > wallSeconds { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private func offset(at seconds: Int) -> Int {
        secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    private func shows(_ wallSeconds: Int, at seconds: Int) -> Bool {
        seconds + offset(at: seconds) == wallSeconds
    }
}
