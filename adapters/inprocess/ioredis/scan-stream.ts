/**
 * `scanStream()` and friends without Node's `stream`: a minimal readable that
 * emits each SCAN batch as a `data` event (an array), then `end`, and is an
 * async iterable of batches.
 */
import { EventEmitter } from './emitter.js'

export interface ScanStreamOptions {
  match?: string
  type?: string
  count?: number
  noValues?: boolean
}

interface Scanner {
  sendNamed(name: string, args: unknown[], encoding: 'utf8' | null, callback: undefined): Promise<unknown>
}

/**
 * Reads SCAN (or SSCAN, HSCAN, ZSCAN) to the end. Reading starts when a `data`
 * listener is attached or iteration begins, as a Readable in flowing mode.
 *
 * @example
 * ```ts
 * const keys: string[] = []
 * for await (const batch of redis.scanStream({ match: 'user:*' })) keys.push(...batch)
 * ```
 */
export class ScanStream extends EventEmitter implements AsyncIterable<unknown[]> {
  private cursor = '0'
  private drained = false
  private started = false
  private paused = false
  private reading = false
  private ended = false
  readonly readable = true

  constructor(
    private readonly redis: Scanner,
    private readonly command: string,
    private readonly key: unknown,
    private readonly opt: ScanStreamOptions,
  ) {
    super()
  }

  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    super.on(event, listener)
    if (event === 'data' && !this.paused) this.start()
    return this
  }

  override addListener(event: string | symbol, listener: (...args: never[]) => void): this {
    return this.on(event, listener)
  }

  pause(): this {
    this.paused = true
    return this
  }

  resume(): this {
    this.paused = false
    this.start()
    if (this.started) this.read()
    return this
  }

  isPaused(): boolean {
    return this.paused
  }

  /** Stops after the batch being read. */
  close(): void {
    this.drained = true
  }

  private start(): void {
    if (this.started) return
    this.started = true
    void Promise.resolve().then(() => this.read())
  }

  private read(): void {
    if (this.reading || this.paused || this.ended) return
    if (this.drained) {
      this.ended = true
      void Promise.resolve().then(() => {
        this.emit('end')
        this.emit('close')
      })
      return
    }
    this.reading = true
    const args: unknown[] = [this.cursor]
    if (this.key !== undefined) args.unshift(this.key)
    if (this.opt.match) args.push('MATCH', this.opt.match)
    if (this.opt.type) args.push('TYPE', this.opt.type)
    if (this.opt.count) args.push('COUNT', String(this.opt.count))
    if (this.opt.noValues) args.push('NOVALUES')
    const buffer = this.command.endsWith('Buffer')
    const name = buffer ? this.command.slice(0, -6) : this.command
    this.redis.sendNamed(name, args, buffer ? null : 'utf8', undefined).then(
      (res) => {
        this.reading = false
        const [cursor, batch] = res as [unknown, unknown[]]
        this.cursor = cursor instanceof Uint8Array ? String.fromCharCode(...cursor) : String(cursor)
        if (this.cursor === '0') this.drained = true
        this.emit('data', batch)
        this.read()
      },
      (err: unknown) => {
        this.reading = false
        this.ended = true
        this.emit('error', err)
      },
    )
  }

  /** Batches until the scan ends. */
  [Symbol.asyncIterator](): AsyncIterator<unknown[]> {
    const queue: unknown[][] = []
    let done = false
    let failure: unknown = null
    let wake: (() => void) | null = null
    const notify = (): void => {
      const w = wake
      wake = null
      w?.()
    }
    this.on('data', (batch: unknown[]) => {
      queue.push(batch)
      notify()
    })
    this.on('end', () => {
      done = true
      notify()
    })
    this.on('error', (e: unknown) => {
      failure = e
      notify()
    })
    const next = async (): Promise<IteratorResult<unknown[]>> => {
      for (;;) {
        const batch = queue.shift()
        if (batch !== undefined) return { value: batch, done: false }
        if (failure !== null) throw failure
        if (done) return { value: undefined, done: true }
        await new Promise<void>((r) => {
          wake = r
        })
      }
    }
    return {
      next,
      return: () => {
        this.close()
        return Promise.resolve({ value: undefined, done: true })
      },
    }
  }
}
