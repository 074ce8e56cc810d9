import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { testCommandRecords } from '../helpers/differential-checks.js'

const LIST_COMMANDS = [
  'blmove', 'blmpop', 'blpop', 'brpop', 'brpoplpush', 'lindex', 'linsert', 'llen', 'lmove', 'lmpop', 'lpop', 'lpos',
  'lpush', 'lpushx', 'lrange', 'lrem', 'lset', 'ltrim', 'rpop', 'rpoplpush', 'rpush', 'rpushx',
]

describeDiff('list commands against redis-server', () => {
  const d = useDifferential()

  testCommandRecords(d, 'list', LIST_COMMANDS)

  test('LPUSH, RPUSH, LPUSHX, RPUSHX', async () => {
    await d.same('LPUSH', 'l', 'a', 'b', 'c')
    await d.same('RPUSH', 'l', 'x', 'y')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('LPUSHX', 'l', '1', '2')
    await d.same('RPUSHX', 'l', '3')
    await d.same('LPUSHX', 'none', 'a')
    await d.same('RPUSHX', 'none', 'a', 'b')
    await d.same('EXISTS', 'none')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('RPUSH', 'bin', '\x00\xff\r\n', '')
    await d.same('LRANGE', 'bin', '0', '-1')
    await d.same('SET', 's', 'x')
    await d.sameError('LPUSH', 's', 'a')
    await d.sameError('RPUSH', 's', 'a')
    await d.sameError('LPUSHX', 's', 'a')
    await d.sameError('RPUSHX', 's', 'a')
    await d.sameError('LPUSH', 'l')
    await d.sameError('RPUSH', 'l')
    await d.sameError('LPUSHX', 'l')
    await d.sameError('RPUSHX', 'l')
    await d.same('TYPE', 'l')
    await d.same('OBJECT', 'ENCODING', 'l')
  })

  test('long lists span many nodes and large elements', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `e${i}`)
    await d.same('RPUSH', 'big', ...many)
    await d.same('LPUSH', 'big', ...many)
    const large = 'L'.repeat(20000)
    await d.same('RPUSH', 'big', large, 'after', large)
    await d.same('LLEN', 'big')
    await d.same('OBJECT', 'ENCODING', 'big')
    for (const [a, b] of [['0', '9'], ['595', '610'], ['-5', '-1'], ['1190', '1203'], ['-1000', '-990']]) await d.same('LRANGE', 'big', a as string, b as string)
    for (const i of ['0', '300', '599', '600', '1199', '1200', '1201', '-1', '-3', '-700']) await d.same('LINDEX', 'big', i)
    await d.same('LSET', 'big', '700', 'changed')
    await d.same('LSET', 'big', '-2', 'short')
    await d.same('LINSERT', 'big', 'BEFORE', 'e300', 'ins')
    await d.same('LINSERT', 'big', 'AFTER', large, 'ins2')
    await d.same('LREM', 'big', '-2', 'e5')
    await d.same('LREM', 'big', '3', 'e7')
    await d.same('LPOS', 'big', 'e100', 'RANK', '-1')
    await d.same('LPOS', 'big', 'ins')
    await d.same('LTRIM', 'big', '10', '-10')
    await d.same('LLEN', 'big')
    await d.same('LRANGE', 'big', '0', '-1')
    await d.same('LPOP', 'big', '250')
    await d.same('RPOP', 'big', '250')
    await d.same('LRANGE', 'big', '0', '-1')
  })

  test('LINSERT', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'a')
    await d.same('LINSERT', 'l', 'BEFORE', 'a', 'x')
    await d.same('LINSERT', 'l', 'after', 'a', 'y')
    await d.same('LINSERT', 'l', 'AFTER', 'zz', 'y')
    await d.same('LINSERT', 'none', 'BEFORE', 'a', 'x')
    await d.same('EXISTS', 'none')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.sameError('LINSERT', 'l', 'MIDDLE', 'a', 'x')
    await d.sameError('LINSERT', 'none', 'MIDDLE', 'a', 'x')
    await d.same('SET', 's', 'x')
    await d.sameError('LINSERT', 's', 'BEFORE', 'a', 'x')
    await d.sameError('LINSERT', 's', 'MIDDLE', 'a', 'x')
    await d.sameError('LINSERT', 'l', 'BEFORE', 'a')
  })

  test('LRANGE and LINDEX bounds', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e')
    const pairs = [
      ['0', '-1'], ['1', '2'], ['-2', '-1'], ['-100', '100'], ['3', '1'], ['5', '10'], ['-1', '-2'], ['0', '0'],
      ['-9223372036854775808', '9223372036854775807'], ['9223372036854775807', '-9223372036854775808'],
    ]
    for (const [a, b] of pairs) await d.same('LRANGE', 'l', a as string, b as string)
    await d.same('LRANGE', 'none', '0', '-1')
    for (const i of ['0', '4', '5', '-1', '-5', '-6', '9223372036854775807', '-9223372036854775808']) await d.same('LINDEX', 'l', i)
    await d.same('LINDEX', 'none', '0')
    await d.same('LINDEX', 'none', 'x')
    await d.sameError('LINDEX', 'l', 'x')
    await d.sameError('LINDEX', 'l', '9223372036854775808')
    await d.sameError('LRANGE', 'l', 'a', '1')
    await d.sameError('LRANGE', 'none', '0', '1.5')
    await d.same('SET', 's', 'x')
    await d.sameError('LRANGE', 's', '0', '1')
    await d.sameError('LRANGE', 's', 'x', '1')
    await d.sameError('LINDEX', 's', 'x')
    await d.sameError('LLEN', 's')
    await d.same('LLEN', 'l')
    await d.same('LLEN', 'none')
    await d.sameError('LLEN', 'l', 'x')
    await d.sameError('LINDEX', 'l')
    await d.sameError('LRANGE', 'l', '0')
  })

  test('LPOP and RPOP with and without count, RESP2 and RESP3', async () => {
    for (const proto of ['2', '3']) {
      await d.both('HELLO', proto)
      await d.same('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e')
      await d.same('LPOP', 'l')
      await d.same('RPOP', 'l')
      await d.same('LPOP', 'l', '0')
      await d.same('RPOP', 'l', '0')
      await d.same('LPOP', 'l', '2')
      await d.same('RPOP', 'l', '5')
      await d.same('EXISTS', 'l')
      await d.same('LPOP', 'l')
      await d.same('RPOP', 'l')
      await d.same('LPOP', 'l', '0')
      await d.same('RPOP', 'l', '3')
      await d.same('SET', 's', 'x')
      await d.sameError('LPOP', 's')
      await d.sameError('RPOP', 's', '0')
      await d.sameError('LPOP', 'l', '-1')
      await d.sameError('RPOP', 'l', 'x')
      await d.sameError('LPOP', 's', '-1')
      await d.sameError('LPOP', 'l', '1', '2')
      await d.sameError('RPOP', 'l', '1', '2')
      await d.sameError('RPOP')
      await d.same('DEL', 's')
    }
  })

  test('RPOPLPUSH and LMOVE', async () => {
    await d.same('RPUSH', 'src', 'a', 'b', 'c')
    await d.same('RPOPLPUSH', 'src', 'dst')
    await d.same('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')
    await d.same('LMOVE', 'src', 'dst', 'right', 'left')
    await d.same('EXISTS', 'src')
    await d.same('LRANGE', 'dst', '0', '-1')
    await d.same('LMOVE', 'dst', 'dst', 'LEFT', 'RIGHT')
    await d.same('LMOVE', 'dst', 'dst', 'RIGHT', 'RIGHT')
    await d.same('RPOPLPUSH', 'dst', 'dst')
    await d.same('LRANGE', 'dst', '0', '-1')
    await d.same('RPUSH', 'one', 'x')
    await d.same('RPOPLPUSH', 'one', 'one')
    await d.same('LRANGE', 'one', '0', '-1')
    await d.same('RPOPLPUSH', 'none', 'dst')
    await d.same('LMOVE', 'none', 'dst', 'LEFT', 'LEFT')
    await d.same('SET', 's', 'x')
    await d.same('RPOPLPUSH', 'none', 's')
    await d.sameError('RPOPLPUSH', 'dst', 's')
    await d.sameError('LMOVE', 'dst', 's', 'LEFT', 'LEFT')
    await d.same('LRANGE', 'dst', '0', '-1')
    await d.sameError('RPOPLPUSH', 's', 'dst')
    await d.sameError('LMOVE', 's', 'dst', 'LEFT', 'RIGHT')
    await d.sameError('LMOVE', 'dst', 'x', 'UP', 'LEFT')
    await d.sameError('LMOVE', 'dst', 'x', 'LEFT', 'DOWN')
    await d.sameError('LMOVE', 's', 'dst', 'UP', 'LEFT')
    await d.sameError('RPOPLPUSH', 'dst')
    await d.sameError('LMOVE', 'dst', 'x', 'LEFT')
    await d.both('HELLO', '3')
    await d.same('RPOPLPUSH', 'none', 'dst')
    await d.same('LMOVE', 'none', 'dst', 'LEFT', 'LEFT')
  })

  test('LMPOP', async () => {
    await d.same('RPUSH', 'a', '1', '2', '3')
    await d.same('RPUSH', 'b', '4', '5')
    await d.same('LMPOP', '2', 'none', 'a', 'LEFT')
    await d.same('LMPOP', '2', 'none', 'a', 'right', 'COUNT', '10')
    await d.same('LMPOP', '3', 'none', 'a', 'b', 'LEFT', 'count', '1')
    await d.same('LMPOP', '1', 'none', 'LEFT')
    await d.same('SET', 's', 'x')
    await d.sameError('LMPOP', '2', 'none', 's', 'LEFT')
    await d.same('LMPOP', '2', 'b', 's', 'LEFT')
    await d.sameError('LMPOP', '0', 'a', 'LEFT')
    await d.sameError('LMPOP', '-1', 'a', 'LEFT')
    await d.sameError('LMPOP', 'x', 'a', 'LEFT')
    await d.sameError('LMPOP', '2', 'a', 'LEFT')
    await d.sameError('LMPOP', '5', 'a', 'LEFT')
    await d.sameError('LMPOP', '1', 'a', 'MIDDLE')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'COUNT')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'COUNT', '0')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '2')
    await d.sameError('LMPOP', '1', 'a', 'LEFT', 'FOO')
    await d.sameError('LMPOP', '1', 'a')
    await d.both('HELLO', '3')
    await d.same('RPUSH', 'a', '1', '2')
    await d.same('LMPOP', '1', 'a', 'RIGHT', 'COUNT', '5')
    await d.same('LMPOP', '1', 'a', 'RIGHT')
  })

  test('LPOS with RANK, COUNT and MAXLEN', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b')
    const cases = [
      ['a'], ['b'], ['z'], ['a', 'RANK', '2'], ['a', 'RANK', '-1'], ['a', 'RANK', '-3'], ['a', 'RANK', '4'],
      ['a', 'COUNT', '0'], ['a', 'COUNT', '2'], ['z', 'COUNT', '0'], ['a', 'RANK', '2', 'COUNT', '0'], ['a', 'RANK', '-1', 'COUNT', '2'],
      ['a', 'MAXLEN', '2'], ['a', 'MAXLEN', '3', 'COUNT', '0'], ['a', 'RANK', '-2', 'MAXLEN', '3', 'COUNT', '0'], ['a', 'rank', '2', 'rank', '3'],
      ['a', 'count', '1', 'count', '0'], ['a', 'RANK', '-9223372036854775808'], ['a', 'RANK', '-9223372036854775808', 'COUNT', '2'],
      ['a', 'RANK', '-9223372036854775807', 'COUNT', '0'], ['a', 'RANK', '9223372036854775807'], ['a', 'COUNT', '9223372036854775807'],
      ['a', 'MAXLEN', '0'],
    ]
    for (const c of cases) await d.same('LPOS', 'l', ...c)
    await d.same('LPOS', 'none', 'a')
    await d.same('LPOS', 'none', 'a', 'COUNT', '0')
    await d.sameError('LPOS', 'l', 'a', 'RANK', '0')
    await d.sameError('LPOS', 'none', 'a', 'RANK', '0')
    await d.sameError('LPOS', 'l', 'a', 'RANK', 'x')
    await d.sameError('LPOS', 'l', 'a', 'RANK', '9223372036854775808')
    await d.sameError('LPOS', 'l', 'a', 'COUNT', '-1')
    await d.sameError('LPOS', 'l', 'a', 'COUNT', 'x')
    await d.sameError('LPOS', 'l', 'a', 'COUNT', '9223372036854775808')
    await d.sameError('LPOS', 'l', 'a', 'MAXLEN', '-1')
    await d.sameError('LPOS', 'l', 'a', 'MAXLEN', 'x')
    await d.sameError('LPOS', 'l', 'a', 'COUNT', '-1', 'RANK', '0')
    await d.sameError('LPOS', 'l', 'a', 'RANK', '0', 'COUNT', '-1')
    await d.sameError('LPOS', 'l', 'a', 'RANK')
    await d.sameError('LPOS', 'l', 'a', 'FOO', '1')
    await d.sameError('LPOS', 'l')
    await d.same('SET', 's', 'x')
    await d.sameError('LPOS', 's', 'a')
    await d.sameError('LPOS', 's', 'a', 'RANK', '0')
    await d.both('HELLO', '3')
    await d.same('LPOS', 'none', 'a')
    await d.same('LPOS', 'l', 'a', 'COUNT', '2')
  })

  test('LREM', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a')
    await d.same('LREM', 'l', '1', 'a')
    await d.same('LREM', 'l', '-2', 'a')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('LREM', 'l', '0', 'b')
    await d.same('LREM', 'l', '0', 'zz')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('LREM', 'l', '-9223372036854775808', 'a')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('LREM', 'l', '0', 'c')
    await d.same('EXISTS', 'l')
    await d.same('LREM', 'none', '0', 'a')
    await d.sameError('LREM', 'l', 'x', 'a')
    await d.same('SET', 's', 'x')
    await d.sameError('LREM', 's', '0', 'a')
    await d.sameError('LREM', 's', 'x', 'a')
    await d.sameError('LREM', 'l', '0')
  })

  test('LSET', async () => {
    await d.same('RPUSH', 'l', 'a', 'b', 'c')
    await d.same('LSET', 'l', '0', 'x')
    await d.same('LSET', 'l', '-1', 'z')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.sameError('LSET', 'l', '3', 'x')
    await d.sameError('LSET', 'l', '-4', 'x')
    await d.sameError('LSET', 'l', 'x', 'x')
    await d.sameError('LSET', 'none', '0', 'x')
    await d.sameError('LSET', 'none', 'x', 'x')
    await d.same('SET', 's', 'x')
    await d.sameError('LSET', 's', 'x', 'a')
    await d.sameError('LSET', 'l', '0')
  })

  test('LTRIM', async () => {
    const fill = () => d.same('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e')
    const pairs = [['1', '-2'], ['0', '100'], ['-2', '-1'], ['3', '1'], ['5', '10'], ['-100', '1'], ['0', '0'], ['1', '0']]
    for (const [a, b] of pairs) {
      await d.same('DEL', 'l')
      await fill()
      await d.same('LTRIM', 'l', a as string, b as string)
      await d.same('LRANGE', 'l', '0', '-1')
      await d.same('EXISTS', 'l')
    }
    await d.same('LTRIM', 'none', '0', '1')
    await d.sameError('LTRIM', 'l', 'x', '1')
    await d.sameError('LTRIM', 'none', '0', 'x')
    await d.same('SET', 's', 'x')
    await d.sameError('LTRIM', 's', '0', '1')
    await d.sameError('LTRIM', 's', 'x', '1')
    await d.sameError('LTRIM', 'l', '0')
  })

  test('keyspace events', async () => {
    const sub = await d.connect()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await sub.same('PSUBSCRIBE', '__key*__:*')
    const script: string[][] = [
      ['RPUSH', 'l', 'a', 'b', 'c'], ['LPUSH', 'l', 'z'], ['LPUSHX', 'l', 'y'], ['RPUSHX', 'l', 'y'], ['LPUSHX', 'nol', 'y'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'q'], ['LINSERT', 'l', 'BEFORE', 'none', 'q'], ['LSET', 'l', '0', 'w'], ['LREM', 'l', '1', 'none'],
      ['LREM', 'l', '1', 'a'], ['LTRIM', 'l', '0', '100'], ['LTRIM', 'l', '1', '2'], ['LPOP', 'l', '0'], ['RPOPLPUSH', 'l', 'l'],
      ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['LMOVE', 'l', 'm', 'RIGHT', 'LEFT'], ['RPUSH', 'l', 'a', 'b'], ['LMPOP', '1', 'l', 'RIGHT', 'COUNT', '5'],
      ['RPUSH', 'l', 'a', 'b'], ['BLMPOP', '0', '1', 'l', 'LEFT'], ['BLPOP', 'l', '0'], ['RPUSH', 'l', 'a'], ['BRPOPLPUSH', 'l', 'm', '0'],
      ['BLMOVE', 'm', 'n', 'LEFT', 'LEFT', '0'], ['RPUSH', 'l', 'a'], ['LTRIM', 'l', '1', '0'], ['RPUSH', 'l', 'a'], ['LREM', 'l', '0', 'a'],
      ['RPUSH', 'l', 'a'], ['RPOP', 'l'],
    ]
    for (const cmd of script) {
      await d.same(...(cmd as [string, ...string[]]))
    }
    // a PING on the subscriber answers after every event published before it
    const events = async (c: typeof sub.redis): Promise<string[]> => {
      c.send('PING')
      const out: string[] = []
      for (;;) {
        const r = (await c.read()).toString('latin1')
        if (r.startsWith('*2\r\n$4\r\npong')) return out
        out.push(r)
      }
    }
    const [ea, eb] = await Promise.all([events(sub.redis), events(sub.redlet)])
    expect(ea.length).toBeGreaterThan(40)
    expect(eb).toEqual(ea)
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })

  test('seeded random operation sequences give identical replies', async () => {
    let seed = 12345
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const keys = ['r1', 'r2']
    const value = (): string => (rnd(20) === 0 ? 'V'.repeat(100 + rnd(9000)) : `v${rnd(12)}`)
    const idx = (): string => String(rnd(400) - 200)
    for (let i = 0; i < 1500; i++) {
      const k = keys[rnd(2)] as string
      const k2 = keys[rnd(2)] as string
      const op = rnd(16)
      const vs = Array.from({ length: 1 + rnd(rnd(8) === 0 ? 200 : 4) }, value)
      if (op < 3) await d.same(rnd(2) ? 'LPUSH' : 'RPUSH', k, ...vs)
      else if (op === 3) await d.same(rnd(2) ? 'LPOP' : 'RPOP', k, String(rnd(30)))
      else if (op === 4) await d.same('LRANGE', k, idx(), idx())
      else if (op === 5) await d.same('LINDEX', k, idx())
      else if (op === 6) await d.same('LINSERT', k, rnd(2) ? 'BEFORE' : 'AFTER', value(), value())
      else if (op === 7) await d.same('LREM', k, String(rnd(7) - 3), value())
      else if (op === 8) await d.same('LTRIM', k, idx(), idx())
      else if (op === 9) await d.same('LMOVE', k, k2, rnd(2) ? 'LEFT' : 'RIGHT', rnd(2) ? 'LEFT' : 'RIGHT')
      else if (op === 10) await d.same('LPOS', k, value(), 'RANK', String(rnd(2) ? 1 + rnd(3) : -1 - rnd(3)), 'COUNT', String(rnd(4)), 'MAXLEN', String(rnd(100)))
      else if (op === 11) {
        const [a] = await d.both('LLEN', k)
        const n = Number(a.toString('latin1').slice(1, -2))
        if (n > 0) await d.same('LSET', k, String(rnd(2 * n) - n), value())
      } else if (op === 12) await d.same('LMPOP', '2', k, k2, rnd(2) ? 'LEFT' : 'RIGHT', 'COUNT', String(1 + rnd(50)))
      else if (op === 13) await d.same('LPUSHX', k, ...vs)
      else await d.same('LLEN', k)
    }
    for (const k of keys) await d.same('LRANGE', k, '0', '-1')
  })

  test('MULTI runs blocking commands as their non-blocking forms', async () => {
    for (const proto of ['2', '3']) {
      await d.both('HELLO', proto)
      await d.same('MULTI')
      await d.same('BLPOP', 'e', '0')
      await d.same('BRPOP', 'e', '1')
      await d.same('BRPOPLPUSH', 'e', 'f', '0')
      await d.same('BLMOVE', 'e', 'f', 'LEFT', 'LEFT', '0')
      await d.same('BLMPOP', '0', '1', 'e', 'LEFT')
      await d.same('BLPOP', 'e', '-1')
      await d.same('RPUSH', 'e', 'a', 'b', 'c', 'd')
      await d.same('BLPOP', 'e', '0')
      await d.same('BRPOP', 'e', '0')
      await d.same('BRPOPLPUSH', 'e', 'f', '0')
      await d.same('BLMOVE', 'f', 'e', 'LEFT', 'RIGHT', '0')
      await d.same('BLMPOP', '0', '1', 'e', 'RIGHT', 'COUNT', '5')
      await d.same('EXEC')
    }
  })
})
