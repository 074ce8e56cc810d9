/**
 * Transactions for the in-process clients: a builder that queues commands and
 * runs MULTI, the queue and EXEC in one step.
 */
import type { Reply } from '../../src/index.js'
import { ReplyError, toJs, type JsValue, type MapOptions } from './reply.js'
import type { Arg } from './redlet.js'

/** EXECABORT: a command could not be queued, and nothing ran. */
export class ExecAbortError extends ReplyError {
  constructor(
    message: string,
    /** The errors of the commands that could not be queued, in order. */
    readonly previousErrors: readonly ReplyError[],
  ) {
    super(message)
    this.name = 'ExecAbortError'
  }
}

/**
 * Queues commands for one transaction. `exec()` returns what the client's
 * executor returns: the replies directly (`Redlet`) or a promise (`RedletAsync`).
 */
export class Multi<R> {
  private readonly queue: Arg[][] = []

  constructor(private readonly executor: (commands: Arg[][]) => R) {}

  /** Number of queued commands. */
  get length(): number {
    return this.queue.length
  }

  /** Queues any command. */
  call(...args: Arg[]): this {
    this.queue.push(args)
    return this
  }

  /**
   * Runs the transaction: the replies in order (an error of one command is a
   * ReplyError value in its place), or null when a watched key changed. Throws
   * ExecAbortError when a command could not be queued (unknown, wrong arity).
   */
  exec(): R {
    return this.executor(this.queue.splice(0))
  }

  /** Drops the queued commands. */
  discard(): void {
    this.queue.length = 0
  }

  get(key: Arg): this {
    return this.call('GET', key)
  }

  set(key: Arg, value: Arg, ...options: Arg[]): this {
    return this.call('SET', key, value, ...options)
  }

  del(...keys: Arg[]): this {
    return this.call('DEL', ...keys)
  }

  incr(key: Arg): this {
    return this.call('INCR', key)
  }

  incrby(key: Arg, by: number | bigint): this {
    return this.call('INCRBY', key, by)
  }

  expire(key: Arg, seconds: number, ...options: Arg[]): this {
    return this.call('EXPIRE', key, seconds, ...options)
  }

  hset(key: Arg, ...fieldsAndValues: Arg[]): this {
    return this.call('HSET', key, ...fieldsAndValues)
  }

  lpush(key: Arg, ...values: Arg[]): this {
    return this.call('LPUSH', key, ...values)
  }

  rpush(key: Arg, ...values: Arg[]): this {
    return this.call('RPUSH', key, ...values)
  }

  sadd(key: Arg, ...members: Arg[]): this {
    return this.call('SADD', key, ...members)
  }

  zadd(key: Arg, ...scoresAndMembers: Arg[]): this {
    return this.call('ZADD', key, ...scoresAndMembers)
  }

  publish(channel: Arg, message: Arg): this {
    return this.call('PUBLISH', channel, message)
  }

  /** Maps EXEC's reply; `queueErrors` are the errors MULTI's queue step returned. */
  static result(replies: readonly Reply[], queueErrors: readonly ReplyError[], o: MapOptions): JsValue[] | null {
    const r = replies[0]
    if (r === undefined) return null
    if (r.t === 'error') {
      if (r.v.startsWith('EXECABORT')) throw new ExecAbortError(r.v, queueErrors)
      throw new ReplyError(r.v)
    }
    if (r.t === 'null') return null
    const v = toJs(r, o)
    return Array.isArray(v) ? v : [v]
  }
}
