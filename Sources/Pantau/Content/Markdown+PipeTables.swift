import CCmark
import Foundation

/// GFM pipe tables on plain libcmark (cmark 0.30 has no table extension): paragraphs whose source
/// lines hold a header row and a delimiter row are replaced by a custom block. Each cell is parsed
/// by libcmark with the page's own options and its inline nodes are moved into the table, so safe
/// mode still drops raw HTML in a cell and links in cells are rewritten and checked like any other.
extension Markdown {
    /// Where a table cell's text starts in the page body, to locate links inside it. It travels as the
    /// cell node's libcmark user data (both numbers in the pointer's bits): a dictionary of every cell
    /// cost a large table page more memory than its cells' markup.
    struct CellOrigin: Equatable {
        /// Line of the row (1-based, in the body).
        var line: Int
        /// Column that a node at column 1 of the cell's own parse maps to.
        var columnBase: Int

        init(line: Int, columnBase: Int) {
            self.line = line
            self.columnBase = columnBase
        }

        /// The origin a cell node carries, or nil for any other node.
        init?(of node: OpaquePointer) {
            guard let bits = cmark_node_get_user_data(node).map({ UInt(bitPattern: $0) }) else { return nil }
            line = Int(bits >> 32)
            columnBase = Int(bits & 0xFFFF_FFFF) - cellLead.count
        }

