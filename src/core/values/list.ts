/**
 * Lists: a deque of nodes, in the spirit of Redis's quicklist. The end nodes are
 * open arrays that take pushes; a node that fills up is packed into one byte
 * string, each element as [length][bytes][length reversed], about two bytes of
 * overhead per element instead of a heap string and a slot. Pushes and pops at
 * both ends are O(1); index access walks the nodes (n/128 steps) and then one
 * node, as Redis walks its quicklist.
 */
import { Node, NODE_MAX, pack } from './list-node.js'
import type { Collection } from './types.js'

export class ListValue implements Collection {
  readonly type = 'list' as const
  /** Nodes live in nodes[first, end); slots outside are free. */
  private nodes: (Node | undefined)[] = []
  private first = 0
  private end = 0
  private count = 0
  /** Bytes of the elements (memory()). */
  private bytes = 0

  get size(): number {
    return this.count
  }

  /** Redis 7.0 reports every list as a quicklist (listpack-encoded lists came in 7.2). */
  encoding(): string {
    return 'quicklist'
  }

  clone(): ListValue {
    const c = new ListValue()
    for (let i = this.first; i < this.end; i++) c.nodes.push((this.nodes[i] as Node).clone())
    c.end = c.nodes.length
    c.count = this.count
    c.bytes = this.bytes
    return c
  }

  /**
   * The object and node array, about 60 bytes a node, open nodes' elements as
   * strings in arrays (24 bytes each beyond their bytes: at most a node's worth
   * of them at an end), packed elements with a 2-3 byte length (core/memory.ts).
   */
  memory(): number {
    const n = this.count
    const open = Math.min(n, NODE_MAX)
    return 470 + (this.end - this.first) * 60 + open * 24 + (n - open) * 3 + this.bytes
  }

  static from(values: Iterable<string>): ListValue {
    const l = new ListValue()
    for (const v of values) l.pushTail(v)
    return l
  }

  /** Every element, head to tail. */
  *values(): IterableIterator<string> {
    for (let i = this.first; i < this.end; i++) {
      const n = this.nodes[i] as Node
      for (let off = 0; off < n.count; off += 64) {
        const chunk: string[] = []
        n.read(off, Math.min(64, n.count - off), chunk)
        yield* chunk
      }
    }
  }

  // ---- ends ----

  pushHead(v: string): void {
    let n = this.count === 0 ? undefined : (this.nodes[this.first] as Node)
    if (n === undefined || !n.canPushFront()) {
      if (n !== undefined && n.arr !== null && n.full) this.replace(this.first, 1, pack(n.toArray()))
      n = Node.open([], true, 0)
      this.insertNodes(this.first, [n])
    }
    n.pushFront(v)
    this.count++
    this.bytes += v.length
  }

  pushTail(v: string): void {
    let n = this.count === 0 ? undefined : (this.nodes[this.end - 1] as Node)
    if (n === undefined || !n.canPushBack()) {
      if (n !== undefined && n.arr !== null && n.full) this.replace(this.end - 1, 1, pack(n.toArray()))
      n = Node.open([], false, 0)
      this.insertNodes(this.end, [n])
    }
    n.pushBack(v)
    this.count++
    this.bytes += v.length
  }

  popHead(): string | undefined {
    if (this.count === 0) return undefined
    const n = this.nodes[this.first] as Node
    const v = n.popFront()
    this.count--
    this.bytes -= v.length
    if (n.count === 0) this.replace(this.first, 1, [])
    return v
  }

  popTail(): string | undefined {
    if (this.count === 0) return undefined
    const n = this.nodes[this.end - 1] as Node
    const v = n.popBack()
    this.count--
    this.bytes -= v.length
    if (n.count === 0) this.replace(this.end - 1, 1, [])
    return v
  }

  // ---- by index (0 <= i < size) ----

  at(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined
    const [k, off] = this.locate(i)
    return (this.nodes[k] as Node).get(off)
  }

  set(i: number, v: string): void {
    const [k, off] = this.locate(i)
    const n = this.nodes[k] as Node
    if (n.arr !== null) {
      const j = n.rev ? n.arr.length - 1 - off : n.lo + off
      n.bytes += v.length - (n.arr[j] as string).length
      this.bytes += v.length - (n.arr[j] as string).length
      n.arr[j] = v
      return
    }
    const values = n.toArray()
    this.bytes += v.length - (values[off] as string).length
    values[off] = v
    this.settle(k, values)
  }

  /** Elements start..end (inclusive, within bounds), head to tail. */
  range(start: number, end: number): string[] {
    const out: string[] = []
    let want = end - start + 1
    if (want <= 0) return out
    let [k, off] = this.locate(start)
    while (want > 0) {
      const n = this.nodes[k++] as Node
      const take = Math.min(want, n.count - off)
      n.read(off, take, out)
      want -= take
      off = 0
    }
    return out
  }

  /** Inserts `v` before (or after) the first `pivot`: the new size, or -1 when there is no pivot. */
  insert(pivot: string, v: string, after: boolean): number {
    let at = -1
    let i = 0
    this.scan(false, (x) => {
      if (x === pivot) {
        at = i
        return false
      }
      i++
      return true
    })
    if (at < 0) return -1
    const pos = after ? at + 1 : at
    if (pos === 0) this.pushHead(v)
    else if (pos === this.count) this.pushTail(v)
    else {
      const [k, off] = this.locate(pos)
      const values = (this.nodes[k] as Node).toArray()
      values.splice(off, 0, v)
      this.count++
      this.bytes += v.length
      this.settle(k, values)
    }
    return this.count
  }

