/** Milliseconds since the Unix epoch. The core reads time only through a Clock. */
export interface Clock {
  now(): number
}

/** Wall-clock time from `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() }

/**
 * A clock that moves only when told to: for tests and time travel in-process.
 * Listeners (the in-process adapter) run the engine's timed work after each move.
 */
export class ManualClock implements Clock {
  private readonly listeners: (() => void)[] = []

  constructor(private ms = 0) {}

  now(): number {
    return this.ms
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.ms += ms
    this.changed()
  }

  /** Sets the time. */
  set(ms: number): void {
    this.ms = ms
    this.changed()
  }

  /** Calls `fn` after every change of time. */
  onChange(fn: () => void): void {
    this.listeners.push(fn)
  }

  private changed(): void {
    for (const fn of this.listeners) fn()
  }
}
