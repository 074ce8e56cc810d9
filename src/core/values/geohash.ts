/**
 * Redis's geohash: a point is a 52-bit integer (the zset score), latitude bits
 * in the even positions and longitude bits in the odd ones, 26 bits each over
 * the Web Mercator range (latitude within ±85.05112878). Also the search area
 * of a radius or box query (the center cell and its eight neighbours at a step
 * fitted to the size), the haversine distance on Redis's earth radius, and
 * number printing as Redis does it. The floating-point steps follow Redis's
 * order of operations so that scores, distances and orders come out equal.
 *
 * Hash values stay below 2^53, so plain numbers hold them; 32-bit operations
 * work on their halves.
 */

export const GEO_STEP_MAX = 26
export const GEO_LAT_MIN = -85.05112878
export const GEO_LAT_MAX = 85.05112878
export const GEO_LONG_MIN = -180
export const GEO_LONG_MAX = 180
const EARTH_RADIUS_IN_METERS = 6372797.560856
const MERCATOR_MAX = 20037726.37
const D_R = Math.PI / 180.0

const deg2rad = (a: number): number => a * D_R
const rad2deg = (a: number): number => a / D_R

/** A cell: its interleaved bits and its step (bits per coordinate). */
export interface GeoHashBits {
  bits: number
  step: number
}

export interface GeoArea {
  lonMin: number
  lonMax: number
  latMin: number
  latMax: number
}

/** Spreads the low 16 bits of `x` into the even bit positions of a 32-bit value. */
function spread16(x: number): number {
  x &= 0xffff
  x = (x | (x << 8)) & 0x00ff00ff
  x = (x | (x << 4)) & 0x0f0f0f0f
  x = (x | (x << 2)) & 0x33333333
  x = (x | (x << 1)) & 0x55555555
  return x >>> 0
}

/** Gathers the even bits of a 32-bit value into 16 bits. */
function squash32(x: number): number {
  x &= 0x55555555
  x = (x | (x >>> 1)) & 0x33333333
  x = (x | (x >>> 2)) & 0x0f0f0f0f
  x = (x | (x >>> 4)) & 0x00ff00ff
  x = (x | (x >>> 8)) & 0x0000ffff
  return x
}

/** Spreads a value below 2^27 into even bit positions (up to bit 52). */
function spread(v: number): number {
  return spread16(Math.floor(v / 65536)) * 4294967296 + spread16(v)
}

/** Latitude index in the even bits, longitude index in the odd bits. */
export function interleave(lat: number, lon: number): number {
  return spread(lat) + 2 * spread(lon)
}

/** [latitude index, longitude index] of interleaved bits. */
export function deinterleave(bits: number): [number, number] {
  const lo = bits % 4294967296
  const hi = Math.floor(bits / 4294967296)
  const lat = squash32(lo) + squash32(hi) * 65536
  const lon = squash32(lo >>> 1) + squash32(hi >>> 1) * 65536
  return [lat, lon]
}

/**
 * The cell of a point at `step` (geohashEncode), or null outside the supported
 * area. `latMin`/`latMax` default to the Mercator limits (GEOHASH uses ±90).
 */
export function encode(lon: number, lat: number, step: number, latMin = GEO_LAT_MIN, latMax = GEO_LAT_MAX): GeoHashBits | null {
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return null
  if (lat < latMin || lat > latMax) return null
  let latOffset = (lat - latMin) / (latMax - latMin)
  let lonOffset = (lon - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)
  latOffset *= 2 ** step
  lonOffset *= 2 ** step
  // C converts the offsets to uint32 by truncation
  return { bits: interleave(Math.trunc(latOffset), Math.trunc(lonOffset)), step }
}

/** The 52-bit score of a point (geohashEncodeWGS84 then geohashAlign52Bits). */
export function geoScore(lon: number, lat: number): number {
  const h = encode(lon, lat, GEO_STEP_MAX) as GeoHashBits
  return h.bits
}

/** The bounds of a cell (geohashDecode). */
export function decodeArea(h: GeoHashBits): GeoArea {
  const [ilat, ilon] = deinterleave(h.bits)
  return area(ilat, ilon, h.step)
}

function area(ilat: number, ilon: number, step: number): GeoArea {
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN
  const lonScale = GEO_LONG_MAX - GEO_LONG_MIN
  const cells = 2 ** step
  return {
    latMin: GEO_LAT_MIN + (ilat / cells) * latScale,
    latMax: GEO_LAT_MIN + ((ilat + 1) / cells) * latScale,
    lonMin: GEO_LONG_MIN + (ilon / cells) * lonScale,
    lonMax: GEO_LONG_MIN + ((ilon + 1) / cells) * lonScale,
  }
}

/**
 * [latitude index, longitude index] of any score. Redis converts the double to
 * uint64 the way x86-64 code does: truncated, negatives in two's complement,
 * 2^64 and above as 0, -2^63 and below as 2^63. The indexes then have 32 bits.
 */
