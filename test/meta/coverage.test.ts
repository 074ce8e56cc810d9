/**
 * Error-path coverage of the data-type commands, beyond `commands.test.ts`
 * (which checks that every command has a differential case, an error case, and a
 * case for each declared option): every error a data-type group's code can raise
 * (the constants of `errors.ts` its files reference) must be produced by some
 * differential case of that group. The cases are replayed on an in-process
 * engine: the literal `d.same*('CMD', ...)` calls of each test, in order (calls
 * with computed arguments are left out, so a path tested only that way counts as
 * missing: give it a literal case). And the differential fuzzer
 * (test/helpers/fuzz) must generate every command of these groups.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { allCommands } from '../../src/commands/table.js'
import * as errors from '../../src/errors.js'
import { testEngine } from '../helpers/engine.js'

const root = join(import.meta.dirname, '..', '..')

/** Group → its source files under src/commands and its differential test files. */
const GROUPS: Record<string, { src: RegExp; tests: RegExp }> = {
  hash: { src: /^hash\.ts$/, tests: /^hash\.test\.ts$/ },
  list: { src: /^list(-[a-z]+)?\.ts$/, tests: /^list(-[a-z]+)?\.test\.ts$/ },
  set: { src: /^set(-[a-z]+)?\.ts$/, tests: /^set(-[a-z]+)?\.test\.ts$/ },
  'sorted-set': { src: /^sorted-set(-[a-z]+)?\.ts$/, tests: /^sorted-set(-[a-z]+)?\.test\.ts$/ },
}

const read = (dir: string, re: RegExp): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => re.test(f))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'))

/** The reply text (or its fixed prefix, for messages with parameters) of `Obj.name` in errors.ts. */
function errorText(obj: string, name: string): string | null {
  const table = (errors as unknown as Record<string, Record<string, unknown>>)[obj]
  const v = table?.[name]
  if (typeof v === 'string') return v
  if (typeof v === 'function') {
    const marker = '\u0001'
    const s = String((v as (...a: string[]) => unknown)(marker, marker, marker))
    return s.slice(0, s.indexOf(marker))
  }
  return null
}

/** `Err.x`, `HashErr.y`... referenced by the sources. */
function referencedErrors(sources: string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const src of sources) {
    for (const m of src.matchAll(/\b([A-Z][A-Za-z]*Err|Err)\.([a-zA-Z]+)\b/g)) {
      const text = errorText(m[1] as string, m[2] as string)
      if (text !== null) out.set(`${m[1]}.${m[2]}`, text)
    }
  }
  return out
}

type Value = string | Value[]
type Env = ReadonlyMap<string, Value>

/**
 * Reads a JS expression list made of literals: strings (with escapes), template strings,
 * numbers, arrays, names bound in `env`, and spreads of arrays (`...x`, `...(x as T)`).
 * Null when anything else is in it (a computed argument).
 */
export function literalArgs(src: string, env: Env = new Map()): Value[] | null {
  let i = 0
  const space = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++
  }
  const str = (q: string): string | null => {
    let s = ''
    i++
    while (i < src.length && src[i] !== q) {
      const ch = src[i] as string
      if (ch === '\\') {
        const e = src[i + 1]
        if (e === 'x') {
          s += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16))
          i += 4
          continue
        }
        s += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '0' ? '\0' : (e ?? '')
        i += 2
      } else if (q === '`' && ch === '$' && src[i + 1] === '{') {
        const close = src.indexOf('}', i)
        const v = env.get(src.slice(i + 2, close).trim())
        if (typeof v !== 'string') return null
        s += v
        i = close + 1
      } else {
        s += ch
        i++
      }
    }
    if (i >= src.length) return null
    i++
    return s
  }
  const value = (): Value | null => {
    space()
    const c = src[i]
    if (c === "'" || c === '"' || c === '`') return str(c)
    if (c === '[') {
      i++
      const items = list(']')
      return items
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i))
    if (num) {
      i += num[0].length
      return num[0]
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(src.slice(i))
    if (name && env.has(name[0])) {
      i += name[0].length
      return env.get(name[0]) as Value
    }
    return null
  }
  /** Items up to `close` (or the end of the input when close is ''). */
  const list = (close: string): Value[] | null => {
    const out: Value[] = []
    for (;;) {
      space()
      if (i >= src.length) return close === '' ? out : null
      if (src[i] === close) {
        i++
        return out
      }
      if (src.startsWith('...', i)) {
        i += 3
        space()
        const paren = src[i] === '('
        if (paren) i++
        const v = value()
        if (!Array.isArray(v)) return null
        if (paren) {
          const end = src.indexOf(')', i)
          if (end < 0) return null
          i = end + 1
        }
        out.push(...v)
      } else {
        const v = value()
        if (v === null) return null
        out.push(v)
      }
      space()
      if (src[i] === ',') i++
      else if (i < src.length && src[i] !== close) return null
    }
  }
  return list('')
}

