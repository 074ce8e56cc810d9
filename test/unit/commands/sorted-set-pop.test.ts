import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'

function arr(...items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('')
}

function setup() {
  const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
  const sub = t.client()
  sub('PSUBSCRIBE', '__keyevent@0__:*')
  const log: string[] = []
  t.engine.onPropagate((argv) => log.push(argv.join(' ')))
  const c = t.client()
  const events = (): string[] => [...sub.pending().matchAll(/__keyevent@0__:([a-z]+)\r\n\$\d+\r\n([^\r]*)/g)].map((m) => `${m[1]} ${m[2]}`)
  return { t, c, log, events }
}

describe('ZPOPMIN and ZPOPMAX', () => {
  test('pop from either end; the key goes when empty', () => {
    const { c, log, events } = setup()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 0.1, 'd')
    events()
    expect(c('ZPOPMIN', 'z')).toBe(arr('d', '0.10000000000000001'))
    expect(c('ZPOPMAX', 'z', 2)).toBe(arr('c', '3', 'b', '2'))
    expect(c('ZPOPMIN', 'z', 0)).toBe('*0\r\n')
    expect(c('ZPOPMAX', 'z', 10)).toBe(arr('a', '1'))
    expect(c('EXISTS', 'z')).toBe(':0\r\n')
    expect(c('ZPOPMIN', 'nope')).toBe('*0\r\n')
    expect(events()).toEqual(['zpopmin z', 'zpopmax z', 'zpopmax z', 'del z'])
    expect(log.slice(1)).toEqual(['ZPOPMIN z', 'ZPOPMAX z 2', 'ZPOPMAX z 10'])
  })

  test('RESP3: a pair without a count, pairs with one', () => {
    const c = testEngine().client({ proto: 3 })
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')
    expect(c('ZPOPMIN', 'z')).toBe('*2\r\n$1\r\na\r\n,1\r\n')
    expect(c('ZPOPMIN', 'z', 1)).toBe('*1\r\n*2\r\n$1\r\nb\r\n,2\r\n')
    expect(c('ZPOPMAX', 'nope', 1)).toBe('*0\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('ZPOPMIN', 'z', -1)).toBe('-ERR value is out of range, must be positive\r\n')
    expect(c('ZPOPMIN', 's', 'x')).toBe('-ERR value is out of range, must be positive\r\n')
    expect(c('ZPOPMIN', 'z', 1, 2)).toBe(SYNTAX)
    expect(c('ZPOPMAX', 's')).toBe(WRONGTYPE)
    expect(c('ZPOPMAX')).toBe("-ERR wrong number of arguments for 'zpopmax' command\r\n")
  })
})

