// https://redis.io/commands/?group=pubsub
import { PubSub, type SubscriptionKind } from '../core/pubsub.js'
import { compileGlob } from '../core/glob.js'
import { CommandError, MessagingErr, unknownSubcommand, unknownSubcommandOrArity } from '../errors.js'
import { array, bulk, bulks, integer, simple, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandFlag, type CommandSpec, type KeySpec } from './define.js'

const SUB_FLAGS: readonly CommandFlag[] = ['pubsub', 'noscript', 'loading', 'stale']
const PUB_FLAGS: readonly CommandFlag[] = ['pubsub', 'loading', 'stale', 'fast']
const INFO_FLAGS: readonly CommandFlag[] = ['pubsub', 'loading', 'stale']

/** Shard channels are declared as keys (for cluster slots) that hold no data. */
const SHARD_CHANNELS: KeySpec = { flags: ['not_key'], begin: { index: 1 }, find: { range: [-1, 1, 0] } }
const SHARD_CHANNEL: KeySpec = { flags: ['not_key'], begin: { index: 1 }, find: { range: [0, 1, 0] } }

const VERBS: Record<SubscriptionKind, [subscribe: string, unsubscribe: string]> = {
  channel: ['subscribe', 'unsubscribe'],
  pattern: ['psubscribe', 'punsubscribe'],
  shard: ['ssubscribe', 'sunsubscribe'],
}

/** What each subscribe verb answers a session that cannot subscribe. */
const DENY_BLOCKING: Record<SubscriptionKind, string> = {
  channel: MessagingErr.subscribeDenyBlocking,
  pattern: MessagingErr.psubscribeDenyBlocking,
  shard: MessagingErr.ssubscribeDenyBlocking,
}

function countFor(kind: SubscriptionKind, ctx: CommandContext): number {
  return kind === 'shard' ? PubSub.shardCount(ctx.session) : PubSub.count(ctx.session)
}

/** Sessions that expect exactly one reply per command cannot subscribe (Redis's DENY BLOCKING clients). */
function denyBlocking(ctx: CommandContext): boolean {
  const kind = ctx.session.kind
  return kind === 'rest' || kind === 'script'
}

function subscribeGeneric(ctx: CommandContext, kind: SubscriptionKind, names: readonly string[]): undefined {
  // unlike SUBSCRIBE, Redis 7.0 refuses SSUBSCRIBE inside EXEC too
  if (denyBlocking(ctx) || (kind === 'shard' && ctx.nested)) throw new CommandError(DENY_BLOCKING[kind])
  const ps = ctx.engine.pubsub
  const verb = VERBS[kind][0]
  for (const name of names) {
    ps.subscribe(ctx.session, kind, name)
    ctx.pushReply(PubSub.confirmation(verb, name, countFor(kind, ctx)))
  }
  return undefined
}

function unsubscribeGeneric(ctx: CommandContext, kind: SubscriptionKind, names: readonly string[]): undefined {
  const ps = ctx.engine.pubsub
  const s = ctx.session
  const verb = VERBS[kind][1]
  let list = names
  if (names.length === 0) {
    const mine = kind === 'channel' ? s.channels : kind === 'pattern' ? s.patterns : s.shardChannels
    // Redis walks its own hash table here (random order per process); this is subscription order
    list = [...(mine ?? [])]
    if (list.length === 0) ctx.pushReply(PubSub.confirmation(verb, null, countFor(kind, ctx)))
  }
  for (const name of list) {
    ps.unsubscribe(s, kind, name)
    ctx.pushReply(PubSub.confirmation(verb, name, countFor(kind, ctx)))
  }
  return undefined
}

export const psubscribeCommand = defineCommand({
  name: 'psubscribe',
  group: 'pubsub',
  since: '2.0.0',
  summary: 'Subscribes to channels whose names match glob patterns.',
  complexity: 'O(N) where N is the number of patterns to subscribe to.',
  arity: -2,
  flags: SUB_FLAGS,
  run: (ctx, patterns) => subscribeGeneric(ctx, 'pattern', patterns),
})

