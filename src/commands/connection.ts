// https://redis.io/commands/?group=connection
import { CommandError, Err, helloSyntax, ServerErr, wrongArity } from '../errors.js'
import { bulk, EMPTY_ARRAY, integer, map, OK, PONG, push, simple, type Reply } from '../resp/types.js'
import { REDIS_VERSION } from '../version.js'
import { parseInteger } from './args.js'
import { aclLog } from './acl.js'
import { checkClientName } from './client-info.js'
import { clientCommand } from './client.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandFlag, type CommandSpec } from './define.js'
import { arg } from './server-command-docs.js'
import { refuseWhenDiskFails } from './persistence.js'

const CONN_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy']

/** Checks a user's password (core/acl.ts); throws WRONGPASS, logged in ACL LOG. A `nopass` user takes any password. */
export function authenticate(ctx: CommandContext, user: string, pass: string, command: 'AUTH' | 'HELLO' = 'AUTH'): void {
  if (ctx.engine.acl.authenticate(user, pass) === null) {
    aclLog(ctx.engine, ctx.session, 'auth', 'toplevel', command, user)
    throw new CommandError(Err.wrongPass)
  }
  ctx.session.authenticated = true
  ctx.session.user = user
}

export const authCommand = defineCommand({
  name: 'auth',
  group: 'connection',
  since: '1.0.0',
  summary: 'Authenticates the connection.',
  complexity: 'O(N) where N is the number of passwords defined for the user',
  arity: -2,
  flags: CONN_FLAGS,
  acl: ['connection'],
  history: [['6.0.0', 'A username may precede the password.']],
  arguments: [arg.string('username', { since: '6.0.0', optional: true }), arg.string('password')],
  run: (ctx, args) => {
    if (args.length > 2) throw new CommandError(Err.syntax)
    if (args.length === 1) {
      if (ctx.engine.acl.default.nopass) throw new CommandError(Err.authNotConfigured)
      authenticate(ctx, 'default', args[0] as string)
    } else authenticate(ctx, args[0] as string, args[1] as string)
    return OK
  },
})

export const echoCommand = defineCommand({
  name: 'echo',
  group: 'connection',
  since: '1.0.0',
  summary: 'Returns the given string.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['loading', 'stale', 'fast'],
  acl: ['connection'],
  arguments: [arg.string('message')],
  run: (_ctx, [message]) => bulk(message as string),
})

/** The HELLO reply: server facts as a map. */
function helloReply(ctx: CommandContext): Reply {
  return map([
    bulk('server'),
    bulk('redis'),
    bulk('version'),
    bulk(REDIS_VERSION),
    bulk('proto'),
    integer(ctx.session.proto),
    bulk('id'),
    integer(ctx.session.id),
    bulk('mode'),
    bulk('standalone'),
    bulk('role'),
    bulk('master'),
    bulk('modules'),
    EMPTY_ARRAY,
  ])
}

export const helloCommand = defineCommand({
  name: 'hello',
  group: 'connection',
  since: '6.0.0',
  summary: 'Handshakes with the server, optionally choosing the protocol version and authenticating.',
  complexity: 'O(1)',
  arity: -1,
  flags: CONN_FLAGS,
  acl: ['connection'],
  options: ['AUTH', 'SETNAME'],
  history: [['6.2.0', 'The protocol version became optional; without arguments HELLO reports the connection.']],
  arguments: [
    arg.block(
      'arguments',
      [
        arg.integer('protover'),
        arg.block('username_password', [arg.string('username'), arg.string('password')], { token: 'AUTH', optional: true }),
        arg.string('clientname', { token: 'SETNAME', optional: true }),
      ],
      { optional: true },
    ),
  ],
  run: (ctx, args) => {
    let ver = 0
    let j = 0
    if (args.length >= 1) {
      ver = parseInteger(args[0] as string, Err.protocolVersionNotInteger)
      if (ver < 2 || ver > 3) throw new CommandError(Err.noProto)
      j = 1
    }
    let user: string | null = null
    let pass: string | null = null
    let name: string | null = null
    for (; j < args.length; j++) {
      const more = args.length - 1 - j
      const opt = args[j] as string
      const lower = opt.toLowerCase()
      if (lower === 'auth' && more >= 2) {
        user = args[j + 1] as string
        pass = args[j + 2] as string
        j += 2
      } else if (lower === 'setname' && more >= 1) {
        name = args[j + 1] as string
        j++
      } else throw new CommandError(helloSyntax(opt))
    }
    if (user !== null && pass !== null) authenticate(ctx, user, pass, 'HELLO')
    if (!ctx.session.authenticated) throw new CommandError(Err.helloNoAuth)
    if (name !== null) {
      checkClientName(name)
      ctx.session.name = name
    }
    if (ver !== 0) ctx.session.proto = ver as 2 | 3
    return helloReply(ctx)
  },
})

