// https://redis.io/commands/acl/ (ACL and its subcommands; the rules themselves live in core/acl*.ts)
import { DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, type Denial, type User } from '../core/acl.js'
import { describeChannels, describeCommands, describeKeys, describeUser, userFlags } from '../core/acl-describe.js'
import type { AclLogContext } from '../core/acl-log.js'
import { globMatch } from '../core/glob.js'
import { applyRules } from '../core/acl-rules.js'
import { parseLL } from '../core/numbers.js'
import type { Engine } from '../engine.js'
import { AclErr, CommandError, Err, unknownSubcommandOrArity, wrongArity } from '../errors.js'
import { array, bulk, bulks, double, integer, map, NULL_BULK, OK, set, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { ACL_ORDER, defineCommand, type Command, type CommandFlag } from './define.js'
import { clientInfoLine } from './client-info.js'
import { arg, helpSubcommand } from './server-command-docs.js'

const ADMIN: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']
const PLAIN: readonly CommandFlag[] = ['noscript', 'loading', 'stale']

/** Records a refusal or a failed AUTH in ACL LOG. */
export function aclLog(engine: Engine, s: Session, reason: 'auth' | 'command' | 'key' | 'channel', context: AclLogContext, object: string, username: string): void {
  engine.aclLog.add(
    { reason, context, object, username, at: engine.clock.now(), clientInfo: clientInfoLine(engine, s, null) },
    engine.config.getInt('acllog-max-len'),
  )
}

const LOG_REASON = { [DENIED_CMD]: 'command', [DENIED_KEY]: 'key', [DENIED_CHANNEL]: 'channel' } as const

/**
 * The permission check before a command runs (engine dispatch, MULTI queueing):
 * the NOPERM error text, or null when the session's user may run it.
 */
export function aclDenied(engine: Engine, s: Session, cmd: Command, argv: readonly string[]): string | null {
  const d = engine.acl.check(s.user, cmd, argv)
  if (d === null) return null
  aclLog(engine, s, LOG_REASON[d.reason], s.multi !== null ? 'multi' : 'toplevel', d.object, s.user)
  return d.reason === DENIED_CMD ? AclErr.noPermCommand(cmd.fullName) : d.reason === DENIED_KEY ? AclErr.noPermKey : AclErr.noPermChannel
}

/** The same check for `redis.call` in a script (run by `caller`): the script-flavoured error text, or null. */
export function aclScriptDenied(engine: Engine, s: Session, caller: Session, cmd: Command, argv: readonly string[]): string | null {
  if (engine.acl.open(s.user)) return null
  const d = engine.acl.check(s.user, cmd, argv)
  if (d === null) return null
  aclLog(engine, caller, LOG_REASON[d.reason], 'lua', d.object, s.user)
  return d.reason === DENIED_CMD ? AclErr.scriptCommand : d.reason === DENIED_KEY ? AclErr.scriptKey : AclErr.scriptChannel
}

function dryrunText(d: Denial, cmd: Command): string {
  if (d.reason === DENIED_CMD) return AclErr.dryrunCommand(cmd.fullName)
  return d.reason === DENIED_KEY ? AclErr.dryrunKey(d.object) : AclErr.dryrunChannel(d.object)
}

/** Clients of users that changed: a deleted user's clients go, and so do subscribers now denied a channel. */
function dropClients(engine: Engine, me: Session, name: string, deleted: boolean): void {
  for (const s of [...engine.sessions.values()]) {
    if (s.user !== name) continue
    let drop = deleted
    if (!drop && s.subscriptionCount !== 0) {
      const u = engine.acl.users.get(name)
      const allowed = (ch: string, pattern: boolean): boolean =>
        u !== undefined && u.allSelectors.some((sel) => sel.allChannels || (pattern ? sel.channels.includes(ch) : sel.channels.some((p) => p === ch || globMatch(p, ch))))
      for (const ch of [...(s.channels ?? []), ...(s.shardChannels ?? [])]) if (!allowed(ch, false)) drop = true
      for (const p of s.patterns ?? []) if (!allowed(p, true)) drop = true
    }
    if (!drop) continue
    // the client running this command gets its reply first
    if (s === me) s.closing = true
    else s.sink.close?.()
  }
}

const setuserCommand = defineCommand({
  name: 'setuser',
  group: 'server',
  since: '6.0.0',
  summary: 'Creates or changes a user and its rules.',
  complexity: 'O(N). Where N is the number of rules provided.',
  arity: -3,
  flags: ADMIN,
  history: [
    ['6.2.0', 'Added Pub/Sub channel patterns.'],
    ['7.0.0', 'Added selectors and key based permissions.'],
  ],
  arguments: [arg.string('username'), arg.string('rule', { optional: true, multiple: true })],
  run: (ctx, [name, ...rules]) => {
    const username = name as string
    if (/[ \0]/.test(username)) throw new CommandError(AclErr.badUsername)
    const acl = ctx.engine.acl
    const allChannels = ctx.engine.config.get('acl-pubsub-default') === 'allchannels'
    const u = applyRules(acl, username, acl.users.get(username), rules, allChannels)
    acl.users.set(username, u)
    acl.changed()
    dropClients(ctx.engine, ctx.session, username, false)
    return OK
  },
})

function userReply(ctx: { engine: Engine; proto: 2 | 3 }, name: string): Reply {
  const acl = ctx.engine.acl
  const u = acl.users.get(name)
  if (u === undefined) return NULL_BULK
  const selectorMap = (sel: typeof u.root): Reply[] => [
    bulk('commands'),
    bulk(describeCommands(acl, sel)),
    bulk('keys'),
    bulk(describeKeys(sel)),
    bulk('channels'),
    bulk(describeChannels(sel)),
  ]
  return map([
    bulk('flags'),
    set(userFlags(u).map(bulk)),
    bulk('passwords'),
    bulks(u.passwords),
    ...selectorMap(u.root),
    bulk('selectors'),
    array(u.selectors.map((s) => map(selectorMap(s)))),
  ])
}

const getuserCommand = defineCommand({
  name: 'getuser',
  group: 'server',
  since: '6.0.0',
  summary: "Returns a user's rules.",
  complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.',
  arity: 3,
  flags: ADMIN,
  history: [
    ['6.2.0', 'Added Pub/Sub channel patterns.'],
    ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
  ],
  arguments: [arg.string('username')],
  run: (ctx, [name]) => userReply(ctx, name as string),
})

const catCommand = defineCommand({
  name: 'cat',
  group: 'server',
  since: '6.0.0',
  summary: 'Lists the ACL categories, or the commands of one.',
  complexity: 'O(1) since the categories and commands are a fixed set.',
  arity: -2,
  flags: PLAIN,
  arguments: [arg.string('categoryname', { optional: true })],
  run: (ctx, args) => {
    if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'acl'))
    if (args.length === 0) return bulks(ACL_ORDER)
    const cat = ACL_ORDER.find((c) => c === (args[0] as string).toLowerCase())
    if (cat === undefined) throw new CommandError(AclErr.unknownCategory(args[0] as string))
    return bulks(ctx.engine.acl.inCategory(cat).map((c) => c.fullName))
  },
})

