/**
 * Redis glob matching (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET): `*`, `?`,
 * `[abc]`, `[^a-z]`, `\x`. Ranges compare bytes as C's signed char, as Redis
 * does, and a `*` that has failed stops longer matches of earlier stars.
 */

function signed(c: number): number {
  return c >= 128 ? c - 256 : c
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

interface MatchState {
  skipLonger: boolean
}

function matchImpl(p: string, pi: number, s: string, si: number, nocase: boolean, st: MatchState, nesting: number): boolean {
  if (nesting > 1000) return false
  const pn = p.length
  const sn = s.length
  // a char beyond the end reads as C's terminating NUL
  const pat = (i: number): number => (i < pn ? p.charCodeAt(i) : 0)
  while (pi < pn && si < sn) {
    const pc = p.charCodeAt(pi)
    if (pc === 42 /* * */) {
      while (pi + 1 < pn && p.charCodeAt(pi + 1) === 42) pi++
      if (pi + 1 === pn) return true
      while (si < sn) {
        if (matchImpl(p, pi + 1, s, si, nocase, st, nesting + 1)) return true
        if (st.skipLonger) return false
        si++
      }
      st.skipLonger = true
      return false
    } else if (pc === 63 /* ? */) {
      si++
    } else if (pc === 91 /* [ */) {
      pi++
      const not = pat(pi) === 94 /* ^ */
      if (not) pi++
      let match = false
      const sc = s.charCodeAt(si)
      for (;;) {
        const c = pat(pi)
        if (c === 92 /* \ */ && pn - pi >= 2) {
          pi++
          if (pat(pi) === sc) match = true
        } else if (c === 93 /* ] */) {
          break
        } else if (pi >= pn) {
          pi--
          break
        } else if (pn - pi >= 3 && pat(pi + 1) === 45 /* - */) {
          let start = signed(pat(pi))
          let end = signed(pat(pi + 2))
          let ch = signed(sc)
          if (start > end) {
            const t = start
            start = end
            end = t
          }
          if (nocase) {
            start = lower(start)
            end = lower(end)
            ch = lower(ch)
          }
          pi += 2
          if (ch >= start && ch <= end) match = true
        } else if (nocase ? lower(c) === lower(sc) : c === sc) {
          match = true
        }
        pi++
      }
      if (not) match = !match
      if (!match) return false
      si++
    } else {
      if (pc === 92 /* \ */ && pn - pi >= 2) pi++
      const c = p.charCodeAt(pi)
      const sc = s.charCodeAt(si)
      if (nocase ? lower(c) !== lower(sc) : c !== sc) return false
      si++
    }
    pi++
    if (si === sn) {
      while (pat(pi) === 42) pi++
      break
    }
  }
  return pi >= pn && si === sn
}

/** True when `s` matches the Redis glob `pattern`. */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  return matchImpl(pattern, 0, s, 0, nocase, { skipLonger: false }, 0)
}

/** A matcher for one pattern, with a fast path for `*` and for patterns with no special chars. */
export function compileGlob(pattern: string, nocase = false): (s: string) => boolean {
  if (pattern === '*') return () => true
  if (!/[*?[\\]/.test(pattern)) {
    if (!nocase) return (s) => s === pattern
    const lp = pattern.toLowerCase()
    return (s) => s.length === pattern.length && s.toLowerCase() === lp
  }
  return (s) => globMatch(pattern, s, nocase)
}
