/**
 * Drives `engine.tick()` (active expiry, blocking timeouts) for the in-process
 * clients: from platform timers, or from a `ManualClock`'s changes.
 */
import type { Clock, Engine } from '../../src/index.js'

export type TimerHost = {
  setTimeout?: (fn: () => void, ms: number) => unknown
  clearTimeout?: (t: unknown) => void
}

/** How many calls may pass without asking the engine for its next deadline. */
const RECHECK_EVERY = 64

/**
 * One per engine. `arm(db)` runs after every command, so it is cheap: nothing
 * while a timer is armed, and a full look at the engine's deadlines only when
 * the client's database holds keys with a TTL, or every 64 calls otherwise
 * (to notice TTLs set in another database, or by a script).
 */
export class Ticker {
  private timer: unknown = null
  private stopped = false
  private calls = 0
  private readonly manual: boolean

  constructor(private readonly engine: Engine) {
    const clock = engine.clock
    this.manual = isManualClock(clock)
    if (isManualClock(clock)) clock.onChange(() => this.engine.tick())
    const g = globalThis as TimerHost
    if (typeof g.setTimeout !== 'function') this.stopped = true
  }

  /** After a command of a client on database `db`: makes sure a timer is armed when timed work is pending. */
  arm(db: number): void {
    if (this.timer !== null || this.stopped || this.manual) return
    if ((this.engine.dbs[db]?.expiresCount ?? 0) === 0 && ++this.calls < RECHECK_EVERY) return
    this.calls = 0
    this.armNow()
  }

  private armNow(): void {
    const g = globalThis as TimerHost
    const at = this.engine.nextDeadline()
    if (at === Infinity || typeof g.setTimeout !== 'function') return
    const t = g.setTimeout(
      () => {
        this.timer = null
        this.engine.tick()
        if (!this.stopped) this.armNow()
      },
      Math.max(0, at - this.engine.clock.now()),
    )
    // do not keep a Node process alive for housekeeping
    const unref = (t as { unref?: () => void } | null)?.unref
    if (typeof unref === 'function') unref.call(t)
    this.timer = t
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) (globalThis as TimerHost).clearTimeout?.(this.timer)
    this.timer = null
  }
}

/**
 * A clock that moves only when told (ManualClock), recognised by shape: two
 * bundles loaded side by side (redlet and redlet/ioredis) each have their own
 * ManualClock class.
 */
export function isManualClock(clock: Clock): clock is Clock & { onChange(fn: () => void): void } {
  return typeof (clock as { onChange?: unknown }).onChange === 'function'
}

const tickers = new WeakMap<Engine, Ticker>()

/** The engine's ticker (created on first use). */
export function tickerFor(engine: Engine): Ticker {
  let t = tickers.get(engine)
  if (!t) tickers.set(engine, (t = new Ticker(engine)))
  return t
}