  /** Removes up to `limit` (0: all) elements equal to `v`, from the head or the tail; returns how many. */
  remove(v: string, limit: number, fromTail: boolean): number {
    let removed = 0
    // walk by position relative to `first`: settle() may re-base the node array
    let rel = fromTail ? this.end - this.first - 1 : 0
    while (rel >= 0 && rel < this.end - this.first) {
      const k = this.first + rel
      const n = this.nodes[k] as Node
      if (!n.mayContain(v)) {
        rel += fromTail ? -1 : 1
        continue
      }
      const values = n.toArray()
      const keep: string[] = []
      let hits = 0
      if (!fromTail) {
        for (const x of values) {
          if (x === v && (limit === 0 || removed + hits < limit)) hits++
          else keep.push(x)
        }
      } else {
        for (let j = values.length - 1; j >= 0; j--) {
          const x = values[j] as string
          if (x === v && (limit === 0 || removed + hits < limit)) hits++
          else keep.push(x)
        }
        keep.reverse()
      }
      if (hits !== 0) {
        removed += hits
        this.count -= hits
        this.bytes -= hits * v.length
        const before = this.end - this.first
        this.settle(k, keep)
        if (!fromTail) rel += this.end - this.first - before + 1
        else rel--
      } else rel += fromTail ? -1 : 1
      if (limit !== 0 && removed >= limit) break
    }
    return removed
  }

  /** Keeps only elements start..end (within bounds, start <= end). */
  trim(start: number, end: number): void {
    this.dropHead(start)
    this.dropTail(this.count - 1 - (end - start))
  }

  /** Removes `m` elements from the head. */
  dropHead(m: number): void {
    this.dropEnd(m, false)
  }

  /** Removes `m` elements from the tail. */
  dropTail(m: number): void {
    this.dropEnd(m, true)
  }

  private dropEnd(m: number, tail: boolean): void {
    while (m > 0) {
      const at = tail ? this.end - 1 : this.first
      const n = this.nodes[at] as Node
      if (n.count <= m) {
        m -= n.count
        this.count -= n.count
        this.bytes -= n.bytes
        this.replace(at, 1, [])
      } else {
        const before = n.bytes
        if (tail) n.dropBack(m)
        else n.dropFront(m)
        this.count -= m
        this.bytes -= before - n.bytes
        m = 0
      }
    }
  }

  /** Calls `fn` with each element from the head (or the tail) until it returns false. */
  scan(fromTail: boolean, fn: (v: string) => boolean): void {
    if (!fromTail) {
      for (let k = this.first; k < this.end; k++) if (!(this.nodes[k] as Node).each(false, fn)) return
    } else {
      for (let k = this.end - 1; k >= this.first; k--) if (!(this.nodes[k] as Node).each(true, fn)) return
    }
  }

  // ---- nodes ----

  /** The node holding element `i` and the offset within it. */
  private locate(i: number): [number, number] {
    if (i * 2 < this.count) {
      let k = this.first
      for (;;) {
        const c = (this.nodes[k] as Node).count
        if (i < c) return [k, i]
        i -= c
        k++
      }
    }
    let k = this.end - 1
    let rest = this.count - 1 - i
    for (;;) {
      const c = (this.nodes[k] as Node).count
      if (rest < c) return [k, c - 1 - rest]
      rest -= c
      k--
    }
  }

  /** Node k now holds `values` (after a change in the middle): packed, open, or gone. */
  private settle(k: number, values: string[]): void {
    const n = this.nodes[k] as Node
    const atEnd = k === this.first || k === this.end - 1
    if (values.length === 0) this.replace(k, 1, [])
    else if (n.arr !== null && atEnd && values.length <= NODE_MAX) {
      let bytes = 0
      for (const v of values) bytes += v.length
      n.arr = values
      n.rev = false
      n.lo = 0
      n.count = values.length
      n.bytes = bytes
    } else this.replace(k, 1, pack(values))
  }

  private insertNodes(at: number, add: Node[]): void {
    if (at === this.first && this.first >= add.length) {
      for (let i = add.length - 1; i >= 0; i--) this.nodes[--this.first] = add[i]
      return
    }
    if (at === this.end) {
      for (const n of add) this.nodes[this.end++] = n
      return
    }
    this.replace(at, 0, add)
  }

  /** Replaces `del` nodes at index `at` with `add`, keeping headroom at the front for head pushes. */
  private replace(at: number, del: number, add: Node[]): void {
    if (add.length === del) {
      for (let i = 0; i < del; i++) this.nodes[at + i] = add[i]
      return
    }
    if (add.length === 0 && del === 1) {
      if (at === this.first) {
        this.nodes[this.first++] = undefined
        if (this.first === this.end) this.clearNodes()
        else if (this.first > 64 && this.first > (this.end - this.first) * 2) this.rebuild(this.first, 0, [])
        return
      }
      if (at === this.end - 1) {
        this.nodes[--this.end] = undefined
        if (this.first === this.end) this.clearNodes()
        return
      }
    }
    this.rebuild(at, del, add)
  }

  private clearNodes(): void {
    this.nodes = []
    this.first = this.end = 0
  }

  private rebuild(at: number, del: number, add: Node[]): void {
    const live = this.end - this.first
    const room = Math.max(4, live >> 1)
    const next: (Node | undefined)[] = new Array<Node | undefined>(room)
    for (let i = this.first; i < at; i++) next.push(this.nodes[i])
    for (const n of add) next.push(n)
    for (let i = at + del; i < this.end; i++) next.push(this.nodes[i])
    this.nodes = next
    this.first = room
    this.end = next.length
  }
}
