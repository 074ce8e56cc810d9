// https://redis.io/commands/?group=cluster
// redlet is a standalone instance (cluster-enabled no): like Redis 7.0 there, every CLUSTER
// subcommand (HELP and KEYSLOT included), READONLY, READWRITE and ASKING answer that cluster
// support is disabled, after the arity check. The Workers sharded mode does not change this.
import { ClusterErr, CommandError, unknownSubcommand } from '../errors.js'
import type { HandlerResult } from './define.js'
import { defineCommand, type CommandFlag, type CommandSpec } from './define.js'

function disabled(): HandlerResult {
  throw new CommandError(ClusterErr.disabled)
}

const ADMIN: readonly CommandFlag[] = ['admin', 'stale', 'no_async_loading']
const ND = ['nondeterministic_output']

interface SubOptions {
  flags?: readonly CommandFlag[]
  tips?: readonly string[]
  since?: string
  complexity?: string
  options?: readonly string[]
  extra?: Partial<CommandSpec>
}

function sub(name: string, arity: number, summary: string, o: SubOptions = {}): CommandSpec {
  return defineCommand({
    name,
    group: 'cluster',
    since: o.since ?? '3.0.0',
    summary,
    complexity: o.complexity ?? 'O(1)',
    arity,
    flags: o.flags ?? ['stale'],
    ...(o.tips ? { tips: o.tips } : {}),
    ...(o.options ? { options: o.options } : {}),
    ...o.extra,
    run: disabled,
  })
}

const SLOTS_N = 'O(N) where N is the total number of hash slot arguments'
const RANGE_N = 'O(N) where N is the total number of the slots between the start slot and end slot arguments.'
const NODES_N = 'O(N) where N is the total number of Cluster nodes'

/** In name order (Redis lists them in its dictionary's order). */
const clusterSubcommands: CommandSpec[] = [
  sub('addslots', -3, 'Assigns new hash slots to the node.', { flags: ADMIN, complexity: SLOTS_N }),
  sub('addslotsrange', -4, 'Assigns new hash slot ranges to the node.', { flags: ADMIN, since: '7.0.0', complexity: RANGE_N }),
  sub('bumpepoch', 2, 'Advances the cluster config epoch.', { flags: ADMIN, tips: ND }),
  sub('count-failure-reports', 3, 'Returns the number of active failure reports for a node.', {
    flags: ['admin', 'stale'],
    tips: ND,
    complexity: 'O(N) where N is the number of failure reports',
  }),
  sub('countkeysinslot', 3, 'Returns the number of keys in a hash slot.'),
  sub('delslots', -3, 'Sets hash slots as unbound for the node.', { flags: ADMIN, complexity: SLOTS_N }),
  sub('delslotsrange', -4, 'Sets hash slot ranges as unbound for the node.', { flags: ADMIN, since: '7.0.0', complexity: RANGE_N }),
  sub('failover', -2, 'Forces a replica to perform a manual failover of its master.', { flags: ADMIN, options: ['FORCE', 'TAKEOVER'] }),
  sub('flushslots', 2, "Deletes all of the node's slots information.", { flags: ADMIN }),
  sub('forget', 3, 'Removes a node from the nodes table.', { flags: ADMIN }),
  sub('getkeysinslot', 4, 'Returns the key names in a hash slot.', { tips: ND, complexity: 'O(log(N)) where N is the number of requested keys' }),
  sub('help', 2, 'Returns helpful text about the different subcommands.', { flags: ['loading', 'stale'], since: '5.0.0' }),
  sub('info', 2, 'Returns information about the state of a node.', { tips: ND }),
  sub('keyslot', 3, 'Returns the hash slot for a key.', { complexity: 'O(N) where N is the number of bytes in the key' }),
  sub('links', 2, 'Returns the TCP links to and from peer nodes.', { tips: ND, since: '7.0.0', complexity: NODES_N }),
  sub('meet', -4, 'Forces a node to handshake with another node.', {
    flags: ADMIN,
    extra: { history: [['4.0.0', 'The optional cluster bus port.']] },
  }),
  sub('myid', 2, 'Returns the ID of a node.'),
  sub('nodes', 2, 'Returns the cluster configuration of a node.', { tips: ND, complexity: NODES_N }),
  sub('replicas', 3, 'Lists the replica nodes of a master node.', { flags: ['admin', 'stale'], tips: ND, since: '5.0.0' }),
  sub('replicate', 3, 'Configures a node as a replica of a master node.', { flags: ADMIN }),
  sub('reset', -2, 'Resets a node.', {
    flags: ['admin', 'noscript', 'stale'],
    options: ['HARD', 'SOFT'],
    complexity: 'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.',
  }),
  sub('saveconfig', 2, 'Forces a node to save the cluster configuration to disk.', { flags: ADMIN }),
  sub('set-config-epoch', 3, 'Sets the configuration epoch for a new node.', { flags: ADMIN }),
  sub('setslot', -4, 'Binds a hash slot to a node.', { flags: ADMIN, options: ['IMPORTING', 'MIGRATING', 'NODE', 'STABLE'] }),
  sub('shards', 2, 'Returns the mapping of cluster slots to shards.', { tips: ND, since: '7.0.0', complexity: 'O(N) where N is the total number of cluster nodes' }),
  sub('slaves', 3, 'Lists the replica nodes of a master node.', {
    flags: ['admin', 'stale'],
    tips: ND,
    extra: { docFlags: ['deprecated'], deprecatedSince: '5.0.0', replacedBy: '`CLUSTER REPLICAS`' },
  }),
  sub('slots', 2, 'Returns the mapping of cluster slots to nodes.', {
    tips: ND,
    complexity: NODES_N,
    extra: {
      history: [
        ['4.0.0', 'Node IDs.'],
        ['7.0.0', 'More networking metadata.'],
      ],
      docFlags: ['deprecated'],
      deprecatedSince: '7.0.0',
      replacedBy: '`CLUSTER SHARDS`',
    },
  }),
]

export const clusterCommand = defineCommand({
  name: 'cluster',
  group: 'cluster',
  since: '3.0.0',
  summary: 'A container for Redis Cluster commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: clusterSubcommands,
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'cluster'))
  },
})

export const askingCommand = defineCommand({
  name: 'asking',
  group: 'cluster',
  since: '3.0.0',
  summary: 'Signals that a cluster client is following an -ASK redirect.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['fast'],
  acl: ['connection'],
  run: disabled,
})

export const readonlyCommand = defineCommand({
  name: 'readonly',
  group: 'cluster',
  since: '3.0.0',
  summary: 'Enables read-only queries for a connection to a Redis Cluster replica node.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['loading', 'stale', 'fast'],
  acl: ['connection'],
  run: disabled,
})

export const readwriteCommand = defineCommand({
  name: 'readwrite',
  group: 'cluster',
  since: '3.0.0',
  summary: 'Enables read-write queries for a connection to a Redis Cluster replica node.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['loading', 'stale', 'fast'],
  acl: ['connection'],
  run: disabled,
})

/** In redis.io order. */
export const clusterCommands: readonly CommandSpec[] = [askingCommand, clusterCommand, readonlyCommand, readwriteCommand]
