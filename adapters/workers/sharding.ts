/**
 * Sharded mode: a database spread over N objects by Redis Cluster's hash slot,
 * with Redis Cluster's rules. A command's keys must share a slot (else CROSSSLOT);
 * it runs on the object that owns the slot. Database 0 only. PUBLISH reaches every
 * shard, so subscribers anywhere get it; DBSIZE, KEYS, SCAN, FLUSHALL and FLUSHDB
 * visit every shard. A transaction's keys (queued commands and WATCHed keys) must
 * share one slot too.
 */
import { Err, error, integer, OK, WorkersErr, type Engine, type Protocol, type Reply } from '../../src/index.js'
import { commandKeys, resolveCommand, shardOfSlot, slotOfKeys } from './slots.js'

export type FanOut = 'sum' | 'all' | 'concat' | 'scan'

const FANOUT: Record<string, FanOut> = { publish: 'sum', spublish: 'sum', dbsize: 'sum', flushall: 'all', flushdb: 'all', keys: 'concat', scan: 'scan' }

export type Route =
  /** No keys: the object the client talks to serves it. */
  | { readonly t: 'here' }
  | { readonly t: 'shard'; readonly shard: number; readonly slot: number }
  | { readonly t: 'fanout'; readonly op: FanOut }
  | { readonly t: 'refuse'; readonly reply: Reply }

const HERE: Route = { t: 'here' }
const refuse = (text: string): Route => ({ t: 'refuse', reply: error(text) })

/** Where a command runs in sharded mode. Malformed commands run "here", where the engine words their error. */
export function routeOf(engine: Engine, argv: readonly string[], shards: number): Route {
  const cmd = resolveCommand(engine, argv)
  if (cmd === undefined) return HERE
  const arity = cmd.arity
  if ((arity > 0 && argv.length !== arity) || argv.length < -arity) return HERE
  const name = (cmd.parent ?? cmd).name
  if (name === 'select') return /^-?\d+$/.test(argv[1] as string) && Number(argv[1]) !== 0 ? refuse(WorkersErr.clusterSelect) : HERE
  if (name === 'move') return refuse(WorkersErr.clusterMove)
  if (name === 'swapdb') return refuse(WorkersErr.clusterSwapdb)
  const op = FANOUT[name]
  if (op !== undefined) return { t: 'fanout', op }
  const slot = slotOfKeys(commandKeys(engine, argv))
  if (slot === -2) return refuse(Err.crossSlot)
  if (name === 'copy' && argv.slice(3).some((a) => a.toLowerCase() === 'db')) return refuse(WorkersErr.clusterCopyDb)
  if (slot === -1) return HERE
  return { t: 'shard', shard: shardOfSlot(slot, shards), slot }
}

/** The slot shared by every key of several commands: -1 for none, -2 for CROSSSLOT. */
export function slotOfCommands(engine: Engine, commands: readonly (readonly string[])[]): number {
  const keys: string[] = []
  for (const argv of commands) for (const k of commandKeys(engine, argv)) keys.push(k)
  return slotOfKeys(keys)
}

/** Runs one command on a shard and returns its reply. */
export type ShardRun = (shard: number, argv: string[]) => Promise<Reply>

function intOf(r: Reply): bigint | null {
  return r.t === 'int' ? BigInt(r.v) : null
}

/** A fan-out command over every shard, its replies combined. */
export async function fanOut(op: FanOut, argv: string[], shards: number, run: ShardRun): Promise<Reply> {
  if (op === 'scan') return scanShards(argv, shards, run)
  const all: number[] = []
  for (let i = 0; i < shards; i++) all.push(i)
  const replies = await Promise.all(all.map((i) => run(i, argv)))
  for (const r of replies) if (r.t === 'error') return r
  if (op === 'all') return replies[0] ?? OK
  if (op === 'sum') {
    let n = 0n
    for (const r of replies) n += intOf(r) ?? 0n
    return integer(n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n)
  }
  const keys: (string | null)[] = []
  for (const r of replies) {
    if (r.t === 'bulks') keys.push(...r.v)
    else if (r.t === 'array' || r.t === 'set') for (const x of r.v) if (x.t === 'bulk') keys.push(x.v)
  }
  return { t: 'bulks', v: keys }
}

/**
 * SCAN over shards: the cursor carries the shard in its low part (cursor =
 * inner * shards + shard), so one iteration walks shard 0, then 1, and so on.
 */
async function scanShards(argv: string[], shards: number, run: ShardRun): Promise<Reply> {
  const raw = argv[1] as string
  if (!/^\d+$/.test(raw)) return run(0, argv)
  const cursor = BigInt(raw)
  const n = BigInt(shards)
  const shard = Number(cursor % n)
  const inner = cursor / n
  const r = await run(shard, [argv[0] as string, inner.toString(), ...argv.slice(2)])
  if (r.t !== 'array' || r.v.length !== 2) return r
  const [c, keys] = r.v as [Reply, Reply]
  const next = c.t === 'bulk' ? BigInt(c.v) : 0n
  let out: bigint
  if (next !== 0n) out = next * n + BigInt(shard)
  else out = shard + 1 < shards ? BigInt(shard + 1) : 0n
  return { t: 'array', v: [{ t: 'bulk', v: out.toString() }, keys] }
}

