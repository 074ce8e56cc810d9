import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { arity, arr, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

function setup() {
  const t = testEngine()
  const c = t.client()
  return { t, c }
}

describe('LPUSH and RPUSH', () => {
  test('push in argument order and return the length', () => {
    const { c } = setup()
    expect(c('LPUSH', 'l', 'a', 'b', 'c')).toBe(':3\r\n')
    expect(c('RPUSH', 'l', 'x', 'y')).toBe(':5\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('c', 'b', 'a', 'x', 'y'))
    expect(c('TYPE', 'l')).toBe('+list\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LPUSH', 's', 'a')).toBe(WRONGTYPE)
    expect(c('RPUSH', 's', 'a')).toBe(WRONGTYPE)
    expect(c('LPUSH', 'l')).toBe(arity('lpush'))
    expect(c('RPUSH', 'l')).toBe(arity('rpush'))
  })

  test('a list under a TTL keeps it when pushed to, and expires on the clock', () => {
    const { t, c } = setup()
    c('RPUSH', 'l', 'a')
    c('PEXPIRE', 'l', 100)
    expect(c('RPUSH', 'l', 'b')).toBe(':2\r\n')
    t.clock.advance(101)
    expect(c('LLEN', 'l')).toBe(':0\r\n')
    expect(c('RPUSH', 'l', 'c')).toBe(':1\r\n')
  })
})

describe('LPUSHX and RPUSHX', () => {
  test('push only onto an existing list', () => {
    const { c } = setup()
    expect(c('LPUSHX', 'l', 'a')).toBe(':0\r\n')
    expect(c('RPUSHX', 'l', 'a', 'b')).toBe(':0\r\n')
    expect(c('EXISTS', 'l')).toBe(':0\r\n')
    c('RPUSH', 'l', 'm')
    expect(c('LPUSHX', 'l', 'a', 'b')).toBe(':3\r\n')
    expect(c('RPUSHX', 'l', 'z')).toBe(':4\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('b', 'a', 'm', 'z'))
    c('SET', 's', 'x')
    expect(c('LPUSHX', 's', 'a')).toBe(WRONGTYPE)
    expect(c('RPUSHX', 's', 'a')).toBe(WRONGTYPE)
    expect(c('RPUSHX', 's')).toBe(arity('rpushx'))
  })
})

describe('LINSERT', () => {
  test('inserts around the first pivot', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'a')
    expect(c('LINSERT', 'l', 'BEFORE', 'a', 'x')).toBe(':4\r\n')
    expect(c('LINSERT', 'l', 'after', 'b', 'y')).toBe(':5\r\n')
    expect(c('LINSERT', 'l', 'AFTER', 'zz', 'y')).toBe(':-1\r\n')
    expect(c('LINSERT', 'none', 'AFTER', 'a', 'y')).toBe(':0\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('x', 'a', 'b', 'y', 'a'))
  })

  test('errors: the keyword is checked before the key', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LINSERT', 's', 'MIDDLE', 'a', 'b')).toBe('-ERR syntax error\r\n')
    expect(c('LINSERT', 's', 'BEFORE', 'a', 'b')).toBe(WRONGTYPE)
    expect(c('LINSERT', 's', 'BEFORE', 'a')).toBe(arity('linsert'))
  })
})

describe('LRANGE, LINDEX and LLEN', () => {
  test('index arithmetic from both ends', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'c', 'd')
    expect(c('LRANGE', 'l', 1, 2)).toBe(arr('b', 'c'))
    expect(c('LRANGE', 'l', -2, 100)).toBe(arr('c', 'd'))
    expect(c('LRANGE', 'l', -100, 0)).toBe(arr('a'))
    expect(c('LRANGE', 'l', 3, 1)).toBe('*0\r\n')
    expect(c('LRANGE', 'none', 0, -1)).toBe('*0\r\n')
    expect(c('LINDEX', 'l', 0)).toBe('$1\r\na\r\n')
    expect(c('LINDEX', 'l', -1)).toBe('$1\r\nd\r\n')
    expect(c('LINDEX', 'l', 4)).toBe('$-1\r\n')
    expect(c('LINDEX', 'none', 'x')).toBe('$-1\r\n')
    expect(c('LLEN', 'l')).toBe(':4\r\n')
    expect(c('LLEN', 'none')).toBe(':0\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a')
    c('SET', 's', 'x')
    expect(c('LRANGE', 's', 'x', 1)).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('LRANGE', 's', 0, 1)).toBe(WRONGTYPE)
    expect(c('LINDEX', 's', 'x')).toBe(WRONGTYPE)
    expect(c('LINDEX', 'l', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('LLEN', 's')).toBe(WRONGTYPE)
    expect(c('LLEN', 'l', 'x')).toBe(arity('llen'))
    expect(c('LRANGE', 'l', 0)).toBe(arity('lrange'))
    expect(c('LINDEX', 'l')).toBe(arity('lindex'))
  })
})

