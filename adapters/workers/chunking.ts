/**
 * Content-defined chunking for large values. A value's codec blob is cut where a
 * rolling (gear) hash of its bytes hits a pattern, so an edit in the middle of a
 * big collection changes the one or two chunks around it, not every chunk after
 * it. Chunks are stored by a hash of their content: rewriting a value writes
 * only the chunks that are new.
 */

/** Chunks are at least this long (except the last)... */
export const CHUNK_MIN = 16 * 1024
/** ...at most this long (a Durable Object row holds at most 2 MB)... */
export const CHUNK_MAX = 256 * 1024
/**
 * ...and about 16 KiB + 64 KiB on average: a cut where the hash's top 16 bits
 * are zero (the top bits depend on the last 32 bytes, the low ones on fewer).
 */
const MASK = 0xffff0000

const GEAR = new Uint32Array(256)
{
  // a fixed xorshift sequence: chunk boundaries must never change between versions
  let x = 0x9e3779b9
  for (let i = 0; i < 256; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    GEAR[i] = x >>> 0
  }
}

/** End offsets of the chunks of `bytes`. */
export function chunkBoundaries(bytes: Uint8Array): number[] {
  const out: number[] = []
  const n = bytes.length
  let start = 0
  while (start < n) {
    const limit = Math.min(n, start + CHUNK_MAX)
    let i = start + CHUNK_MIN
    if (i >= limit) {
      out.push(limit)
      start = limit
      continue
    }
    let h = 0
    for (; i < limit; i++) {
      h = ((h << 1) + (GEAR[bytes[i] as number] as number)) | 0
      if ((h & MASK) === 0) {
        i++
        break
      }
    }
    out.push(i)
    start = i
  }
  return out
}

/**
 * A 52-bit content hash (two 32-bit FNV-style lanes), exact as a JS number and
 * as an SQLite INTEGER. Ids only need to differ between the chunks of one key.
 */
export function chunkId(bytes: Uint8Array, from: number, to: number): number {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ (to - from)
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995)
    b ^= b >>> 15
  }
  return (a >>> 0) + ((b >>> 12) & 0xfffff) * 0x100000000
}

export interface Chunk {
  readonly id: number
  readonly from: number
  readonly to: number
}

/** The chunks of a blob, in order (an id may repeat when content repeats). */
export function splitChunks(bytes: Uint8Array): Chunk[] {
  const out: Chunk[] = []
  let from = 0
  for (const to of chunkBoundaries(bytes)) {
    out.push({ id: chunkId(bytes, from, to), from, to })
    from = to
  }
  return out
}
