/// One line git gives a `pre-receive` hook: a reference, its value before the push and the one
/// the push asks for (nil: it does not exist yet, or the push deletes it).
public struct RefUpdate: Sendable, Equatable {
    public var old: ObjectID?
    public var new: ObjectID?
    public var ref: String

    package init(old: ObjectID?, new: ObjectID?, ref: String) {
        self.old = old
        self.new = new
        self.ref = ref
    }
}
