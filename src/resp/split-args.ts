/** Inline command lines, split as redis-cli and Redis split them. */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

function hexVal(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87
}

/**
 * Splits an inline command line as redis-cli and Redis do (sdssplitargs):
 * "double quotes" with \n \r \t \b \a \xHH escapes, 'single quotes' with \'.
 * A NUL byte ends the line. Returns null on unbalanced quotes.
 */
export function splitArgs(buf: Uint8Array, start: number, end: number): string[] | null {
  const at = (i: number): number => (i < end ? (buf[i] as number) : 0)
  const out: string[] = []
  let p = start
  for (;;) {
    while (p < end && at(p) !== 0 && isSpace(at(p))) p++
    if (at(p) === 0) return out
    let inq = false
    let insq = false
    let cur = ''
    for (;;) {
      const c = at(p)
      if (inq) {
        if (c === 92 && at(p + 1) === 120 && isHex(at(p + 2)) && isHex(at(p + 3))) {
          cur += String.fromCharCode(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)))
          p += 3
        } else if (c === 92 && at(p + 1) !== 0) {
          p++
          const e = at(p)
          cur += e === 110 ? '\n' : e === 114 ? '\r' : e === 116 ? '\t' : e === 98 ? '\b' : e === 97 ? '\x07' : String.fromCharCode(e)
        } else if (c === 34) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null
          p++
          break
        } else if (c === 0) return null
        else cur += String.fromCharCode(c)
      } else if (insq) {
        if (c === 92 && at(p + 1) === 39) {
          p++
          cur += "'"
        } else if (c === 39) {
          if (at(p + 1) !== 0 && !isSpace(at(p + 1))) return null
          p++
          break
        } else if (c === 0) return null
        else cur += String.fromCharCode(c)
      } else {
        if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
          if (c !== 0) p++
          break
        }
        if (c === 34) inq = true
        else if (c === 39) insq = true
        else cur += String.fromCharCode(c)
      }
      p++
    }
    out.push(cur)
  }
}