describe('ZMPOP', () => {
  test('pops from the first non-empty key; logged as ZPOPMIN/ZPOPMAX with the count popped', () => {
    const { c, log, events } = setup()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')
    events()
    expect(c('ZMPOP', 2, 'nope', 'z', 'MAX', 'COUNT', 2)).toBe('*2\r\n$1\r\nz\r\n*2\r\n' + arr('c', '3') + arr('b', '2'))
    expect(c('ZMPOP', 1, 'z', 'min', 'count', 10)).toBe('*2\r\n$1\r\nz\r\n*1\r\n' + arr('a', '1'))
    expect(c('ZMPOP', 1, 'z', 'MIN')).toBe('*-1\r\n')
    expect(events()).toEqual(['zpopmax z', 'zpopmin z', 'del z'])
    expect(log.slice(1)).toEqual(['ZPOPMAX z 2', 'ZPOPMIN z 1'])
    const r3 = testEngine().client({ proto: 3 })
    r3('ZADD', 'z', 1, 'a')
    expect(r3('ZMPOP', 1, 'z', 'MIN')).toBe('*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n')
    expect(r3('ZMPOP', 1, 'z', 'MIN')).toBe('_\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('ZMPOP', 2, 's', 'z', 'MIN')).toBe(WRONGTYPE)
    expect(c('ZMPOP', 2, 'z', 's', 'MIN')).toBe('*2\r\n$1\r\nz\r\n*1\r\n' + arr('a', '1'))
    expect(c('ZMPOP', 0, 'z', 'MIN')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('ZMPOP', 'x', 'z', 'MIN')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('ZMPOP', 2, 'z', 'MIN')).toBe(SYNTAX)
    expect(c('ZMPOP', 1, 'z', 'foo')).toBe(SYNTAX)
    expect(c('ZMPOP', 1, 'z', 'MIN', 'COUNT', 0)).toBe('-ERR count should be greater than 0\r\n')
    expect(c('ZMPOP', 1, 'z', 'MIN', 'COUNT', 1, 'COUNT', 2)).toBe(SYNTAX)
    expect(c('ZMPOP', 1, 'z', 'MIN', 'COUNT')).toBe(SYNTAX)
  })
})

describe('BZPOPMIN and BZPOPMAX', () => {
  test('pop at once when a key has members', () => {
    const { c, log } = setup()
    c('ZADD', 'z', 1, 'a', 2, 'b')
    expect(c('BZPOPMIN', 'nope', 'z', 0)).toBe(arr('z', 'a', '1'))
    expect(c('BZPOPMAX', 'z', 0)).toBe(arr('z', 'b', '2'))
    expect(log.slice(1)).toEqual(['ZPOPMIN z', 'ZPOPMAX z'])
    const r3 = testEngine().client({ proto: 3 })
    r3('ZADD', 'z', 0.5, 'a')
    expect(r3('BZPOPMIN', 'z', 0)).toBe('*3\r\n$1\r\nz\r\n$1\r\na\r\n,0.5\r\n')
  })

  test('block until another client adds, then propagate as ZPOPMIN', () => {
    const { t, c, log, events } = setup()
    const b = t.client({ blocking: true })
    expect(b('BZPOPMIN', 'k1', 'k2', 0)).toBe('')
    t.clock.advance(100_000)
    t.engine.tick()
    expect(b.pending()).toBe('')
    events()
    expect(c('ZADD', 'k2', 5, 'x', 3, 'y')).toBe(':2\r\n')
    expect(b.pending()).toBe(arr('k2', 'y', '3'))
    expect(c('ZRANGE', 'k2', 0, -1)).toBe(arr('x'))
    expect(events()).toEqual(['zadd k2', 'zpopmin k2'])
    expect(log).toEqual(['ZADD k2 5 x 3 y', 'ZPOPMIN k2'])
  })

  test('fractional timeouts on the manual clock reply nil', () => {
    const t = testEngine()
    const b = t.client({ blocking: true })
    const r3 = t.client({ blocking: true, proto: 3 })
    expect(b('BZPOPMAX', 'k', '0.25')).toBe('')
    expect(r3('BZPOPMIN', 'k', '0.5')).toBe('')
    t.clock.advance(250)
    t.engine.tick()
    expect(b.pending()).toBe('')
    t.clock.advance(1)
    t.engine.tick()
    expect(b.pending()).toBe('*-1\r\n')
    expect(r3.pending()).toBe('')
    t.clock.advance(250)
    t.engine.tick()
    expect(r3.pending()).toBe('_\r\n')
  })

  test('first come, first served', () => {
    const t = testEngine()
    const c = t.client()
    const a = t.client({ blocking: true })
    const b = t.client({ blocking: true })
    a('BZPOPMIN', 'q', 0)
    b('BZPOPMAX', 'q', 0)
    c('ZADD', 'q', 1, 'only')
    expect(a.pending()).toBe(arr('q', 'only', '1'))
    expect(b.pending()).toBe('')
    c('ZADD', 'q', 2, 'x', 3, 'y')
    expect(b.pending()).toBe(arr('q', 'y', '3'))
  })

  test('served from the key that became ready; another type keeps it waiting', () => {
    const t = testEngine()
    const c = t.client()
    const b = t.client({ blocking: true })
    b('BZPOPMIN', 'r1', 'r2', 0)
    c('MULTI')
    c('ZADD', 'r2', 1, 'two')
    c('ZADD', 'r1', 1, 'one')
    c('EXEC')
    expect(b.pending()).toBe(arr('r2', 'two', '1'))
    b('BZPOPMIN', 'w', 0)
    c('LPUSH', 'w', 'x')
    expect(b.pending()).toBe('')
    c('DEL', 'w')
    c('ZADD', 'w', 7, 'm')
    expect(b.pending()).toBe(arr('w', 'm', '7'))
  })

  test('inside MULTI they do not block', () => {
    const c = testEngine().client({ blocking: true })
    c('MULTI')
    c('BZPOPMIN', 'nope', 0)
    c('BZPOPMAX', 'nope', 0)
    expect(c('EXEC')).toBe('*2\r\n*-1\r\n*-1\r\n')
  })

  test('errors', () => {
    const c = testEngine().client({ blocking: true })
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('BZPOPMIN', 's', 0)).toBe(WRONGTYPE)
    expect(c('BZPOPMIN', 'nope', 's', 0)).toBe(WRONGTYPE)
    expect(c('BZPOPMAX', 's', 'z', 0)).toBe(WRONGTYPE)
    expect(c('BZPOPMIN', 'z', 'x')).toBe('-ERR timeout is not a float or out of range\r\n')
    expect(c('BZPOPMIN', 'z', -1)).toBe('-ERR timeout is negative\r\n')
    expect(c('BZPOPMIN', 'z', 'inf')).toBe('-ERR timeout is negative\r\n')
    expect(c('BZPOPMIN', 's', 'x')).toBe('-ERR timeout is not a float or out of range\r\n')
    expect(c('BZPOPMIN', 'z')).toBe("-ERR wrong number of arguments for 'bzpopmin' command\r\n")
  })
})