describe('LPOP and RPOP', () => {
  test('single pops and counts; the emptied key goes', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'c', 'd')
    expect(c('LPOP', 'l')).toBe('$1\r\na\r\n')
    expect(c('RPOP', 'l')).toBe('$1\r\nd\r\n')
    expect(c('LPOP', 'l', 0)).toBe('*0\r\n')
    expect(c('RPOP', 'l', 5)).toBe(arr('c', 'b'))
    expect(c('EXISTS', 'l')).toBe(':0\r\n')
    expect(c('LPOP', 'l')).toBe('$-1\r\n')
    expect(c('LPOP', 'l', 0)).toBe('*-1\r\n')
    expect(c('RPOP', 'l', 2)).toBe('*-1\r\n')
  })

  test('RESP3 nulls', () => {
    const t = testEngine()
    const c = t.client({ proto: 3 })
    expect(c('LPOP', 'l')).toBe('_\r\n')
    expect(c('RPOP', 'l', 2)).toBe('_\r\n')
    c('RPUSH', 'l', 'a')
    expect(c('LPOP', 'l', 0)).toBe('*0\r\n')
  })

  test('errors: the count is checked before the type', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LPOP', 's', -1)).toBe('-ERR value is out of range, must be positive\r\n')
    expect(c('RPOP', 's', 'x')).toBe('-ERR value is out of range, must be positive\r\n')
    expect(c('LPOP', 's', 0)).toBe(WRONGTYPE)
    expect(c('RPOP', 's')).toBe(WRONGTYPE)
    expect(c('LPOP', 'l', 1, 2)).toBe(arity('lpop'))
    expect(c('RPOP')).toBe(arity('rpop'))
  })
})

