// https://redis.io/commands/role/ and https://redis.io/commands/wait/
// redlet has no replication: it is always a master without replicas.
import { parseLL } from '../core/numbers.js'
import { ClusterErr, CommandError, Err } from '../errors.js'
import { array, bulk, EMPTY_ARRAY, ZERO } from '../resp/types.js'
import { parseInteger } from './args.js'
import { defineCommand, type CommandSpec } from './define.js'
import { arg } from './server-command-docs.js'

export const roleCommand = defineCommand({
  name: 'role',
  group: 'server',
  since: '2.8.12',
  summary: 'Returns the replication role.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['noscript', 'loading', 'stale', 'fast'],
  acl: ['admin', 'dangerous'],
  // the replication offset stays 0 without replicas, as in Redis (no backlog is ever created)
  run: () => array([bulk('master'), ZERO, EMPTY_ARRAY]),
})

export const waitCommand = defineCommand({
  name: 'wait',
  group: 'generic',
  since: '3.0.0',
  summary: 'Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['noscript'],
  acl: ['connection'],
  tips: ['request_policy:all_shards', 'response_policy:agg_min'],
  arguments: [arg.integer('numreplicas'), arg.integer('timeout')],
  run: (ctx, [replicas, timeout]) => {
    // Redis reads numreplicas first, then the timeout (milliseconds, an integer)
    const wanted = parseInteger(replicas as string)
    const ms = parseLL(timeout as string)
    if (ms === null) throw new CommandError(ClusterErr.waitTimeoutNotInteger)
    if (ms < 0) throw new CommandError(Err.timeoutNegative)
    // no replica ever acknowledges: 0 at once when that is enough, or inside MULTI;
    // otherwise it waits out the timeout (0: forever) and answers 0
    if (wanted <= 0) return ZERO
    return ctx.block([], ms === 0 ? 0 : ctx.now() + ms, ZERO)
  },
})

export const replicationCommands: readonly CommandSpec[] = [roleCommand, waitCommand]