export const pingCommand = defineCommand({
  name: 'ping',
  group: 'connection',
  since: '1.0.0',
  summary: "Returns the server's liveliness response.",
  complexity: 'O(1)',
  arity: -1,
  flags: ['fast'],
  acl: ['connection'],
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  arguments: [arg.string('message', { optional: true })],
  run: (ctx, args) => {
    // Redis refuses PING like a write while saving to disk fails (MISCONF)
    refuseWhenDiskFails(ctx.engine)
    if (args.length > 1) throw new CommandError(wrongArity('ping'))
    const s = ctx.session
    // a subscribed RESP2 client gets a ["pong", message] array, as a pushed message would look
    if (s.proto === 2 && s.subscriptionCount !== 0) {
      return push([bulk('pong'), bulk(args.length === 1 ? (args[0] as string) : '')])
    }
    return args.length === 1 ? bulk(args[0] as string) : PONG
  },
})

export const quitCommand = defineCommand({
  name: 'quit',
  group: 'connection',
  since: '1.0.0',
  summary: 'Closes the connection.',
  complexity: 'O(1)',
  arity: -1,
  flags: CONN_FLAGS,
  acl: ['connection'],
  run: (ctx) => {
    ctx.session.closing = true
    return OK
  },
})

export const resetCommand = defineCommand({
  name: 'reset',
  group: 'connection',
  since: '6.2.0',
  summary: 'Resets the connection.',
  complexity: 'O(1)',
  arity: 1,
  flags: CONN_FLAGS,
  acl: ['connection'],
  run: (ctx) => {
    const s = ctx.session
    const e = ctx.engine
    s.multi = null
    s.multiError = false
    e.watches.unwatchAll(s)
    e.pubsub.unsubscribeAll(s)
    e.monitors.remove(s)
    s.db = 0
    s.proto = 2
    s.name = ''
    s.replyMode = 'on'
    s.noEvict = false
    s.noTouch = false
    if (s.tracking !== null) e.tracking.disable(s)
    // the default user is authenticated again only when it has no password
    s.authenticated = e.acl.defaultAuthenticates()
    s.user = 'default'
    return simple('RESET')
  },
})

export const selectCommand = defineCommand({
  name: 'select',
  group: 'connection',
  since: '1.0.0',
  summary: 'Changes the selected database.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['loading', 'stale', 'fast'],
  acl: ['connection'],
  arguments: [arg.integer('index')],
  run: (ctx, [index]) => {
    const id = parseInteger(index as string)
    if (id > 2147483647 || id < -2147483648) throw new CommandError(ServerErr.intOutOfRange)
    if (id < 0 || id >= ctx.engine.dbs.length) throw new CommandError(Err.dbIndexOutOfRange)
    ctx.session.db = id
    return OK
  },
})

/** In redis.io order. */
export const connectionCommands: readonly CommandSpec[] = [
  authCommand,
  clientCommand,
  echoCommand,
  helloCommand,
  pingCommand,
  quitCommand,
  resetCommand,
  selectCommand,
]
