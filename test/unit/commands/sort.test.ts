import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { arity, bulk, err, int, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

const list = (...items: (string | null)[]): string => `*${items.length}\r\n${items.map((i) => (i === null ? '$-1\r\n' : bulk(i))).join('')}`
const NOT_DOUBLE = err("ERR One or more scores can't be converted into double")

describe('SORT', () => {
  test('numeric by default, ties in byte order; DESC; LIMIT', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', '3', '1', '2', '10', '02', '1.5')
    expect(c('SORT', 'l')).toBe(list('1', '1.5', '02', '2', '3', '10'))
    expect(c('SORT', 'l', 'DESC')).toBe(list('10', '3', '2', '02', '1.5', '1'))
    expect(c('SORT', 'l', 'LIMIT', 1, 2)).toBe(list('1.5', '02'))
    expect(c('SORT', 'l', 'LIMIT', 5, 10)).toBe(list('10'))
    expect(c('SORT', 'l', 'LIMIT', 10, 1)).toBe(list())
    expect(c('SORT', 'missing')).toBe(list())
  })

  test('ALPHA compares bytes', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', 'b', 'a', 'B', '10', '9')
    expect(c('SORT', 'l', 'ALPHA')).toBe(list('10', '9', 'B', 'a', 'b'))
    expect(c('SORT', 'l', 'ALPHA', 'DESC', 'LIMIT', 0, 2)).toBe(list('b', 'a'))
    expect(c('SORT', 'l')).toBe(NOT_DOUBLE)
  })

  test('BY nosort keeps list and sorted set order; a set is sorted when stored', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', 'c', 'a', 'b')
    expect(c('SORT', 'l', 'BY', 'nosort')).toBe(list('c', 'a', 'b'))
    expect(c('SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', 1, 1)).toBe(list('a'))
    c('ZADD', 'z', 3, 'x', 1, 'y', 2, 'w')
    expect(c('SORT', 'z', 'BY', 'nosort', 'DESC')).toBe(list('x', 'w', 'y'))
    expect(c('OBJECT', 'ENCODING', 'z')).toBe(bulk('skiplist'))
    c('SADD', 's', 'q', 'p', 'r')
    expect(c('SORT', 's', 'BY', 'nosort', 'STORE', 'd')).toBe(int(3))
    expect(c('LRANGE', 'd', 0, -1)).toBe(list('p', 'q', 'r'))
  })

  test('BY and GET patterns, hash fields and #', () => {
    const c = testEngine().client()
    c('RPUSH', 'ids', '1', '2', '3')
    c('MSET', 'w_1', '30', 'w_2', '10', 'w_3', '20', 'n_1', 'one', 'n_3', 'three')
    c('HSET', 'h_1', 'f', 'x1')
    c('HSET', 'h_2', 'f', 'x2')
    expect(c('SORT', 'ids', 'BY', 'w_*')).toBe(list('2', '3', '1'))
    expect(c('SORT', 'ids', 'BY', 'w_*', 'GET', 'n_*', 'GET', '#', 'GET', 'h_*->f')).toBe(
      list(null, '2', 'x2', 'three', '3', null, 'one', '1', 'x1'),
    )
    expect(c('SORT', 'ids', 'BY', 'h_*->f', 'ALPHA', 'DESC')).toBe(list('2', '1', '3'))
    expect(c('SORT', 'ids', 'GET', 'fixed')).toBe(list(null, null, null))
  })

  test('STORE writes a list (missing GETs as empty strings); an empty result deletes', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('RPUSH', 'l', '2', '1')
    expect(c('SORT', 'l', 'GET', '#', 'GET', 'nope_*', 'STORE', 'dst')).toBe(int(4))
    expect(c('LRANGE', 'dst', 0, -1)).toBe(list('1', '', '2', ''))
    expect(c('SORT', 'missing', 'STORE', 'dst')).toBe(int(0))
    expect(c('EXISTS', 'dst')).toBe(int(0))
    expect(c('SORT', 'missing', 'STORE', 'dst')).toBe(int(0))
    expect(log).toEqual(['RPUSH l 2 1', 'SORT l GET # GET nope_* STORE dst', 'SORT missing STORE dst'])
  })

  test('errors', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', '1')
    expect(c('SORT', 'l', 'LIMIT', 'x', 1)).toBe(err('ERR value is not an integer or out of range'))
    expect(c('SORT', 'l', 'LIMIT', 1)).toBe(SYNTAX)
    expect(c('SORT', 'l', 'foo')).toBe(SYNTAX)
    expect(c('SORT')).toBe(arity('sort'))
    c('SET', 's', 'x')
    expect(c('SORT', 's')).toBe(WRONGTYPE)
    c('SET', 'w_1', 'abc')
    expect(c('SORT', 'l', 'BY', 'w_*')).toBe(NOT_DOUBLE)
  })
})

describe('SORT_RO', () => {
  test('sorts; STORE is a syntax error', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', '2', '1')
    expect(c('SORT_RO', 'l')).toBe(list('1', '2'))
    expect(c('SORT_RO', 'l', 'STORE', 'd')).toBe(SYNTAX)
    expect(c('SORT_RO')).toBe(arity('sort_ro'))
  })
})
