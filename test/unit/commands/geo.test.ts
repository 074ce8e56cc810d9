import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { arity, bulk, err, int, NIL, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

const arr = (...items: string[]): string => `*${items.length}\r\n${items.join('')}`
const NIL_ARRAY = '*-1\r\n'

const SICILY = ['13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania']

describe('GEOADD', () => {
  test('stores 52-bit geohash scores', () => {
    const c = testEngine().client()
    expect(c('GEOADD', 'g', ...SICILY)).toBe(int(2))
    expect(c('ZSCORE', 'g', 'Palermo')).toBe(bulk('3479099956230698'))
    expect(c('GEOADD', 'g', 'NX', 1, 2, 'Palermo')).toBe(int(0))
    expect(c('GEOADD', 'g', 'XX', 'CH', 1, 2, 'Palermo', 3, 4, 'new')).toBe(int(1))
    expect(c('ZCARD', 'g')).toBe(int(2))
  })

  test('propagates as the ZADD it becomes, only when something changed', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('GEOADD', 'g', 'CH', ...SICILY)
    c('GEOADD', 'g', ...SICILY)
    expect(log).toEqual(['zadd g CH 3479099956230698 Palermo 3479447370796909 Catania'])
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('GEOADD', 'g', 'NX', 'XX', 1, 2, 'a')).toBe(SYNTAX)
    expect(c('GEOADD', 'g', 1, 2, 'a', 3)).toBe(SYNTAX)
    expect(c('GEOADD', 'g', 'x', 2, 'a')).toBe(err('ERR value is not a valid float'))
    expect(c('GEOADD', 'g', 181, 2, 'a')).toBe(err('ERR invalid longitude,latitude pair 181.000000,2.000000'))
    expect(c('GEOADD', 'g', 1, 2)).toBe(arity('geoadd'))
    c('SET', 's', 'x')
    expect(c('GEOADD', 's', 1, 2, 'a')).toBe(WRONGTYPE)
  })
})

describe('GEOPOS', () => {
  test('positions, nil arrays for missing members', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOPOS', 'g', 'Palermo', 'nonex')).toBe(arr(arr(bulk('13.36138933897018433'), bulk('38.11555639549629859')), NIL_ARRAY))
    expect(c('GEOPOS', 'missing', 'a')).toBe(arr(NIL_ARRAY))
  })

  test('RESP3 doubles keep the %.17Lf form', () => {
    const c = testEngine().client({ proto: 3 })
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOPOS', 'g', 'Palermo', 'x')).toBe('*2\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n_\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'x')
    expect(c('GEOPOS', 's', 'a')).toBe(WRONGTYPE)
    expect(c('GEOPOS')).toBe(arity('geopos'))
  })
})

describe('GEOHASH', () => {
  test('11-character geohashes, nil for missing members', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOHASH', 'g', 'Palermo', 'Catania', 'nonex')).toBe(arr(bulk('sqc8b49rny0'), bulk('sqdtr74hyu0'), NIL))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'x')
    expect(c('GEOHASH', 's', 'a')).toBe(WRONGTYPE)
    expect(c('GEOHASH')).toBe(arity('geohash'))
  })
})

describe('GEODIST', () => {
  test('distances in each unit', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEODIST', 'g', 'Palermo', 'Catania')).toBe(bulk('166274.1516'))
    expect(c('GEODIST', 'g', 'Palermo', 'Catania', 'KM')).toBe(bulk('166.2742'))
    expect(c('GEODIST', 'g', 'Palermo', 'Catania', 'mi')).toBe(bulk('103.3182'))
    expect(c('GEODIST', 'g', 'Palermo', 'Catania', 'ft')).toBe(bulk('545518.8700'))
    expect(c('GEODIST', 'g', 'Palermo', 'nonex')).toBe(NIL)
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('GEODIST', 'g', 'a', 'b', 'parsec')).toBe(err('ERR unsupported unit provided. please use M, KM, FT, MI'))
    expect(c('GEODIST', 'g', 'a', 'b', 'km', 'x')).toBe(SYNTAX)
    expect(c('GEODIST', 'g', 'a')).toBe(arity('geodist'))
  })
})

