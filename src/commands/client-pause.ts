/**
 * CLIENT PAUSE and UNPAUSE. The engine keeps the pause; a transport asks
 * `postponeUntil` before running a client's next command and holds it back
 * until the pause ends (the node-tcp adapter does; in-process calls are not held).
 */
import { parseLL } from '../core/numbers.js'
import type { Engine } from '../engine.js'
import { CommandError, Err, ServerErr, unknownSubcommandOrArity } from '../errors.js'
import { OK } from '../resp/types.js'
import type { Session } from '../session.js'
import { is } from './args.js'
import { defineCommand } from './define.js'
import { arg } from './server-command-docs.js'

interface Pause {
  /** Absolute ms when the pause ends. */
  until: number
  /** ALL holds every command; WRITE only those that write or may replicate. */
  all: boolean
  readonly listeners: Set<() => void>
}

const pauses = new WeakMap<Engine, Pause>()

/**
 * Commands Redis 7.0 marks "may replicate" internally (COMMAND INFO does not show
 * the flag): a WRITE pause holds them back as it holds writes.
 */
const MAY_REPLICATE = new Set(['publish', 'spublish', 'pfcount', 'eval', 'evalsha', 'fcall'])

function pauseOf(engine: Engine): Pause {
  let p = pauses.get(engine)
  if (!p) pauses.set(engine, (p = { until: 0, all: false, listeners: new Set() }))
  return p
}

/** Calls `fn` when CLIENT UNPAUSE ends a pause early; returns the unsubscribe. */
export function onUnpause(engine: Engine, fn: () => void): () => void {
  const p = pauseOf(engine)
  p.listeners.add(fn)
  return () => p.listeners.delete(fn)
}

/**
 * When a paused server must hold this command of the session back: the time
 * (absolute ms) the pause ends, else 0.
 */
export function postponeUntil(engine: Engine, s: Session, argv: readonly string[]): number {
  const p = pauses.get(engine)
  if (!p || p.until === 0) return 0
  if (engine.clock.now() >= p.until) {
    p.until = 0
    p.all = false
    return 0
  }
  if (p.all) return p.until
  let cmd = engine.lookup(argv[0] as string)
  if (cmd?.subs && argv.length >= 2) cmd = cmd.subs.get((argv[1] as string).toLowerCase())
  if (!cmd) return 0
  const writes = (c: { isWrite: boolean; fullName: string }): boolean => c.isWrite || MAY_REPLICATE.has(c.fullName)
  if (writes(cmd)) return p.until
  // an EXEC holding writes waits as a write would
  if (cmd.name === 'exec' && s.multi !== null && s.multi.some((q) => writes(q.cmd))) return p.until
  return 0
}

export const pauseCommand = defineCommand({
  name: 'pause',
  group: 'connection',
  since: '2.9.50',
  summary: 'Suspends commands processing.',
  complexity: 'O(1)',
  arity: -3,
  flags: ['admin', 'noscript', 'loading', 'stale'],
  acl: ['connection'],
  options: ['WRITE', 'ALL'],
  history: [['6.2.0', 'The WRITE mode.']],
  arguments: [arg.integer('timeout'), arg.oneof('mode', [arg.token('WRITE'), arg.token('ALL')], { since: '6.2.0', optional: true })],
  run: (ctx, args) => {
    if (args.length > 2) throw new CommandError(unknownSubcommandOrArity('PAUSE', 'client'))
    let all = true
    if (args.length === 2) {
      const mode = args[1] as string
      if (is(mode, 'write')) all = false
      else if (!is(mode, 'all')) throw new CommandError(ServerErr.pauseMode)
    }
    const ms = parseLL(args[0] as string)
    if (ms === null) throw new CommandError(ServerErr.pauseTimeoutNotInteger)
    if (ms < 0) throw new CommandError(Err.timeoutNegative)
    const p = pauseOf(ctx.engine)
    const until = ms === 0 ? 0 : ctx.now() + ms
    // a pause only grows: the later end and the stronger mode win
    if (p.until === 0 || ctx.now() >= p.until) {
      p.until = until
      p.all = all
    } else {
      p.until = Math.max(p.until, until)
      p.all = p.all || all
    }
    return OK
  },
})

export const unpauseCommand = defineCommand({
  name: 'unpause',
  group: 'connection',
  since: '6.2.0',
  summary: 'Resumes processing commands from paused clients.',
  complexity: 'O(N) Where N is the number of paused clients',
  arity: 2,
  flags: ['admin', 'noscript', 'loading', 'stale'],
  acl: ['connection'],
  run: (ctx) => {
    const p = pauseOf(ctx.engine)
    p.until = 0
    p.all = false
    for (const fn of [...p.listeners]) fn()
    return OK
  },
})
