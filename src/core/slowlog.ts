/**
 * The slow log (https://redis.io/commands/slowlog/): commands that ran for at
 * least `slowlog-log-slower-than` microseconds, newest last, at most
 * `slowlog-max-len` of them. Durations come from the engine's `hrtime`; without
 * one every command takes 0 µs, so only a threshold of 0 logs anything.
 */
import type { Command } from '../commands/define.js'
import type { Engine } from '../engine.js'
import type { Session } from '../session.js'
import { peerId, redactedArgv } from './monitor.js'

/** Redis keeps at most 32 arguments and 128 bytes of each (SLOWLOG_ENTRY_MAX_ARGC, _MAX_STRING). */
const MAX_ARGC = 32
const MAX_STRING = 128

export interface SlowLogEntry {
  readonly id: number
  /** Unix time in seconds. */
  readonly time: number
  readonly micros: number
  readonly args: readonly string[]
  readonly addr: string
  readonly name: string
}

/** Redis's truncation: the 32nd slot says how many arguments were left out, long strings how many bytes. */
function loggedArgs(argv: readonly string[]): string[] {
  const n = Math.min(argv.length, MAX_ARGC)
  const out: string[] = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    if (i === MAX_ARGC - 1 && argv.length > MAX_ARGC) {
      out[i] = `... (${argv.length - MAX_ARGC + 1} more arguments)`
      break
    }
    const a = argv[i] as string
    out[i] = a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a
  }
  return out
}

export class SlowLog {
  /**
   * The threshold in µs the engine compares each duration with (Infinity when
   * disabled). It starts at -Infinity, so the first command reads the config.
   */
  slowerThan = -Infinity
  private maxLen = 128
  private nextId = 0
  private entries: SlowLogEntry[] = []
  private following = false

  constructor(private readonly engine: Engine) {}

  /** Reads the settings once and follows their changes. */
  private follow(): void {
    if (this.following) return
    this.following = true
    const config = this.engine.config
    const read = (): void => {
      const t = config.getInt('slowlog-log-slower-than')
      this.slowerThan = t < 0 ? Infinity : t
      this.maxLen = config.getInt('slowlog-max-len')
      // Redis trims after every command while the log is enabled: the command that changed the settings is one
      if (t >= 0) this.trim()
    }
    read()
    config.onChange((name) => {
      if (name === 'slowlog-log-slower-than' || name === 'slowlog-max-len') read()
    })
  }

  private trim(): void {
    const excess = this.entries.length - this.maxLen
    if (excess > 0) this.entries.splice(0, excess)
  }

  /** A command ran for `micros` µs (the engine calls this only when that reaches `slowerThan`). */
  push(s: Session, cmd: Command, argv: readonly string[], micros: number): void {
    this.follow()
    if (micros < this.slowerThan || cmd.allFlags.includes('skip_slowlog')) return
    this.entries.push({
      id: this.nextId++,
      time: Math.floor(this.engine.clock.now() / 1000),
      micros,
      args: loggedArgs(redactedArgv(cmd, argv)),
      addr: peerId(s),
      name: s.name,
    })
    this.trim()
  }

  /** The newest `count` entries, newest first (`count` < 0: all). */
  latest(count: number): SlowLogEntry[] {
    this.follow()
    const n = count < 0 ? this.entries.length : Math.min(count, this.entries.length)
    const out: SlowLogEntry[] = []
    for (let i = this.entries.length - 1; out.length < n; i--) out.push(this.entries[i] as SlowLogEntry)
    return out
  }

  get length(): number {
    this.follow()
    return this.entries.length
  }

  /** SLOWLOG RESET: the ids go on counting. */
  reset(): void {
    this.entries = []
  }
}
