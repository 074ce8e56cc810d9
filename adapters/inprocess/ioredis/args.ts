/**
 * Command arguments as ioredis prepares them: one level of arrays flattened,
 * objects and Maps spread into field/value pairs for HSET, HMSET, MSET and
 * MSETNX, every other value stringified (null and undefined as '', integers
 * beyond 2^53 in full), strings sent as UTF-8 and bytes as they are; then the
 * `keyPrefix` put before every key.
 */
import { keyPositions, type Engine } from '../../../src/index.js'
import { encodeText } from '../reply.js'
import { bytesIn, isBytes } from './bytes.js'

/** What ioredis accepts as an argument (nested arrays and objects are flattened or spread). */
export type RedisArg = string | number | bigint | boolean | Uint8Array | null | undefined | readonly RedisArg[] | Record<string, unknown> | Map<unknown, unknown>

function objectPairs(o: object): unknown[] {
  const out: unknown[] = []
  if (o instanceof Map) {
    for (const [k, v] of o) out.push(k, v)
    return out
  }
  const rec = o as Record<string, unknown>
  for (const k of Object.keys(rec)) out.push(k, rec[k])
  return out
}

/** The argument transformers ioredis registers, by exact command name. */
function transformArgs(name: string, args: unknown[]): unknown[] {
  if ((name === 'mset' || name === 'msetnx') && args.length === 1) {
    const a = args[0]
    if (typeof a === 'object' && a !== null) return objectPairs(a)
  }
  if ((name === 'hset' || name === 'hmset') && args.length === 2) {
    const a = args[1]
    if (typeof a === 'object' && a !== null) return [args[0], ...objectPairs(a)]
  }
  return args
}

/** One argument as a byte string (ioredis's toArg, then UTF-8). */
export function argToBytes(a: unknown): string {
  if (typeof a === 'string') return encodeText(a)
  if (isBytes(a)) return bytesIn(a)
  if (a === null || a === undefined) return ''
  if (typeof a === 'number' && Number.isInteger(a) && !Number.isSafeInteger(a)) return BigInt(a).toString()
  return encodeText(String(a))
}

/**
 * The argv for a command: its name, then the arguments flattened and
 * transformed as ioredis does, as byte strings.
 */
export function buildArgv(name: string, args: readonly unknown[]): string[] {
  // the common case (no arrays, no objects to spread): one pass, one array
  let simple = true
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (typeof a === 'object' && a !== null && !isBytes(a)) {
      simple = false
      break
    }
  }
  if (simple) {
    const argv = new Array<string>(args.length + 1)
    argv[0] = encodeText(name)
    for (let i = 0; i < args.length; i++) argv[i + 1] = argToBytes(args[i])
    return argv
  }
  let flat: unknown[] = []
  for (const a of args) {
    if (Array.isArray(a)) for (const x of a as unknown[]) flat.push(x)
    else flat.push(a)
  }
  flat = transformArgs(name, flat)
  const argv = new Array<string>(flat.length + 1)
  argv[0] = encodeText(name)
  for (let i = 0; i < flat.length; i++) argv[i + 1] = argToBytes(flat[i])
  return argv
}

/**
 * Puts `prefix` before every key of argv (in place). Keys are found from the
 * command table's key specs; SORT's BY and GET patterns get it too, as ioredis
 * does, except `GET #`.
 */
export function prefixKeys(engine: Engine, argv: string[], prefix: string): void {
  const name = (argv[0] as string).toLowerCase()
  let cmd = engine.lookup(name)
  if (cmd === undefined) return
  if (cmd.subs !== null && argv.length > 1) cmd = cmd.subs.get((argv[1] as string).toLowerCase()) ?? cmd
  if (name === 'sort' || name === 'sort_ro') {
    argv[1] = prefix + (argv[1] as string)
    for (let i = 2; i < argv.length - 1; i++) {
      const word = (argv[i] as string).toUpperCase()
      if (word === 'GET') {
        i++
        if (argv[i] !== '#') argv[i] = prefix + (argv[i] as string)
      } else if (word === 'BY' || word === 'STORE') {
        i++
        argv[i] = prefix + (argv[i] as string)
      }
    }
    return
  }
  for (const p of keyPositions(cmd, argv)) argv[p] = prefix + (argv[p] as string)
}
