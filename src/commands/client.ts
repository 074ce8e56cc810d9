// https://redis.io/commands/client/
import { CommandError, unknownSubcommand } from '../errors.js'
import { bulk, integer, NULL_BULK, OK } from '../resp/types.js'
import { checkClientName } from './connection.js'
import { defineCommand, type CommandSpec } from './define.js'

const idCommand = defineCommand({
  name: 'id',
  group: 'connection',
  since: '5.0.0',
  summary: 'Returns the unique client ID of the connection.',
  arity: 2,
  flags: ['noscript', 'loading', 'stale'],
  acl: ['connection'],
  run: (ctx) => integer(ctx.session.id),
})

const setnameCommand = defineCommand({
  name: 'setname',
  group: 'connection',
  since: '2.6.9',
  summary: 'Sets the connection name.',
  arity: 3,
  flags: ['noscript', 'loading', 'stale'],
  acl: ['connection'],
  run: (ctx, [name]) => {
    checkClientName(name as string)
    ctx.session.name = name as string
    return OK
  },
})

const getnameCommand = defineCommand({
  name: 'getname',
  group: 'connection',
  since: '2.6.9',
  summary: 'Returns the name of the connection.',
  arity: 2,
  flags: ['noscript', 'loading', 'stale'],
  acl: ['connection'],
  run: (ctx) => (ctx.session.name === '' ? NULL_BULK : bulk(ctx.session.name)),
})

export const clientSubcommands: CommandSpec[] = [idCommand, setnameCommand, getnameCommand]

export const clientCommand = defineCommand({
  name: 'client',
  group: 'connection',
  since: '2.4.0',
  summary: 'A container for client connection commands.',
  arity: -2,
  flags: [],
  acl: [],
  subcommands: clientSubcommands,
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'client'))
  },
})
