// https://redis.io/commands/client-tracking/ and friends: server-assisted client-side caching (core/tracking.ts)
import { parseLL } from '../core/numbers.js'
import type { TrackingOptions } from '../core/tracking.js'
import { CommandError, Err, prefixOverlap, ServerErr, TrackingErr } from '../errors.js'
import { bulk, bulks, integer, map, OK, set, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { is } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandFlag } from './define.js'
import { arg } from './server-command-docs.js'

const CLIENT_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale']

export const cachingCommand = defineCommand({
  name: 'caching',
  group: 'connection',
  since: '6.0.0',
  summary: 'Instructs the server whether to track the keys in the next request.',
  complexity: 'O(1)',
  arity: 3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  options: ['YES', 'NO'],
  arguments: [arg.oneof('mode', [arg.token('YES'), arg.token('NO')])],
  run: (ctx, [mode]) => {
    const st = ctx.session.tracking
    // any tracking mode passes this first check, whatever the message says
    if (st === null) throw new CommandError(ServerErr.cachingWithoutTracking)
    if (is(mode as string, 'yes')) {
      if (!st.optin) throw new CommandError(TrackingErr.cachingYes)
    } else if (is(mode as string, 'no')) {
      if (!st.optout) throw new CommandError(TrackingErr.cachingNo)
    } else throw new CommandError(Err.syntax)
    st.caching = true
    return OK
  },
})

export const getredirCommand = defineCommand({
  name: 'getredir',
  group: 'connection',
  since: '6.0.0',
  summary: 'Returns the client ID to which the connection\'s tracking notifications are redirected.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  run: (ctx) => integer(ctx.session.tracking?.redirect ?? -1),
})

/** Parses the options after ON|OFF; the redirect target must exist (it may be the client itself). */
function parseTracking(ctx: CommandContext, args: readonly string[]): TrackingOptions {
  const o: TrackingOptions = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [] }
  const prefixes: string[] = []
  for (let i = 1; i < args.length; i++) {
    const a = args[i] as string
    const more = i + 1 < args.length
    if (is(a, 'redirect') && more) {
      if (o.redirect !== 0) throw new CommandError(TrackingErr.redirectTwice)
      const id = parseLL(args[++i] as string)
      if (id === null) throw new CommandError(Err.notInteger)
      if (!ctx.engine.sessions.has(id)) throw new CommandError(TrackingErr.redirectMissing)
      o.redirect = id
    } else if (is(a, 'bcast')) o.bcast = true
    else if (is(a, 'optin')) o.optin = true
    else if (is(a, 'optout')) o.optout = true
    else if (is(a, 'noloop')) o.noloop = true
    else if (is(a, 'prefix') && more) prefixes.push(args[++i] as string)
    else throw new CommandError(Err.syntax)
  }
  o.prefixes = prefixes
  return o
}

/** Redis's checks for ON, in its order. */
function checkTrackingOn(ctx: CommandContext, s: Session, o: TrackingOptions): void {
  if (!o.bcast && o.prefixes.length !== 0) throw new CommandError(TrackingErr.prefixWithoutBcast)
  if (s.tracking !== null && s.tracking.bcast !== o.bcast) throw new CommandError(TrackingErr.switchBcast)
  if (o.bcast && (o.optin || o.optout)) throw new CommandError(TrackingErr.optWithBcast)
  if (o.optin && o.optout) throw new CommandError(TrackingErr.optinAndOptout)
  if ((o.optin && s.tracking?.optout) || (o.optout && s.tracking?.optin)) throw new CommandError(TrackingErr.switchOpt)
  if (!o.bcast) return
  const ps = o.prefixes
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as string
    const existing = ctx.engine.tracking.overlapping(s, p)
    if (existing !== null) throw new CommandError(prefixOverlap(p, existing, true))
    for (let j = i + 1; j < ps.length; j++) {
      const q = ps[j] as string
      if (p.startsWith(q) || q.startsWith(p)) throw new CommandError(prefixOverlap(p, q, false))
    }
  }
}

export const trackingCommand = defineCommand({
  name: 'tracking',
  group: 'connection',
  since: '6.0.0',
  summary: 'Controls server-assisted client-side caching for the connection.',
  complexity: 'O(1). Some options may introduce additional complexity.',
  arity: -3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  options: ['ON', 'OFF', 'REDIRECT', 'PREFIX', 'BCAST', 'OPTIN', 'OPTOUT', 'NOLOOP'],
  arguments: [
    arg.oneof('status', [arg.token('ON'), arg.token('OFF')]),
    arg.integer('client-id', { token: 'REDIRECT', optional: true }),
    arg.string('prefix', { token: 'PREFIX', optional: true, multiple: true, multipleToken: true }),
    arg.token('BCAST', { optional: true }),
    arg.token('OPTIN', { optional: true }),
    arg.token('OPTOUT', { optional: true }),
    arg.token('NOLOOP', { optional: true }),
  ],
  run: (ctx, args) => {
    const o = parseTracking(ctx, args)
    const status = args[0] as string
    const s = ctx.session
    if (is(status, 'on')) {
      checkTrackingOn(ctx, s, o)
      ctx.engine.tracking.enable(s, o)
    } else if (is(status, 'off')) ctx.engine.tracking.disable(s)
    else throw new CommandError(Err.syntax)
    return OK
  },
})

function trackingFlags(s: Session): Reply[] {
  const st = s.tracking
  if (st === null) return [bulk('off')]
  const f = ['on']
  if (st.bcast) f.push('bcast')
  if (st.optin) f.push('optin')
  if (st.optin && st.caching) f.push('caching-yes')
  if (st.optout) f.push('optout')
  if (st.optout && st.caching) f.push('caching-no')
  if (st.noloop) f.push('noloop')
  if (st.brokenRedirect) f.push('broken_redirect')
  return f.map(bulk)
}

export const trackinginfoCommand = defineCommand({
  name: 'trackinginfo',
  group: 'connection',
  since: '6.2.0',
  summary: 'Returns information about server-assisted client-side caching for the connection.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  run: (ctx) => {
    const s = ctx.session
    const prefixes = s.tracking === null ? [] : [...s.tracking.prefixes].sort()
    return map([bulk('flags'), set(trackingFlags(s)), bulk('redirect'), integer(s.tracking?.redirect ?? -1), bulk('prefixes'), bulks(prefixes)])
  },
})
