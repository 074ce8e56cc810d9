/**
 * Byte strings: JS strings holding one byte (0-255) per char. These helpers
 * convert at the edges; the core never uses TextEncoder (QuickJS lacks it).
 */

/** True when every char is below 0x80, so the string is its own UTF-8 encoding. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false
  return true
}

/** Encodes a JS string as UTF-8, returning a byte string. Lone surrogates become U+FFFD. */
export function utf8Encode(s: string): string {
  if (isAscii(s)) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      out += String.fromCharCode(c)
      continue
    }
    if (c < 0x800) {
      out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 0x3f))
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
        out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f))
        continue
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f))
  }
  return out
}

/** Decodes a UTF-8 byte string to a JS string; invalid sequences become U+FFFD, as TextDecoder does. */
export function utf8Decode(b: string): string {
  if (isAscii(b)) return b
  let out = ''
  const n = b.length
  let i = 0
  while (i < n) {
    const c = b.charCodeAt(i)
    if (c < 0x80) {
      out += b[i]
      i++
      continue
    }
    let need = 0
    let cp = 0
    let lo = 0x80
    let hi = 0xbf
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1
      cp = c & 0x1f
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      cp = c & 0x0f
      if (c === 0xe0) lo = 0xa0
      if (c === 0xed) hi = 0x9f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      cp = c & 0x07
      if (c === 0xf0) lo = 0x90
      if (c === 0xf4) hi = 0x8f
    } else {
      out += '\ufffd'
      i++
      continue
    }
    let j = i + 1
    let ok = true
    for (let k = 0; k < need; k++, j++) {
      const d = j < n ? b.charCodeAt(j) : -1
      if (d < lo || d > hi) {
        ok = false
        break
      }
      lo = 0x80
      hi = 0xbf
      cp = (cp << 6) | (d & 0x3f)
    }
    if (!ok) {
      out += '\ufffd'
      i = j
      continue
    }
    out += String.fromCodePoint(cp)
    i = j
  }
  return out
}

/** Copies bytes into a byte string. */
export function fromBytes(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(bytes.length, i + 8192)) as unknown as number[])
  }
  return s
}

/** Copies a byte string into bytes. */
export function toBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}