function scoreIndexes(score: number): [number, number] {
  if (score >= 0 && score < 9007199254740992 && Number.isInteger(score)) return deinterleave(score)
  let b: bigint
  if (!(score < 18446744073709551616)) b = 0n
  else if (score > -9223372036854775808) b = BigInt.asUintN(64, BigInt(Math.trunc(score)))
  else b = 1n << 63n
  const lo = Number(b & 0xffffffffn)
  const hi = Number(b >> 32n)
  return [squash32(lo) + squash32(hi) * 65536, squash32(lo >>> 1) + squash32(hi >>> 1) * 65536]
}

/** The [longitude, latitude] a score stands for: its cell's center, clamped to the limits. */
export function decodeScore(score: number): [number, number] {
  const [ilat, ilon] = scoreIndexes(score)
  const a = area(ilat, ilon, GEO_STEP_MAX)
  let lon = (a.lonMin + a.lonMax) / 2
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN
  let lat = (a.latMin + a.latMax) / 2
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN
  return [lon, lat]
}

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz'

/** The 11-character standard geohash of a score (GEOHASH): re-encoded over latitude ±90. */
export function geohashString(score: number): string {
  const [lon, lat] = decodeScore(score)
  const h = encode(lon, lat, GEO_STEP_MAX, -90, 90)
  const bits = h === null ? 0 : h.bits
  let out = ''
  for (let i = 0; i < 11; i++) {
    // 52 bits make ten characters and two bits; the eleventh is taken as zero
    const idx = i === 10 ? 0 : Math.floor(bits / 2 ** (52 - (i + 1) * 5)) % 32
    out += ALPHABET[idx]
  }
  return out
}

// ---- distances ----

/** Distance along a meridian (Redis 7.0's shortcut when the longitudes are equal). */
function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(deg2rad(lat2) - deg2rad(lat1))
}

/** The haversine distance in meters (geohashGetDistance). */
export function geoDistance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = deg2rad(lon1)
  const lon2r = deg2rad(lon2)
  const v = Math.sin((lon2r - lon1r) / 2)
  if (v === 0) return latDistance(lat1, lat2)
  const lat1r = deg2rad(lat1)
  const lat2r = deg2rad(lat2)
  const u = Math.sin((lat2r - lat1r) / 2)
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a))
}

/** A search shape: a circle (radius) or an axis-aligned box (width, height), with its unit in meters. */
export type GeoShape =
  | { readonly kind: 'radius'; readonly lon: number; readonly lat: number; readonly radius: number; readonly unit: number }
  | { readonly kind: 'box'; readonly lon: number; readonly lat: number; readonly width: number; readonly height: number; readonly unit: number }

/** The distance in meters from the shape's center when the point is inside, else -1. */
export function distanceIfInside(shape: GeoShape, lon: number, lat: number): number {
  if (shape.kind === 'radius') {
    const d = geoDistance(shape.lon, shape.lat, lon, lat)
    return d > shape.radius * shape.unit ? -1 : d
  }
  const height = shape.height * shape.unit
  const width = shape.width * shape.unit
  // the cheaper latitude test first, then the east-west distance at the point's latitude
  if (latDistance(lat, shape.lat) > height / 2) return -1
  if (geoDistance(lon, lat, shape.lon, lat) > width / 2) return -1
  return geoDistance(shape.lon, shape.lat, lon, lat)
}

// ---- the search area ----

/** Steps of a cell that covers `meters` around a point at `lat` (geohashEstimateStepsByRadius). */
function estimateSteps(meters: number, lat: number): number {
  if (meters === 0) return 26
  let step = 1
  while (meters < MERCATOR_MAX) {
    meters *= 2
    step++
  }
  step -= 2
  // wider cells toward the poles
  if (lat > 66 || lat < -66) {
    step--
    if (lat > 80 || lat < -80) step--
  }
  if (step < 1) step = 1
  if (step > 26) step = 26
  return step
}

/** [minLon, minLat, maxLon, maxLat] around the shape (geohashBoundingBox). */
function boundingBox(shape: GeoShape): [number, number, number, number] {
  const { lon, lat } = shape
  const height = shape.unit * (shape.kind === 'radius' ? shape.radius : shape.height / 2)
  const width = shape.unit * (shape.kind === 'radius' ? shape.radius : shape.width / 2)
  const latDelta = rad2deg(height / EARTH_RADIUS_IN_METERS)
  const lonDeltaTop = rad2deg(width / EARTH_RADIUS_IN_METERS / Math.cos(deg2rad(lat + latDelta)))
  const lonDeltaBottom = rad2deg(width / EARTH_RADIUS_IN_METERS / Math.cos(deg2rad(lat - latDelta)))
  // the box is wider on the side nearer the equator
  const south = lat < 0
  return [south ? lon - lonDeltaBottom : lon - lonDeltaTop, lat - latDelta, south ? lon + lonDeltaBottom : lon + lonDeltaTop, lat + latDelta]
}

