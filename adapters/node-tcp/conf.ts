/** redis.conf and redis-server style command lines, read into config settings. */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { splitArgs, toBytes } from '../../src/index.js'

export interface ParsedConfig {
  settings: [name: string, value: string][]
  /** Directives this build does not know: reported, then ignored. */
  unknown: string[]
  configFile: string | null
}

/** Parses redis.conf text: one directive per line, `#` comments, quoted arguments, `include`. */
export function parseConfigText(text: string, baseDir: string, out: ParsedConfig, depth = 0): void {
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (line === '' || line.startsWith('#')) continue
    const args = splitArgs(toBytes(line), 0, line.length)
    if (args === null || args.length === 0) throw new Error(`Unbalanced quotes in configuration line: ${line}`)
    const name = (args[0] as string).toLowerCase()
    if (name === 'include' && args.length === 2 && depth < 16) {
      const path = resolve(baseDir, args[1] as string)
      parseConfigText(readFileSync(path, 'latin1'), dirname(path), out, depth + 1)
      continue
    }
    out.settings.push([name, args.slice(1).join(' ')])
  }
}

/**
 * Parses `redlet-server [configfile] [--name value...]` the way redis-server does:
 * a `--name` takes every following argument up to the next `--name`.
 */
export function parseArgs(argv: readonly string[]): ParsedConfig {
  const out: ParsedConfig = { settings: [], unknown: [], configFile: null }
  let i = 0
  if (argv.length > 0 && !(argv[0] as string).startsWith('--')) {
    out.configFile = resolve(argv[0] as string)
    parseConfigText(readFileSync(out.configFile, 'latin1'), dirname(out.configFile), out)
    i = 1
  }
  let name: string | null = null
  let values: string[] = []
  const end = (): void => {
    if (name !== null) out.settings.push([name, values.join(' ')])
    name = null
    values = []
  }
  for (; i < argv.length; i++) {
    const a = argv[i] as string
    if (a.startsWith('--') && a.length > 2) {
      end()
      name = a.slice(2).toLowerCase()
    } else if (name !== null) values.push(a)
  }
  end()
  return out
}
