import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { seeded } from '../helpers/engine.js'

const SICILY = ['13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '12.758489', '38.788135', 'edge1', '13.583333', '37.316667', 'Agrigento']

/** Adds `n` random points around (lon, lat) within `spread` degrees, some sharing coordinates. */
async function randomPoints(d: DiffPair, key: string, rand: () => number, n: number, lon: number, lat: number, spread: number): Promise<void> {
  const args: string[] = []
  let prev: [string, string] = ['0', '0']
  for (let i = 0; i < n; i++) {
    const x = Math.max(-180, Math.min(180, lon + (rand() * 2 - 1) * spread)).toFixed(6)
    const y = Math.max(-85.05, Math.min(85.05, lat + (rand() * 2 - 1) * spread)).toFixed(6)
    // every tenth point repeats the previous position: equal distances keep their zset order
    const p: [string, string] = i % 10 === 9 ? prev : [x, y]
    args.push(p[0], p[1], `m${i}`)
    prev = p
  }
  await d.same('GEOADD', key, ...args)
}

describeDiff('geo commands against redis-server', () => {
  const d = useDifferential()

  test('GEOADD: scores, NX, XX, CH', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('ZRANGE', 'g', '0', '-1', 'WITHSCORES')
    await d.same('GEOADD', 'g', 'NX', '1', '2', 'Palermo', '3', '4', 'new')
    await d.same('GEOADD', 'g', 'XX', '1', '2', 'Palermo', '3', '4', 'new2')
    await d.same('GEOADD', 'g', 'CH', '5', '6', 'Palermo', '7', '8', 'new3')
    await d.same('GEOADD', 'g', 'xx', 'ch', '5', '6', 'Palermo', '9', '9', 'new')
    await d.same('GEOADD', 'g', 'nx', 'ch', 'ch', '5', '6', 'Palermo')
    await d.same('GEOADD', 'g', '5', '6', 'Palermo')
    await d.same('GEOADD', 'missing', 'XX', '1', '2', 'a')
    await d.same('EXISTS', 'missing')
    await d.same('ZRANGE', 'g', '0', '-1', 'WITHSCORES')
    await d.same('GEOADD', 'edges', '-180', '-85.05112878', 'sw', '180', '85.05112878', 'ne', '0', '0', 'zero', '-0.0000001', '0.0000001', 'tiny')
    await d.same('ZRANGE', 'edges', '0', '-1', 'WITHSCORES')
    await d.same('OBJECT', 'ENCODING', 'edges')
    await d.same('GEOADD', 'long', '1', '1', 'x'.repeat(70))
    await d.same('OBJECT', 'ENCODING', 'long')
  })

  test('GEOADD errors', async () => {
    await d.sameError('GEOADD', 'g', 'xx', 'nx', '1', '2', 'a')
    await d.sameError('GEOADD', 'g', 'nx', 'xx', '1', '2', 'a')
    await d.sameError('GEOADD', 'g', '1', '2')
    await d.sameError('GEOADD', 'g', '1', '2', 'a', '3')
    await d.sameError('GEOADD', 'g', 'foo', '1', '2', 'a')
    await d.sameError('GEOADD', 'g', 'ch', 'ch', 'ch')
    await d.sameError('GEOADD', 'g', 'x', '2', 'a')
    await d.sameError('GEOADD', 'g', '1', 'y', 'a')
    await d.sameError('GEOADD', 'g', '181', '2', 'a')
    await d.sameError('GEOADD', 'g', '1', '86', 'a')
    await d.sameError('GEOADD', 'g', '180.0000001', '85', 'a')
    await d.sameError('GEOADD', 'g', '-1.5', '-85.06', 'a')
    await d.sameError('GEOADD', 'g', 'inf', '0', 'a')
    await d.sameError('GEOADD', 'g', '1', '2', 'a', '200', '2', 'b')
    await d.same('EXISTS', 'g')
    await d.same('SET', 's', 'x')
    await d.sameError('GEOADD', 's', '1', '2', 'a')
    await d.sameError('GEOADD', 's', '1', '200', 'a')
  })

  test('GEOPOS, GEOHASH and GEODIST', async () => {
    await d.same('GEOADD', 'g', ...SICILY, '-180', '-85.05112878', 'sw', '180', '85.05112878', 'ne', '0', '0', 'zero')
    await d.same('GEOPOS', 'g', 'Palermo', 'Catania', 'sw', 'ne', 'zero', 'nonex')
    await d.same('GEOHASH', 'g', 'Palermo', 'Catania', 'sw', 'ne', 'zero', 'nonex')
    await d.same('GEOPOS', 'missing', 'a', 'b')
    await d.same('GEOHASH', 'missing', 'a')
    await d.same('GEOPOS', 'g')
    await d.same('GEOHASH', 'g')
    await d.same('GEODIST', 'g', 'Palermo', 'Catania')
    for (const unit of ['m', 'km', 'ft', 'mi', 'M', 'KM', 'Ft', 'mI']) await d.same('GEODIST', 'g', 'Palermo', 'Catania', unit)
    await d.same('GEODIST', 'g', 'sw', 'ne', 'km')
    await d.same('GEODIST', 'g', 'Palermo', 'Palermo')
    await d.same('GEODIST', 'g', 'Palermo', 'nonex')
    await d.same('GEODIST', 'missing', 'a', 'b')
    // a plain sorted set: its scores decode as positions too
    await d.same('ZADD', 'z', '0', 'a', '1', 'b', '4503599627370495', 'c', '12345678.5', 'd')
    await d.same('GEOPOS', 'z', 'a', 'b', 'c', 'd')
    await d.same('GEOHASH', 'z', 'a', 'b', 'c', 'd')
    await d.same('GEODIST', 'z', 'a', 'c')
    // scores no GEOADD makes: converted to uint64 as x86-64 C code does
    await d.same('ZADD', 'odd', '-1', 'a', '-1.5', 'b', 'inf', 'c', '-inf', 'd', '1e19', 'e', '2e19', 'f', '1e30', 'g')
    await d.same('ZADD', 'odd', '9223372036854775808', 'h', '-9223372036854775808', 'i', '4503599627370496', 'j', '9007199254740993', 'k')
    await d.same('GEOPOS', 'odd', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k')
    await d.same('GEOHASH', 'odd', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k')
    await d.same('GEODIST', 'odd', 'a', 'e', 'km')
    await d.both('HELLO', '3')
    await d.same('GEOPOS', 'g', 'Palermo', 'nonex', 'ne')
    await d.same('GEODIST', 'g', 'Palermo', 'Catania')
    await d.same('GEODIST', 'g', 'Palermo', 'nonex')
    await d.same('GEOHASH', 'g', 'Palermo', 'nonex')
    await d.both('HELLO', '2')
  })

  test('GEOPOS, GEOHASH and GEODIST on random points', async () => {
    const rand = seeded(17)
    await randomPoints(d, 'r', rand, 300, 0, 0, 180)
    const members = Array.from({ length: 300 }, (_, i) => `m${i}`)
    await d.same('GEOPOS', 'r', ...members)
    await d.same('GEOHASH', 'r', ...members)
    for (let i = 0; i < 100; i++) await d.same('GEODIST', 'r', `m${i}`, `m${(i * 7) % 300}`, i % 2 ? 'km' : 'mi')
  })

  test('GEOPOS, GEOHASH and GEODIST errors', async () => {
    await d.same('SET', 's', 'x')
    await d.sameError('GEOPOS', 's', 'a')
    await d.sameError('GEOHASH', 's', 'a')
    await d.sameError('GEODIST', 's', 'a', 'b')
    await d.sameError('GEODIST', 'g', 'a', 'b', 'x')
    await d.sameError('GEODIST', 'g', 'a', 'b', 'km', 'x')
    await d.sameError('GEODIST', 's', 'a', 'b', 'x')
    await d.sameError('GEODIST', 'g', 'a')
    await d.sameError('GEOPOS')
    await d.sameError('GEOHASH')
  })

  test('GEOSEARCH by radius and by box, every option', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    const from = [
      ['FROMLONLAT', '15', '37'],
      ['FROMMEMBER', 'Palermo'],
      ['frommember', 'Catania'],
    ]
    const by = [
      ['BYRADIUS', '200', 'km'],
      ['BYRADIUS', '100', 'KM'],
      ['byradius', '200000', 'm'],
      ['BYRADIUS', '150', 'mi'],
      ['BYRADIUS', '500000', 'ft'],
      ['BYBOX', '400', '400', 'km'],
      ['BYBOX', '100', '300', 'km'],
      ['bybox', '300', '100', 'mi'],
      ['BYRADIUS', '0', 'm'],
    ]
    const extras = [
      [],
      ['ASC'],
      ['DESC'],
      ['COUNT', '2'],
      ['COUNT', '2', 'DESC'],
      ['COUNT', '1', 'ANY'],
      ['COUNT', '3', 'ANY', 'ASC'],
      ['WITHCOORD'],
      ['WITHDIST'],
      ['WITHHASH'],
      ['WITHCOORD', 'WITHDIST', 'WITHHASH', 'ASC'],
      ['withdist', 'desc', 'count', '10'],
    ]
    for (const f of from) for (const b of by) for (const e of extras) await d.same('GEOSEARCH', 'g', ...f, ...b, ...e)
    await d.both('HELLO', '3')
    await d.same('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'ASC')
    await d.both('HELLO', '2')
    await d.same('GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km')
    await d.same('GEOSEARCH', 'g', 'FROMLONLAT', '-100', '-40', 'BYRADIUS', '1', 'km')
  })

  test('GEOSEARCH on random points: distances, order and edges', async () => {
    const rand = seeded(23)
    await randomPoints(d, 'world', rand, 400, 0, 0, 180)
    await randomPoints(d, 'city', rand, 300, 2.35, 48.85, 0.3)
    await randomPoints(d, 'pole', rand, 100, 0, 84, 3)
    await randomPoints(d, 'date', rand, 100, 179.9, 10, 0.3)
    await randomPoints(d, 'date', rand, 100, -179.9, 10, 0.3)
    const cases: [string, string, string][] = [
      ['world', '0', '0'],
      ['world', '100', '-60'],
      ['world', '-179', '80'],
      ['city', '2.35', '48.85'],
      ['city', '2.5', '48.9'],
      ['pole', '0', '84'],
      ['pole', '170', '85'],
      ['date', '180', '10'],
      ['date', '-180', '10.1'],
    ]
    for (const [key, lon, lat] of cases) {
      for (const r of ['0.5', '5', '30', '300', '3000', '9000', '20000']) {
        await d.same('GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYRADIUS', r, 'km', 'WITHDIST', 'WITHHASH', 'WITHCOORD')
        await d.same('GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYRADIUS', r, 'km', 'ASC', 'WITHDIST')
        await d.same('GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYBOX', r, String(Number(r) * 1.7), 'km', 'DESC', 'WITHDIST')
        await d.same('GEOSEARCH', key, 'FROMLONLAT', lon, lat, 'BYBOX', r, r, 'km', 'COUNT', '5', 'ANY')
      }
    }
    await d.same('GEOSEARCH', 'world', 'FROMMEMBER', 'm5', 'BYRADIUS', '5000', 'km', 'COUNT', '20', 'WITHDIST')
  })

  test('GEOSEARCH with COUNT: the partial sort leaves ties in Redis’s order', async () => {
    const rand = seeded(31)
    const args: string[] = []
    for (let i = 0; i < 300; i++) {
      const spot = Math.floor(rand() * 25)
      args.push((2 + (spot % 5) * 0.01).toFixed(6), (48 + Math.floor(spot / 5) * 0.01).toFixed(6), `p${i}`)
    }
    await d.same('GEOADD', 'ties', ...args)
    for (const count of ['1', '2', '5', '7', '8', '40', '41', '100', '299', '300', '301']) {
      for (const order of ['ASC', 'DESC']) {
        await d.same('GEOSEARCH', 'ties', 'FROMLONLAT', '2.02', '48.02', 'BYRADIUS', '50', 'km', 'COUNT', count, order, 'WITHDIST')
        await d.same('GEORADIUS', 'ties', '2.01', '48.03', '50', 'km', 'COUNT', count, order)
      }
      await d.same('GEOSEARCH', 'ties', 'FROMLONLAT', '2.02', '48.02', 'BYBOX', '3', '2', 'km', 'COUNT', count)
      await d.same('GEOSEARCHSTORE', 'dst', 'ties', 'FROMLONLAT', '2.02', '48.02', 'BYRADIUS', '50', 'km', 'COUNT', count, 'STOREDIST')
      await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    }
  })

  test('GEOSEARCH errors', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'nonex', 'BYRADIUS', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km', 'FROMMEMBER', 'Palermo')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'BYRADIUS', '1', 'km', 'ASC', 'WITHDIST')
    await d.sameError('geosearch', 'g', 'BYRADIUS', '1', 'km', 'ASC', 'WITHDIST')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'ASC', 'WITHDIST', 'WITHHASH')
    await d.sameError('GeoSearch', 'g', 'FROMMEMBER', 'Palermo', 'ASC', 'WITHDIST', 'WITHHASH')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'BYBOX', '1', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', 'x', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '-1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'parsec')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', 'x', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '1', 'y', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '-1', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '1', '1', 'x')
    await d.sameError('GEOSEARCH', 'g', 'FROMLONLAT', '200', '1', 'BYBOX', '1', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMLONLAT', 'x', '1', 'BYBOX', '1', '1', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'COUNT', '0')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'COUNT', '-3')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'COUNT', 'x')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'COUNT')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'ANY')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'STORE', 'x')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'STOREDIST')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km', 'foo')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1')
    await d.sameError('GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km', 'ANY')
    await d.sameError('GEOSEARCH', 'missing', 'FROMLONLAT', '1', '1', 'BYRADIUS', 'x', 'km')
    await d.sameError('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS')
    await d.same('SET', 's', 'x')
    await d.sameError('GEOSEARCH', 's', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '1', 'km')
    await d.sameError('GEOSEARCH', 's', 'foo')
  })

  test('GEOSEARCHSTORE', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('OBJECT', 'ENCODING', 'd')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'km', 'COUNT', '2', 'DESC', 'STOREDIST')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'mi', 'COUNT', '2', 'ANY', 'ASC')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '-100', '-40', 'BYRADIUS', '1', 'km')
    await d.same('EXISTS', 'd')
    await d.same('SET', 'd', 'x')
    await d.same('GEOSEARCHSTORE', 'd', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km')
    await d.same('EXISTS', 'd')
    await d.same('SET', 'd', 'x')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km')
    await d.same('TYPE', 'd')
    await d.same('GEOSEARCHSTORE', 'g', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '100', 'km')
    await d.same('ZRANGE', 'g', '0', '-1')
  })

  test('GEOSEARCHSTORE errors', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHDIST')
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'WITHHASH')
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'x')
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'COUNT', '2', 'WITHCOORD')
    await d.sameError('geosearchstore', 'd', 'g', 'BYRADIUS', '200', 'km', 'WITHCOORD')
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'COUNT', '2')
    await d.sameError('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS')
    await d.same('SET', 's', 'x')
    await d.sameError('GEOSEARCHSTORE', 'd', 's', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km')
  })

  test('GEORADIUS and GEORADIUS_RO', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    for (const cmd of ['GEORADIUS', 'GEORADIUS_RO']) {
      await d.same(cmd, 'g', '15', '37', '200', 'km')
      await d.same(cmd, 'g', '15', '37', '200', 'KM', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC')
      await d.same(cmd, 'g', '15', '37', '200', 'mi', 'DESC', 'COUNT', '2')
      await d.same(cmd, 'g', '15', '37', '200000', 'm', 'COUNT', '3', 'ANY', 'WITHDIST')
      await d.same(cmd, 'g', '15', '37', '600000', 'ft', 'WITHDIST')
      await d.same(cmd, 'missing', '15', '37', '200', 'km')
      await d.sameError(cmd, 'g', '15', '37', '200', 'km', 'FROMMEMBER', 'x')
      await d.sameError(cmd, 'g', '15', '37', 'x', 'km')
      await d.sameError(cmd, 'g', '15', '37', '-1', 'km')
      await d.sameError(cmd, 'g', '15', '37', '1', 'parsec')
      await d.sameError(cmd, 'g', '15', '137', '1', 'km')
      await d.sameError(cmd, 'g', '15', '37', '1', 'km', 'ANY')
      await d.sameError(cmd, 'g', '15', '37', '1', 'km', 'COUNT', '0')
      await d.sameError(cmd, 'g', '15', '37', '1', 'km', 'BYBOX', '1', '1', 'km')
      await d.sameError(cmd, 'g', '15', '37', '1')
    }
    await d.sameError('GEORADIUS_RO', 'g', '15', '37', '200', 'km', 'STORE', 'd')
    await d.sameError('GEORADIUS_RO', 'g', '15', '37', '200', 'km', 'STOREDIST', 'd')
    await d.same('SET', 's', 'x')
    await d.sameError('GEORADIUS', 's', '15', '37', '200', 'km')
    await d.sameError('GEORADIUS_RO', 's', '15', '37', 'x', 'km')
  })

  test('GEORADIUS STORE and STOREDIST', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEORADIUS', 'g', '15', '37', '200', 'km', 'STOREDIST', 'd', 'COUNT', '2', 'DESC')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd', 'STOREDIST', 'e')
    await d.same('EXISTS', 'd', 'e')
    await d.same('ZRANGE', 'e', '0', '-1', 'WITHSCORES')
    await d.same('GEORADIUS', 'g', '-100', '-40', '1', 'km', 'STORE', 'd')
    await d.same('EXISTS', 'd')
    await d.same('SET', 'd', 'x')
    await d.same('GEORADIUS', 'missing', '1', '1', '1', 'km', 'STORE', 'd')
    await d.same('EXISTS', 'd')
    await d.sameError('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd', 'WITHDIST')
    await d.sameError('GEORADIUS', 'g', '15', '37', '200', 'km', 'WITHHASH', 'STOREDIST', 'd')
    await d.sameError('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE')
  })

  test('GEORADIUSBYMEMBER and GEORADIUSBYMEMBER_RO', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    for (const cmd of ['GEORADIUSBYMEMBER', 'GEORADIUSBYMEMBER_RO']) {
      await d.same(cmd, 'g', 'Palermo', '200', 'km')
      await d.same(cmd, 'g', 'Agrigento', '100', 'KM', 'WITHDIST', 'WITHCOORD', 'WITHHASH', 'ASC')
      await d.same(cmd, 'g', 'Palermo', '200', 'mi', 'DESC', 'COUNT', '2')
      await d.same(cmd, 'g', 'Palermo', '200000', 'm', 'COUNT', '1', 'ANY')
      await d.same(cmd, 'g', 'Catania', '1000000', 'ft', 'WITHDIST')
      await d.same(cmd, 'missing', 'x', '200', 'km')
      await d.same(cmd, 'missing', 'x', 'bad', 'parsec')
      await d.sameError(cmd, 'missing', 'x', '1', 'km', 'foo')
      await d.sameError(cmd, 'g', 'nonex', '200', 'km')
      await d.sameError(cmd, 'g', 'Palermo', 'x', 'km')
      await d.sameError(cmd, 'g', 'Palermo', '1', 'parsec')
      await d.sameError(cmd, 'g', 'Palermo', '1', 'km', 'ANY')
      await d.sameError(cmd, 'g', 'Palermo', '1')
    }
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'STORE', 'd')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'STOREDIST', 'd')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.sameError('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '200', 'km', 'STORE', 'd')
    await d.sameError('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'km', 'STORE', 'd', 'WITHCOORD')
    await d.same('SET', 's', 'x')
    await d.sameError('GEORADIUSBYMEMBER', 's', 'Palermo', '200', 'km')
  })

  test('every option word, spelled out per command', async () => {
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('GEODIST', 'g', 'Palermo', 'Catania', 'M')
    await d.same('GEODIST', 'g', 'Palermo', 'Catania', 'KM')
    await d.same('GEODIST', 'g', 'Palermo', 'Catania', 'FT')
    await d.same('GEODIST', 'g', 'Palermo', 'Catania', 'MI')
    await d.same('GEORADIUS', 'g', '15', '37', '200000', 'M', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', '3', 'ANY', 'ASC')
    await d.same('GEORADIUS', 'g', '15', '37', '200', 'KM', 'DESC')
    await d.same('GEORADIUS', 'g', '15', '37', '600000', 'FT', 'ASC')
    await d.same('GEORADIUS', 'g', '15', '37', '150', 'MI', 'STORE', 'd1', 'STOREDIST', 'd2')
    await d.same('GEORADIUS_RO', 'g', '15', '37', '200000', 'M', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', '3', 'ANY', 'ASC')
    await d.same('GEORADIUS_RO', 'g', '15', '37', '200', 'KM', 'DESC')
    await d.same('GEORADIUS_RO', 'g', '15', '37', '600000', 'FT', 'ASC')
    await d.same('GEORADIUS_RO', 'g', '15', '37', '150', 'MI')
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '200000', 'M', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', '3', 'ANY', 'ASC')
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '200', 'KM', 'DESC')
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '600000', 'FT', 'ASC')
    await d.same('GEORADIUSBYMEMBER', 'g', 'Palermo', '150', 'MI', 'STORE', 'd1', 'STOREDIST', 'd2')
    await d.same('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '200000', 'M', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', '3', 'ANY', 'ASC')
    await d.same('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '200', 'KM', 'DESC')
    await d.same('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '600000', 'FT', 'ASC')
    await d.same('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', '150', 'MI')
    await d.same('GEOSEARCH', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200000', 'M', 'WITHCOORD', 'WITHDIST', 'WITHHASH', 'COUNT', '3', 'ANY', 'ASC')
    await d.same('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'KM', 'DESC')
    await d.same('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '900000', '900000', 'FT', 'ASC')
    await d.same('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '150', 'MI')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200000', 'M', 'COUNT', '3', 'ANY', 'ASC', 'STOREDIST')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '400', '400', 'KM', 'DESC')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', '900000', '900000', 'FT')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '150', 'MI')
    await d.same('GEOADD', 'g', 'NX', 'CH', '1', '2', 'x')
    await d.same('GEOADD', 'g', 'XX', 'CH', '1', '3', 'x')
  })

  test('keyspace events: zadd, the store events, del', async () => {
    const p = await d.connect()
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await p.same('PSUBSCRIBE', '__key*__:*')
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('GEOADD', 'g', ...SICILY)
    await d.same('GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km')
    await d.same('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', '-100', '-40', 'BYRADIUS', '1', 'km')
    for (let i = 0; i < 8; i++) {
      const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
      expect(b.toString('latin1')).toBe(a.toString('latin1'))
    }
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
