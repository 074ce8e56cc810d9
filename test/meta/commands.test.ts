/** The command table: integrity, and test coverage of every command and option. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { allCommands, commandGroups } from '../../src/commands/table.js'
import type { Command } from '../../src/commands/define.js'

const root = join(import.meta.dirname, '..', '..')

function sources(dir: string): string {
  let out = ''
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out += sources(p)
    else if (p.endsWith('.ts')) out += readFileSync(p, 'utf8') + '\n'
  }
  return out
}

/** Every command with its subcommands, as `name` or `container|sub`. */
function flatten(): Command[] {
  const out: Command[] = []
  for (const c of allCommands()) {
    if (c.subs) {
      for (const s of new Set(c.subs.values())) out.push(s)
      // the container itself is exercised through its subcommands
    } else out.push(c)
  }
  return out
}

/** Calls like `d.same('ZADD', 'z', 'NX', ...)`: command word(s) and the rest of the line. */
function differentialCalls(): Map<string, string[]> {
  const text = sources(join(root, 'test', 'differential'))
  const calls = new Map<string, string[]>()
  const re = /\.(?:same|sameSorted|sameError|sameApprox|sameShape)\(\s*(?:\d+\s*,\s*)?'([A-Za-z_-]+)'(?:\s*,\s*'([A-Za-z_-]+)')?([^\n]*)/g
  for (const m of text.matchAll(re)) {
    const name = (m[1] as string).toLowerCase()
    const sub = (m[2] ?? '').toLowerCase()
    const rest = `${m[2] ?? ''} ${m[3] ?? ''}`
    for (const key of [name, `${name}|${sub}`]) {
      const list = calls.get(key) ?? []
      list.push(rest)
      calls.set(key, list)
    }
  }
  return calls
}

describe('command table', () => {
  test('every group registers commands and names are unique', () => {
    const names = allCommands().map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
    for (const [group, specs] of Object.entries(commandGroups)) expect(specs.length, group).toBeGreaterThan(0)
  })

  test('records are complete', () => {
    for (const c of flatten()) {
      expect(c.summary.length, c.fullName).toBeGreaterThan(0)
      expect(c.since, c.fullName).toMatch(/^\d+\.\d+\.\d+$/)
      expect(typeof c.run, c.fullName).toBe('function')
    }
  })
})

describe('test coverage of the table', () => {
  const calls = differentialCalls()
  const unitText = sources(join(root, 'test', 'unit'))

  test('every command has a differential case', () => {
    const missing = flatten()
      .filter((c) => !c.newerThanOracle && !(c.parent?.newerThanOracle ?? false))
      .filter((c) => !calls.has(c.fullName))
      .map((c) => c.fullName)
    expect(missing).toEqual([])
  })

  test('every declared option has a differential case', () => {
    const missing: string[] = []
    for (const c of flatten()) {
      if (c.newerThanOracle) continue
      const lines = (calls.get(c.fullName) ?? []).join('\n').toLowerCase()
      for (const opt of c.options ?? []) {
        if (!new RegExp(`['"]${opt.toLowerCase()}['"]`).test(lines)) missing.push(`${c.fullName} ${opt}`)
      }
    }
    expect(missing).toEqual([])
  })

  test('every command has an error-path differential case', () => {
    const text = sources(join(root, 'test', 'differential'))
    // QUIT accepts any arguments and always replies +OK in Redis 7.0: it has no error path
    const cannotFail = new Set(['quit'])
    const missing = flatten()
      .filter((c) => !c.newerThanOracle && !cannotFail.has(c.fullName))
      .filter((c) => {
        const words = c.parent ? `'${c.parent.name}',\\s*'${c.name}'` : `'${c.name}'`
        return !new RegExp(`sameError\\(\\s*${words}`, 'i').test(text)
      })
      .map((c) => c.fullName)
    expect(missing).toEqual([])
  })

  test('every command has unit tests', () => {
    const missing = flatten()
      .filter((c) => {
        const words = c.parent ? `'${c.parent.name}',\\s*'${c.name}'` : `'${c.name}'`
        return !new RegExp(`\\(\\s*${words}`, 'i').test(unitText)
      })
      .map((c) => c.fullName)
    expect(missing).toEqual([])
  })
})
