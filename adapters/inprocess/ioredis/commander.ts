/**
 * The command methods of the ioredis surface, made from the command table:
 * `get`, `getBuffer`, `hset`, `hsetBuffer`... on both the client (promises and
 * callbacks) and its pipelines (chainable). Also node-style callbacks and the
 * scripts of `defineCommand`.
 */
import { allCommands, sha1Hex } from '../../../src/index.js'
import { encodeText } from '../reply.js'
import type { Encoding } from './convert.js'
import type { ScriptDefinition } from './options.js'

export type Callback<T = unknown> = (err?: Error | null, result?: T) => void

/** What the generated methods call: a client sends at once, a pipeline queues. */
export interface CommandTarget {
  sendNamed(name: string, args: unknown[], encoding: Encoding, callback: Callback | undefined): unknown
  runScript(script: Script, args: unknown[], encoding: Encoding, callback: Callback | undefined): unknown
}

function throwLater(e: unknown): void {
  const g = globalThis as { setTimeout?: (fn: () => void, ms: number) => unknown }
  if (typeof g.setTimeout === 'function') {
    g.setTimeout(() => {
      throw e
    }, 0)
  } else
    void Promise.resolve().then(() => {
      throw e
    })
}

/** Calls a node-style callback when the promise settles (standard-as-callback's rules); returns the promise. */
export function asCallback<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> {
  if (typeof callback !== 'function') return promise
  promise.then(
    (v) => {
      try {
        if (v === undefined) callback(null)
        else callback(null, v)
      } catch (e) {
        throwLater(e)
      }
    },
    (cause: unknown) => {
      const err = cause instanceof Error ? cause : Object.assign(new Error(String(cause)), { cause })
      try {
        callback(err)
      } catch (e) {
        throwLater(e)
      }
    },
  )
  return promise
}

/** Splits a trailing callback off the arguments (in place). */
export function takeCallback(args: unknown[]): Callback | undefined {
  const last = args[args.length - 1]
  if (typeof last !== 'function') return undefined
  args.pop()
  return last as Callback
}

/** A Lua script behind a `defineCommand` method. */
export class Script {
  readonly sha: string

  constructor(
    readonly lua: string,
    readonly numberOfKeys: number | null,
    readonly readOnly: boolean,
  ) {
    this.sha = sha1Hex(encodeText(lua))
  }

  /** The EVAL/EVALSHA arguments after the script or sha. */
  args(args: unknown[]): unknown[] {
    return typeof this.numberOfKeys === 'number' ? [this.numberOfKeys, ...args] : args
  }
}

/** Command names as methods: the table's, lowercase (`restore-asking` keeps its dash). */
export function commandNames(): string[] {
  const names: string[] = []
  for (const c of allCommands()) names.push(c.name)
  return names
}

type MethodBag = Record<string, unknown>

/**
 * Puts a method for every command (and its `...Buffer` twin) on `proto`,
 * leaving alone those the class defines itself (multi, exec, quit...).
 */
export function installCommands(proto: object): void {
  const bag = proto as MethodBag
  for (const name of commandNames()) {
    if (!Object.prototype.hasOwnProperty.call(proto, name)) {
      bag[name] = function (this: CommandTarget, ...args: unknown[]): unknown {
        return this.sendNamed(name, args, 'utf8', takeCallback(args))
      }
    }
    const buffer = name + 'Buffer'
    if (!Object.prototype.hasOwnProperty.call(proto, buffer)) {
      bag[buffer] = function (this: CommandTarget, ...args: unknown[]): unknown {
        return this.sendNamed(name, args, null, takeCallback(args))
      }
    }
  }
}

/** Adds a script command (`name` and `nameBuffer`) to one client or pipeline. */
export function installScript(target: CommandTarget, name: string, script: Script): void {
  const bag = target as unknown as MethodBag
  bag[name] = (...args: unknown[]): unknown => target.runScript(script, args, 'utf8', takeCallback(args))
  bag[name + 'Buffer'] = (...args: unknown[]): unknown => target.runScript(script, args, null, takeCallback(args))
}

export function makeScript(def: ScriptDefinition): Script {
  return new Script(def.lua, typeof def.numberOfKeys === 'number' ? def.numberOfKeys : null, def.readOnly ?? false)
}

/** ioredis's `Command`, for `sendCommand`: a name, arguments and a promise of the reply (bytes unless `replyEncoding`). */
export class Command {
  readonly name: string
  readonly args: unknown[]
  readonly replyEncoding: Encoding
  readonly promise: Promise<unknown>
  resolve!: (value: unknown) => void
  reject!: (err: unknown) => void

  constructor(name: string, args: unknown[] = [], options: { replyEncoding?: string | null } = {}, callback?: Callback) {
    this.name = name
    this.args = args
    this.replyEncoding = options.replyEncoding ? 'utf8' : null
    this.promise = asCallback(
      new Promise((resolve, reject) => {
        this.resolve = resolve
        this.reject = reject
      }),
      callback,
    )
  }
}
