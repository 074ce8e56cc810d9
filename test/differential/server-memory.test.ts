import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'

/**
 * A reply's structure without its figures: aggregate lengths and types, field names (bulk
 * strings that start with a letter), and the type byte of every other value. MEMORY STATS
 * figures are estimates in redlet, the allocator's in Redis.
 */
function skeleton(buf: Buffer): unknown {
  let pos = 0
  const next = (): unknown => {
    const nl = buf.indexOf('\r\n', pos)
    const type = String.fromCharCode(buf[pos] as number)
    const head = buf.toString('latin1', pos + 1, nl)
    pos = nl + 2
    if (type === '$' || type === '=') {
      const text = buf.toString('latin1', pos, pos + Number(head))
      pos += Number(head) + 2
      return /^[a-z]/.test(text) ? text : type
    }
    if (type === '*' || type === '%') {
      const n = Number(head) * (type === '%' ? 2 : 1)
      const items: unknown[] = []
      for (let i = 0; i < n; i++) items.push(next())
      return [type + head, items]
    }
    return type
  }
  return next()
}

describeDiff('MEMORY against redis-server', () => {
  const d = useDifferential()

  test('USAGE: an integer for a key, nil for a missing one (figures are estimates)', async () => {
    await d.same('SET', 'foo', 'bar')
    await d.same('RPUSH', 'l', 'a', 'b', 'c')
    await d.same('HSET', 'h', 'f', 'v')
    for (const key of ['foo', 'l', 'h', 'nokey']) {
      await d.sameShape('MEMORY', 'USAGE', key)
      await d.sameShape('MEMORY', 'USAGE', key, 'SAMPLES', '0')
      await d.sameShape('MEMORY', 'usage', key, 'samples', '5', 'SAMPLES', '1')
    }
    await d.both('HELLO', '3')
    await d.same('MEMORY', 'USAGE', 'nokey')
    await d.sameShape('MEMORY', 'USAGE', 'foo')
    await d.both('HELLO', '2')
  })

  test('USAGE errors', async () => {
    await d.same('SET', 'k', 'v')
    for (const key of ['k', 'nokey']) {
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES')
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES', 'x')
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES', '-1')
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES', '1.5')
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES', '99999999999999999999')
      await d.sameError('MEMORY', 'USAGE', key, 'FOO', '1')
      await d.sameError('MEMORY', 'USAGE', key, 'SAMPLES', '1', 'SAMPLES')
    }
    await d.sameError('MEMORY', 'USAGE')
    await d.same('COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'k', 'SAMPLES', '5')
  })

  test('STATS: the same fields in the same order, with the same types, in RESP2 and RESP3', async () => {
    for (const proto of ['2', '3']) {
      await d.both('HELLO', proto)
      await d.same('FLUSHALL')
      const compare = async (): Promise<void> => {
        const [a, b] = await d.both('MEMORY', 'STATS')
        expect(skeleton(b)).toEqual(skeleton(a))
      }
      await compare()
      await d.same('SET', 'foo', 'bar')
      await d.same('SELECT', '3')
      await d.same('SET', 'k', 'v', 'EX', '100')
      await d.same('SELECT', '0')
      await compare()
      await d.sameShape('MEMORY', 'STATS')
    }
    await d.both('HELLO', '2')
    await d.sameError('MEMORY', 'STATS', 'x')
  })

  test('DOCTOR on a small instance: the same text, bulk or verbatim', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('MEMORY', 'DOCTOR')
    await d.both('HELLO', '3')
    await d.same('MEMORY', 'DOCTOR')
    await d.both('HELLO', '2')
    await d.sameError('MEMORY', 'DOCTOR', 'x')
  })

  test('MALLOC-STATS: a bulk string (the oracle runs jemalloc and prints its report)', async () => {
    const [a] = await d.sameShape('MEMORY', 'MALLOC-STATS')
    expect(typeof a).toBe('string')
    await d.sameError('MEMORY', 'MALLOC-STATS', 'x')
  })

  test('PURGE, HELP, and the container errors', async () => {
    await d.same('MEMORY', 'PURGE')
    await d.sameError('MEMORY', 'PURGE', 'x')
    await d.same('MEMORY', 'HELP')
    await d.same('MEMORY', 'help')
    await d.sameError('MEMORY', 'HELP', 'x')
    await d.sameError('MEMORY', 'bogus')
    await d.sameError('MEMORY')
  })
})
