/**
 * ioredis pipelines and MULTI transactions: commands queue up, `exec()` sends
 * them in one batch and resolves with `[err, result]` pairs.
 */
import type { Reply } from '../../../src/index.js'
import { splitExec } from '../messages.js'
import { ReplyError } from '../reply.js'
import { asCallback, installCommands, installScript, type Callback, type CommandTarget, type Script } from './commander.js'
import { convert, transformReply, type Encoding } from './convert.js'
import type { Redis } from './redis.js'
import type { CommandMethods } from './types.js'

export type PipelineResult = [Error | null, unknown?][]

interface Queued {
  readonly name: string
  readonly argv: string[] | null
  readonly encoding: Encoding
  readonly callback: Callback | undefined
  readonly error: unknown
  /** A script command sent as EVALSHA: on NOSCRIPT it is sent again as EVAL. */
  readonly script: { script: Script; args: unknown[] } | null
}

const SUBSCRIBER_ONLY = 'Connection in subscriber mode, only subscriber commands may be used'
const VALID_IN_SUBSCRIBER_MODE = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'ping', 'quit'])

/**
 * A batch of commands. Every command method of the client is here too, and
 * returns the pipeline for chaining; `exec()` runs the batch.
 *
 * @example
 * ```ts
 * const results = await redis.pipeline().set('a', '1').incr('a').get('a').exec()
 * // [[null, 'OK'], [null, 2], [null, '2']]
 * ```
 */
// the command methods, each queueing and returning the pipeline (installCommands below)
export interface Pipeline extends CommandMethods<Pipeline> {}

export class Pipeline implements CommandTarget {
  readonly isPipeline = true
  private readonly items: Queued[] = []
  private transactions = 0
  private hasScripts = false
  private executed: Promise<PipelineResult> | null = null

  constructor(
    readonly redis: Redis,
    private readonly transaction: boolean,
  ) {
    for (const [name, script] of Object.entries(redis.scriptsSet)) installScript(this, name, script)
    if (transaction) this.multi()
  }

  get options(): Redis['options'] {
    return this.redis.options
  }

  /** Number of queued commands (MULTI and EXEC included). */
  get length(): number {
    return this.items.length
  }

  sendNamed(name: string, args: unknown[], encoding: Encoding, callback: Callback | undefined): this {
    return this.push(name, args, encoding, callback, null)
  }

  private push(name: string, args: unknown[], encoding: Encoding, callback: Callback | undefined, script: Queued['script']): this {
    let argv: string[] | null = null
    let error: unknown = null
    try {
      argv = this.redis.prepare(name, args)
    } catch (e) {
      error = e
    }
    this.items.push({ name, argv, encoding, callback, error, script })
    return this
  }

  /** Any command: `pipeline.call('set', 'k', 'v')`. */
  call(command: string, ...args: unknown[]): this {
    const cb = typeof args[args.length - 1] === 'function' ? (args.pop() as Callback) : undefined
    return this.sendNamed(command, args, 'utf8', cb)
  }

  callBuffer(command: string, ...args: unknown[]): this {
    const cb = typeof args[args.length - 1] === 'function' ? (args.pop() as Callback) : undefined
    return this.sendNamed(command, args, null, cb)
  }

  /** Queues `[name, ...args]` entries. */
  addBatch(commands: unknown[][]): this {
    const bag = this as unknown as Record<string, (...a: unknown[]) => unknown>
    for (const [name, ...args] of commands) {
      const fn = bag[String(name)]
      if (typeof fn !== 'function') throw new TypeError(`pipeline has no command ${String(name)}`)
      fn.apply(this, args)
    }
    return this
  }

  runScript(script: Script, args: unknown[], encoding: Encoding, callback: Callback | undefined): this {
    const rest = script.args(args)
    this.hasScripts = true
    if (this.redis.scriptLoaded(script.sha, true)) return this.push('evalsha', [script.sha, ...rest], encoding, callback, { script, args: rest })
    return this.push('eval', [script.lua, ...rest], encoding, callback, null)
  }

  /** MULTI inside a pipeline: commands until the matching `exec()` form a transaction. */
  multi(): this {
    this.transactions++
    return this.sendNamed('multi', [], 'utf8', undefined)
  }

  /**
   * Runs the batch: `[err, result]` per command. For `redis.multi()`: the
   * transaction's pairs, null when a watched key changed; an EXECABORT rejects,
   * with the queueing errors in `previousErrors`.
   */
  exec(callback?: Callback<PipelineResult | null>): Promise<PipelineResult | null> {
    if (!this.transaction && this.transactions > 0) {
      // closes a MULTI opened inside the pipeline: queued, and the pipeline returned for chaining (as ioredis)
      this.transactions--
      return this.sendNamed('exec', [], null, undefined) as unknown as Promise<PipelineResult | null>
    }
    while (this.transactions > 0) {
      this.transactions--
      this.sendNamed('exec', [], null, undefined)
    }
    const all = this.runAll()
    if (!this.transaction) return asCallback(all, callback as Callback<PipelineResult> | undefined)
    const unwrapped = all.then((results) => {
      const last = results[results.length - 1]
      if (last === undefined) throw new Error('Pipeline cannot be used to send any commands when the `exec()` has been called on it.')
      const err = last[0]
      if (err) {
        ;(err as Error & { previousErrors?: Error[] }).previousErrors = results.slice(0, -1).flatMap((r) => (r[0] ? [r[0]] : []))
        throw err
      }
      const value = last[1]
      if (!Array.isArray(value)) return null
      return value.map((x: unknown): [Error | null, unknown?] => (x instanceof Error ? [x] : [null, x]))
    })
    return asCallback(unwrapped, callback)
  }

