/**
 * Replies as redis-cli prints them on a terminal: `(integer) 1`, `"a"`,
 * `(nil)`, `(error) ERR ...`, numbered arrays (`1) "a"`) nested with
 * indentation, and the RESP3 types (`(double) 1.5`, `1# "k" => "v"`, `1~ ...`).
 */
import { formatDouble, type Reply } from '../src/index.js'

/** A byte string quoted as redis-cli does (sdscatrepr): escapes, and \xHH for anything not printable. */
export function quote(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const ch = s[i] as string
    if (ch === '\\' || ch === '"') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (c === 7) out += '\\a'
    else if (c === 8) out += '\\b'
    else if (c >= 32 && c < 127) out += ch
    else out += '\\x' + c.toString(16).padStart(2, '0')
  }
  return out + '"'
}

/** Lines of an aggregate: each element numbered, nested ones indented under their number. */
function aggregate(items: readonly Reply[], mark: string, prefix: string, pairs: boolean, proto: 2 | 3): string {
  const n = pairs ? items.length / 2 : items.length
  if (n === 0) return mark === ')' ? '(empty array)' : mark === '#' ? '(empty hash)' : '(empty set)'
  const width = String(n).length
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    const head = `${String(i + 1).padStart(width)}${mark} `
    const pad = prefix + ' '.repeat(head.length)
    const first = i === 0 ? '' : prefix
    if (pairs) {
      const k = formatReply(items[2 * i] as Reply, proto, pad)
      const v = formatReply(items[2 * i + 1] as Reply, proto, pad)
      lines.push(`${first}${head}${k} => ${v}`)
    } else lines.push(`${first}${head}${formatReply(items[i] as Reply, proto, pad)}`)
  }
  return lines.join('\n')
}

/**
 * One reply as redis-cli's TTY output in the session's protocol (RESP2 folds
 * doubles, maps and sets as the server would); `prefix` indents the lines
 * after the first.
 */
export function formatReply(r: Reply, proto: 2 | 3 = 2, prefix = ''): string {
  if (proto === 2) {
    if (r.t === 'double') return quote(formatDouble(r.v))
    if (r.t === 'bool') return `(integer) ${r.v ? 1 : 0}`
    if (r.t === 'bignum' || r.t === 'verbatim') return quote(r.v)
    if (r.t === 'map' || r.t === 'set' || r.t === 'push') return aggregate(r.v, ')', prefix, false, proto)
  }
  switch (r.t) {
    case 'simple':
      return r.v
    case 'error':
      return `(error) ${r.v}`
    case 'int':
      return `(integer) ${String(r.v)}`
    case 'bulk':
      return quote(r.v)
    case 'verbatim':
      return r.v
    case 'null':
      return '(nil)'
    case 'double':
      return `(double) ${formatDouble(r.v)}`
    case 'bool':
      return r.v ? '(true)' : '(false)'
    case 'bignum':
      return `(big number) ${r.v}`
    case 'bulks':
      return aggregate(
        r.v.map((s) => (s === null ? { t: 'null', arr: false } : { t: 'bulk', v: s })),
        ')',
        prefix,
        false,
        proto,
      )
    case 'array':
    case 'push':
      return aggregate(r.v, ')', prefix, false, proto)
    case 'set':
      return aggregate(r.v, '~', prefix, false, proto)
    case 'map':
      return aggregate(r.v, '#', prefix, true, proto)
  }
}