const listCommand = defineCommand({
  name: 'list',
  group: 'server',
  since: '6.0.0',
  summary: 'Lists every user and its rules, as ACL file lines.',
  complexity: 'O(N). Where N is the number of configured users.',
  arity: 2,
  flags: ADMIN,
  run: (ctx) => {
    const acl = ctx.engine.acl
    return bulks(sortedNames(ctx.engine).map((n) => describeUser(acl, acl.users.get(n) as User)))
  },
})

/** Users in name order (Redis keeps them in a radix tree). */
function sortedNames(engine: Engine): string[] {
  return [...engine.acl.users.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

const loadCommand = defineCommand({
  name: 'load',
  group: 'server',
  since: '6.0.0',
  summary: 'Reloads the users from the ACL file.',
  complexity: 'O(N). Where N is the number of configured users.',
  arity: 2,
  flags: ADMIN,
  run: () => {
    // the core reads no files: without an aclfile (which cannot be configured here) Redis refuses the same way
    throw new CommandError(AclErr.noAclFile)
  },
})

const saveCommand = defineCommand({
  name: 'save',
  group: 'server',
  since: '6.0.0',
  summary: 'Saves the users to the ACL file.',
  complexity: 'O(N). Where N is the number of configured users.',
  arity: 2,
  flags: ADMIN,
  run: () => {
    throw new CommandError(AclErr.noAclFile)
  },
})

const whoamiCommand = defineCommand({
  name: 'whoami',
  group: 'server',
  since: '6.0.0',
  summary: 'Returns the user the connection is authenticated as.',
  complexity: 'O(1)',
  arity: 2,
  flags: PLAIN,
  run: (ctx) => bulk(ctx.session.user),
})

const genpassCommand = defineCommand({
  name: 'genpass',
  group: 'server',
  since: '6.0.0',
  summary: 'Generates a random password, 256 bits unless told.',
  complexity: 'O(1)',
  arity: -2,
  flags: PLAIN,
  arguments: [arg.integer('bits', { optional: true })],
  run: (ctx, args) => {
    if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'acl'))
    let bits = 256
    if (args.length === 1) {
      const n = parseLL(args[0] as string)
      if (n === null) throw new CommandError(Err.notInteger)
      if (n <= 0 || n > 4096) throw new CommandError(AclErr.genpassBits)
      bits = n
    }
    // the core has no crypto source: the engine's random function (an adapter may pass a secure one)
    let out = ''
    const chars = Math.ceil(bits / 4)
    for (let i = 0; i < chars; i++) out += Math.floor(ctx.engine.random() * 16).toString(16)
    return bulk(out)
  },
})

