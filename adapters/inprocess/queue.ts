/**
 * The connection-like core of the promise clients (`RedletAsync`, `redlet/ioredis`):
 * a session whose commands run in the order they were sent, where a blocked
 * command (BLPOP...) holds back the ones behind it until a push from any client
 * serves it or its timeout passes, as on a Redis connection.
 */
import type { Engine, Reply, Session } from '../../src/index.js'
import { isMessagePush, isTrackingPush } from './messages.js'
import { isManualClock, tickerFor, type Ticker, type TimerHost } from './ticker.js'

interface Job {
  readonly argvs: readonly string[][]
  readonly replies: Reply[][]
  index: number
  readonly resolve: (replies: Reply[][]) => void
  readonly reject: (e: unknown) => void
}

export interface QueueHooks {
  /** A published message (or keyspace event) for this session. */
  message(r: Reply): void
  /** A CLIENT TRACKING push (invalidation); without this hook a redirected one counts as a message. */
  invalidate?(r: Reply): void
  /** The engine closed the session (QUIT's reply was sent, CLIENT KILL). */
  closed(): void
}

/** The connection was closed while the command waited. */
export class ClientClosedError extends Error {
  constructor() {
    super('Connection is closed.')
    this.name = 'ClientClosedError'
  }
}

export class CommandQueue {
  readonly session: Session
  private readonly ticker: Ticker | null
  private readonly jobs: Job[] = []
  private current: Reply[] | null = null
  private pumping = false
  private waiting = false
  private closed = false
  private closing = false
  private timer: unknown = null

  constructor(
    readonly engine: Engine,
    private readonly hooks: QueueHooks,
    autoTick = true,
  ) {
    this.session = engine.createSession(
      {
        write: (r) => {
          if (r.t === 'push' && isTrackingPush(r)) {
            if (this.hooks.invalidate) this.hooks.invalidate(r)
            else if (isMessagePush(r)) this.hooks.message(r)
          } else if (r.t === 'push' && isMessagePush(r)) this.hooks.message(r)
          else this.current?.push(r)
        },
        unblocked: () => this.unblocked(),
        // called inside another client's command (CLIENT KILL): act after it
        close: () => this.closeSoon(),
      },
      { kind: 'inprocess' },
    )
    // the ticker also runs timed work when a ManualClock moves, so it exists even without autoTick
    const ticker = tickerFor(engine)
    this.ticker = autoTick ? ticker : null
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Nothing queued and not blocked: a command sent now runs at once. */
  get idle(): boolean {
    return this.jobs.length === 0 && !this.waiting && !this.pumping && !this.closed && !this.closing
  }

  /**
   * Runs one command. When the queue is idle and the command does not block,
   * its replies come back directly; otherwise a promise of them.
   */
  run(argv: string[]): Reply[] | Promise<Reply[]> {
    if (this.idle) {
      const out: Reply[] = []
      this.current = out
      try {
        this.engine.dispatch(this.session, argv)
      } finally {
        this.current = null
      }
      this.ticker?.arm(this.session.db)
      if (this.session.closing) this.closeSoon()
      if (this.session.blocked === null) return out
      // it blocked: the rest of its replies arrive with `unblocked`
      return new Promise((resolve, reject) => {
        this.jobs.push({ argvs: [argv], replies: [out], index: 1, resolve: (r) => resolve(r[0] ?? []), reject })
        this.current = out
        this.block()
      })
    }
    return this.submit([argv]).then((r) => r[0] ?? [])
  }

  /** Runs commands in order; resolves with each one's replies. */
  submit(argvs: readonly string[][]): Promise<Reply[][]> {
    if (this.closed || this.closing) return Promise.reject(new ClientClosedError())
    return new Promise((resolve, reject) => {
      this.jobs.push({ argvs, replies: [], index: 0, resolve, reject })
      this.pump()
    })
  }

  /** Ends the session; commands still waiting reject with ClientClosedError. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.clearTimer()
    this.engine.closeSession(this.session)
    for (const job of this.jobs.splice(0)) job.reject(new ClientClosedError())
  }

  /** Runs queued commands until the queue is empty or the session blocks. */
  private pump(): void {
    if (this.pumping || this.waiting || this.closed || this.closing) return
    this.pumping = true
    try {
      for (;;) {
        const job = this.jobs[0]
        if (job === undefined) return
        while (job.index < job.argvs.length) {
          const out: Reply[] = []
          job.replies.push(out)
          this.current = out
          this.engine.dispatch(this.session, job.argvs[job.index++] as string[])
          this.ticker?.arm(this.session.db)
          if (this.session.closing) {
            // QUIT, or CLIENT KILL of itself: this command's replies are the last
            this.jobs.shift()
            this.current = null
            job.resolve(job.replies)
            this.closeSoon()
            return
          }
          if (this.session.blocked !== null) {
            this.block()
            return
          }
        }
        this.jobs.shift()
        this.current = null
        job.resolve(job.replies)
      }
    } catch (e) {
      const job = this.jobs.shift()
      this.current = null
      job?.reject(e)
    } finally {
      this.pumping = false
    }
  }

  /** The session asked to be closed after its reply: tell the client once the reply is out. */
  private closeSoon(): void {
    if (this.closing) return
    this.closing = true
    void Promise.resolve().then(() => this.hooks.closed())
  }

  private block(): void {
    this.waiting = true
    this.armDeadline(this.session.blocked?.deadline ?? 0)
  }

  /** The engine served the blocked command or timed it out: its reply is in. */
  private unblocked(): void {
    this.waiting = false
    this.clearTimer()
    const job = this.jobs[0]
    if (job !== undefined && job.index >= job.argvs.length) {
      this.jobs.shift()
      this.current = null
      job.resolve(job.replies)
    }
    // never dispatch inside the engine's current command
    void Promise.resolve().then(() => this.pump())
  }

  /**
   * A blocking timeout keeps a timer that follows the engine's clock (fake
   * timers included); a ManualClock runs it when moved instead.
   */
  private armDeadline(deadline: number): void {
    const g = globalThis as TimerHost
    if (deadline === 0 || isManualClock(this.engine.clock) || typeof g.setTimeout !== 'function') return
    this.clearTimer()
    this.timer = g.setTimeout(
      () => {
        this.timer = null
        this.engine.tick()
        // the clock may lag the timer (a coarse clock): try again shortly
        if (this.waiting && this.session.blocked !== null) this.armDeadline(this.session.blocked.deadline)
      },
      Math.max(0, deadline - this.engine.clock.now() + 1),
    )
  }

  private clearTimer(): void {
    if (this.timer !== null) (globalThis as TimerHost).clearTimeout?.(this.timer)
    this.timer = null
  }
}
