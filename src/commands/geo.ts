// https://redis.io/commands/?group=geo
import { NOTIFY_ZSET } from '../core/notify.js'
import { geoDistance, geohashString, geoScore } from '../core/values/geohash.js'
import { SortedSetValue } from '../core/values/sorted-set.js'
import { array, bulk, integer, NULL_ARRAY, NULL_BULK, ZERO, type Reply } from '../resp/types.js'
import { syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { geoSearchCommands } from './geo-search.js'
import { distanceReply, memberPosition, parseLonLat, parseUnit, positionReply } from './geo-util.js'
import { readZset, writeZset } from './sorted-set-util.js'

/**
 * GEOADD is ZADD with scores made from coordinates: Redis rewrites the command
 * into a ZADD (options kept as given, scores as integers), runs it, and logs the
 * ZADD. The keyspace event is ZADD's.
 */
function geoadd(ctx: CommandContext, args: readonly string[]): Reply {
  const key = args[0] as string
  let nx = false
  let xx = false
  let ch = false
  let j = 1
  for (; j < args.length; j++) {
    const opt = (args[j] as string).toLowerCase()
    if (opt === 'nx') nx = true
    else if (opt === 'xx') xx = true
    else if (opt === 'ch') ch = true
    else break
  }
  if ((args.length - j) % 3 !== 0 || (nx && xx)) throw syntaxError()
  const n = (args.length - j) / 3
  const zadd: string[] = ['zadd', ...args.slice(0, j)]
  const scores: number[] = []
  const members: string[] = []
  for (let i = 0; i < n; i++) {
    const at = j + i * 3
    const [lon, lat] = parseLonLat(args[at] as string, args[at + 1] as string)
    const score = geoScore(lon, lat)
    scores.push(score)
    members.push(args[at + 2] as string)
    zadd.push(String(score), args[at + 2] as string)
  }
  // the ZADD it becomes needs at least one pair
  if (n === 0) throw syntaxError()
  const db = ctx.db
  let z = writeZset(db, key)
  if (z === undefined) {
    if (xx) return ZERO
    z = new SortedSetValue()
    db.set(key, z)
  }
  const limits = ctx.engine.limits
  let added = 0
  let updated = 0
  for (let i = 0; i < n; i++) {
    const member = members[i] as string
    const score = scores[i] as number
    const cur = z.score(member)
    if (cur !== undefined) {
      if (nx || cur === score) continue
      z.set(member, score, limits)
      updated++
    } else if (!xx) {
      z.set(member, score, limits)
      added++
    }
  }
  if (added + updated !== 0) {
    ctx.wrote(db, key, NOTIFY_ZSET, 'zadd')
    if (added !== 0) ctx.ready(db, key)
    ctx.propagate(zadd)
  } else ctx.propagateNothing()
  return integer(ch ? added + updated : added)
}

function geodist(ctx: CommandContext, args: readonly string[]): Reply {
  let toMeters = 1
  if (args.length === 4) toMeters = parseUnit(args[3] as string)
  else if (args.length > 4) throw syntaxError()
  const z = readZset(ctx.db, args[0] as string)
  if (z === undefined) return NULL_BULK
  const a = memberPosition(z, args[1] as string)
  const b = memberPosition(z, args[2] as string)
  if (a === null || b === null) return NULL_BULK
  return distanceReply(geoDistance(a[0], a[1], b[0], b[1]) / toMeters)
}

function geohash(ctx: CommandContext, args: readonly string[]): Reply {
  const z = readZset(ctx.db, args[0] as string)
  const out: Reply[] = []
  for (let i = 1; i < args.length; i++) {
    const score = z?.score(args[i] as string)
    out.push(score === undefined ? NULL_BULK : bulk(geohashString(score)))
  }
  return array(out)
}

function geopos(ctx: CommandContext, args: readonly string[]): Reply {
  const z = readZset(ctx.db, args[0] as string)
  const out: Reply[] = []
  for (let i = 1; i < args.length; i++) {
    const p = z === undefined ? null : memberPosition(z, args[i] as string)
    out.push(p === null ? NULL_ARRAY : positionReply(p[0], p[1]))
  }
  return array(out)
}

export const geoaddCommand = defineCommand({
  name: 'geoadd',
  group: 'geo',
  since: '3.2.0',
  summary: 'Adds or updates members of a geospatial index (a sorted set) by longitude and latitude.',
  complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
  arity: -5,
  flags: ['write', 'denyoom'],
  acl: ['geo'],
  keySpecs: [ks.one(['RW', 'update'])],
  history: [['6.2.0', 'CH, NX and XX.']],
  options: ['NX', 'XX', 'CH'],
  run: geoadd,
})

export const geodistCommand = defineCommand({
  name: 'geodist',
  group: 'geo',
  since: '3.2.0',
  summary: 'Returns the distance between two members of a geospatial index.',
  complexity: 'O(log(N))',
  arity: -4,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  options: ['M', 'KM', 'FT', 'MI'],
  run: geodist,
})

export const geohashCommand = defineCommand({
  name: 'geohash',
  group: 'geo',
  since: '3.2.0',
  summary: 'Returns members of a geospatial index as standard 11-character geohash strings.',
  complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.',
  arity: -2,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: geohash,
})

export const geoposCommand = defineCommand({
  name: 'geopos',
  group: 'geo',
  since: '3.2.0',
  summary: 'Returns the longitude and latitude of members of a geospatial index.',
  complexity: 'O(N) where N is the number of members requested.',
  arity: -2,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: geopos,
})

/** In redis.io order. */
export const geoCommands: readonly CommandSpec[] = [geoaddCommand, geodistCommand, geohashCommand, geoposCommand, ...geoSearchCommands]
