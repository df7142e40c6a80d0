import CredSyncTUI
import Testing

/// A dashboard driven through its update and a real SQLite data source, without a terminal: keys go through
/// `DashboardUpdate`, the commands they ask for through the data source, and snapshots are read until the windows
/// the model wants are loaded.
protocol DashboardDriving {
    var source: SQLiteDataSource { get }
    var size: Size { get }
}

extension DashboardDriving {
    /// Applies `action`, performs the commands it asks for, and reads snapshots until the windows it wants are loaded.
    func apply(_ model: inout DashboardModel, _ action: Action) throws {
        var commands: [DashboardCommand]
        (model, commands) = DashboardUpdate.update(model, action)
        while !commands.isEmpty {
            let command = commands.removeFirst()
            let result = source.perform(command)
            let next = DashboardUpdate.update(model, .commandFinished(command, result))
            model = next.0
            commands += next.1
        }
        for _ in 0..<5 {
            let wanted = model.windows
            model = DashboardUpdate.update(model, .snapshot(try source.snapshot(windows: wanted))).0
            if model.windows == wanted { return }
        }
        Issue.record("the windows did not settle: \(model.windows)")
    }

    func press(_ model: inout DashboardModel, _ keys: [Key]) throws {
        for key in keys { try apply(&model, .key(key)) }
    }

    func screen(_ model: DashboardModel) -> String { DashboardView.render(model, size: size).text }
}
