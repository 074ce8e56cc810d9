// https://redis.io/commands/client/
import { parseLL } from '../core/numbers.js'
import { CommandError, Err, noSuchUser, ServerErr, setinfoBadValue, setinfoUnknown, unknownClientType, unknownSubcommandOrArity } from '../errors.js'
import { bulk, integer, NULL_BULK, OK, verbatim, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { is, parseInteger } from './args.js'
import { pauseCommand, unpauseCommand } from './client-pause.js'
import { cachingCommand, getredirCommand, trackingCommand, trackinginfoCommand } from './client-tracking.js'
import { checkClientName, clientInfoLine, clientSessions, clientType, parseClientType, type ClientType } from './client-info.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandFlag, type CommandSpec } from './define.js'
import { arg, helpSubcommand } from './server-command-docs.js'

const CLIENT_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale']
const ADMIN_FLAGS: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']
const ON_OFF = [arg.token('ON'), arg.token('OFF')]

/** CLIENT INFO and LIST are verbatim text in RESP3. */
function textReply(ctx: CommandContext, text: string): Reply {
  return ctx.proto === 3 ? verbatim(text) : bulk(text)
}

function line(ctx: CommandContext, s: Session): string {
  return clientInfoLine(ctx.engine, s, s === ctx.session ? ctx.argv : null)
}

function onOff(v: string): boolean {
  if (is(v, 'on')) return true
  if (is(v, 'off')) return false
  throw new CommandError(Err.syntax)
}

const getnameCommand = defineCommand({
  name: 'getname',
  group: 'connection',
  since: '2.6.9',
  summary: 'Returns the name of the connection.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  run: (ctx) => (ctx.session.name === '' ? NULL_BULK : bulk(ctx.session.name)),
})

const HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
]

const helpCommand = helpSubcommand('client', 'connection', '5.0.0', HELP, ['connection'])

const idCommand = defineCommand({
  name: 'id',
  group: 'connection',
  since: '5.0.0',
  summary: 'Returns the unique client ID of the connection.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  run: (ctx) => integer(ctx.session.id),
})

const infoCommand = defineCommand({
  name: 'info',
  group: 'connection',
  since: '6.2.0',
  summary: 'Returns information about the connection.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  tips: ['nondeterministic_output'],
  run: (ctx) => textReply(ctx, line(ctx, ctx.session) + '\n'),
})

/** The filters of CLIENT KILL's new form; unset fields match everything. */
interface KillFilter {
  id?: number
  type?: ClientType
  user?: string
  addr?: string
  laddr?: string
  skipMe: boolean
}

function parseKillFilter(ctx: CommandContext, args: readonly string[]): KillFilter {
  const f: KillFilter = { skipMe: true }
  for (let i = 0; i < args.length; i += 2) {
    const opt = args[i] as string
    const value = args[i + 1]
    if (value === undefined) throw new CommandError(Err.syntax)
    if (is(opt, 'id')) {
      const id = parseLL(value)
      if (id === null || id < 1) throw new CommandError(Err.clientIdNotInteger)
      f.id = id
    } else if (is(opt, 'type')) {
      const t = parseClientType(value)
      if (t === null) throw new CommandError(unknownClientType(value))
      f.type = t
    } else if (is(opt, 'addr')) f.addr = value
    else if (is(opt, 'laddr')) f.laddr = value
    else if (is(opt, 'user')) {
      if (!ctx.engine.acl.users.has(value)) throw new CommandError(noSuchUser(value))
      f.user = value
    } else if (is(opt, 'skipme')) {
      if (is(value, 'yes')) f.skipMe = true
      else if (is(value, 'no')) f.skipMe = false
      else throw new CommandError(Err.syntax)
    } else throw new CommandError(Err.syntax)
  }
  return f
}

function matches(s: Session, f: KillFilter, me: Session): boolean {
  if (f.id !== undefined && s.id !== f.id) return false
  if (f.type !== undefined && clientType(s) !== f.type) return false
  if (f.user !== undefined && s.user !== f.user) return false
  if (f.addr !== undefined && s.addr !== f.addr) return false
  if (f.laddr !== undefined && s.laddr !== f.laddr) return false
  if (f.skipMe && s === me) return false
  return true
}

/** Disconnects a client: the caller after its reply, anyone else at once. */
function kill(ctx: CommandContext, s: Session): void {
  if (s === ctx.session) {
    s.closing = true
    return
  }
  if (s.sink.close) s.sink.close()
  else ctx.engine.closeSession(s)
}

