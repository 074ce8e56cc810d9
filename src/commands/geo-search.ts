/** GEOSEARCH, GEOSEARCHSTORE and the GEORADIUS family: one generic search (georadiusGeneric). */
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../core/notify.js'
import { pqsort } from '../core/pqsort.js'
import { cellRange, decodeScore, distanceIfInside, searchAreas, type GeoShape } from '../core/values/geohash.js'
import { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, GeoErr } from '../errors.js'
import { array, bulk, EMPTY_ARRAY, integer, ZERO, type Reply } from '../resp/types.js'
import { is, parseInteger, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type KeySpec } from './define.js'
import { distanceReply, memberPosition, parseBox, parseLonLat, parseRadius, positionReply } from './geo-util.js'
import { readZset } from './sorted-set-util.js'

/** Center given as coordinates (GEORADIUS). */
const BY_COORDS = 1
/** Center given as a member (GEORADIUSBYMEMBER). */
const BY_MEMBER = 2
/** The _RO variants: no STORE. */
const NOSTORE = 4
const SEARCH = 8
const SEARCHSTORE = 16

interface Found {
  member: string
  score: number
  dist: number
  lon: number
  lat: number
}

/** Members of the cells inside the shape, cell by cell in score order; stops at `limit` (ANY). */
function collect(z: SortedSetValue, shape: GeoShape, limit: number): Found[] {
  const cells = searchAreas(shape)
  const out: Found[] = []
  let last = 0
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]
    if (cell === null || cell === undefined) continue
    // huge areas can repeat a cell: skip one equal to the last scanned (Redis never compares with the center)
    const prev = cells[last]
    if (last !== 0 && prev && prev.bits === cell.bits && prev.step === cell.step) continue
    if (out.length !== 0 && limit !== 0 && out.length >= limit) break
    const [min, max] = cellRange(cell)
    const first = z.countByScore(min, false)
    const end = z.countByScore(max, false)
    let full = false
    if (end > first) {
      z.walk(first, end - first, false, (member, score) => {
        if (full) return
        const [lon, lat] = decodeScore(score)
        const dist = distanceIfInside(shape, lon, lat)
        if (dist >= 0) out.push({ member, score, dist, lon, lat })
        if (limit !== 0 && out.length >= limit) full = true
      })
    }
    last = i
  }
  return out
}

