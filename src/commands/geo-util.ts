/** Helpers of the geo commands: coordinates, units, and how Redis prints positions and distances. */
import { decodeScore, formatCoordinate, formatFixed, GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN } from '../core/values/geohash.js'
import type { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, GeoErr } from '../errors.js'
import { array, bulk, type Reply } from '../resp/types.js'
import { parseFloatArg } from './args.js'

/** A longitude and latitude argument pair (extractLongLatOrReply). */
export function parseLonLat(lonArg: string, latArg: string): [number, number] {
  const lon = parseFloatArg(lonArg)
  const lat = parseFloatArg(latArg)
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    throw new CommandError(GeoErr.invalidPair(formatFixed(lon, 6), formatFixed(lat, 6)))
  }
  return [lon, lat]
}

/** Meters per unit: m, km, ft or mi, any case (extractUnitOrReply). */
export function parseUnit(s: string): number {
  switch (s.toLowerCase()) {
    case 'm':
      return 1
    case 'km':
      return 1000
    case 'ft':
      return 0.3048
    case 'mi':
      return 1609.34
    default:
      throw new CommandError(GeoErr.unit)
  }
}

/** A radius and its unit: [radius, meters per unit] (extractDistanceOrReply). */
export function parseRadius(radiusArg: string, unitArg: string): [number, number] {
  const r = parseFloatArg(radiusArg, GeoErr.radiusNotNumeric)
  if (r < 0) throw new CommandError(GeoErr.radiusNegative)
  return [r, parseUnit(unitArg)]
}

/** A box and its unit: [width, height, meters per unit] (extractBoxOrReply). */
export function parseBox(widthArg: string, heightArg: string, unitArg: string): [number, number, number] {
  const w = parseFloatArg(widthArg, GeoErr.widthNotNumeric)
  const h = parseFloatArg(heightArg, GeoErr.heightNotNumeric)
  if (h < 0 || w < 0) throw new CommandError(GeoErr.boxNegative)
  return [w, h, parseUnit(unitArg)]
}

/** The position of a member, or null when absent. */
export function memberPosition(z: SortedSetValue, member: string): [number, number] | null {
  const score = z.score(member)
  return score === undefined ? null : decodeScore(score)
}

/** A distance as Redis replies it: a bulk string with four decimals. */
export function distanceReply(d: number): Reply {
  return bulk(formatFixed(d, 4))
}

/** [longitude, latitude] as Redis replies them: `%.17Lf` trimmed, a bulk string in RESP2, a double in RESP3. */
export function positionReply(lon: number, lat: number): Reply {
  return array([
    { t: 'double', v: lon, text: formatCoordinate(lon) },
    { t: 'double', v: lat, text: formatCoordinate(lat) },
  ])
}