const killCommand = defineCommand({
  name: 'kill',
  group: 'connection',
  since: '2.4.0',
  summary: 'Terminates open connections.',
  complexity: 'O(N) where N is the number of client connections',
  arity: -3,
  flags: ADMIN_FLAGS,
  acl: ['connection'],
  options: ['ID', 'TYPE', 'USER', 'ADDR', 'LADDR', 'SKIPME'],
  history: [
    ['2.8.12', 'Filters replace the address form.'],
    ['2.8.12', 'The ID filter.'],
    ['3.2.0', 'The master type.'],
    ['5.0.0', 'The replica type replaces slave, still accepted.'],
    ['6.2.0', 'The LADDR filter.'],
  ],
  arguments: [
    arg.oneof('filter', [
      arg.string('ip:port', { deprecatedSince: '2.8.12' }),
      arg.oneof(
        'new-format',
        [
          arg.integer('client-id', { token: 'ID', since: '2.8.12', optional: true }),
          arg.oneof(
            'normal_master_slave_pubsub',
            [arg.token('NORMAL'), arg.token('MASTER', { since: '3.2.0' }), arg.token('SLAVE'), arg.token('REPLICA', { since: '5.0.0' }), arg.token('PUBSUB')],
            { token: 'TYPE', since: '2.8.12', optional: true },
          ),
          arg.string('username', { token: 'USER', optional: true }),
          arg.string('ip:port', { token: 'ADDR', optional: true }),
          arg.string('ip:port', { token: 'LADDR', since: '6.2.0', optional: true }),
          arg.string('yes/no', { token: 'SKIPME', optional: true }),
        ],
        { multiple: true },
      ),
    ]),
  ],
  run: (ctx, args) => {
    if (args.length === 1) {
      // the old form, which may kill the caller itself
      const addr = args[0] as string
      const target = clientSessions(ctx.engine).find((s) => s.addr === addr)
      if (!target) throw new CommandError(Err.noSuchClient)
      kill(ctx, target)
      return OK
    }
    const f = parseKillFilter(ctx, args)
    let n = 0
    for (const s of clientSessions(ctx.engine)) {
      if (!matches(s, f, ctx.session)) continue
      kill(ctx, s)
      n++
    }
    return integer(n)
  },
})

const listCommand = defineCommand({
  name: 'list',
  group: 'connection',
  since: '2.4.0',
  summary: 'Lists open connections.',
  complexity: 'O(N) where N is the number of client connections',
  arity: -2,
  flags: ADMIN_FLAGS,
  acl: ['connection'],
  tips: ['nondeterministic_output'],
  options: ['TYPE', 'ID'],
  history: [
    ['2.8.12', 'The id field.'],
    ['5.0.0', 'The TYPE filter.'],
    ['6.0.0', 'The user field.'],
    ['6.2.0', 'The argv-mem, tot-mem, laddr and redir fields, and the ID filter.'],
    ['7.0.0', 'The resp, multi-mem, rbs and rbp fields.'],
    ['7.0.3', 'The ssub field.'],
  ],
  arguments: [
    arg.oneof('normal_master_replica_pubsub', [arg.token('NORMAL'), arg.token('MASTER'), arg.token('REPLICA'), arg.token('PUBSUB')], {
      token: 'TYPE',
      since: '5.0.0',
      optional: true,
    }),
    arg.block('id', [arg.integer('client-id', { multiple: true })], { token: 'ID', since: '6.2.0', optional: true }),
  ],
  run: (ctx, args) => {
    let keep: (s: Session) => boolean = () => true
    if (args.length === 2 && is(args[0] as string, 'type')) {
      const t = parseClientType(args[1] as string)
      if (t === null) throw new CommandError(unknownClientType(args[1] as string))
      keep = (s) => clientType(s) === t
    } else if (args.length > 1 && is(args[0] as string, 'id')) {
      const ids = new Set<number>()
      for (const a of args.slice(1)) {
        const id = parseLL(a)
        if (id === null) throw new CommandError(ServerErr.invalidClientId)
        ids.add(id)
      }
      keep = (s) => ids.has(s.id)
    } else if (args.length !== 0) throw new CommandError(Err.syntax)
    let text = ''
    for (const s of clientSessions(ctx.engine)) if (keep(s)) text += line(ctx, s) + '\n'
    return textReply(ctx, text)
  },
})

const noEvictCommand = defineCommand({
  name: 'no-evict',
  group: 'connection',
  since: '7.0.0',
  summary: 'Sets the client eviction mode of the connection.',
  complexity: 'O(1)',
  arity: 3,
  flags: ADMIN_FLAGS,
  acl: ['connection'],
  options: ['ON', 'OFF'],
  arguments: [arg.oneof('enabled', ON_OFF)],
  run: (ctx, [mode]) => {
    ctx.session.noEvict = onOff(mode as string)
    return OK
  },
})