        /// Stores this origin on `node`; nothing when a number does not fit in 32 bits (the cell's links
        /// are then located at the table's first line).
        func store(on node: OpaquePointer) {
            let column = columnBase + cellLead.count
            guard line > 0, line <= 0xFFFF_FFFF, column >= 0, column <= 0xFFFF_FFFF else { return }
            cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: UInt(line) << 32 | UInt(column)))
        }
    }

    /// What cells are parsed behind: a paragraph already open, so nothing in a cell starts a block
    /// (`# x`, `- x`, `<div>`, `[a]: b` stay inline, as in cmark-gfm). Flanking is unchanged: a space.
    private static let cellLead: [UInt8] = Array("a ".utf8)

    /// Cell text parsed at once: one parse for many cells (a parser per cell cost more memory than the rest
    /// of a large page), in batches of about this many bytes, so a large page's cells reuse the memory of
    /// the paragraphs already replaced rather than all being held next to them.
    private static let cellBatchBytes = 1 << 16

    /// Replaces every paragraph that forms a table; each cell node carries its ``CellOrigin``.
    static func convertPipeTables(
        in document: OpaquePointer, source: UnsafeBufferPointer<UInt8>, options: Int32, mem: UnsafeMutablePointer<cmark_mem>
    ) {
        guard source.contains(UInt8(ascii: "|")) || source.contains(UInt8(ascii: ":")) else { return }
        var paragraphs: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(document) else { return }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH,
                cmark_node_get_end_line(node) > cmark_node_get_start_line(node)
            else { continue }
            paragraphs.append(node)
        }
        cmark_iter_free(iterator)
        guard !paragraphs.isEmpty else { return }

        var lineStarts = [0]
        for (offset, byte) in source.enumerated() where byte == 10 { lineStarts.append(offset + 1) }
        var batch: [FoundTable] = []
        // Every non-empty cell of the batch, each behind `cellLead` and a blank line.
        var cellSource: [UInt8] = []
        var cellCount = 0
        func flush() {
            defer {
                batch.removeAll(keepingCapacity: true)
                cellSource.removeAll(keepingCapacity: true)
                cellCount = 0
            }
            var cellParagraphs = parseBlocks(cellSource, options: options, mem: mem)[...]
            guard cellParagraphs.count == cellCount,
                cellParagraphs.allSatisfy({ cmark_node_get_type($0) == CMARK_NODE_PARAGRAPH })
            else {
                for paragraph in cellParagraphs { cmark_node_free(paragraph) }
                return
            }
            for table in batch { insert(table, source: source, options: options, mem: mem, cells: &cellParagraphs) }
        }
        for paragraph in paragraphs {
            let lines = paragraphLines(paragraph, source: source, lineStarts: lineStarts)
            guard let table = find(in: paragraph, lines: lines, source: source) else { continue }
            for row in [table.header] + table.rows.map(\.row) {
                for cell in row.cells.prefix(table.alignments.count) where !cell.text.isEmpty {
                    cellSource += cellLead
                    cellSource += cell.text
                    cellSource += [10, 10]
                    cellCount += 1
                }
            }
            batch.append(table)
            if cellSource.count >= cellBatchBytes { flush() }
        }
        if !batch.isEmpty { flush() }
    }

    /// A paragraph that holds a table: where the header row is, the alignments, the rows.
    private struct FoundTable {
        var paragraph: OpaquePointer
        var headerIndex: Int
        var header: PipeTableRow
        var headerLine: (line: Int, range: Range<Int>)
        var alignments: [PipeTableRow.Alignment]
        var rows: [(row: PipeTableRow, line: (line: Int, range: Range<Int>))]
        /// Lines after a row without cells, Markdown again.
        var rest: [UInt8]
    }

    /// The paragraph's source lines (body line number and byte range), container markers removed.
    private static func paragraphLines(_ paragraph: OpaquePointer, source: UnsafeBufferPointer<UInt8>, lineStarts: [Int]) -> [(
        line: Int, range: Range<Int>
    )] {
        var containers: [cmark_node_type] = []
        var parent = cmark_node_parent(paragraph)
        while let node = parent, cmark_node_get_type(node) != CMARK_NODE_DOCUMENT {
            containers.insert(cmark_node_get_type(node), at: 0)
            parent = cmark_node_parent(node)
        }
        let first = Int(cmark_node_get_start_line(paragraph))
        var last = Int(cmark_node_get_end_line(paragraph))
        last = min(last, lineStarts.count)
        var lines: [(line: Int, range: Range<Int>)] = []
        for line in first...max(first, last) where line >= 1 && line <= lineStarts.count {
            var end = line < lineStarts.count ? lineStarts[line] - 1 : source.count
            if end > lineStarts[line - 1], source[end - 1] == 13 { end -= 1 }
            var start = lineStarts[line - 1]
            if line == first {
                start = min(end, start + max(0, Int(cmark_node_get_start_column(paragraph)) - 1))
            } else {
                start = strippingContainers(containers, source: source, start: start, end: end)
            }
            lines.append((line, start..<end))
        }
        while let last = lines.last, source[last.range].allSatisfy({ $0 == 32 || $0 == 9 }) { lines.removeLast() }
        return lines
    }

    /// Skips the `>` of each enclosing block quote and the indentation of list items. A lazy line
    /// (a block quote's `>` missing) keeps the rest as it is.
    private static func strippingContainers(_ containers: [cmark_node_type], source: UnsafeBufferPointer<UInt8>, start: Int, end: Int)
        -> Int
    {
        var p = start
        for container in containers {
            var q = p
            while q < end, source[q] == 32 || source[q] == 9 { q += 1 }
            if container == CMARK_NODE_BLOCK_QUOTE {
                guard q < end, source[q] == UInt8(ascii: ">") else { return p }
                q += 1
                if q < end, source[q] == 32 || source[q] == 9 { q += 1 }
            }
            p = q
        }
        return p
    }

    private static func find(in paragraph: OpaquePointer, lines: [(line: Int, range: Range<Int>)], source: UnsafeBufferPointer<UInt8>)
        -> FoundTable?
    {
        guard lines.count >= 2 else { return nil }
        for index in 0..<(lines.count - 1) where mayBeDelimiter(source[lines[index + 1].range]) {
            let header = PipeTableRow(source, lines[index].range)
            guard let alignments = PipeTableRow(source, lines[index + 1].range).alignments, alignments.count == header.cells.count else {
                continue
            }
            var table = FoundTable(
                paragraph: paragraph, headerIndex: index, header: header, headerLine: lines[index],
                alignments: alignments, rows: [], rest: [])
            var next = index + 2
            while next < lines.count {
                let row = PipeTableRow(source, lines[next].range)
                if row.cells.isEmpty { break }
                table.rows.append((row, lines[next]))
                next += 1
            }
            // A row without cells ends the table; what follows is Markdown again.
            for line in lines[next...] { table.rest += source[line.range] + [10] }
            return table
        }
        return nil
    }

    private static func insert(
        _ found: FoundTable, source: UnsafeBufferPointer<UInt8>, options: Int32, mem: UnsafeMutablePointer<cmark_mem>,
        cells: inout ArraySlice<OpaquePointer>
    ) {
        let paragraph = found.paragraph
        // Lines before the header row stay a paragraph: cut its inlines at the line break before the header.
        let keepParagraph = found.headerIndex > 0 && truncate(paragraph, afterLines: found.headerIndex, mem: mem)
        guard let table = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem) else { return }
        cmark_node_set_on_enter(table, "<table>")
        cmark_node_set_on_exit(table, "</table>")

        // A cell's opening markup carries the previous cell's closing tags and the row and section tags between
        // them; only the last cell has closing markup. A node or a string of their own each cost a large table
        // page a tenth of its memory.
        var closing = ""
        var lastCell: OpaquePointer?
        func appendRow(_ row: PipeTableRow, line: (line: Int, range: Range<Int>), tag: String, before: String, after: String) {
            let last = found.alignments.count - 1
            for (column, alignment) in found.alignments.enumerated() {
                let text = column < row.cells.count ? row.cells[column] : nil
                let parsed = text?.text.isEmpty == false ? cells.popFirst() : nil
                guard let cell = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem) else { continue }
                cmark_node_set_on_enter(cell, closing + (column == 0 ? before + "<tr>\n" : "") + "<\(tag)\(alignment.attribute)>")
                closing = "</\(tag)>\n" + (column == last ? "</tr>\n" + after : "")
                cmark_node_append_child(table, cell)
                lastCell = cell
                guard let text, let parsed else { continue }
                let startColumn = line.range.lowerBound - lineStart(of: line.range.lowerBound, in: source) + text.offset + 1
                CellOrigin(line: line.line, columnBase: startColumn - cellLead.count).store(on: cell)
                moveCellInlines(from: parsed, to: cell)
            }
        }

        appendRow(
            found.header, line: found.headerLine, tag: "th", before: "<thead>\n",
            after: "</thead>\n" + (found.rows.isEmpty ? "" : "<tbody>\n"))
        for (index, (row, line)) in found.rows.enumerated() {
            appendRow(row, line: line, tag: "td", before: "", after: index == found.rows.count - 1 ? "</tbody>\n" : "")
        }
        if let lastCell { cmark_node_set_on_exit(lastCell, closing) }

        if keepParagraph {
            cmark_node_insert_after(paragraph, table)
        } else {
            cmark_node_insert_before(paragraph, table)
            cmark_node_unlink(paragraph)
            cmark_node_free(paragraph)
        }
        var after = table
        for block in parseBlocks(found.rest, options: options, mem: mem) {
            cmark_node_insert_after(after, block)
            after = block
        }
    }

    /// A cheap test before splitting a line: only `|`, `:`, `-` and blanks, with at least one `-`.
    private static func mayBeDelimiter(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var dash = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "-"): dash = true
            case UInt8(ascii: "|"), UInt8(ascii: ":"), 32, 9: continue
            default: return false
            }
        }
        return dash
    }

    private static func lineStart(of offset: Int, in source: UnsafeBufferPointer<UInt8>) -> Int {
        var start = offset
        while start > 0, source[start - 1] != 10 { start -= 1 }
        return start
    }

    /// Removes the paragraph's inlines from the `lines`-th top-level line break on; false when that
    /// break is nested (an emphasis spanning the lines), and the paragraph is left as it was.
    private static func truncate(_ paragraph: OpaquePointer, afterLines lines: Int, mem: UnsafeMutablePointer<cmark_mem>) -> Bool {
        var breaks = 0
        var child = cmark_node_first_child(paragraph)
        while let node = child {
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                breaks += 1
                if breaks == lines {
                    var doomed: OpaquePointer? = node
                    while let next = doomed {
                        doomed = cmark_node_next(next)
                        cmark_node_unlink(next)
                        cmark_node_free(next)
                    }
                    return true
                }
            }
            child = cmark_node_next(node)
        }
        return false
    }

    /// Moves the inlines of a cell's paragraph (parsed behind ``cellLead``) into `cell`, without the lead.
    private static func moveCellInlines(from paragraph: OpaquePointer, to cell: OpaquePointer) {
        var toDrop = cellLead.count
        while toDrop > 0, let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
            let literal = cmark_node_get_literal(first)
        {
            let count = strlen(literal)
            if count <= toDrop {
                toDrop -= count
                cmark_node_unlink(first)
                cmark_node_free(first)
            } else {
                cmark_node_set_literal(first, literal + toDrop)
                toDrop = 0
            }
        }
        while let child = cmark_node_first_child(paragraph) {
            cmark_node_unlink(child)
            cmark_node_append_child(cell, child)
        }
        cmark_node_free(paragraph)
    }

    /// The top-level blocks of `bytes` parsed as a document of their own (nodes from the same arena).
    private static func parseBlocks(_ bytes: [UInt8], options: Int32, mem: UnsafeMutablePointer<cmark_mem>) -> [OpaquePointer] {
        guard !bytes.isEmpty, let parser = cmark_parser_new_with_mem(options, mem) else { return [] }
        defer { cmark_parser_free(parser) }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return [] }
        var blocks: [OpaquePointer] = []
        while let block = cmark_node_first_child(document) {
            cmark_node_unlink(block)
            blocks.append(block)
        }
        cmark_node_free(document)
        return blocks
    }
}
