/// What trying to take the engine lease found.
public enum LeaseAttempt: Sendable, Equatable {
    case acquired
    case heldBy(EngineLease)
}