describe('RPOPLPUSH and LMOVE', () => {
  test('move between lists and rotate one', () => {
    const { c } = setup()
    c('RPUSH', 'src', 'a', 'b', 'c')
    expect(c('RPOPLPUSH', 'src', 'dst')).toBe('$1\r\nc\r\n')
    expect(c('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('$1\r\na\r\n')
    expect(c('LMOVE', 'src', 'dst', 'right', 'left')).toBe('$1\r\nb\r\n')
    expect(c('EXISTS', 'src')).toBe(':0\r\n')
    expect(c('LRANGE', 'dst', 0, -1)).toBe(arr('b', 'c', 'a'))
    expect(c('RPOPLPUSH', 'dst', 'dst')).toBe('$1\r\na\r\n')
    expect(c('LRANGE', 'dst', 0, -1)).toBe(arr('a', 'b', 'c'))
    expect(c('RPOPLPUSH', 'none', 'dst')).toBe('$-1\r\n')
  })

  test('errors: the destination type is checked before popping', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a')
    c('SET', 's', 'x')
    expect(c('RPOPLPUSH', 'l', 's')).toBe(WRONGTYPE)
    expect(c('LMOVE', 'l', 's', 'LEFT', 'LEFT')).toBe(WRONGTYPE)
    expect(c('LLEN', 'l')).toBe(':1\r\n')
    expect(c('RPOPLPUSH', 'none', 's')).toBe('$-1\r\n')
    expect(c('LMOVE', 's', 'l', 'LEFT', 'LEFT')).toBe(WRONGTYPE)
    expect(c('LMOVE', 's', 'l', 'UP', 'LEFT')).toBe('-ERR syntax error\r\n')
    expect(c('RPOPLPUSH', 'l')).toBe(arity('rpoplpush'))
    expect(c('LMOVE', 'l', 'm', 'LEFT')).toBe(arity('lmove'))
  })
})

describe('LMPOP', () => {
  test('pops from the first non-empty list', () => {
    const { c } = setup()
    c('RPUSH', 'a', '1', '2', '3')
    expect(c('LMPOP', 2, 'none', 'a', 'LEFT')).toBe('*2\r\n$1\r\na\r\n' + arr('1'))
    expect(c('LMPOP', 2, 'none', 'a', 'RIGHT', 'COUNT', 10)).toBe('*2\r\n$1\r\na\r\n' + arr('3', '2'))
    expect(c('LMPOP', 1, 'a', 'LEFT')).toBe('*-1\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LMPOP', 2, 'none', 's', 'LEFT')).toBe(WRONGTYPE)
    expect(c('LMPOP', 0, 'a', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('LMPOP', 'x', 'a', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('LMPOP', 2, 'a', 'LEFT')).toBe('-ERR syntax error\r\n')
    expect(c('LMPOP', 1, 'a', 'UP')).toBe('-ERR syntax error\r\n')
    expect(c('LMPOP', 1, 'a', 'LEFT', 'COUNT', 0)).toBe('-ERR count should be greater than 0\r\n')
    expect(c('LMPOP', 1, 'a', 'LEFT', 'COUNT', 1, 'COUNT', 1)).toBe('-ERR syntax error\r\n')
    expect(c('LMPOP', 1, 'a')).toBe(arity('lmpop'))
  })
})

describe('LPOS', () => {
  test('RANK, COUNT and MAXLEN', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a')
    expect(c('LPOS', 'l', 'a')).toBe(':0\r\n')
    expect(c('LPOS', 'l', 'a', 'RANK', 2)).toBe(':2\r\n')
    expect(c('LPOS', 'l', 'a', 'RANK', -1)).toBe(':4\r\n')
    expect(c('LPOS', 'l', 'a', 'COUNT', 0)).toBe('*3\r\n:0\r\n:2\r\n:4\r\n')
    expect(c('LPOS', 'l', 'a', 'RANK', -2, 'COUNT', 5)).toBe('*2\r\n:2\r\n:0\r\n')
    expect(c('LPOS', 'l', 'a', 'COUNT', 0, 'MAXLEN', 3)).toBe('*2\r\n:0\r\n:2\r\n')
    expect(c('LPOS', 'l', 'z')).toBe('$-1\r\n')
    expect(c('LPOS', 'none', 'a', 'COUNT', 1)).toBe('*0\r\n')
    // 7.0 accepts LONG_MIN: from the tail, every match, COUNT never reached
    expect(c('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', 1)).toBe('*3\r\n:4\r\n:2\r\n:0\r\n')
  })

  test('errors are checked option by option, before the key', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LPOS', 's', 'a', 'RANK', 0)).toBe(
      "-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list\r\n",
    )
    expect(c('LPOS', 's', 'a', 'COUNT', -1, 'RANK', 0)).toBe("-ERR COUNT can't be negative\r\n")
    expect(c('LPOS', 's', 'a', 'MAXLEN', 'x')).toBe("-ERR MAXLEN can't be negative\r\n")
    expect(c('LPOS', 's', 'a', 'RANK')).toBe('-ERR syntax error\r\n')
    expect(c('LPOS', 's', 'a')).toBe(WRONGTYPE)
    expect(c('LPOS', 's')).toBe(arity('lpos'))
  })
})

describe('LREM', () => {
  test('removes from the head, the tail, or everywhere', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a')
    expect(c('LREM', 'l', 1, 'a')).toBe(':1\r\n')
    expect(c('LREM', 'l', -1, 'a')).toBe(':1\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('b', 'a', 'c'))
    expect(c('LREM', 'l', 0, 'zz')).toBe(':0\r\n')
    expect(c('LREM', 'l', 0, 'a')).toBe(':1\r\n')
    expect(c('LREM', 'l', 0, 'b')).toBe(':1\r\n')
    expect(c('LREM', 'l', 0, 'c')).toBe(':1\r\n')
    expect(c('EXISTS', 'l')).toBe(':0\r\n')
    expect(c('LREM', 'l', 0, 'c')).toBe(':0\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LREM', 's', 'x', 'a')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('LREM', 's', 0, 'a')).toBe(WRONGTYPE)
    expect(c('LREM', 's', 0)).toBe(arity('lrem'))
  })
})

describe('LSET', () => {
  test('sets by index from either end', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'c')
    expect(c('LSET', 'l', 0, 'x')).toBe('+OK\r\n')
    expect(c('LSET', 'l', -1, 'z')).toBe('+OK\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('x', 'b', 'z'))
  })

  test('errors: the key is checked before the index', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a')
    c('SET', 's', 'x')
    expect(c('LSET', 'l', 1, 'x')).toBe('-ERR index out of range\r\n')
    expect(c('LSET', 'none', 'x', 'x')).toBe('-ERR no such key\r\n')
    expect(c('LSET', 's', 'x', 'x')).toBe(WRONGTYPE)
    expect(c('LSET', 'l', 'x', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('LSET', 'l', 0)).toBe(arity('lset'))
  })
})