function search(ctx: CommandContext, flags: number): Reply {
  const argv = ctx.argv
  const db = ctx.db
  const z = readZset(db, argv[flags & SEARCHSTORE ? 2 : 1] as string)
  let base: number
  let storeKey: string | null = null
  let storeDist = false
  let center: [number, number] | null = null
  let radius: [number, number] | null = null
  let box: [number, number, number] | null = null
  if (flags & BY_COORDS) {
    base = 6
    center = parseLonLat(argv[2] as string, argv[3] as string)
    radius = parseRadius(argv[4] as string, argv[5] as string)
  } else if (flags & BY_MEMBER) {
    base = 5
    // without the key Redis reads nothing more than the options
    if (z !== undefined) {
      center = memberPosition(z, argv[2] as string)
      if (center === null) throw new CommandError(GeoErr.noMember)
      radius = parseRadius(argv[3] as string, argv[4] as string)
    }
  } else {
    base = 2
    if (flags & SEARCHSTORE) {
      base = 3
      storeKey = argv[1] as string
    }
  }
  let withDist = false
  let withHash = false
  let withCoord = false
  let fromMember = false
  let fromLonLat = false
  let any = false
  let sort = 0
  let count = 0
  const search = (flags & SEARCH) !== 0
  const rem = argv.length - base
  for (let i = 0; i < rem; i++) {
    const at = base + i
    const arg = (argv[at] as string).toLowerCase()
    if (arg === 'withdist') withDist = true
    else if (arg === 'withhash') withHash = true
    else if (arg === 'withcoord') withCoord = true
    else if (arg === 'any') any = true
    else if (arg === 'asc') sort = 1
    else if (arg === 'desc') sort = -1
    else if (arg === 'count' && i + 1 < rem) {
      count = parseInteger(argv[at + 1] as string)
      if (count <= 0) throw new CommandError(GeoErr.countPositive)
      i++
    } else if ((arg === 'store' || arg === 'storedist') && i + 1 < rem && !(flags & NOSTORE) && !search) {
      storeKey = argv[at + 1] as string
      storeDist = arg === 'storedist'
      i++
    } else if (arg === 'storedist' && search && flags & SEARCHSTORE) {
      storeDist = true
    } else if (arg === 'frommember' && i + 1 < rem && search && !fromLonLat) {
      if (z !== undefined) {
        center = memberPosition(z, argv[at + 1] as string)
        if (center === null) throw new CommandError(GeoErr.noMember)
      }
      fromMember = true
      i++
    } else if (arg === 'fromlonlat' && i + 2 < rem && search && !fromMember) {
      center = parseLonLat(argv[at + 1] as string, argv[at + 2] as string)
      fromLonLat = true
      i += 2
    } else if (arg === 'byradius' && i + 2 < rem && search && box === null) {
      radius = parseRadius(argv[at + 1] as string, argv[at + 2] as string)
      i += 2
    } else if (arg === 'bybox' && i + 3 < rem && search && radius === null) {
      box = parseBox(argv[at + 1] as string, argv[at + 2] as string, argv[at + 3] as string)
      i += 3
    } else throw syntaxError()
  }
  if (storeKey !== null && (withDist || withHash || withCoord)) {
    throw new CommandError(GeoErr.storeIncompatible(flags & SEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'))
  }
  if (search && !(fromMember || fromLonLat)) throw new CommandError(GeoErr.fromRequired(argv[0] as string))
  if (search && radius === null && box === null) throw new CommandError(GeoErr.byRequired(argv[0] as string))
  if (any && count === 0) throw new CommandError(GeoErr.anyWithoutCount)
  if (z === undefined) {
    if (storeKey === null) return EMPTY_ARRAY
    if (db.delete(storeKey)) ctx.wrote(db, storeKey, NOTIFY_GENERIC, 'del')
    return ZERO
  }
  // COUNT returns the nearest ones: it sorts unless ANY
  if (count !== 0 && sort === 0 && !any) sort = 1
  const [lon, lat] = center as [number, number]
  const shape: GeoShape =
    radius !== null
      ? { kind: 'radius', lon, lat, radius: radius[0], unit: radius[1] }
      : { kind: 'box', lon, lat, width: (box as [number, number, number])[0], height: (box as [number, number, number])[1], unit: (box as [number, number, number])[2] }
  const found = collect(z, shape, any ? count : 0)
  if (found.length === 0 && storeKey === null) return EMPTY_ARRAY
  const n = count === 0 || found.length < count ? found.length : count
  if (sort !== 0) {
    const cmp = (a: Found, b: Found): number => (a.dist > b.dist ? sort : a.dist < b.dist ? -sort : 0)
    // all of it: glibc's qsort, a stable merge sort as Array.prototype.sort is; the first n: Redis's pqsort
    if (n === found.length) found.sort(cmp)
    else pqsort(found, cmp, 0, n - 1)
  }
  if (storeKey === null) {
    const out: Reply[] = new Array(n)
    const options = withDist || withHash || withCoord
    for (let i = 0; i < n; i++) {
      const f = found[i] as Found
      if (!options) {
        out[i] = bulk(f.member)
        continue
      }
      const item: Reply[] = [bulk(f.member)]
      if (withDist) item.push(distanceReply(f.dist / shape.unit))
      if (withHash) item.push(integer(f.score))
      if (withCoord) item.push(positionReply(f.lon, f.lat))
      out[i] = array(item)
    }
    return array(out)
  }
  if (n === 0) {
    if (db.delete(storeKey)) ctx.wrote(db, storeKey, NOTIFY_GENERIC, 'del')
    return ZERO
  }
  const entries: [string, number][] = []
  for (let i = 0; i < n; i++) {
    const f = found[i] as Found
    entries.push([f.member, storeDist ? f.dist / shape.unit : f.score])
  }
  db.set(storeKey, SortedSetValue.fromEntries(entries, ctx.engine.limits))
  ctx.wrote(db, storeKey, NOTIFY_ZSET, search ? 'geosearchstore' : 'georadiusstore')
  ctx.engine.dirty += n - 1
  ctx.ready(db, storeKey)
  return integer(n)
}

const storeSpecs = (startfrom: number): KeySpec[] => [
  ks.one(['RO', 'access']),
  { flags: ['OW', 'update'], begin: { keyword: 'STORE', startfrom }, find: { range: [0, 1, 0] } },
  { flags: ['OW', 'update'], begin: { keyword: 'STOREDIST', startfrom }, find: { range: [0, 1, 0] } },
]

const RADIUS_OPTIONS = ['M', 'KM', 'FT', 'MI', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', 'ANY', 'ASC', 'DESC']
const RADIUS_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.'
const SEARCH_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape'

export const georadiusCommand = defineCommand({
  name: 'georadius',
  group: 'geo',
  since: '3.2.0',
  summary: 'Returns, or stores, the members of a geospatial index within a radius of a point.',
  complexity: RADIUS_COMPLEXITY,
  arity: -6,
  flags: ['write', 'denyoom'],
  acl: ['geo'],
  keySpecs: storeSpecs(6),
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument',
  history: [
    ['6.2.0', 'ANY for COUNT.'],
    ['7.0.0', 'Uppercase unit names.'],
  ],
  options: [...RADIUS_OPTIONS, 'STORE', 'STOREDIST'],
  run: (ctx) => search(ctx, BY_COORDS),
})

export const georadiusRoCommand = defineCommand({
  name: 'georadius_ro',
  group: 'geo',
  since: '3.2.10',
  summary: 'Returns the members of a geospatial index within a radius of a point (read-only GEORADIUS).',
  complexity: RADIUS_COMPLEXITY,
  arity: -6,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument',
  history: [['6.2.0', 'ANY for COUNT.']],
  options: RADIUS_OPTIONS,
  run: (ctx) => search(ctx, BY_COORDS | NOSTORE),
})

export const georadiusbymemberCommand = defineCommand({
  name: 'georadiusbymember',
  group: 'geo',
  since: '3.2.0',
  summary: 'Returns, or stores, the members of a geospatial index within a radius of one of its members.',
  complexity: RADIUS_COMPLEXITY,
  arity: -5,
  flags: ['write', 'denyoom'],
  acl: ['geo'],
  keySpecs: storeSpecs(5),
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments',
  history: [['7.0.0', 'Uppercase unit names.']],
  options: [...RADIUS_OPTIONS, 'STORE', 'STOREDIST'],
  run: (ctx) => search(ctx, BY_MEMBER),
})

export const georadiusbymemberRoCommand = defineCommand({
  name: 'georadiusbymember_ro',
  group: 'geo',
  since: '3.2.10',
  summary: 'Returns the members of a geospatial index within a radius of one of its members (read-only).',
  complexity: RADIUS_COMPLEXITY,
  arity: -5,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments',
  options: RADIUS_OPTIONS,
  run: (ctx) => search(ctx, BY_MEMBER | NOSTORE),
})

const SEARCH_OPTIONS = ['FROMMEMBER', 'FROMLONLAT', 'BYRADIUS', 'BYBOX', 'M', 'KM', 'FT', 'MI', 'ASC', 'DESC', 'COUNT', 'ANY']

export const geosearchCommand = defineCommand({
  name: 'geosearch',
  group: 'geo',
  since: '6.2.0',
  summary: 'Returns the members of a geospatial index inside a circle or a box around a point or a member.',
  complexity: SEARCH_COMPLEXITY,
  arity: -7,
  flags: ['readonly'],
  acl: ['geo'],
  keySpecs: [ks.one(['RO', 'access'])],
  history: [['7.0.0', 'Uppercase unit names.']],
  options: [...SEARCH_OPTIONS, 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  run: (ctx) => search(ctx, SEARCH),
})

export const geosearchstoreCommand = defineCommand({
  name: 'geosearchstore',
  group: 'geo',
  since: '6.2.0',
  summary: 'Stores the members of a geospatial index inside a circle or a box in a sorted set.',
  complexity: SEARCH_COMPLEXITY,
  arity: -8,
  flags: ['write', 'denyoom'],
  acl: ['geo'],
  keySpecs: [ks.one(['OW', 'update'], 1), ks.one(['RO', 'access'], 2)],
  history: [['7.0.0', 'Uppercase unit names.']],
  options: [...SEARCH_OPTIONS, 'STOREDIST'],
  run: (ctx) => search(ctx, SEARCH | SEARCHSTORE),
})

/** In redis.io order, after GEOADD, GEODIST, GEOHASH and GEOPOS. */
export const geoSearchCommands = [
  georadiusCommand,
  georadiusRoCommand,
  georadiusbymemberCommand,
  georadiusbymemberRoCommand,
  geosearchCommand,
  geosearchstoreCommand,
]
