/**
 * The nodes of a list (see list.ts): an open node is an array that takes pushes
 * at one end; a packed node is one byte string holding each element as
 * [length][bytes][length reversed], read from either end without copying.
 */

/** A node fills up at this many elements or payload bytes (Redis's default 8 KB nodes). */
export const NODE_MAX = 128
const NODE_MAX_BYTES = 8192
/** Elements this long stay unpacked in a node of their own: packing them would only copy. */
const LARGE = 4096

const CH: string[] = []
for (let i = 0; i < 256; i++) CH.push(String.fromCharCode(i))

/** The length prefix: base-128 digits, low first, the high bit marking "more". */
function lenPrefix(len: number): string {
  if (len < 128) return CH[len] as string
  let s = ''
  while (len >= 128) {
    s += CH[(len & 127) | 128]
    len = Math.floor(len / 128)
  }
  return s + CH[len]
}

function reversed(s: string): string {
  let r = ''
  for (let i = s.length - 1; i >= 0; i--) r += s[i]
  return r
}

export class Node {
  constructor(
    /** Open node: elements at [lo, arr.length), in reverse order when `rev`. Packed node: null. */
    public arr: (string | undefined)[] | null,
    public rev: boolean,
    /** Packed node: the entries in data[lo, hi). */
    public data: string,
    public lo: number,
    public hi: number,
    public count: number,
    public bytes: number,
  ) {}

  static open(values: (string | undefined)[], rev: boolean, bytes: number): Node {
    return new Node(values, rev, '', 0, 0, values.length, bytes)
  }

  get full(): boolean {
    return this.count >= NODE_MAX || this.bytes >= NODE_MAX_BYTES
  }

  canPushFront(): boolean {
    return this.arr !== null && (this.rev || this.lo > 0) && !this.full
  }

  canPushBack(): boolean {
    return this.arr !== null && (!this.rev || this.lo > 0) && !this.full
  }

  pushFront(v: string): void {
    const arr = this.arr as (string | undefined)[]
    if (this.rev) arr.push(v)
    else arr[--this.lo] = v
    this.count++
    this.bytes += v.length
  }

  pushBack(v: string): void {
    const arr = this.arr as (string | undefined)[]
    if (this.rev) arr[--this.lo] = v
    else arr.push(v)
    this.count++
    this.bytes += v.length
  }

  popFront(): string {
    let v: string
    const arr = this.arr
    if (arr === null) {
      const d = this.data
      let p = this.lo
      let c = d.charCodeAt(p++)
      let len = c & 127
      for (let mul = 128; c & 128; mul *= 128) {
        c = d.charCodeAt(p++)
        len += (c & 127) * mul
      }
      v = d.slice(p, p + len)
      this.lo = p + len + (p - this.lo)
    } else if (this.rev) v = arr.pop() as string
    else v = this.takeLow()
    this.count--
    this.bytes -= v.length
    return v
  }

  popBack(): string {
    let v: string
    const arr = this.arr
    if (arr === null) {
      const d = this.data
      let p = this.hi - 1
      let c = d.charCodeAt(p--)
      let len = c & 127
      for (let mul = 128; c & 128; mul *= 128) {
        c = d.charCodeAt(p--)
        len += (c & 127) * mul
      }
      const end = p + 1
      v = d.slice(end - len, end)
      this.hi = end - len - (this.hi - end)
    } else if (this.rev) v = this.takeLow()
    else v = arr.pop() as string
    this.count--
    this.bytes -= v.length
    return v
  }

  /** Takes arr[lo] of an open node; compacts once half the array is dead. */
  private takeLow(): string {
    const arr = this.arr as (string | undefined)[]
    const v = arr[this.lo] as string
    arr[this.lo++] = undefined
    if (this.lo >= 32 && this.lo * 2 >= arr.length) {
      this.arr = arr.slice(this.lo)
      this.lo = 0
    }
    return v
  }

  /** Drops `m` elements (< count) from the front without reading them. */
  dropFront(m: number): void {
    const arr = this.arr
    if (arr === null) {
      let p = this.lo
      for (let i = 0; i < m; i++) {
        const [len, q] = readLen(this.data, p)
        this.bytes -= len
        p = q + len + (q - p)
      }
      this.lo = p
    } else {
      for (let i = 0; i < m; i++) this.bytes -= (this.rev ? (this.arr as string[]).pop() : this.takeLow())?.length ?? 0
    }
    this.count -= m
  }

  /** Drops `m` elements (< count) from the back without reading them. */
  dropBack(m: number): void {
    const arr = this.arr
    if (arr === null) {
      let end = this.hi
      for (let i = 0; i < m; i++) {
        const [len, start] = readLenBack(this.data, end)
        this.bytes -= len
        end = start - len - (end - start)
      }
      this.hi = end
    } else {
      for (let i = 0; i < m; i++) this.bytes -= (this.rev ? this.takeLow() : (this.arr as string[]).pop())?.length ?? 0
    }
    this.count -= m
  }

