/**
 * The user's example documents in ../shared/seeds, run unchanged (DESIGN.md §13):
 * only host, port, password and sleeps may be substituted.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds')

/** Fenced code blocks of one language, in document order. */
export function codeBlocks(file: string, lang: string): string[] {
  const text = readFileSync(join(SEEDS, file), 'utf8')
  const re = new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g')
  return [...text.matchAll(re)].map((m) => m[1] as string)
}

/** The allowed substitutions: the port, and sleeps cut to at most `maxSleep` seconds. */
export function substitute(code: string, port: number, maxSleep = 0.05): string {
  return code
    .replace(/port=6379/g, `port=${port}`)
    .replace(/127\.0\.0\.1:6379/g, `127.0.0.1:${port}`)
    .replace(/localhost:6379/g, `127.0.0.1:${port}`)
    .replace(/time\.sleep\(([^()]*(?:\([^()]*\))?[^()]*)\)/g, `time.sleep(min($1, ${maxSleep}))`)
}

export interface RunResult {
  stdout: string
  stderr: string
  code: number | null
}

const workdir = mkdtempSync(join(tmpdir(), 'redlet-seeds-'))

/** Runs a Python example with Debian's interpreter and python3-redis, under PYTHONHASHSEED=0. */
export function runPython(name: string, code: string, timeoutMs = 30000): Promise<RunResult> {
  const path = join(workdir, `${name}.py`)
  writeFileSync(path, code)
  return run('/usr/bin/python3', [path], { PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' }, timeoutMs)
}

export function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs: number, cwd = workdir): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code })
    })
  })
}

/** Python set literals print in hash order, which follows the server's reply order: sort their items. */
export function normalizeSets(out: string): string {
  return out
    .split('\n')
    .map((line) => {
      const m = /^\{(.*)\}$/.exec(line.trim())
      if (!m || (m[1] as string).includes(':')) return line
      return '{' + (m[1] as string).split(', ').sort().join(', ') + '}'
    })
    .join('\n')
}

/**
 * Redis seeds its hash tables randomly per process, so KEYS lists keys in a
 * different order on every redis-server start (two runs of the oracle disagree).
 * In a block that prints `keys(...)`, Python list lines are compared as multisets.
 */
export function normalizeKeyLists(code: string, out: string): string {
  if (!code.includes('.keys(')) return out
  return out
    .split('\n')
    .map((line) => {
      const m = /^\[(.*)\]$/.exec(line.trim())
      if (!m || m[1] === '') return line
      return '[' + (m[1] as string).split(', ').sort().join(', ') + ']'
    })
    .join('\n')
}
