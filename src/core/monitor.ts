/**
 * MONITOR (https://redis.io/commands/monitor/): every command a client runs,
 * fed to the monitoring sessions as Redis 7.0's status line
 * `+<secs>.<micros> [<db> <addr>] "cmd" "arg"...`.
 *
 * The engine calls `before` and `after` around each handler and `flush` after a
 * top-level reply, only while `size` is not 0. As in Redis 7.0, a command is fed
 * after it ran (with the db it left selected), commands refused before running
 * and queued ones are not fed, admin commands never are, and the skip_monitor
 * ones (EVAL, FCALL) are fed before they run, so their script's calls follow
 * as `[<db> lua]`.
 */
import type { Command } from '../commands/define.js'
import type { Engine } from '../engine.js'
import { simple, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'

/** Commands Redis 7.0 flags may-replicate internally (COMMAND INFO does not show it): a monitor may not run them. */
const MAY_REPLICATE = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'publish', 'spublish', 'pfcount'])

const REDACTED = '(redacted)'

/** A client's address as MONITOR and SLOWLOG print it; sessions without a network address get `<kind>:<id>`. */
export function peerId(s: Session): string {
  if (s.addr !== '') return s.addr
  return s.kind === 'script' ? '?:0' : `${s.kind}:${s.id}`
}

/** HELLO's protover as string2ll reads it, within 2..3. */
function isProtocolVersion(v: string): boolean {
  return v === '2' || v === '3'
}

/**
 * The argv with passwords replaced as Redis 7.0 redacts them (AUTH, HELLO ... AUTH):
 * only once the command parsed that far, so `AUTH a b c` and `HELLO 4 AUTH u p` stay as sent.
 */
export function redactedArgv(cmd: Command, argv: readonly string[]): readonly string[] {
  if (cmd.name === 'auth') {
    if (argv.length > 3) return argv
    return argv.map((a, i) => (i === 0 ? a : REDACTED))
  }
  if (cmd.name !== 'hello' || argv.length < 2 || !isProtocolVersion(argv[1] as string)) return argv
  let out: string[] | null = null
  for (let j = 2; j < argv.length; j++) {
    const opt = (argv[j] as string).toLowerCase()
    const more = argv.length - 1 - j
    if (opt === 'auth' && more >= 2) {
      out ??= argv.slice()
      out[j + 1] = REDACTED
      out[j + 2] = REDACTED
      j += 2
    } else if (opt === 'setname' && more >= 1) j++
    else break
  }
  return out ?? argv
}

/** An argument as Redis's sdscatrepr quotes it. */
export function quoteArg(a: string): string {
  let out = '"'
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i)
    if (c === 0x5c) out += '\\\\'
    else if (c === 0x22) out += '\\"'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c === 0x07) out += '\\a'
    else if (c === 0x08) out += '\\b'
    else if (c >= 0x20 && c <= 0x7e) out += a[i]
    else out += '\\x' + c.toString(16).padStart(2, '0')
  }
  return out + '"'
}

/** The monitor line of a command run by `s` at `ms` (clock time). */
export function monitorLine(ms: number, s: Session, cmd: Command, argv: readonly string[]): string {
  const sec = Math.floor(ms / 1000)
  const micros = String(Math.floor((ms - sec * 1000) * 1000)).padStart(6, '0')
  const addr = s.kind === 'script' ? 'lua' : peerId(s)
  const args = redactedArgv(cmd, argv)
  let line = `${sec}.${micros} [${s.db} ${addr}]`
  for (const a of args) line += ' ' + quoteArg(a)
  return line
}

export class Monitors {
  /** Monitoring sessions: the engine feeds nothing while this is 0. */
  size = 0
  private readonly list: Session[] = []
  /** The session whose top-level command runs now: its own lines wait until its reply is out. */
  private current: Session | null = null
  private held: Reply[] = []

  constructor(private readonly engine: Engine) {}

  /** MONITOR: false when the session already monitors (Redis then replies nothing). */
  add(s: Session): boolean {
    if (s.monitor) return false
    s.monitor = true
    this.list.push(s)
    this.size++
    return true
  }

  /** Ends monitor mode (RESET, a closed connection). */
  remove(s: Session): void {
    if (!s.monitor) return
    s.monitor = false
    const i = this.list.indexOf(s)
    if (i >= 0) this.list.splice(i, 1)
    this.size = this.list.length
  }

  /** A monitor may not run commands that read, write or may replicate (Redis treats it as a replica). */
  refuses(s: Session, cmd: Command): boolean {
    return s.monitor && (cmd.isWrite || cmd.isReadonly || cmd.allFlags.includes('may_replicate') || MAY_REPLICATE.has(cmd.name))
  }

  /** Before a handler runs: skip_monitor commands (scripts) are fed now, ahead of the commands they call. */
  before(s: Session, cmd: Command, argv: readonly string[], nested: boolean, retrying: boolean): void {
    if (retrying) return
    if (!nested) {
      this.current = s
      if (this.held.length !== 0) this.held = []
    }
    if (cmd.allFlags.includes('skip_monitor')) this.feed(s, cmd, argv)
  }

  /** After a handler ran; a blocked client served later is not fed again. */
  after(s: Session, cmd: Command, argv: readonly string[], retrying: boolean): void {
    if (retrying || cmd.isAdmin || cmd.allFlags.includes('skip_monitor')) return
    this.feed(s, cmd, argv)
  }

  /** After a top-level command's reply: the lines its own session held back. */
  flush(): void {
    const s = this.current
    this.current = null
    if (s === null || this.held.length === 0) return
    const held = this.held
    this.held = []
    // CLIENT REPLY OFF or SKIP silences the lines fed during that command, as it does its reply
    if (s.replyMode === 'off' || s.skipThis || !s.monitor) return
    for (const r of held) s.sink.write(r, s.proto)
  }

  private feed(s: Session, cmd: Command, argv: readonly string[]): void {
    const line = simple(monitorLine(this.engine.clock.now(), s, cmd, argv))
    for (let i = 0; i < this.list.length; i++) {
      const m = this.list[i] as Session
      // a closed connection leaves the list here rather than through a hook in closeSession
      if (this.engine.sessions.get(m.id) !== m) {
        this.remove(m)
        i--
        continue
      }
      if (m === this.current) this.held.push(line)
      else if (m.replyMode !== 'off') m.sink.write(line, m.proto)
    }
  }
}