const usersCommand = defineCommand({
  name: 'users',
  group: 'server',
  since: '6.0.0',
  summary: 'Lists the user names.',
  complexity: 'O(N). Where N is the number of configured users.',
  arity: 2,
  flags: ADMIN,
  run: (ctx) => bulks(sortedNames(ctx.engine)),
})

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
]

const helpCommand = helpSubcommand('acl', 'server', '6.0.0', HELP)

const dryrunCommand = defineCommand({
  name: 'dryrun',
  group: 'server',
  since: '7.0.0',
  summary: 'Tells whether a user could run a command, without running it.',
  complexity: 'O(1).',
  arity: -4,
  flags: ADMIN,
  arguments: [arg.string('username'), arg.string('command'), arg.string('arg', { optional: true, multiple: true })],
  run: (ctx, [name, ...argv]) => {
    const engine = ctx.engine
    if (!engine.acl.users.has(name as string)) throw new CommandError(AclErr.dryrunNoUser(name as string))
    let cmd = engine.lookup(argv[0] as string)
    if (cmd !== undefined && cmd.subs !== null && argv.length >= 2) cmd = cmd.subs.get((argv[1] as string).toLowerCase())
    if (cmd === undefined) throw new CommandError(AclErr.dryrunNoCommand(argv[0] as string))
    if ((cmd.arity > 0 && argv.length !== cmd.arity) || argv.length < -cmd.arity) throw new CommandError(wrongArity(cmd.fullName))
    const d = engine.acl.check(name as string, cmd, argv)
    return d === null ? OK : bulk(dryrunText(d, cmd))
  },
})

const deluserCommand = defineCommand({
  name: 'deluser',
  group: 'server',
  since: '6.0.0',
  summary: 'Deletes users, and disconnects their clients.',
  complexity: 'O(1) amortized time considering the typical user.',
  arity: -3,
  flags: ADMIN,
  arguments: [arg.string('username', { multiple: true })],
  run: (ctx, names) => {
    const acl = ctx.engine.acl
    if (names.includes('default')) throw new CommandError(AclErr.deleteDefault)
    let n = 0
    for (const name of new Set(names)) {
      if (!acl.users.delete(name)) continue
      n++
      dropClients(ctx.engine, ctx.session, name, true)
    }
    acl.changed()
    return integer(n)
  },
})

const logCommand = defineCommand({
  name: 'log',
  group: 'server',
  since: '6.0.0',
  summary: 'Lists recent refusals and failed logins.',
  complexity: 'O(N) with N being the number of entries shown.',
  arity: -2,
  flags: ADMIN,
  options: ['RESET'],
  arguments: [arg.oneof('operation', [arg.integer('count'), arg.token('RESET')], { optional: true })],
  run: (ctx, args) => {
    if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'acl'))
    const log = ctx.engine.aclLog
    let count = log.entries.length
    if (args.length === 1) {
      if ((args[0] as string).toLowerCase() === 'reset') {
        log.reset()
        return OK
      }
      const n = parseLL(args[0] as string)
      if (n === null) throw new CommandError(Err.notInteger)
      count = Math.max(0, Math.min(n, count))
    }
    const now = ctx.now()
    return array(
      log.entries.slice(0, count).map((e) =>
        map([
          bulk('count'),
          integer(e.count),
          bulk('reason'),
          bulk(e.reason),
          bulk('context'),
          bulk(e.context),
          bulk('object'),
          bulk(e.object),
          bulk('username'),
          bulk(e.username),
          bulk('age-seconds'),
          double((now - e.at) / 1000),
          bulk('client-info'),
          bulk(e.clientInfo),
        ]),
      ),
    )
  },
})

export const aclCommand = defineCommand({
  name: 'acl',
  group: 'server',
  since: '6.0.0',
  summary: 'A container for the access control commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [
    catCommand,
    deluserCommand,
    dryrunCommand,
    genpassCommand,
    getuserCommand,
    helpCommand,
    listCommand,
    loadCommand,
    logCommand,
    saveCommand,
    setuserCommand,
    usersCommand,
    whoamiCommand,
  ],
})

export const aclCommands = [aclCommand]
