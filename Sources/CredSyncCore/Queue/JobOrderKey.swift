/// A job's place in the Queue pane: active first, then waiting, then delayed ones by run time, then failed and
/// cancelled ones newest first; the id breaks ties. The columns `queue_rank`, `queue_time` and `id` of the index
/// `jobs_queue_order` (migration 4) hold the same values.
public struct JobOrderKey: KeysetKey {
    public var rank: Int64
    public var time: Int64
    public var id: Int64

    public init(rank: Int64, time: Int64, id: Int64) {
        self.rank = rank
        self.time = time
        self.id = id
    }

    /// The key of `job`, by the rule of the columns.
    public init(_ job: Job) {
        switch job.state {
        case .active: rank = 0
        case .waiting: rank = 1
        case .delayed: rank = 2
        case .completed, .failed, .cancelled: rank = 3
        }
        time = job.state == .failed || job.state == .cancelled ? -(job.finishedAt ?? 0) : job.runAt
        id = job.id
    }

    public var keysetValues: [Int64] { [rank, time, id] }
}

extension Job {
    /// Its place in the Queue pane.
    public var orderKey: JobOrderKey { JobOrderKey(self) }
}