describe('LTRIM', () => {
  test('keeps a range; an empty range deletes the key', () => {
    const { c } = setup()
    c('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e')
    expect(c('LTRIM', 'l', 1, -2)).toBe('+OK\r\n')
    expect(c('LRANGE', 'l', 0, -1)).toBe(arr('b', 'c', 'd'))
    expect(c('LTRIM', 'l', 0, 100)).toBe('+OK\r\n')
    expect(c('LLEN', 'l')).toBe(':3\r\n')
    expect(c('LTRIM', 'l', 2, 1)).toBe('+OK\r\n')
    expect(c('EXISTS', 'l')).toBe(':0\r\n')
    expect(c('LTRIM', 'none', 0, 1)).toBe('+OK\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('SET', 's', 'x')
    expect(c('LTRIM', 's', 'x', 1)).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('LTRIM', 's', 0, 1)).toBe(WRONGTYPE)
    expect(c('LTRIM', 's', 0)).toBe(arity('ltrim'))
  })
})

describe('write hooks', () => {
  test('propagates served and nested blocking pops as their plain forms', () => {
    const { t, c } = setup()
    const log = logOf(t)
    c('RPUSH', 'l', 'a', 'b', 'c', 'd')
    c('BLPOP', 'l', 0)
    c('BRPOP', 'l', 0)
    c('BLMPOP', 0, 1, 'l', 'LEFT', 'COUNT', 5)
    c('RPUSH', 'l', 'x')
    c('BRPOPLPUSH', 'l', 'm', 0)
    c('BLMOVE', 'm', 'n', 'LEFT', 'RIGHT', 0)
    c('LMPOP', 1, 'n', 'RIGHT')
    c('LTRIM', 'none', 0, 1)
    expect(log).toEqual([
      'RPUSH l a b c d',
      'lpop l',
      'rpop l',
      'lpop l 2',
      'RPUSH l x',
      'rpoplpush l m',
      'lmove m n LEFT RIGHT',
      'rpop n 1',
    ])
  })

  test('keyspace events', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = t.client()
    const c = t.client()
    sub('PSUBSCRIBE', '__keyevent@0__:*')
    c('RPUSH', 'l', 'a', 'b')
    c('LMOVE', 'l', 'm', 'LEFT', 'RIGHT')
    c('RPOP', 'l')
    const events = [...sub.pending().matchAll(/__keyevent@0__:(\w+)\r\n\$\d+\r\n(\w+)/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(events).toEqual(['rpush l', 'rpush m', 'lpop l', 'rpop l', 'del l'])
  })
})

describe('BLPOP and BRPOP', () => {
  test('pop at once when a list has elements, checking keys in order', () => {
    const { c } = setup()
    c('RPUSH', 'b', 'x', 'y')
    expect(c('BLPOP', 'a', 'b', 0)).toBe(arr('b', 'x'))
    expect(c('BRPOP', 'a', 'b', 0)).toBe(arr('b', 'y'))
    c('SET', 's', 'v')
    expect(c('BLPOP', 'a', 's', 0)).toBe(WRONGTYPE)
    expect(c('BLPOP', 'a', -1)).toBe('-ERR timeout is negative\r\n')
    expect(c('BLPOP', 'a', 'x')).toBe('-ERR timeout is not a float or out of range\r\n')
    expect(c('BLPOP', 'a', 'inf')).toBe('-ERR timeout is negative\r\n')
    expect(c('BRPOP', 'a')).toBe(arity('brpop'))
  })

  test('a push by one client wakes another', () => {
    const t = testEngine()
    const c = t.client()
    const w = t.client({ blocking: true })
    expect(w('BLPOP', 'q', 0)).toBe('')
    expect(c('RPUSH', 'q', 'job')).toBe(':1\r\n')
    expect(w.pending()).toBe(arr('q', 'job'))
    expect(c('EXISTS', 'q')).toBe(':0\r\n')
  })

  test('waiters are served first come first served, one element each', () => {
    const t = testEngine()
    const c = t.client()
    const [w1, w2, w3] = [t.client({ blocking: true }), t.client({ blocking: true }), t.client({ blocking: true })]
    w1('BLPOP', 'q', 0)
    w2('BRPOP', 'q', 0)
    w3('BLPOP', 'q', 0)
    c('LPUSH', 'q', 'a', 'b')
    expect(w1.pending()).toBe(arr('q', 'b'))
    expect(w2.pending()).toBe(arr('q', 'a'))
    expect(w3.pending()).toBe('')
    c('RPUSH', 'q', 'c')
    expect(w3.pending()).toBe(arr('q', 'c'))
  })

  test('LPUSH of several elements gives the waiter the head', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    w('BLPOP', 'q', 0)
    t.client()('LPUSH', 'q', 'a', 'b', 'c')
    expect(w.pending()).toBe(arr('q', 'c'))
  })

  test('fractional timeouts on the manual clock; 0 waits for ever', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    const f = t.client({ blocking: true, proto: 3 })
    w('BLPOP', 'q', 0.5)
    f('BRPOP', 'q', 0)
    t.clock.advance(500)
    t.engine.tick()
    expect(w.pending()).toBe('')
    t.clock.advance(1)
    t.engine.tick()
    expect(w.pending()).toBe('*-1\r\n')
    t.clock.advance(1e9)
    t.engine.tick()
    expect(f.pending()).toBe('')
    t.client()('RPUSH', 'q', 'x')
    expect(f.pending()).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n')
    // Redis rounds up in long double: 0.0001 s waits 1 ms, -0.001 s rounds up to 0 (for ever)
    w('BLPOP', 'q', '0.0001')
    f('BLPOP', 'q', '-0.001')
    t.clock.advance(2)
    t.engine.tick()
    expect(w.pending()).toBe('*-1\r\n')
    t.clock.advance(1e9)
    t.engine.tick()
    expect(f.pending()).toBe('')
  })

  test('inside MULTI they answer at once', () => {
    const t = testEngine()
    const c = t.client({ blocking: true })
    c('MULTI')
    c('BLPOP', 'q', 0)
    c('BRPOPLPUSH', 'q', 'r', 0)
    c('BLMPOP', 0, 1, 'q', 'LEFT')
    expect(c('EXEC')).toBe('*3\r\n*-1\r\n$-1\r\n*-1\r\n')
  })

  test('a served client is served from the key that became ready', () => {
    const t = testEngine()
    const c = t.client()
    const w = t.client({ blocking: true })
    w('BLPOP', 'a', 'b', 0)
    c('MULTI')
    c('RPUSH', 'b', 'x')
    c('RPUSH', 'a', 'y')
    c('EXEC')
    expect(w.pending()).toBe(arr('b', 'x'))
  })
})

