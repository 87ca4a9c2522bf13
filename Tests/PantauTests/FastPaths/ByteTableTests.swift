import Testing

@testable import Pantau

/// ``ByteTable`` must answer as a `Dictionary` keyed by the same bytes does, whatever keys it gets.
@Suite struct ByteTableTests {
    @Test(arguments: 0..<20)
    func answersAsADictionary(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 0x7AB1E)
        let pieces: [[UInt8]] = [
            [], [0], [0, 0], Array("a".utf8), Array("A".utf8), Array("index.html".utf8), Array("sec01/page-00042/".utf8),
            Array("ü".utf8), Array("\u{212A}".utf8), [0xFF], Array("12345678".utf8), Array("123456789".utf8),
        ]
        func key() -> [UInt8] {
            (0..<Int.random(in: 0...4, using: &rng)).flatMap { _ in pieces.randomElement(using: &rng)! }
        }
        var table = ByteTable<Int>(expectedCount: [0, 1, 1000].randomElement(using: &rng)!)
        var oracle: [[UInt8]: Int] = [:]
        for value in 0..<Int.random(in: 0...3000, using: &rng) {
            let k = key()
            let inserted = k.withUnsafeBufferPointer { table.insert($0, value).inserted }
            #expect(inserted == (oracle[k] == nil))
            if oracle[k] == nil { oracle[k] = value }
        }
        #expect(table.count == oracle.count)
        for (k, value) in oracle {
            #expect(k.withUnsafeBufferPointer { table.value(for: $0) } == value)
            #expect(k.withUnsafeBufferPointer { table.entry(of: $0) }.map { Array(table.key($0)) } == k)
        }
        for _ in 0..<500 {
            let k = key()
            #expect(k.withUnsafeBufferPointer { table.value(for: $0) } == oracle[k])
        }
    }

    @Test func keepsTheFirstValueOfAKeyGivenTwice() {
        let table = ByteTable<Int>([(key: Array("a".utf8), value: 1), (key: Array("b".utf8), value: 2), (key: Array("a".utf8), value: 3)])
        #expect(table.count == 2)
        #expect(Array("a".utf8).withUnsafeBufferPointer { table.value(for: $0) } == 1)
        #expect(Array("c".utf8).withUnsafeBufferPointer { table.value(for: $0) } == nil)
    }

    /// The two tables of the employee import: NIPs by number (its own open addressing over the numbers, growing
    /// from small), units by any name in any case (a ``ByteTable``).
    @Test func importTablesAnswerAsDictionaries() {
        var rng = SeededGenerator(seed: 0x1D5)
        var nips = NIPTable(expectedCount: 0)
        var oracle: [UInt64: Int] = [:]
        for line in 1...20_000 {
            let nip = line % 5_000 == 0 ? 0 : 198_001_012_000_000_000 + UInt64.random(in: 0..<30_000, using: &rng)
            #expect(nips.line(of: nip) == oracle[nip])
            if oracle[nip] == nil {
                nips.insert(nip, line: line)
                oracle[nip] = line
            }
        }
        #expect(nips.count == oracle.count)

        let units = UnitCodeTable(keys: [("DINKES", 0), ("Dinas  Kesehatan", 0), ("dinkes", 1), ("", 2), ("Puskesmas\u{A0}Sukamaju", 3)])
        func unit(_ name: String) -> Int? { Array(name.utf8).withUnsafeBufferPointer { units.index(of: $0) } }
        #expect(unit("dinkes") == 0)
        #expect(unit("DinKes") == 0)
        #expect(unit("DINAS KESEHATAN") == 0)
        #expect(unit("dinas \t kesehatan") == 0)
        #expect(unit("PUSKESMAS SUKAMAJU") == 3)
        #expect(unit("") == nil)
        #expect(unit("dinkes2") == nil)
    }
}
