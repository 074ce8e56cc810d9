/** House rules checked over the source tree. */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..', '..')

function files(dir: string, ext = '.ts'): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p, ext))
    else if (p.endsWith(ext)) out.push(p)
  }
  return out
}

describe('error text lives in src/errors.ts', () => {
  test('no Redis error literals elsewhere in src/ or adapters/', () => {
    const pattern = /['"`](ERR |WRONGTYPE |EXECABORT |NOSCRIPT |NOAUTH |WRONGPASS |NOPROTO |BUSYGROUP |NOGROUP |OOM |BUSYKEY |NOPERM |CROSSSLOT |UNBLOCKED |BUSY |LOADING |READONLY |NOTBUSY )/
    const offenders: string[] = []
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      if (f.endsWith(join('src', 'errors.ts'))) continue
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (pattern.test(line)) offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`)
        })
    }
    expect(offenders).toEqual([])
  })
})

describe('portability of the core', () => {
  test('every project type-checks; src/, the in-process adapter and lua see no Node or DOM types', () => {
    // the portable projects compile against ES2022 alone, so Buffer, process or TextEncoder fail there
    for (const project of ['src/tsconfig.json', 'adapters/inprocess/tsconfig.json', 'adapters/lua/tsconfig.json']) {
      const options = (JSON.parse(readFileSync(join(root, project), 'utf8')) as { compilerOptions: { lib?: string[]; types?: string[] } }).compilerOptions
      expect(options.lib, project).toEqual(['ES2022'])
      expect(options.types, project).toEqual([])
    }
    // build mode, as project references need: a clean clone has no declarations of referenced projects yet
    const tsc = join(root, 'node_modules', '.bin', 'tsc')
    const r = spawnSync(tsc, ['-b', 'tsconfig.json'], { cwd: root, encoding: 'utf8' })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 300000)

  test('no Node API names in src/', () => {
    const pattern = /from ['"](node:[a-z_/]+|fs|net|tls|buffer|crypto|path|os|events|stream|child_process|worker_threads)['"]|\bBuffer\.|\bprocess\.|\bsetTimeout\(|\bsetInterval\(|\bsetImmediate\(|\bqueueMicrotask\(|\bTextEncoder\b|\bTextDecoder\b|\bconsole\.|\bperformance\./
    const offenders: string[] = []
    for (const f of files(join(root, 'src'))) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!/^(\/\/|\/\*|\*)/.test(line.trim()) && pattern.test(line)) offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`)
        })
    }
    expect(offenders).toEqual([])
  })

  test('the core and the in-process adapter bundle for platform neutral', async () => {
    for (const entry of ['src/index.ts', 'adapters/inprocess/index.ts']) {
      const r = await build({ entryPoints: [join(root, entry)], bundle: true, platform: 'neutral', format: 'esm', write: false, logLevel: 'silent' })
      expect(r.errors).toEqual([])
      expect(r.outputFiles[0]?.text.length ?? 0).toBeGreaterThan(1000)
    }
  })
})

describe('layout', () => {
  test('files stay at 500 lines or fewer', () => {
    const long: string[] = []
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      // errors.ts is the one table of every client-visible error text (STYLE.md §3): a data file
      // that grows with each command family, kept whole so that no error text lives elsewhere
      if (f.endsWith(join('src', 'errors.ts'))) continue
      const n = readFileSync(f, 'utf8').split('\n').length
      if (n > 500) long.push(`${relative(root, f)}: ${n}`)
    }
    expect(long).toEqual([])
  })

  test('README command table is fresh', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'docs.mjs'), '--check'], { cwd: root, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  test('no `any` and no ts-ignore in src/ or adapters/', () => {
    const offenders: string[] = []
    for (const f of [...files(join(root, 'src')), ...files(join(root, 'adapters'))]) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/:\s*any\b|as any\b|<any>|@ts-ignore|@ts-nocheck/.test(line)) offenders.push(`${relative(root, f)}:${i + 1}`)
        })
    }
    expect(offenders).toEqual([])
  })
})