describe('GEOSEARCH', () => {
  test('by radius and by box, sorted, with options', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOSEARCH', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC')).toBe(arr(bulk('Catania'), bulk('Palermo')))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', 400, 400, 'km', 'DESC', 'COUNT', 1, 'WITHDIST', 'WITHHASH')).toBe(
      arr(arr(bulk('Catania'), bulk('166.2742'), int(3479447370796909))),
    )
    expect(c('GEOSEARCH', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 100, 'km', 'WITHCOORD')).toBe(
      arr(arr(bulk('Catania'), arr(bulk('15.08726745843887329'), bulk('37.50266842333162032')))),
    )
    expect(c('GEOSEARCH', 'missing', 'FROMMEMBER', 'x', 'BYRADIUS', 1, 'km')).toBe('*0\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOSEARCH', 'g', 'BYRADIUS', 1, 'km', 'ASC', 'x')).toBe(SYNTAX)
    expect(c('geosearch', 'g', 'BYRADIUS', 1, 'km', 'ASC', 'ASC')).toBe(
      err('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for geosearch'),
    )
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'ASC')).toBe(arity('geosearch'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'ASC', 'ASC', 'ASC')).toBe(
      err('ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH'),
    )
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'x', 'BYRADIUS', 1, 'km')).toBe(err('ERR could not decode requested zset member'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', 1, 'km', 'ANY')).toBe(err('ERR the ANY argument requires COUNT argument'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', 1, 'km', 'COUNT', 0)).toBe(err('ERR COUNT must be > 0'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', -1, 'km')).toBe(err('ERR radius cannot be negative'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYBOX', -1, 1, 'km')).toBe(err('ERR height or width cannot be negative'))
    expect(c('GEOSEARCH', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', 'x', 'km')).toBe(err('ERR need numeric radius'))
  })
})

describe('GEOSEARCHSTORE', () => {
  test('stores members with their scores, or their distances', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km')).toBe(int(2))
    expect(c('ZSCORE', 'd', 'Palermo')).toBe(bulk('3479099956230698'))
    expect(c('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'STOREDIST')).toBe(int(2))
    expect(c('ZSCORE', 'd', 'Catania')).toBe(bulk('56.441257870158204'))
    expect(c('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', -100, -40, 'BYRADIUS', 1, 'km')).toBe(int(0))
    expect(c('EXISTS', 'd')).toBe(int(0))
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'WITHDIST')).toBe(
      err('ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    )
    expect(c('GEOSEARCHSTORE', 'd', 'g', 'FROMLONLAT')).toBe(arity('geosearchstore'))
  })
})

describe('GEORADIUS', () => {
  test('searches around coordinates, STORE and STOREDIST', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEORADIUS', 'g', 15, 37, 200, 'km', 'ASC')).toBe(arr(bulk('Catania'), bulk('Palermo')))
    expect(c('GEORADIUS', 'g', 15, 37, 200, 'km', 'STORE', 'd')).toBe(int(2))
    expect(c('GEORADIUS', 'g', 15, 37, 100, 'km', 'STOREDIST', 'd')).toBe(int(1))
    expect(c('ZRANGE', 'd', 0, -1)).toBe(arr(bulk('Catania')))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEORADIUS', 'g', 15, 37, 200, 'km', 'STORE', 'd', 'WITHDIST')).toBe(
      err('ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options'),
    )
    expect(c('GEORADIUS', 'g', 15, 37, 200)).toBe(arity('georadius'))
  })
})

describe('GEORADIUS_RO', () => {
  test('searches; STORE is a syntax error', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEORADIUS_RO', 'g', 15, 37, 100, 'km')).toBe(arr(bulk('Catania')))
    expect(c('GEORADIUS_RO', 'g', 15, 37, 100, 'km', 'STORE', 'd')).toBe(SYNTAX)
  })
})

describe('GEORADIUSBYMEMBER', () => {
  test('searches around a member', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEORADIUSBYMEMBER', 'g', 'Palermo', 200, 'km', 'DESC')).toBe(arr(bulk('Catania'), bulk('Palermo')))
    expect(c('GEORADIUSBYMEMBER', 'g', 'Palermo', 200, 'km', 'STORE', 'd')).toBe(int(2))
    expect(c('GEORADIUSBYMEMBER', 'missing', 'x', 'bad', 'unit')).toBe('*0\r\n')
    expect(c('GEORADIUSBYMEMBER', 'g', 'nonex', 200, 'km')).toBe(err('ERR could not decode requested zset member'))
  })
})

describe('GEORADIUSBYMEMBER_RO', () => {
  test('searches; STORE is a syntax error', () => {
    const c = testEngine().client()
    c('GEOADD', 'g', ...SICILY)
    expect(c('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', 1, 'km')).toBe(arr(bulk('Palermo')))
    expect(c('GEORADIUSBYMEMBER_RO', 'g', 'Palermo', 1, 'km', 'STORE', 'd')).toBe(SYNTAX)
  })
})