const CALL = /\.(same|sameSorted|sameError|sameShape|sameApprox|both)\((.*)\)\s*$/

/**
 * The literal calls of each test block of a differential file, in order, with simple loops
 * (`for (const x of [...]) await d.same(..., x)`, one line or a braced block, over an array
 * literal or a `const` array) unrolled.
 */
function literalCalls(file: string): string[][][] {
  return file.split(/\btest\(/).map((block) => {
    const calls: string[][] = []
    const env = new Map<string, Value>()
    const lines = block.split('\n')
    const callsIn = (line: string, scope: Env): void => {
      const m = CALL.exec(line)
      if (!m) return
      const args = literalArgs(m[2] as string, scope)
      if (args === null || args.length === 0 || !args.every((a) => typeof a === 'string')) return
      calls.push(m[1] === 'sameApprox' ? (args.slice(1) as string[]) : (args as string[]))
    }
    for (let n = 0; n < lines.length; n++) {
      let line = lines[n] as string
      const decl = /^\s*const (\w+) = (\[.*)$/.exec(line)
      if (decl) {
        let text = decl[2] as string
        while (!/\]\s*$/.test(text) && n + 1 < lines.length) text += '\n' + lines[++n]
        const v = literalArgs(text, env)
        if (v !== null && v.length === 1) env.set(decl[1] as string, v[0] as Value)
        continue
      }
      const loop = /^\s*for \(const (\w+) of (.*?)\) (.*)$/.exec(line)
      if (loop) {
        const over = literalArgs(loop[2] as string, env)
        const body: string[] = []
        if ((loop[3] as string).trim() === '{') {
          while (n + 1 < lines.length && !/^\s*\}\s*$/.test((line = lines[++n] as string))) body.push(line)
        } else body.push(loop[3] as string)
        if (over === null || over.length !== 1 || !Array.isArray(over[0])) continue
        for (const item of over[0]) for (const b of body) callsIn(b, new Map([...env, [loop[1] as string, item]]))
        continue
      }
      callsIn(line, env)
    }
    return calls
  })
}

/** Every error reply the literal differential cases of `tests` produce, replayed test by test. */
function replayedErrors(tests: string[]): Set<string> {
  const seen = new Set<string>()
  for (const file of tests) {
    for (const calls of literalCalls(file)) {
      const t = testEngine()
      const c = t.client()
      for (const argv of calls) {
        const reply = c(...argv)
        if (reply.startsWith('-')) seen.add(reply.slice(1, reply.indexOf('\r\n')))
      }
    }
  }
  return seen
}

describe('error paths of the data-type groups', () => {
  for (const [group, files] of Object.entries(GROUPS)) {
    test(`every error the ${group} commands can raise has a differential case`, () => {
      const declared = referencedErrors(read('src/commands', files.src))
      const produced = [...replayedErrors(read('test/differential', files.tests))]
      const missing = [...declared].filter(([, text]) => !produced.some((p) => p.startsWith(text))).map(([name]) => name)
      expect(declared.size).toBeGreaterThan(0)
      expect(missing).toEqual([])
    })
  }

  test('the differential fuzzer generates every data-type command', () => {
    const fuzzed = new Set<string>()
    for (const src of read('test/helpers/fuzz', /^commands-.*\.ts$/)) for (const m of src.matchAll(/command\(\[\s*'([A-Z]+)'/g)) fuzzed.add((m[1] as string).toLowerCase())
    const missing = allCommands()
      .filter((c) => c.group in GROUPS && !c.newerThanOracle && !fuzzed.has(c.name))
      .map((c) => c.name)
    expect(fuzzed.size).toBeGreaterThan(0)
    expect(missing).toEqual([])
  })

  test('the literal-argument parser reads escapes and rejects computed arguments', () => {
    expect(literalArgs(`'ZADD', 'z', 1.5, '\\x00\\xff', "a'b"`)).toEqual(['ZADD', 'z', '1.5', '\x00\xff', "a'b"])
    expect(literalArgs(`'GET', key`)).toBeNull()
    expect(literalArgs(`...cmd`)).toBeNull()
    expect(literalArgs('...(cmd as [string]), `g${by}`', new Map<string, Value>([['cmd', ['HGET', 'h']], ['by', '1']]))).toEqual(['HGET', 'h', 'g1'])
  })
})
