/// A queue the render threads take work from, in order.
final class WorkQueue<Item: Sendable>: Sendable {
    private let items: [Item]
    private let position = Locked(0)

    init(_ items: [Item]) { self.items = items }

    func next() -> Item? {
        position.withLock { position in
            guard position < items.count else { return nil }
            defer { position += 1 }
            return items[position]
        }
    }
}
