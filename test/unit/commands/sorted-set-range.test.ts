import { describe, expect, test } from 'vitest'
import { testEngine, type TestClient } from '../../helpers/engine.js'
import { arr, bulk, NOT_INT, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'

const NOT_FLOAT_RANGE = '-ERR min or max is not a float\r\n'
const NOT_LEX_RANGE = '-ERR min or max not valid string range item\r\n'

/** a=1 b=2 c=3 d=4 e=5 */
function five(): TestClient {
  const c = testEngine().client()
  c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e')
  c('SET', 's', 'v')
  return c
}

/** Equal scores, members a..g. */
function lex(): TestClient {
  const c = testEngine().client()
  c('ZADD', 'z', 0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e', 0, 'f', 0, 'g')
  c('SET', 's', 'v')
  return c
}

describe('ZRANGE', () => {
  test('by rank, with negative indexes and clamping', () => {
    const c = five()
    expect(c('ZRANGE', 'z', 0, -1)).toBe(arr('a', 'b', 'c', 'd', 'e'))
    expect(c('ZRANGE', 'z', 1, 2, 'WITHSCORES')).toBe(arr('b', '2', 'c', '3'))
    expect(c('ZRANGE', 'z', -2, -1)).toBe(arr('d', 'e'))
    expect(c('ZRANGE', 'z', -100, 100)).toBe(arr('a', 'b', 'c', 'd', 'e'))
    expect(c('ZRANGE', 'z', 3, 1)).toBe('*0\r\n')
    expect(c('ZRANGE', 'z', 5, 10)).toBe('*0\r\n')
    expect(c('ZRANGE', 'z', 0, 1, 'REV')).toBe(arr('e', 'd'))
    expect(c('ZRANGE', 'nope', 0, -1)).toBe('*0\r\n')
  })

  test('BYSCORE with exclusive bounds, infinities, REV and LIMIT', () => {
    const c = five()
    expect(c('ZRANGE', 'z', '(1', 3, 'BYSCORE')).toBe(arr('b', 'c'))
    expect(c('ZRANGE', 'z', 1, '(3', 'BYSCORE')).toBe(arr('a', 'b'))
    expect(c('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2)).toBe(arr('b', 'c'))
    expect(c('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', 1, 2, 'WITHSCORES')).toBe(arr('d', '4', 'c', '3'))
    expect(c('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 2, -5)).toBe(arr('c', 'd', 'e'))
    expect(c('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', -1, 2)).toBe('*0\r\n')
    expect(c('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 0, 0)).toBe('*0\r\n')
    expect(c('ZRANGE', 'z', 3, 1, 'BYSCORE')).toBe('*0\r\n')
    // strtod's rules: "(" alone is "(0", leading spaces and hex are fine
    expect(c('ZRANGE', 'z', '(', ' 2', 'BYSCORE')).toBe(arr('a', 'b'))
    expect(c('ZRANGE', 'z', '0x2', '1e500', 'BYSCORE')).toBe(arr('b', 'c', 'd', 'e'))
  })

  test('BYLEX with REV and LIMIT', () => {
    const c = lex()
    expect(c('ZRANGE', 'z', '[b', '(d', 'BYLEX')).toBe(arr('b', 'c'))
    expect(c('ZRANGE', 'z', '(d', '[b', 'BYLEX', 'REV')).toBe(arr('c', 'b'))
    expect(c('ZRANGE', 'z', '-', '+', 'BYLEX', 'LIMIT', 2, 3)).toBe(arr('c', 'd', 'e'))
    expect(c('ZRANGE', 'z', '+', '-', 'BYLEX')).toBe('*0\r\n')
  })

  test('RESP3: WITHSCORES as pairs', () => {
    const t = testEngine()
    const c = t.client({ proto: 3 })
    c('ZADD', 'z', 1, 'a', 0.1, 'b')
    expect(c('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toBe('*2\r\n*2\r\n$1\r\nb\r\n,0.10000000000000001\r\n*2\r\n$1\r\na\r\n,1\r\n')
    expect(c('ZRANGE', 'z', 0, -1)).toBe(arr('b', 'a'))
  })

  test('errors', () => {
    const c = five()
    expect(c('ZRANGE', 'z', 0, -1, 'LIMIT', 0, 1)).toBe('-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n')
    expect(c('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES')).toBe('-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n')
    expect(c('ZRANGE', 'z', 'a', 'b')).toBe(NOT_INT)
    expect(c('ZRANGE', 'z', 'x', 3, 'BYSCORE')).toBe(NOT_FLOAT_RANGE)
    expect(c('ZRANGE', 'z', 1, 'nan', 'BYSCORE')).toBe(NOT_FLOAT_RANGE)
    expect(c('ZRANGE', 'z', 'a', 'c', 'BYLEX')).toBe(NOT_LEX_RANGE)
    expect(c('ZRANGE', 'z', 0, -1, 'BYSCORE', 'BYLEX')).toBe(SYNTAX)
    expect(c('ZRANGE', 'z', 0, -1, 'REV', 'REV')).toBe(SYNTAX)
    expect(c('ZRANGE', 'z', 0, -1, 'LIMIT', 0)).toBe(SYNTAX)
    expect(c('ZRANGE', 'z', 0, -1, 'BYSCORE', 'LIMIT', 0, 'x')).toBe(NOT_INT)
    expect(c('ZRANGE', 's', 0, -1)).toBe(WRONGTYPE)
    expect(c('ZRANGE', 's', 'a', 'b')).toBe(NOT_INT)
    expect(c('ZRANGE', 'z', 0)).toBe("-ERR wrong number of arguments for 'zrange' command\r\n")
  })
})

describe('ZREVRANGE', () => {
  test('ranks from the top', () => {
    const c = five()
    expect(c('ZREVRANGE', 'z', 0, 1, 'WITHSCORES')).toBe(arr('e', '5', 'd', '4'))
    expect(c('ZREVRANGE', 'z', -2, -1)).toBe(arr('b', 'a'))
    expect(c('ZREVRANGE', 'z', 0, 1, 'BYSCORE')).toBe(SYNTAX)
    expect(c('ZREVRANGE', 'z', 0, 1, 'REV')).toBe(SYNTAX)
    expect(c('ZREVRANGE', 's', 0, 1)).toBe(WRONGTYPE)
  })
})

describe('ZRANGEBYSCORE and ZREVRANGEBYSCORE', () => {
  test('ranges, WITHSCORES and LIMIT', () => {
    const c = five()
    expect(c('ZRANGEBYSCORE', 'z', '(1', 5, 'WITHSCORES', 'LIMIT', 1, 2)).toBe(arr('c', '3', 'd', '4'))
    expect(c('ZREVRANGEBYSCORE', 'z', 3, 1, 'WITHSCORES')).toBe(arr('c', '3', 'b', '2', 'a', '1'))
    expect(c('ZREVRANGEBYSCORE', 'z', '+inf', '(3', 'LIMIT', 1, 5)).toBe(arr('d'))
    expect(c('ZREVRANGEBYSCORE', 'z', 1, 3)).toBe('*0\r\n')
    expect(c('ZRANGEBYSCORE', 'nope', '-inf', '+inf')).toBe('*0\r\n')
  })

  test('errors', () => {
    const c = five()
    expect(c('ZRANGEBYSCORE', 'z', 1, 3, 'REV')).toBe(SYNTAX)
    expect(c('ZRANGEBYSCORE', 'z', 1, 3, 'LIMIT', 1)).toBe(SYNTAX)
    expect(c('ZRANGEBYSCORE', 'z', 'a', 3)).toBe(NOT_FLOAT_RANGE)
    expect(c('ZRANGEBYSCORE', 's', 1, 3)).toBe(WRONGTYPE)
    expect(c('ZREVRANGEBYSCORE', 'z', 3, 1, 'BYLEX')).toBe(SYNTAX)
    expect(c('ZREVRANGEBYSCORE', 's', 3, 1)).toBe(WRONGTYPE)
  })
})

describe('ZRANGEBYLEX and ZREVRANGEBYLEX', () => {
  test('ranges and LIMIT', () => {
    const c = lex()
    expect(c('ZRANGEBYLEX', 'z', '-', '[c')).toBe(arr('a', 'b', 'c'))
    expect(c('ZRANGEBYLEX', 'z', '(b', '+', 'LIMIT', 1, 2)).toBe(arr('d', 'e'))
    expect(c('ZREVRANGEBYLEX', 'z', '+', '-', 'LIMIT', 0, 2)).toBe(arr('g', 'f'))
    expect(c('ZREVRANGEBYLEX', 'z', '[d', '[b')).toBe(arr('d', 'c', 'b'))
    expect(c('ZRANGEBYLEX', 'z', '[', '(b')).toBe(arr('a'))
  })

  test('errors', () => {
    const c = lex()
    expect(c('ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES')).toBe('-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n')
    expect(c('ZRANGEBYLEX', 'z', 'a', '+')).toBe(NOT_LEX_RANGE)
    expect(c('ZRANGEBYLEX', 'z', '-', '++')).toBe(NOT_LEX_RANGE)
    expect(c('ZRANGEBYLEX', 's', '-', '+')).toBe(WRONGTYPE)
    expect(c('ZREVRANGEBYLEX', 'z', '+', 'x')).toBe(NOT_LEX_RANGE)
    expect(c('ZREVRANGEBYLEX', 's', '+', '-')).toBe(WRONGTYPE)
  })
})

describe('lex ranges over a listpack with mixed scores', () => {
  // Redis 7.0 walks a listpack from the head (tail for REV) whatever the scores (sorted-set-util.ts)
  test('the range must reach the last and the first element', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 0, '0', -1, 'g', -1, 'a')
    expect(c('ZRANGEBYLEX', 'z', '(a', '+')).toBe('*0\r\n')
    expect(c('ZLEXCOUNT', 'z', '(a', '+')).toBe(':0\r\n')
    expect(c('ZREVRANGEBYLEX', 'z', '+', '[0')).toBe(arr('0', 'g', 'a'))
    expect(c('ZRANGE', 'z', '[g', '-', 'BYLEX', 'REV')).toBe(arr('0', 'g', 'a'))
  })

  test('from the first element in range, while below max (REV: above min)', () => {
    const c = testEngine().client()
    c('ZADD', 'm', 1, 'b', 2, 'a', 3, 'd', 4, 'c', 5, 'e')
    expect(c('ZRANGEBYLEX', 'm', '[b', '[d')).toBe(arr('b', 'a', 'd', 'c'))
    expect(c('ZREVRANGEBYLEX', 'm', '[d', '[b')).toBe(arr('c', 'd'))
    expect(c('ZLEXCOUNT', 'm', '[b', '[d')).toBe(':4\r\n')
    expect(c('ZRANGEBYLEX', 'm', '[b', '[d', 'LIMIT', 1, 5)).toBe(arr('a', 'd', 'c'))
    expect(c('ZREVRANGEBYLEX', 'm', '[d', '[b', 'LIMIT', 1, 5)).toBe(arr('d'))
    expect(c('ZRANGE', 'm', '[b', '[d', 'BYLEX', 'LIMIT', 0, 2)).toBe(arr('b', 'a'))
    expect(c('ZRANGESTORE', 'dst', 'm', '[d', '[b', 'BYLEX', 'REV')).toBe(':2\r\n')
    expect(c('ZRANGE', 'dst', 0, -1)).toBe(arr('d', 'c'))
    expect(c('ZREMRANGEBYLEX', 'm', '(b', '[d')).toBe(':2\r\n')
    expect(c('ZRANGE', 'm', 0, -1)).toBe(arr('b', 'a', 'e'))
  })
})

describe('ZCOUNT and ZLEXCOUNT', () => {
  test('count within ranges', () => {
    const c = five()
    expect(c('ZCOUNT', 'z', '-inf', '+inf')).toBe(':5\r\n')
    expect(c('ZCOUNT', 'z', '(1', '(5')).toBe(':3\r\n')
    expect(c('ZCOUNT', 'z', 5, 1)).toBe(':0\r\n')
    expect(c('ZCOUNT', 'nope', 0, 1)).toBe(':0\r\n')
    expect(c('ZCOUNT', 'z', 'x', 1)).toBe(NOT_FLOAT_RANGE)
    expect(c('ZCOUNT', 's', 0, 1)).toBe(WRONGTYPE)
    const l = lex()
    expect(l('ZLEXCOUNT', 'z', '-', '+')).toBe(':7\r\n')
    expect(l('ZLEXCOUNT', 'z', '(a', '[c')).toBe(':2\r\n')
    expect(l('ZLEXCOUNT', 'z', '[c', '[a')).toBe(':0\r\n')
    expect(l('ZLEXCOUNT', 'nope', '-', '+')).toBe(':0\r\n')
    expect(l('ZLEXCOUNT', 'z', 'a', '+')).toBe(NOT_LEX_RANGE)
    expect(l('ZLEXCOUNT', 's', '-', '+')).toBe(WRONGTYPE)
  })

  test('on a skiplist', () => {
    const c = testEngine().client()
    const args: (string | number)[] = []
    for (let i = 0; i < 1000; i++) args.push(i % 10, `m${String(i).padStart(4, '0')}`)
    c('ZADD', 'z', ...args)
    expect(c('ZCOUNT', 'z', '(2', 5)).toBe(':300\r\n')
    expect(c('ZRANK', 'z', 'm0005')).toBe(':500\r\n')
    expect(c('ZRANGE', 'z', '(2', 5, 'BYSCORE', 'LIMIT', 299, 5)).toBe(arr('m0995'))
  })
})

describe('ZRANGESTORE', () => {
  test('stores a range, deleting the destination when empty', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = t.client()
    sub('PSUBSCRIBE', '__keyevent@0__:*')
    const c = t.client()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e')
    c('SET', 'd', 'string')
    sub.pending()
    expect(c('ZRANGESTORE', 'd', 'z', 1, 3)).toBe(':3\r\n')
    expect(c('ZRANGE', 'd', 0, -1, 'WITHSCORES')).toBe(arr('b', '2', 'c', '3', 'd', '4'))
    expect(c('ZRANGESTORE', 'd', 'z', 4, 2, 'BYSCORE', 'REV', 'LIMIT', 1, 5)).toBe(':2\r\n')
    expect(c('ZRANGE', 'd', 0, -1)).toBe(arr('b', 'c'))
    expect(c('ZRANGESTORE', 'd', 'z', '[b', '[c', 'BYLEX')).toBe(':2\r\n')
    expect(c('ZRANGESTORE', 'd', 'z', 9, 10)).toBe(':0\r\n')
    expect(c('EXISTS', 'd')).toBe(':0\r\n')
    expect(c('ZRANGESTORE', 'd', 'nope', 0, -1)).toBe(':0\r\n')
    expect(sub.pending()).toContain('zrangestore')
    expect(c('OBJECT', 'ENCODING', 'z')).toBe(bulk('listpack'))
  })

  test('errors', () => {
    const c = five()
    expect(c('ZRANGESTORE', 'd', 's', 0, -1)).toBe(WRONGTYPE)
    expect(c('ZRANGESTORE', 'd', 'z', 0, -1, 'WITHSCORES')).toBe(SYNTAX)
    expect(c('ZRANGESTORE', 'd', 'z', 0, -1, 'LIMIT', 0, 1)).toBe(
      '-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n',
    )
    expect(c('ZRANGESTORE', 'd', 'z', 0)).toBe("-ERR wrong number of arguments for 'zrangestore' command\r\n")
  })
})

describe('ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX', () => {
  test('remove ranges and the key once empty, with their events', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = t.client()
    sub('PSUBSCRIBE', '__keyevent@0__:*')
    const c = t.client()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e')
    expect(c('ZREMRANGEBYRANK', 'z', 3, 1)).toBe(':0\r\n')
    expect(c('ZREMRANGEBYRANK', 'z', -2, -1)).toBe(':2\r\n')
    expect(c('ZREMRANGEBYSCORE', 'z', '(1', 2)).toBe(':1\r\n')
    expect(c('ZREMRANGEBYLEX', 'z', '[a', '[a')).toBe(':1\r\n')
    expect(c('ZRANGE', 'z', 0, -1)).toBe(arr('c'))
    expect(c('ZREMRANGEBYSCORE', 'z', '-inf', '+inf')).toBe(':1\r\n')
    expect(c('EXISTS', 'z')).toBe(':0\r\n')
    const events = [...sub.pending().matchAll(/__keyevent@0__:([a-z]+)/g)].map((m) => m[1])
    expect(events).toEqual(['zadd', 'zremrangebyrank', 'zremrangebyscore', 'zremrangebylex', 'zremrangebyscore', 'del'])
  })

  test('errors', () => {
    const c = five()
    expect(c('ZREMRANGEBYRANK', 'nope', 0, -1)).toBe(':0\r\n')
    expect(c('ZREMRANGEBYRANK', 's', 0, 1)).toBe(WRONGTYPE)
    expect(c('ZREMRANGEBYRANK', 's', 'a', 1)).toBe(NOT_INT)
    expect(c('ZREMRANGEBYSCORE', 'z', 'x', 1)).toBe(NOT_FLOAT_RANGE)
    expect(c('ZREMRANGEBYSCORE', 's', 0, 1)).toBe(WRONGTYPE)
    expect(c('ZREMRANGEBYLEX', 'z', 'a', '+')).toBe(NOT_LEX_RANGE)
    expect(c('ZREMRANGEBYLEX', 's', '-', '+')).toBe(WRONGTYPE)
    expect(c('ZREMRANGEBYLEX', 'z', '-', '+', 'x')).toBe("-ERR wrong number of arguments for 'zremrangebylex' command\r\n")
  })
})
