import { describe, expect, test } from 'vitest'
import { testEngine, type TestClient } from '../../helpers/engine.js'
import { arr, bulk, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

/** z: a=1 b=2 c=3; y: b=10 c=20 d=30; st: set {a, b, x}; s: a string. */
function fixture(proto: 2 | 3 = 2): TestClient {
  const c = testEngine().client({ proto })
  c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')
  c('ZADD', 'y', 10, 'b', 20, 'c', 30, 'd')
  c('SADD', 'st', 'a', 'b', 'x')
  c('SET', 's', 'v')
  return c
}

describe('ZUNION', () => {
  test('sums by default; WEIGHTS and AGGREGATE', () => {
    const c = fixture()
    expect(c('ZUNION', 2, 'z', 'y')).toBe(arr('a', 'b', 'c', 'd'))
    expect(c('ZUNION', 2, 'z', 'y', 'WITHSCORES')).toBe(arr('a', '1', 'b', '12', 'c', '23', 'd', '30'))
    expect(c('ZUNION', 2, 'z', 'y', 'WEIGHTS', 2, 3, 'WITHSCORES')).toBe(arr('a', '2', 'b', '34', 'c', '66', 'd', '90'))
    expect(c('ZUNION', 2, 'z', 'y', 'AGGREGATE', 'MIN', 'WITHSCORES')).toBe(arr('a', '1', 'b', '2', 'c', '3', 'd', '30'))
    expect(c('ZUNION', 2, 'z', 'y', 'aggregate', 'max', 'withscores')).toBe(arr('a', '1', 'b', '10', 'c', '20', 'd', '30'))
    expect(c('ZUNION', 2, 'nope', 'nope2')).toBe('*0\r\n')
  })

  test('sets count with score 1', () => {
    const c = fixture()
    expect(c('ZUNION', 2, 'z', 'st', 'WITHSCORES')).toBe(arr('x', '1', 'a', '2', 'b', '3', 'c', '3'))
    expect(c('ZUNION', 2, 'z', 'st', 'WEIGHTS', 2, 5, 'WITHSCORES')).toBe(arr('x', '5', 'c', '6', 'a', '7', 'b', '9'))
  })

  test('NaN becomes 0: inf + -inf, inf * 0', () => {
    const c = testEngine().client()
    c('ZADD', 'w', 'inf', 'm')
    c('ZADD', 'v', '-inf', 'm')
    expect(c('ZUNION', 2, 'w', 'v', 'WITHSCORES')).toBe(arr('m', '0'))
    expect(c('ZUNION', 1, 'w', 'WEIGHTS', 0, 'WITHSCORES')).toBe(arr('m', '0'))
    expect(c('ZINTER', 2, 'w', 'v', 'AGGREGATE', 'MIN', 'WITHSCORES')).toBe(arr('m', '-inf'))
  })

  test('RESP3 pairs', () => {
    const c = fixture(3)
    expect(c('ZUNION', 1, 'z', 'WEIGHTS', 0.1, 'WITHSCORES')).toBe(
      '*3\r\n*2\r\n$1\r\na\r\n,0.10000000000000001\r\n*2\r\n$1\r\nb\r\n,0.20000000000000001\r\n*2\r\n$1\r\nc\r\n,0.30000000000000004\r\n',
    )
  })

  test('errors: keys are type-checked before the options', () => {
    const c = fixture()
    expect(c('ZUNION', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zunion' command\r\n")
    expect(c('ZUNION', 'x', 'z')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('ZUNION', 3, 'z', 'y')).toBe(SYNTAX)
    expect(c('ZUNION', 2, 'z', 's', 'foo')).toBe(WRONGTYPE)
    expect(c('ZUNION', 2, 'z', 'y', 'foo')).toBe(SYNTAX)
    expect(c('ZUNION', 2, 'z', 'y', 'WEIGHTS', 1)).toBe(SYNTAX)
    expect(c('ZUNION', 2, 'z', 'y', 'WEIGHTS', 1, 'x')).toBe('-ERR weight value is not a float\r\n')
    expect(c('ZUNION', 2, 'z', 'y', 'AGGREGATE', 'avg')).toBe(SYNTAX)
  })
})

describe('ZUNIONSTORE', () => {
  test('stores the union; an empty result deletes the destination', () => {
    const c = fixture()
    expect(c('ZUNIONSTORE', 'dst', 2, 'z', 'y', 'WEIGHTS', 1, -1, 'AGGREGATE', 'MAX')).toBe(':4\r\n')
    expect(c('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toBe(arr('d', '-30', 'a', '1', 'b', '2', 'c', '3'))
    expect(c('ZUNIONSTORE', 's', 1, 'z')).toBe(':3\r\n')
    expect(c('TYPE', 's')).toBe('+zset\r\n')
    expect(c('ZUNIONSTORE', 'z', 2, 'z', 'y')).toBe(':4\r\n')
    expect(c('ZUNIONSTORE', 'dst', 1, 'nope')).toBe(':0\r\n')
    expect(c('EXISTS', 'dst')).toBe(':0\r\n')
    expect(c('ZUNIONSTORE', 'dst', 2, 'z', 'y', 'WITHSCORES')).toBe(SYNTAX)
    expect(c('ZUNIONSTORE', 'dst', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zunionstore' command\r\n")
  })

  test('the destination is a listpack when it fits', () => {
    const c = testEngine().client()
    const args: (string | number)[] = []
    for (let i = 0; i < 130; i++) args.push(i, `m${i}`)
    c('ZADD', 'big', ...args)
    c('ZREMRANGEBYRANK', 'big', 0, 9)
    c('ZUNIONSTORE', 'dst', 1, 'big')
    expect(c('OBJECT', 'ENCODING', 'big')).toBe(bulk('skiplist'))
    expect(c('OBJECT', 'ENCODING', 'dst')).toBe(bulk('listpack'))
    c('ZADD', 'long', 1, 'x'.repeat(65))
    c('ZUNIONSTORE', 'dst', 1, 'long')
    expect(c('OBJECT', 'ENCODING', 'dst')).toBe(bulk('skiplist'))
  })

  test('notifies, propagates as given, and wakes a blocked BZPOPMIN', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = t.client()
    sub('PSUBSCRIBE', '__keyevent@0__:*')
    const log = logOf(t)
    const c = t.client()
    const b = t.client({ blocking: true })
    c('ZADD', 'z', 1, 'a')
    expect(b('BZPOPMIN', 'dst', 0)).toBe('')
    sub.pending()
    expect(c('ZUNIONSTORE', 'dst', 1, 'z')).toBe(':1\r\n')
    expect(b.pending()).toBe(arr('dst', 'a', '1'))
    expect(sub.pending()).toContain('zunionstore')
    expect(log).toEqual(['ZADD z 1 a', 'ZUNIONSTORE dst 1 z', 'ZPOPMIN dst'])
  })
})

describe('ZINTER and ZINTERSTORE', () => {
  test('members in every input, aggregated', () => {
    const c = fixture()
    expect(c('ZINTER', 2, 'z', 'y')).toBe(arr('b', 'c'))
    expect(c('ZINTER', 2, 'z', 'y', 'AGGREGATE', 'MAX', 'WITHSCORES')).toBe(arr('b', '10', 'c', '20'))
    expect(c('ZINTER', 2, 'z', 'y', 'WEIGHTS', 1, -1, 'WITHSCORES')).toBe(arr('c', '-17', 'b', '-8'))
    expect(c('ZINTER', 2, 'st', 'z', 'WITHSCORES')).toBe(arr('a', '2', 'b', '3'))
    expect(c('ZINTER', 2, 'z', 'nope')).toBe('*0\r\n')
    expect(c('ZINTERSTORE', 'dst', 2, 'z', 'y', 'WEIGHTS', 2, 0.5)).toBe(':2\r\n')
    expect(c('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toBe(arr('b', '9', 'c', '16'))
    expect(c('ZINTERSTORE', 'dst', 2, 'z', 'nope')).toBe(':0\r\n')
    expect(c('EXISTS', 'dst')).toBe(':0\r\n')
  })

  test('errors', () => {
    const c = fixture()
    expect(c('ZINTER', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zinter' command\r\n")
    expect(c('ZINTER', 2, 'z', 's')).toBe(WRONGTYPE)
    expect(c('ZINTERSTORE', 'dst', 2, 'z', 'y', 'AGGREGATE', 'foo')).toBe(SYNTAX)
    expect(c('ZINTERSTORE', 'dst', 3, 'z', 'y')).toBe(SYNTAX)
  })
})

describe('ZINTERCARD', () => {
  test('counts the intersection, up to LIMIT', () => {
    const c = fixture()
    expect(c('ZINTERCARD', 2, 'z', 'y')).toBe(':2\r\n')
    expect(c('ZINTERCARD', 2, 'z', 'y', 'LIMIT', 1)).toBe(':1\r\n')
    expect(c('ZINTERCARD', 2, 'z', 'y', 'LIMIT', 0)).toBe(':2\r\n')
    expect(c('ZINTERCARD', 2, 'z', 'st')).toBe(':2\r\n')
    expect(c('ZINTERCARD', 1, 'nope')).toBe(':0\r\n')
  })

  test('errors', () => {
    const c = fixture()
    expect(c('ZINTERCARD', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zintercard' command\r\n")
    expect(c('ZINTERCARD', 2, 'z', 'y', 'LIMIT', -1)).toBe("-ERR LIMIT can't be negative\r\n")
    expect(c('ZINTERCARD', 2, 'z', 'y', 'LIMIT', 'x')).toBe("-ERR LIMIT can't be negative\r\n")
    expect(c('ZINTERCARD', 2, 'z', 'y', 'WITHSCORES')).toBe(SYNTAX)
    expect(c('ZINTERCARD', 2, 'z', 'y', 'WEIGHTS', 1, 1)).toBe(SYNTAX)
    expect(c('ZINTERCARD', 2, 'z', 's')).toBe(WRONGTYPE)
  })
})

describe('ZDIFF and ZDIFFSTORE', () => {
  test('members of the first input in none of the others', () => {
    const c = fixture()
    expect(c('ZDIFF', 2, 'z', 'y')).toBe(arr('a'))
    expect(c('ZDIFF', 2, 'z', 'y', 'WITHSCORES')).toBe(arr('a', '1'))
    expect(c('ZDIFF', 2, 'st', 'z', 'WITHSCORES')).toBe(arr('x', '1'))
    expect(c('ZDIFF', 2, 'nope', 'z')).toBe('*0\r\n')
    expect(c('ZDIFFSTORE', 'dst', 2, 'y', 'z')).toBe(':1\r\n')
    expect(c('ZRANGE', 'dst', 0, -1, 'WITHSCORES')).toBe(arr('d', '30'))
    expect(c('ZDIFFSTORE', 'dst', 2, 'z', 'z')).toBe(':0\r\n')
    expect(c('EXISTS', 'dst')).toBe(':0\r\n')
  })

  test('errors: no WEIGHTS or AGGREGATE', () => {
    const c = fixture()
    expect(c('ZDIFF', 2, 'z', 'y', 'WEIGHTS', 1, 2)).toBe(SYNTAX)
    expect(c('ZDIFF', 2, 'z', 'y', 'AGGREGATE', 'SUM')).toBe(SYNTAX)
    expect(c('ZDIFF', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zdiff' command\r\n")
    expect(c('ZDIFFSTORE', 'dst', 0, 'z')).toBe("-ERR at least 1 input key is needed for 'zdiffstore' command\r\n")
    expect(c('ZDIFFSTORE', 'dst', 2, 'z', 's')).toBe(WRONGTYPE)
    expect(c('ZDIFFSTORE', 'dst', 1)).toBe("-ERR wrong number of arguments for 'zdiffstore' command\r\n")
  })
})