const noTouchCommand = defineCommand({
  name: 'no-touch',
  group: 'connection',
  since: '7.2.0',
  summary: 'Controls whether commands sent by the client affect the LRU/LFU of accessed keys.',
  complexity: 'O(1)',
  arity: 3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  newerThanOracle: true,
  options: ['ON', 'OFF'],
  arguments: [arg.oneof('enabled', ON_OFF)],
  run: (ctx, [mode]) => {
    ctx.session.noTouch = onOff(mode as string)
    return OK
  },
})

const replyCommand = defineCommand({
  name: 'reply',
  group: 'connection',
  since: '3.2.0',
  summary: 'Instructs the server whether to reply to commands.',
  complexity: 'O(1)',
  arity: 3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  options: ['ON', 'OFF', 'SKIP'],
  arguments: [arg.oneof('on_off_skip', [arg.token('ON'), arg.token('OFF'), arg.token('SKIP')])],
  run: (ctx, [mode]) => {
    const m = mode as string
    if (is(m, 'on')) {
      ctx.session.replyMode = 'on'
      return OK
    }
    // OFF and SKIP send no reply, not even to themselves
    if (is(m, 'off')) ctx.session.replyMode = 'off'
    else if (is(m, 'skip')) {
      if (ctx.session.replyMode !== 'off') ctx.session.replyMode = 'skip'
    } else throw new CommandError(Err.syntax)
    return undefined
  },
})

const setinfoCommand = defineCommand({
  name: 'setinfo',
  group: 'connection',
  since: '7.2.0',
  summary: 'Sets information specific to the client or connection.',
  complexity: 'O(1)',
  arity: 4,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  newerThanOracle: true,
  options: ['LIB-NAME', 'LIB-VER'],
  arguments: [arg.oneof('attr', [arg.string('libname', { token: 'LIB-NAME' }), arg.string('libver', { token: 'LIB-VER' })])],
  run: (ctx, [attr, value]) => {
    const a = attr as string
    const v = value as string
    const lower = a.toLowerCase()
    if (lower !== 'lib-name' && lower !== 'lib-ver') throw new CommandError(setinfoUnknown(a))
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i)
      if (c < 33 || c > 126) throw new CommandError(setinfoBadValue(a))
    }
    if (lower === 'lib-name') ctx.session.libName = v
    else ctx.session.libVer = v
    return OK
  },
})

const setnameCommand = defineCommand({
  name: 'setname',
  group: 'connection',
  since: '2.6.9',
  summary: 'Sets the connection name.',
  complexity: 'O(1)',
  arity: 3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  arguments: [arg.string('connection-name')],
  run: (ctx, [name]) => {
    checkClientName(name as string)
    ctx.session.name = name as string
    return OK
  },
})

const unblockCommand = defineCommand({
  name: 'unblock',
  group: 'connection',
  since: '5.0.0',
  summary: 'Unblocks a client blocked by a blocking command from a different connection.',
  complexity: 'O(log N) where N is the number of client connections',
  arity: -3,
  flags: ADMIN_FLAGS,
  acl: ['connection'],
  options: ['TIMEOUT', 'ERROR'],
  arguments: [arg.integer('client-id'), arg.oneof('timeout_error', [arg.token('TIMEOUT'), arg.token('ERROR')], { optional: true })],
  run: (ctx, args) => {
    if (args.length > 2) throw new CommandError(unknownSubcommandOrArity('UNBLOCK', 'client'))
    const id = parseInteger(args[0] as string)
    let withError = false
    if (args.length === 2) {
      const reason = args[1] as string
      if (is(reason, 'error')) withError = true
      else if (!is(reason, 'timeout')) throw new CommandError(Err.unblockNotBlocked)
    }
    const target = ctx.engine.sessions.get(id)
    return integer(target !== undefined && ctx.engine.unblockClient(target, withError) ? 1 : 0)
  },
})

export const clientSubcommands: CommandSpec[] = [
  cachingCommand,
  getnameCommand,
  getredirCommand,
  helpCommand,
  idCommand,
  infoCommand,
  killCommand,
  listCommand,
  noEvictCommand,
  noTouchCommand,
  pauseCommand,
  replyCommand,
  setinfoCommand,
  setnameCommand,
  trackingCommand,
  trackinginfoCommand,
  unblockCommand,
  unpauseCommand,
]

export const clientCommand = defineCommand({
  name: 'client',
  group: 'connection',
  since: '2.4.0',
  summary: 'A container for client connection commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: clientSubcommands,
})
