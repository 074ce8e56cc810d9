/** Milliseconds since the Unix epoch. The core reads time only through a Clock. */
export interface Clock {
  now(): number
}

/** Wall-clock time from `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock that moves only when told to: for tests and time-travel in-process. */
export class ManualClock implements Clock {
  constructor(private ms = 0) {}
  now(): number {
    return this.ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
  set(ms: number): void {
    this.ms = ms
  }
}
