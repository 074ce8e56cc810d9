/**
 * LZF (liblzf 3.x) as Redis builds it: HLOG 16, VERY_FAST, hash slots holding
 * offsets into the input. The compressor follows the same match search so that
 * its output equals Redis's byte for byte; `null` means "does not fit in
 * `maxOut` bytes", as lzf_compress returns 0.
 */
const HSIZE = 1 << 16
const MAX_LIT = 32
const MAX_OFF = 1 << 13
const MAX_REF = (1 << 8) + (1 << 3)

const htab = new Int32Array(HSIZE)
/** The call that last wrote each slot: a slot from an older call reads as 0, as if the table were cleared per call. */
const stamp = new Int32Array(HSIZE)
let generation = 0

function idx(h: number): number {
  return ((h >>> 8) - Math.imul(h, 5)) & (HSIZE - 1)
}

export function lzfCompress(s: string, maxOut: number): string | null {
  const n = s.length
  if (n === 0 || maxOut <= 0) return null
  const src = new Uint8Array(n)
  for (let i = 0; i < n; i++) src[i] = s.charCodeAt(i)
  const out = new Uint8Array(maxOut + 16)
  const outEnd = maxOut
  // clearing 256 KB per call would dominate short strings (SAVE compresses every value over 20 bytes)
  if (++generation === 0x7fffffff) {
    stamp.fill(0)
    generation = 1
  }
  const gen = generation
  let ip = 0
  let op = 1
  let lit = 0
  let hval = n > 1 ? (((src[0] as number) << 8) | (src[1] as number)) : 0
  while (ip < n - 2) {
    hval = ((hval << 8) | (src[ip + 2] as number)) >>> 0
    const slot = idx(hval)
    const ref = stamp[slot] === gen ? (htab[slot] as number) : 0
    htab[slot] = ip
    stamp[slot] = gen
    const off = ip - ref - 1
    if (
      ref > 0 && off >= 0 && off < MAX_OFF &&
      src[ref + 2] === src[ip + 2] && src[ref] === src[ip] && src[ref + 1] === src[ip + 1]
    ) {
      let len = 2
      let maxlen = n - ip - len
      if (maxlen > MAX_REF) maxlen = MAX_REF
      if (op + 4 >= outEnd && op - (lit === 0 ? 1 : 0) + 4 >= outEnd) return null
      out[op - lit - 1] = (lit - 1) & 0xff
      if (lit === 0) op--
      let done = false
      if (maxlen > 16) {
        // liblzf unrolls 16 steps without the maxlen test
        for (let k = 0; k < 16; k++) {
          len++
          if (src[ref + len] !== src[ip + len]) {
            done = true
            break
          }
        }
      }
      if (!done) {
        do len++
        while (len < maxlen && src[ref + len] === src[ip + len])
      }
      len -= 2
      ip++
      if (len < 7) out[op++] = (off >> 8) + (len << 5)
      else {
        out[op++] = (off >> 8) + (7 << 5)
        out[op++] = len - 7
      }
      out[op++] = off & 0xff
      lit = 0
      op++
      ip += len + 1
      if (ip >= n - 2) break
      ip -= 2
      hval = (((src[ip] as number) << 8) | (src[ip + 1] as number)) >>> 0
      hval = ((hval << 8) | (src[ip + 2] as number)) >>> 0
      let h = idx(hval)
      htab[h] = ip
      stamp[h] = gen
      ip++
      hval = ((hval << 8) | (src[ip + 2] as number)) >>> 0
      h = idx(hval)
      htab[h] = ip
      stamp[h] = gen
      ip++
    } else {
      if (op >= outEnd) return null
      lit++
      out[op++] = src[ip++] as number
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1
        lit = 0
        op++
      }
    }
  }
  if (op + 3 > outEnd) return null
  while (ip < n) {
    lit++
    out[op++] = src[ip++] as number
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1
      lit = 0
      op++
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff
  if (lit === 0) op--
  let r = ''
  for (let i = 0; i < op; i += 8192) {
    r += String.fromCharCode.apply(null, out.subarray(i, Math.min(op, i + 8192)) as unknown as number[])
  }
  return r
}

/** Decompresses to exactly `outLen` bytes, or null when the data is malformed. */
export function lzfDecompress(s: string, outLen: number): string | null {
  const out = new Uint8Array(outLen)
  let op = 0
  let ip = 0
  const n = s.length
  while (ip < n) {
    const ctrl = s.charCodeAt(ip++)
    if (ctrl < 32) {
      const run = ctrl + 1
      if (op + run > outLen || ip + run > n) return null
      for (let k = 0; k < run; k++) out[op++] = s.charCodeAt(ip++)
    } else {
      let len = ctrl >> 5
      if (len === 7) {
        if (ip >= n) return null
        len += s.charCodeAt(ip++)
      }
      if (ip >= n) return null
      let ref = op - ((ctrl & 0x1f) << 8) - 1 - s.charCodeAt(ip++)
      len += 2
      if (op + len > outLen || ref < 0) return null
      for (let k = 0; k < len; k++) out[op++] = out[ref++] as number
    }
  }
  if (op !== outLen) return null
  let r = ''
  for (let i = 0; i < op; i += 8192) {
    r += String.fromCharCode.apply(null, out.subarray(i, Math.min(op, i + 8192)) as unknown as number[])
  }
  return r
}
