/**
 * Reads ioredis 6's command typings (RedisCommander.d.ts) into overloads:
 * for each method, the parameters of each signature, without the callback.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface Param {
  readonly name: string
  /** The type as written: `RedisKey`, `number | string`, `'EX'`, `(RedisKey)[]`... */
  readonly type: string
  /** A literal token (`'EX'`): its text. */
  readonly token: string | null
  /** `...keys: (RedisKey)[]`: spread, any count. */
  readonly rest: boolean
  /** `keys: (RedisKey)[]`: one array argument. */
  readonly array: boolean
}

export interface Overload {
  readonly method: string
  readonly params: readonly Param[]
  /** The signature line, for messages. */
  readonly text: string
}

/** Splits at top-level commas (outside <>, [], (), quotes). */
function splitTop(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote = ''
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    if (quote) {
      if (c === quote) quote = ''
    } else if (c === "'" || c === '"') quote = c
    else if (c === '<' || c === '[' || c === '(') depth++
    else if (c === '>' || c === ']' || c === ')') depth--
    else if (c === ',' && depth === 0) {
      out.push(cur.trim())
      cur = ''
      continue
    }
    cur += c
  }
  if (cur.trim() !== '') out.push(cur.trim())
  return out
}

/** The text between the parentheses that open at `open`. */
function balanced(s: string, open: number): string {
  let depth = 0
  for (let i = open; i < s.length; i++) {
    const c = s[i]
    if (c === '(') depth++
    else if (c === ')') {
      depth--
      if (depth === 0) return s.slice(open + 1, i)
    }
  }
  throw new Error(`unbalanced: ${s}`)
}

function parseParam(p: string): Param | null {
  const m = /^(\.\.\.)?([A-Za-z0-9_]+)\??:\s*([\s\S]+)$/.exec(p)
  if (m === null) throw new Error(`cannot parse parameter: ${p}`)
  const [, spread, name, rawType] = m as unknown as [string, string | undefined, string, string]
  const type = rawType.trim()
  if (type.startsWith('Callback')) return null
  const token = /^'([^']*)'$/.exec(type)?.[1] ?? null
  const isArray = /\[\]$/.test(type)
  return { name, type, token, rest: spread !== undefined && isArray, array: spread === undefined && isArray }
}

export function ioredisTypingsPath(): string {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('ioredis/package.json')), 'built', 'utils', 'RedisCommander.d.ts')
}

/** Every overload of every command method (Buffer twins left out: they take the same arguments). */
export function readOverloads(path = ioredisTypingsPath()): Map<string, Overload[]> {
  const out = new Map<string, Overload[]>()
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^ {4}([a-z_]+)\(/.exec(line)
    if (m === null || !line.includes('): Result<')) continue
    const method = m[1] as string
    if (method === 'call') continue
    const inner = balanced(line, line.indexOf('('))
    let parts = splitTop(inner)
    // `...args: [a: A, ...b: B[], callback: C]`: the tuple's elements are the parameters
    if (parts.length === 1 && /^\.\.\.args:\s*\[/.test(parts[0] as string)) {
      const tuple = (parts[0] as string).replace(/^\.\.\.args:\s*\[/, '').replace(/\]$/, '')
      parts = splitTop(tuple)
    }
    const params: Param[] = []
    for (const p of parts) {
      const param = parseParam(p)
      if (param !== null) params.push(param)
    }
    const list = out.get(method) ?? []
    // the typings repeat some signatures (differing only in the callback's type)
    const key = params.map((p) => `${p.rest ? '...' : ''}${p.name}:${p.type}`).join(',')
    if (!list.some((o) => o.params.map((p) => `${p.rest ? '...' : ''}${p.name}:${p.type}`).join(',') === key)) {
      list.push({ method, params, text: line.trim() })
    }
    out.set(method, list)
  }
  return out
}