export interface ShardCallOptions {
  proto: Protocol
  readonly: boolean
  /** A WebSocket client's connection id: its blocking commands wait, its WATCH is found. */
  conn?: string
  watched?: boolean
}

/** The calls a sharded client makes to the shards (RPC to other objects, direct to this one). */
export interface ShardCaller {
  readonly shards: number
  run(shard: number, commands: string[][], options: ShardCallOptions): Promise<Reply[]>
  transaction(shard: number, commands: string[][], options: ShardCallOptions): Promise<Reply>
  watch(shard: number, conn: string, keys: string[]): Promise<Reply>
  release(shard: number, conn: string): Promise<void>
}

/** A shard's RPC methods (RedletDurableObject's), as its stub offers them. */
export interface ShardStub {
  shardRun(name: string, shards: number, shard: number, commands: string[][], options: ShardCallOptions): Promise<unknown>
  shardTransaction(name: string, shards: number, shard: number, commands: string[][], options: ShardCallOptions): Promise<unknown>
  shardWatch(name: string, shards: number, shard: number, conn: string, keys: string[]): Promise<unknown>
  shardRelease(name: string, shards: number, shard: number, conn: string): Promise<unknown>
}

function failure(shard: number, e: unknown): Reply {
  return error(WorkersErr.shardFailed(shard, e instanceof Error ? e.message : String(e)))
}

/**
 * Calls to the shards of database `name` through their stubs; `local` serves
 * this object's own shard without RPC. A shard that cannot be reached answers
 * with an error reply.
 */
export function shardCaller(name: string, shards: number, stub: (shard: number) => ShardStub, local?: { shard: number } & Omit<ShardCaller, 'shards'>): ShardCaller {
  const here = (shard: number): (Omit<ShardCaller, 'shards'> & { shard: number }) | null => (local !== undefined && shard === local.shard ? local : null)
  return {
    shards,
    async run(shard, commands, options) {
      try {
        const l = here(shard)
        if (l !== null) return await l.run(shard, commands, options)
        return (await stub(shard).shardRun(name, shards, shard, commands, options)) as Reply[]
      } catch (e) {
        return commands.map(() => failure(shard, e))
      }
    },
    async transaction(shard, commands, options) {
      try {
        const l = here(shard)
        if (l !== null) return await l.transaction(shard, commands, options)
        return (await stub(shard).shardTransaction(name, shards, shard, commands, options)) as Reply
      } catch (e) {
        return failure(shard, e)
      }
    },
    async watch(shard, conn, keys) {
      try {
        const l = here(shard)
        if (l !== null) return await l.watch(shard, conn, keys)
        return (await stub(shard).shardWatch(name, shards, shard, conn, keys)) as Reply
      } catch (e) {
        return failure(shard, e)
      }
    },
    async release(shard, conn) {
      const l = here(shard)
      if (l !== null) return l.release(shard, conn)
      await stub(shard).shardRelease(name, shards, shard, conn)
    },
  }
}

/**
 * A REST request in sharded mode (the Worker runs it): each command goes to its
 * slot's shard, commands for one shard in one call. A fan-out command waits for
 * the commands before it, so a pipeline keeps its order where it can be seen.
 */
export class ShardedRest {
  constructor(
    private readonly engine: Engine,
    private readonly caller: ShardCaller,
    private readonly readonly: boolean,
  ) {}

  async pipeline(commands: string[][]): Promise<Reply[]> {
    const out: Reply[] = new Array<Reply>(commands.length)
    const n = this.caller.shards
    const opts = { proto: 2 as Protocol, readonly: this.readonly }
    let groups = new Map<number, number[]>()
    const flush = async (): Promise<void> => {
      const calls = [...groups].map(async ([shard, idx]) => {
        const replies = await this.caller.run(
          shard,
          idx.map((i) => commands[i] as string[]),
          opts,
        )
        idx.forEach((i, j) => (out[i] = replies[j] ?? error(Err.internal)))
      })
      groups = new Map()
      await Promise.all(calls)
    }
    for (let i = 0; i < commands.length; i++) {
      const argv = commands[i] as string[]
      const route = routeOf(this.engine, argv, n)
      if (route.t === 'refuse') out[i] = route.reply
      else if (route.t === 'fanout') {
        await flush()
        out[i] = await fanOut(route.op, argv, n, async (shard, a) => ((await this.caller.run(shard, [a], opts))[0] ?? error(Err.internal)))
      } else {
        const shard = route.t === 'shard' ? route.shard : 0
        let g = groups.get(shard)
        if (g === undefined) groups.set(shard, (g = []))
        g.push(i)
      }
    }
    await flush()
    return out
  }

  async transaction(commands: string[][]): Promise<Reply> {
    const slot = slotOfCommands(this.engine, commands)
    if (slot === -2) return error(Err.crossSlot)
    const shard = slot === -1 ? 0 : shardOfSlot(slot, this.caller.shards)
    return this.caller.transaction(shard, commands, { proto: 2, readonly: this.readonly })
  }
}
