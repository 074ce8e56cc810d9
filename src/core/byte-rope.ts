/**
 * A mutable byte buffer that hands out an equal byte string after each batch
 * of writes in O(chunk + log n), for bit commands on large strings.
 *
 * Strings are immutable, so changing one byte of a stored value normally costs
 * a copy of the whole value (SETBIT on a 1 MB bitmap: about 1 ms). Here the
 * bytes live in a Uint8Array and the string is kept as a balanced tree of
 * 1 KB leaf strings joined by concatenation (V8 keeps such joins as rope
 * nodes without copying). A write rebuilds one leaf and the joins above it.
 * Whoever reads the resulting string sees an ordinary string; the engine
 * flattens it once when it needs the bytes.
 */
import { fromBytes } from './bytes.js'

const LEAF_SHIFT = 10
const LEAF = 1 << LEAF_SHIFT

export class ByteRope {
  /** The bytes; `capacity >= length`, zero beyond `length`. */
  bytes: Uint8Array
  length: number
  /** Leaf capacity of the tree (a power of two). */
  private leafCap = 1
  /** Heap-ordered tree: nodes[leafCap + i] is leaf i, nodes[1] the whole string. */
  private nodes: string[] = ['', '']
  private dirty: number[] = []
  private dirtyMark: Uint8Array = new Uint8Array(1)
  /** The string equal to the bytes as of the last `commit`. */
  value: string

  constructor(s: string) {
    const n = s.length
    this.bytes = new Uint8Array(Math.max(LEAF, n))
    for (let i = 0; i < n; i++) this.bytes[i] = s.charCodeAt(i)
    this.length = n
    this.build()
    // the caller's string equals the tree's; keep the caller's (it may be flat already)
    this.value = s
  }

  private build(): void {
    const leaves = Math.max(1, Math.ceil(this.length / LEAF))
    let cap = 1
    while (cap < leaves) cap *= 2
    this.leafCap = cap
    const nodes: string[] = new Array(2 * cap).fill('')
    for (let i = 0; i < leaves; i++) nodes[cap + i] = this.leaf(i)
    for (let k = cap - 1; k >= 1; k--) nodes[k] = (nodes[2 * k] as string) + (nodes[2 * k + 1] as string)
    this.nodes = nodes
    this.dirty = []
    this.dirtyMark = new Uint8Array(cap)
    this.value = nodes[1] as string
  }

  private leaf(i: number): string {
    const start = i << LEAF_SHIFT
    const end = Math.min(this.length, start + LEAF)
    if (end <= start) return ''
    return fromBytes(this.bytes.subarray(start, end))
  }

  /** Sets one byte (within `length`); call `commit` after the batch. */
  set(i: number, byte: number): void {
    this.bytes[i] = byte
    this.touch(i >> LEAF_SHIFT)
  }

  private touch(leaf: number): void {
    if (this.dirtyMark[leaf] === 0) {
      this.dirtyMark[leaf] = 1
      this.dirty.push(leaf)
    }
  }

  /** Extends to `n` bytes with zeros. */
  grow(n: number): void {
    if (n <= this.length) return
    if (n > this.bytes.length) {
      const next = new Uint8Array(Math.max(n, this.bytes.length * 2))
      next.set(this.bytes.subarray(0, this.length))
      this.bytes = next
    }
    const old = this.length
    this.length = n
    if (Math.ceil(n / LEAF) > this.leafCap) {
      this.build()
      return
    }
    for (let leaf = old >> LEAF_SHIFT; leaf <= (n - 1) >> LEAF_SHIFT; leaf++) this.touch(leaf)
  }

  /** Rebuilds the changed leaves and the joins above them; returns the new string. */
  commit(): string {
    const dirty = this.dirty
    if (dirty.length === 0) return this.value
    const nodes = this.nodes
    const cap = this.leafCap
    for (const leaf of dirty) {
      this.dirtyMark[leaf] = 0
      nodes[cap + leaf] = this.leaf(leaf)
    }
    // parents level by level, each once
    let level = dirty.map((l) => (cap + l) >> 1)
    while (level.length !== 0 && level[0] !== 0) {
      const next: number[] = []
      let prev = -1
      for (const k of level.sort((a, b) => a - b)) {
        if (k === prev) continue
        prev = k
        nodes[k] = (nodes[2 * k] as string) + (nodes[2 * k + 1] as string)
        if (k > 1) next.push(k >> 1)
      }
      level = next
    }
    this.dirty = []
    this.value = nodes[1] as string
    return this.value
  }
}