  private runAll(): Promise<PipelineResult> {
    if (this.executed !== null) return this.executed
    const items = this.items
    const subscriber = this.redis.mode === 'subscriber'
    const sent: number[] = []
    const argvs: string[][] = []
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as Queued
      if (it.argv !== null && !(subscriber && !VALID_IN_SUBSCRIBER_MODE.has(it.name.toLowerCase()))) {
        sent.push(i)
        argvs.push(it.argv)
      }
    }
    const done = (replies: Reply[][] | Error): Promise<PipelineResult> => {
      const results: PipelineResult = new Array(items.length)
      let k = 0
      let callbacks = false
      for (let i = 0; i < items.length; i++) {
        const it = items[i] as Queued
        if (it.callback) callbacks = true
        if (sent[k] !== i) {
          // not sent: it could not be prepared, or the client is in subscriber mode
          results[i] = [it.error instanceof Error ? it.error : new Error(it.argv === null ? String(it.error) : SUBSCRIBER_ONLY)]
          continue
        }
        const r = replies instanceof Error ? null : (replies[k] ?? [])
        k++
        if (r === null) results[i] = [replies as Error]
        else if (it.name.length === 4 && it.name.toLowerCase() === 'exec' && this.transactionStart(i) >= 0) results[i] = this.settleExec(i, r)
        else {
          try {
            results[i] = [null, this.redis.settle(it.name, it.argv as string[], r, it.encoding)]
          } catch (e) {
            results[i] = [e instanceof Error ? e : new Error(String(e))]
          }
        }
      }
      const finish = (final: PipelineResult): PipelineResult => {
        if (callbacks)
          final.forEach((r, i) => {
            const cb = items[i]?.callback
            if (cb) asCallback(r[0] ? Promise.reject(r[0]) : Promise.resolve(r[1]), cb).catch(() => {})
          })
        return final
      }
      return this.hasScripts ? this.retryScripts(results).then(finish) : Promise.resolve(finish(results))
    }
    this.executed = argvs.length === 0 ? done([]) : this.redis.runBatch(argvs).then(done, (e: unknown) => done(e instanceof Error ? e : new Error(String(e))))
    return this.executed
  }

  /** Index of the MULTI that an EXEC at `i` closes, or -1. */
  private transactionStart(i: number): number {
    let depth = 0
    for (let j = i - 1; j >= 0; j--) {
      const n = (this.items[j] as Queued).name.toLowerCase()
      if (n === 'exec') depth++
      else if (n === 'multi') {
        if (depth === 0) return j
        depth--
      }
    }
    return -1
  }

  /** EXEC's array, each reply shaped by the command that queued it (its encoding and transformer). */
  private settleExec(i: number, replies: Reply[]): [Error | null, unknown?] {
    try {
      return [null, this.execValue(i, replies)]
    } catch (e) {
      return [e instanceof Error ? e : new Error(String(e))]
    }
  }

  private execValue(i: number, replies: Reply[]): unknown {
    const split = splitExec(replies)
    for (const m of split.messages) this.redis.receiveMessage(m)
    const r = split.replies[0]
    if (r === undefined) return null
    if (r.t !== 'array') return this.redis.settle('exec', ['exec'], [r], null)
    const n = r.v.length
    const opts = this.redis.options
    return r.v.map((x, j) => {
      if (x.t === 'error') return new ReplyError(x.v)
      const cmd = this.items[i - (n - j)]
      if (cmd === undefined) return convert(x, { encoding: null, stringNumbers: opts.stringNumbers })
      const value = convert(x, { encoding: cmd.encoding, stringNumbers: opts.stringNumbers })
      return transformReply(cmd.name, value, this.redis.condition?.protocol ?? 3)
    })
  }

  /** Script commands that met NOSCRIPT are sent again as EVAL, as ioredis does. */
  private retryScripts(results: PipelineResult): Promise<PipelineResult> {
    const retries: Promise<void>[] = []
    results.forEach((r, i) => {
      const it = this.items[i] as Queued
      if (it.script === null || !(r[0] instanceof Error) || !r[0].message.includes('NOSCRIPT')) return
      const { script, args } = it.script
      const argv = this.redis.prepare('eval', [script.lua, ...args])
      retries.push(
        this.redis.runArgv('eval', argv, it.encoding).then(
          (v) => {
            results[i] = [null, v]
          },
          (e: unknown) => {
            results[i] = [e instanceof Error ? e : new Error(String(e))]
          },
        ),
      )
    })
    return retries.length === 0 ? Promise.resolve(results) : Promise.all(retries).then(() => results)
  }
}

installCommands(Pipeline.prototype)
