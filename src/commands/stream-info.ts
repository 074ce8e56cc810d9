// https://redis.io/commands/xinfo/
import { formatId, MAX_ID, MIN_ID } from '../core/stream-id.js'
import { INVALID_ENTRIES_READ, type Consumer, type Nack, type StreamGroup } from '../core/values/stream-group.js'
import type { Stream } from '../core/values/stream.js'
import { CommandError, Err, StreamErr, unknownSubcommand, unknownSubcommandOrArity } from '../errors.js'
import { array, bulk, integer, map, NULL_BULK, type Reply } from '../resp/types.js'
import { is, parseInteger, readTyped } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'
import { helpReply } from './server-command-docs.js'
import { entryReply } from './stream-args.js'

function existing(ctx: CommandContext, key: string): Stream {
  const s = readTyped<Stream>(ctx.db, key, 'stream')
  if (s === undefined) throw new CommandError(Err.noSuchKey)
  return s
}

function idOf(n: Nack): Reply {
  return bulk(`${n.ms}-${n.seq}`)
}

function counter(v: number | bigint | null): Reply {
  return v === null || v === INVALID_ENTRIES_READ ? NULL_BULK : integer(v)
}

/** The first `count` items (all of them for 0). */
function take<T>(items: Iterable<T>, count: number): T[] {
  const out: T[] = []
  if (count === 0) return [...items]
  for (const x of items) {
    out.push(x)
    if (out.length === count) break
  }
  return out
}

function edgeEntry(s: Stream, last: boolean): Reply {
  const e = s.edge(last)
  return e === null ? NULL_BULK : entryReply(e[0], e[1])
}

/** The fields XINFO STREAM starts with, in both forms. */
function streamHead(s: Stream): Reply[] {
  return [
    bulk('length'),
    integer(s.length),
    bulk('radix-tree-keys'),
    integer(s.nodes.length),
    bulk('radix-tree-nodes'),
    integer(s.radixTreeNodes()),
    bulk('last-generated-id'),
    bulk(formatId(s.lastId)),
    bulk('max-deleted-entry-id'),
    bulk(formatId(s.maxDeletedId)),
    bulk('entries-added'),
    integer(s.entriesAdded),
    bulk('recorded-first-entry-id'),
    bulk(formatId(s.firstId)),
  ]
}

function fullGroup(s: Stream, g: StreamGroup, count: number): Reply {
  const pending = take(g.pel, count).map((n) => array([idOf(n), bulk(n.consumer.name), integer(n.time), integer(n.deliveries)]))
  const consumers = g.sortedConsumers().map((c: Consumer) =>
    map([
      bulk('name'),
      bulk(c.name),
      bulk('seen-time'),
      integer(c.seenTime),
      bulk('pel-count'),
      integer(c.pel.size),
      bulk('pending'),
      array(take(c.pel, count).map((n) => array([idOf(n), integer(n.time), integer(n.deliveries)]))),
    ]),
  )
  return map([
    bulk('name'),
    bulk(g.name),
    bulk('last-delivered-id'),
    bulk(formatId(g.lastId)),
    bulk('entries-read'),
    counter(g.entriesRead),
    bulk('lag'),
    counter(s.lag(g)),
    bulk('pel-count'),
    integer(g.pel.size),
    bulk('pending'),
    array(pending),
    bulk('consumers'),
    array(consumers),
  ])
}

const streamCommand = defineCommand({
  name: 'stream',
  group: 'stream',
  since: '5.0.0',
  summary: 'Returns information about a stream; FULL adds its entries, groups and consumers.',
  complexity: 'O(1), or O(N) for FULL with N the COUNT.',
  arity: -3,
  flags: ['readonly'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO', 'access'], 2)],
  options: ['FULL', 'COUNT'],
  run: (ctx, args) => {
    const s = existing(ctx, args[0] as string)
    let full = false
    let count = 10
    if (args.length > 1) {
      const syntax = (): CommandError => new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'xinfo'))
      if (!is(args[1] as string, 'full')) throw syntax()
      if (args.length > 2 && (args.length !== 4 || !is(args[2] as string, 'count'))) throw syntax()
      if (args.length === 4) {
        count = parseInteger(args[3] as string)
        if (count < 0) count = 10
      }
      full = true
    }
    const out = streamHead(s)
    if (!full) {
      out.push(bulk('groups'), integer(s.groups?.size ?? 0), bulk('first-entry'), edgeEntry(s, false), bulk('last-entry'), edgeEntry(s, true))
      return map(out)
    }
    const entries: Reply[] = []
    s.range(MIN_ID, MAX_ID, false, (node, i) => {
      entries.push(entryReply(node, i))
      return entries.length !== count
    })
    out.push(bulk('entries'), array(entries), bulk('groups'), array(s.sortedGroups().map((g) => fullGroup(s, g, count))))
    return map(out)
  },
})

const groupsCommand = defineCommand({
  name: 'groups',
  group: 'stream',
  since: '5.0.0',
  summary: 'Returns the consumer groups of a stream.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO', 'access'], 2)],
  run: (ctx, [key]) => {
    const s = existing(ctx, key as string)
    return array(
      s.sortedGroups().map((g) =>
        map([
          bulk('name'),
          bulk(g.name),
          bulk('consumers'),
          integer(g.consumers.size),
          bulk('pending'),
          integer(g.pel.size),
          bulk('last-delivered-id'),
          bulk(formatId(g.lastId)),
          bulk('entries-read'),
          counter(g.entriesRead),
          bulk('lag'),
          counter(s.lag(g)),
        ]),
      ),
    )
  },
})

const consumersCommand = defineCommand({
  name: 'consumers',
  group: 'stream',
  since: '5.0.0',
  summary: 'Returns the consumers of a consumer group.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['readonly'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO', 'access'], 2)],
  tips: ['nondeterministic_output'],
  run: (ctx, [key, group]) => {
    const s = existing(ctx, key as string)
    const g = s.group(group as string)
    if (g === undefined) throw new CommandError(StreamErr.noGroupForKey(group as string, key as string))
    const now = ctx.now()
    return array(
      g.sortedConsumers().map((c) => {
        const idle = now - c.seenTime
        return map([bulk('name'), bulk(c.name), bulk('pending'), integer(c.pel.size), bulk('idle'), integer(idle > 0 ? idle : 0)])
      }),
    )
  },
})

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
]

const helpCommand = defineCommand({
  name: 'help',
  group: 'stream',
  since: '5.0.0',
  summary: 'Lists the XINFO subcommands.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['loading', 'stale'],
  acl: ['stream'],
  run: () => helpReply('xinfo', XINFO_HELP),
})

export const xinfoCommand = defineCommand({
  name: 'xinfo',
  group: 'stream',
  since: '5.0.0',
  summary: 'A container for stream introspection commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  acl: [],
  subcommands: [consumersCommand, groupsCommand, helpCommand, streamCommand],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'xinfo'))
  },
})