export const publishCommand = defineCommand({
  name: 'publish',
  group: 'pubsub',
  since: '2.0.0',
  summary: 'Sends a message to a channel, returning how many subscribers got it.',
  complexity: 'O(N+M) where N is the number of subscribers of the channel and M the number of subscribed patterns.',
  arity: 3,
  flags: PUB_FLAGS,
  run: (ctx, [channel, message]) => integer(ctx.engine.pubsub.publish(channel as string, message as string)),
})

function channelList(ctx: CommandContext, args: readonly string[], names: Iterable<string>, sub: string): Reply {
  if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(sub, 'pubsub'))
  const out: string[] = []
  const match = args.length === 1 ? compileGlob(args[0] as string) : null
  for (const name of names) if (match === null || match(name)) out.push(name)
  return bulks(out)
}

function numsub(names: readonly string[], map: ReadonlyMap<string, ReadonlySet<unknown>>): Reply {
  const out: Reply[] = []
  for (const name of names) out.push(bulk(name), integer(map.get(name)?.size ?? 0))
  return array(out)
}

const pubsubChannelsCommand = defineCommand({
  name: 'channels',
  group: 'pubsub',
  since: '2.8.0',
  summary: 'Lists the channels that have subscribers, optionally those matching a pattern.',
  complexity: 'O(N) where N is the number of active channels.',
  arity: -2,
  flags: INFO_FLAGS,
  run: (ctx, args) => channelList(ctx, args, ctx.engine.pubsub.channels.keys(), ctx.argv[1] as string),
})

const pubsubHelpCommand = defineCommand({
  name: 'help',
  group: 'pubsub',
  since: '6.2.0',
  summary: 'Describes the PUBSUB subcommands.',
  arity: 2,
  flags: ['loading', 'stale'],
  run: () =>
    array(
      [
        'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
        'CHANNELS [<pattern>]',
        "    Return the currently active channels matching a <pattern> (default: '*').",
        'NUMPAT',
        '    Return number of subscriptions to patterns.',
        'NUMSUB [<channel> ...]',
        '    Return the number of subscribers for the specified channels, excluding',
        '    pattern subscriptions(default: no channels).',
        'SHARDCHANNELS [<pattern>]',
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        'SHARDNUMSUB [<shardchannel> ...]',
        '    Return the number of subscribers for the specified shard level channel(s)',
        'HELP',
        '    Prints this help.',
      ].map(simple),
    ),
})

const pubsubNumpatCommand = defineCommand({
  name: 'numpat',
  group: 'pubsub',
  since: '2.8.0',
  summary: 'Counts the distinct patterns that have subscribers.',
  arity: 2,
  flags: INFO_FLAGS,
  run: (ctx) => integer(ctx.engine.pubsub.patterns.size),
})

const pubsubNumsubCommand = defineCommand({
  name: 'numsub',
  group: 'pubsub',
  since: '2.8.0',
  summary: 'Counts the subscribers of each given channel, pattern subscribers excluded.',
  complexity: 'O(N) for the number of requested channels.',
  arity: -2,
  flags: INFO_FLAGS,
  run: (ctx, channels) => numsub(channels, ctx.engine.pubsub.channels),
})

const pubsubShardchannelsCommand = defineCommand({
  name: 'shardchannels',
  group: 'pubsub',
  since: '7.0.0',
  summary: 'Lists the shard channels that have subscribers, optionally those matching a pattern.',
  complexity: 'O(N) where N is the number of active shard channels.',
  arity: -2,
  flags: INFO_FLAGS,
  run: (ctx, args) => channelList(ctx, args, ctx.engine.pubsub.shardChannels.keys(), ctx.argv[1] as string),
})