/** A neighbour: the longitude index moved by `dx`, the latitude index by `dy`, wrapping within the step. */
function move(h: GeoHashBits, dx: number, dy: number): GeoHashBits {
  let [ilat, ilon] = deinterleave(h.bits)
  const cells = 2 ** h.step
  if (dx !== 0) ilon = (((ilon + dx) % cells) + cells) % cells
  if (dy !== 0) ilat = (((ilat + dy) % cells) + cells) % cells
  return { bits: interleave(ilat, ilon), step: h.step }
}

/**
 * The cells to scan for a shape, in Redis's order: the center cell, then north,
 * south, east, west, north-east, north-west, south-east, south-west; null for a
 * neighbour found useless (geohashCalculateAreasByShapeWGS84).
 */
export function searchAreas(shape: GeoShape): (GeoHashBits | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape)
  const meters =
    shape.kind === 'radius' ? shape.radius * shape.unit : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2)) * shape.unit
  let steps = estimateSteps(meters, shape.lat)
  let hash = encode(shape.lon, shape.lat, steps) ?? { bits: 0, step: steps }
  let n = neighbours(hash)
  // a step too coarse near the edges of the area: one step finer
  const north = decodeArea(n[0] as GeoHashBits)
  const south = decodeArea(n[1] as GeoHashBits)
  const east = decodeArea(n[2] as GeoHashBits)
  const west = decodeArea(n[3] as GeoHashBits)
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon
  if (steps > 1 && decrease) {
    steps--
    hash = encode(shape.lon, shape.lat, steps) ?? { bits: 0, step: steps }
    n = neighbours(hash)
  }
  const area = decodeArea(hash)
  const cells: (GeoHashBits | null)[] = [hash, ...n]
  if (steps >= 2) {
    // n: north, south, east, west, north-east, north-west, south-east, south-west
    const drop = (...which: number[]): void => {
      for (const i of which) cells[i + 1] = null
    }
    if (area.latMin < minLat) drop(1, 7, 6)
    if (area.latMax > maxLat) drop(0, 4, 5)
    if (area.lonMin < minLon) drop(3, 7, 5)
    if (area.lonMax > maxLon) drop(2, 6, 4)
  }
  return cells
}

function neighbours(h: GeoHashBits): GeoHashBits[] {
  return [move(h, 0, 1), move(h, 0, -1), move(h, 1, 0), move(h, -1, 0), move(h, 1, 1), move(h, -1, 1), move(h, 1, -1), move(h, -1, -1)]
}

/** The score range [min, max) of a cell (scoresOfGeoHashBox). */
export function cellRange(h: GeoHashBits): [number, number] {
  const shift = 2 ** (52 - h.step * 2)
  return [h.bits * shift, (h.bits + 1) * shift]
}

// ---- printing ----

/**
 * C's `%.<digits>f` of a double: exact decimal rounding, ties to even (glibc).
 * `toFixed` is exact too but rounds ties up; a tie needs a value with at most
 * digits + 1 binary fraction digits, which is checked for and redone exactly.
 */
export function formatFixed(d: number, digits: number): string {
  if (d !== d) return 'nan'
  if (d === Infinity) return 'inf'
  if (d === -Infinity) return '-inf'
  if (Math.abs(d) < 1e21 && !Number.isInteger(d * 2 ** (digits + 1))) return fixSign(d, d.toFixed(digits))
  return exactFixed(d, digits)
}

/** toFixed prints -0.000 without the sign for tiny negatives; C keeps it. */
function fixSign(d: number, s: string): string {
  return d < 0 && s.charCodeAt(0) !== 45 ? '-' + s : s
}

function exactFixed(d: number, digits: number): string {
  const neg = d < 0 || (d === 0 && 1 / d < 0)
  const a = Math.abs(d)
  // a = m * 2^e exactly
  let m = a
  let e = 0
  while (!Number.isInteger(m)) {
    m *= 2
    e--
  }
  let num = BigInt(m) * 10n ** BigInt(digits)
  let q: bigint
  if (e < 0) {
    const den = 1n << BigInt(-e)
    q = num / den
    const r = num - q * den
    const twice = 2n * r
    if (twice > den || (twice === den && (q & 1n) === 1n)) q++
  } else {
    num <<= BigInt(e)
    q = num
  }
  let s = q.toString()
  if (digits > 0) {
    if (s.length <= digits) s = '0'.repeat(digits - s.length + 1) + s
    s = s.slice(0, s.length - digits) + '.' + s.slice(s.length - digits)
  }
  return (neg ? '-' : '') + s
}

/** A coordinate as Redis replies it: `%.17Lf` of the double, trailing zeros (and point) removed. */
export function formatCoordinate(d: number): string {
  let s = formatFixed(d, 17)
  if (s.indexOf('.') >= 0) {
    let end = s.length
    while (s.charCodeAt(end - 1) === 48) end--
    if (s.charCodeAt(end - 1) === 46) end--
    s = s.slice(0, end)
  }
  return s === '-0' ? '0' : s
}