  /** The elements in list order. */
  toArray(): string[] {
    const out: string[] = []
    this.read(0, this.count, out)
    return out
  }

  /** Appends `k` elements from offset `from`, in list order, to `out`. */
  read(from: number, k: number, out: string[]): void {
    const arr = this.arr
    if (arr === null) {
      const d = this.data
      let p = this.skip(from)
      for (let i = 0; i < k; i++) {
        const [len, q] = readLen(d, p)
        out.push(d.slice(q, q + len))
        p = q + len + (q - p)
      }
    } else if (this.rev) {
      for (let i = arr.length - 1 - from, n = 0; n < k; i--, n++) out.push(arr[i] as string)
    } else {
      for (let i = this.lo + from, n = 0; n < k; i++, n++) out.push(arr[i] as string)
    }
  }

  /** Packed node: the data offset of element `i`. */
  private skip(i: number): number {
    let p = this.lo
    for (; i > 0; i--) {
      const [len, q] = readLen(this.data, p)
      p = q + len + (q - p)
    }
    return p
  }

  get(i: number): string {
    const arr = this.arr
    if (arr !== null) return (this.rev ? arr[arr.length - 1 - i] : arr[this.lo + i]) as string
    const d = this.data
    if (i * 2 < this.count) {
      const [len, q] = readLen(d, this.skip(i))
      return d.slice(q, q + len)
    }
    let end = this.hi
    for (let n = this.count - 1 - i; n > 0; n--) {
      const [len, start] = readLenBack(d, end)
      end = start - len - (end - start)
    }
    const [len, start] = readLenBack(d, end)
    return d.slice(start - len, start)
  }

  /** Calls `fn` with each element in list order (or reversed), until it returns false. */
  each(reverse: boolean, fn: (v: string) => boolean): boolean {
    const arr = this.arr
    if (arr !== null) {
      const fwd = this.rev === reverse
      if (fwd) {
        for (let i = this.lo; i < arr.length; i++) if (!fn(arr[i] as string)) return false
      } else {
        for (let i = arr.length - 1; i >= this.lo; i--) if (!fn(arr[i] as string)) return false
      }
      return true
    }
    const d = this.data
    if (!reverse) {
      for (let p = this.lo; p < this.hi; ) {
        const [len, q] = readLen(d, p)
        if (!fn(d.slice(q, q + len))) return false
        p = q + len + (q - p)
      }
    } else {
      for (let end = this.hi; end > this.lo; ) {
        const [len, start] = readLenBack(d, end)
        if (!fn(d.slice(start - len, start))) return false
        end = start - len - (end - start)
      }
    }
    return true
  }

  /** A packed node certainly lacks `v` when its bytes do not contain it (a cheap filter). */
  mayContain(v: string): boolean {
    if (this.arr !== null) return true
    const at = this.data.indexOf(v, this.lo)
    return at >= 0 && at < this.hi
  }

  clone(): Node {
    return new Node(this.arr === null ? null : this.arr.slice(), this.rev, this.data, this.lo, this.hi, this.count, this.bytes)
  }
}

/** Reads a length prefix at `p`: [length, offset of the bytes]. */
function readLen(d: string, p: number): [number, number] {
  let c = d.charCodeAt(p++)
  let len = c & 127
  for (let mul = 128; c & 128; mul *= 128) {
    c = d.charCodeAt(p++)
    len += (c & 127) * mul
  }
  return [len, p]
}

/** Reads the reversed length suffix ending at `end`: [length, offset just past the bytes]. */
function readLenBack(d: string, end: number): [number, number] {
  let p = end - 1
  let c = d.charCodeAt(p--)
  let len = c & 127
  for (let mul = 128; c & 128; mul *= 128) {
    c = d.charCodeAt(p--)
    len += (c & 127) * mul
  }
  return [len, p + 1]
}

/** Packs elements into nodes of at most NODE_MAX elements or about NODE_MAX_BYTES. */
export function pack(values: readonly string[]): Node[] {
  const out: Node[] = []
  let parts: string[] = []
  let count = 0
  let bytes = 0
  const flush = (): void => {
    if (count === 0) return
    const data = parts.join('')
    out.push(new Node(null, false, data, 0, data.length, count, bytes))
    parts = []
    count = bytes = 0
  }
  for (const v of values) {
    if (v.length >= LARGE) {
      flush()
      out.push(Node.open([v], false, v.length))
      continue
    }
    const pre = lenPrefix(v.length)
    parts.push(pre, v, pre.length === 1 ? pre : reversed(pre))
    count++
    bytes += v.length
    if (count >= NODE_MAX || bytes >= NODE_MAX_BYTES) flush()
  }
  flush()
  return out
}