describe('BZMPOP', () => {
  test('pops at once, or blocks until a key has members', () => {
    const { t, c, log } = setup()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')
    expect(c('BZMPOP', 0, 2, 'nope', 'z', 'MIN', 'COUNT', 2)).toBe('*2\r\n$1\r\nz\r\n*2\r\n' + arr('a', '1') + arr('b', '2'))
    const b = t.client({ blocking: true })
    expect(b('BZMPOP', 0, 2, 'k1', 'k2', 'MAX', 'COUNT', 5)).toBe('')
    c('ZADD', 'k2', 1, 'x', 2, 'y')
    expect(b.pending()).toBe('*2\r\n$2\r\nk2\r\n*2\r\n' + arr('y', '2') + arr('x', '1'))
    expect(c('EXISTS', 'k2')).toBe(':0\r\n')
    expect(log).toEqual(['ZADD z 1 a 2 b 3 c', 'ZPOPMIN z 2', 'ZADD k2 1 x 2 y', 'ZPOPMAX k2 2'])
  })

  test('times out with a nil array', () => {
    const t = testEngine()
    const b = t.client({ blocking: true, proto: 3 })
    expect(b('BZMPOP', '0.1', 1, 'k', 'MIN')).toBe('')
    t.clock.advance(101)
    t.engine.tick()
    expect(b.pending()).toBe('_\r\n')
    const m = t.client({ blocking: true })
    m('MULTI')
    m('BZMPOP', 0, 1, 'k', 'MIN')
    expect(m('EXEC')).toBe('*1\r\n*-1\r\n')
  })

  test('errors: numkeys, where and COUNT before the timeout, the timeout before the keys', () => {
    const c = testEngine().client({ blocking: true })
    c('SET', 's', 'v')
    expect(c('BZMPOP', 'x', 0, 'z', 'MIN')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('BZMPOP', 'x', 1, 'z', 'foo')).toBe(SYNTAX)
    expect(c('BZMPOP', 'x', 1, 'z', 'MIN', 'COUNT', 0)).toBe('-ERR count should be greater than 0\r\n')
    expect(c('BZMPOP', 'x', 1, 's', 'MIN')).toBe('-ERR timeout is not a float or out of range\r\n')
    expect(c('BZMPOP', -1, 1, 's', 'MIN')).toBe('-ERR timeout is negative\r\n')
    expect(c('BZMPOP', 0, 1, 's', 'MIN')).toBe(WRONGTYPE)
    expect(c('BZMPOP', 0, 1, 'z')).toBe("-ERR wrong number of arguments for 'bzmpop' command\r\n")
  })
})