const pubsubShardnumsubCommand = defineCommand({
  name: 'shardnumsub',
  group: 'pubsub',
  since: '7.0.0',
  summary: 'Counts the subscribers of each given shard channel.',
  complexity: 'O(N) for the number of requested shard channels.',
  arity: -2,
  flags: INFO_FLAGS,
  run: (ctx, channels) => numsub(channels, ctx.engine.pubsub.shardChannels),
})

export const pubsubCommand = defineCommand({
  name: 'pubsub',
  group: 'pubsub',
  since: '2.8.0',
  summary: 'A container for pub/sub introspection commands.',
  arity: -2,
  flags: [],
  subcommands: [
    pubsubChannelsCommand,
    pubsubHelpCommand,
    pubsubNumpatCommand,
    pubsubNumsubCommand,
    pubsubShardchannelsCommand,
    pubsubShardnumsubCommand,
  ],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'pubsub'))
  },
})

export const punsubscribeCommand = defineCommand({
  name: 'punsubscribe',
  group: 'pubsub',
  since: '2.0.0',
  summary: 'Unsubscribes from glob patterns, or from all of them.',
  complexity: 'O(N) where N is the number of patterns to unsubscribe.',
  arity: -1,
  flags: SUB_FLAGS,
  run: (ctx, patterns) => unsubscribeGeneric(ctx, 'pattern', patterns),
})

export const spublishCommand = defineCommand({
  name: 'spublish',
  group: 'pubsub',
  since: '7.0.0',
  summary: 'Sends a message to a shard channel, returning how many subscribers got it.',
  complexity: 'O(N) where N is the number of subscribers of the shard channel.',
  arity: 3,
  flags: PUB_FLAGS,
  keySpecs: [SHARD_CHANNEL],
  run: (ctx, [channel, message]) => integer(ctx.engine.pubsub.publishShard(channel as string, message as string)),
})

export const ssubscribeCommand = defineCommand({
  name: 'ssubscribe',
  group: 'pubsub',
  since: '7.0.0',
  summary: 'Subscribes to shard channels.',
  complexity: 'O(N) where N is the number of shard channels to subscribe to.',
  arity: -2,
  flags: SUB_FLAGS,
  keySpecs: [SHARD_CHANNELS],
  run: (ctx, channels) => subscribeGeneric(ctx, 'shard', channels),
})

export const subscribeCommand = defineCommand({
  name: 'subscribe',
  group: 'pubsub',
  since: '2.0.0',
  summary: 'Subscribes to channels.',
  complexity: 'O(N) where N is the number of channels to subscribe to.',
  arity: -2,
  flags: SUB_FLAGS,
  run: (ctx, channels) => subscribeGeneric(ctx, 'channel', channels),
})

export const sunsubscribeCommand = defineCommand({
  name: 'sunsubscribe',
  group: 'pubsub',
  since: '7.0.0',
  summary: 'Unsubscribes from shard channels, or from all of them.',
  complexity: 'O(N) where N is the number of shard channels to unsubscribe.',
  arity: -1,
  flags: SUB_FLAGS,
  keySpecs: [SHARD_CHANNELS],
  run: (ctx, channels) => unsubscribeGeneric(ctx, 'shard', channels),
})

export const unsubscribeCommand = defineCommand({
  name: 'unsubscribe',
  group: 'pubsub',
  since: '2.0.0',
  summary: 'Unsubscribes from channels, or from all of them.',
  complexity: 'O(N) where N is the number of channels to unsubscribe.',
  arity: -1,
  flags: SUB_FLAGS,
  run: (ctx, channels) => unsubscribeGeneric(ctx, 'channel', channels),
})

/** In redis.io order. */
export const pubsubCommands: readonly CommandSpec[] = [
  psubscribeCommand,
  publishCommand,
  pubsubCommand,
  punsubscribeCommand,
  spublishCommand,
  ssubscribeCommand,
  subscribeCommand,
  sunsubscribeCommand,
  unsubscribeCommand,
]