describe('BRPOPLPUSH and BLMOVE', () => {
  test('move at once or when served', () => {
    const t = testEngine()
    const c = t.client()
    const w = t.client({ blocking: true })
    c('RPUSH', 'src', 'a')
    expect(w('BRPOPLPUSH', 'src', 'dst', 0)).toBe('$1\r\na\r\n')
    expect(w('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0)).toBe('')
    c('RPUSH', 'src', 'b')
    expect(w.pending()).toBe('$1\r\nb\r\n')
    expect(c('LRANGE', 'dst', 0, -1)).toBe(arr('a', 'b'))
    expect(w('BLMOVE', 'src', 'dst', 'UP', 'RIGHT', 0)).toBe('-ERR syntax error\r\n')
    expect(w('BRPOPLPUSH', 'src', 'dst')).toBe(arity('brpoplpush'))
  })

  test('time out with a nil array, and a wrong-typed destination unblocks with WRONGTYPE', () => {
    const t = testEngine()
    const c = t.client()
    const w = t.client({ blocking: true })
    w('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', 0.01)
    t.clock.advance(11)
    t.engine.tick()
    expect(w.pending()).toBe('*-1\r\n')
    w('BRPOPLPUSH', 'src', 'dst', 0)
    c('SET', 'dst', 'x')
    c('RPUSH', 'src', 'v')
    expect(w.pending()).toBe(WRONGTYPE)
    expect(c('LLEN', 'src')).toBe(':1\r\n')
  })
})

describe('BLMPOP', () => {
  test('pops at once, or blocks and is served with COUNT', () => {
    const t = testEngine()
    const c = t.client()
    const w = t.client({ blocking: true })
    c('RPUSH', 'a', '1', '2')
    expect(w('BLMPOP', 0, 2, 'none', 'a', 'LEFT', 'COUNT', 5)).toBe('*2\r\n$1\r\na\r\n' + arr('1', '2'))
    expect(w('BLMPOP', 0, 2, 'a', 'b', 'RIGHT', 'COUNT', 2)).toBe('')
    c('RPUSH', 'b', 'x', 'y', 'z')
    expect(w.pending()).toBe('*2\r\n$1\r\nb\r\n' + arr('z', 'y'))
    expect(w('BLMPOP', -1, 1, 'a', 'LEFT')).toBe('-ERR timeout is negative\r\n')
    expect(w('BLMPOP', 0, 0, 'a', 'LEFT')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(w('BLMPOP', 0, 1, 'a')).toBe(arity('blmpop'))
  })
})
