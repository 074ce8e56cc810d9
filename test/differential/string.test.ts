import { test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'

describeDiff('string commands against redis-server', () => {
  const d = useDifferential()

  test('SET and GET with options', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('GET', 'k')
    await d.same('SET', 'k', 'v2', 'NX')
    await d.same('SET', 'k', 'v3', 'XX', 'GET')
    await d.same('SET', 'n', 'v', 'XX')
    await d.same('SET', 'k', 'v', 'KEEPTTL')
    await d.sameError('SET', 'k', 'v', 'NX', 'XX')
    await d.sameError('SET', 'k', 'v', 'EX', '0')
    await d.sameError('SET', 'k', 'v', 'EX', 'abc')
    await d.sameError('SET', 'k', 'v', 'EX', '10', 'PX', '10')
    await d.sameError('SET', 'k', 'v', 'KEEPTTL', 'EX', '10')
    await d.sameError('SET', 'k')
    await d.same('SET', 'k', 'v', 'EX', '100')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', '\x00\xff', 'PX', '100000', 'GET')
    await d.same('GET', 'k')
  })

  test('INCR family', async () => {
    await d.same('INCR', 'n')
    await d.same('INCRBY', 'n', '-5')
    await d.same('DECR', 'n')
    await d.same('DECRBY', 'n', '9223372036854775807')
    await d.sameError('DECRBY', 'n', '-9223372036854775808')
    await d.same('SET', 'n', '9223372036854775807')
    await d.sameError('INCR', 'n')
    await d.sameError('INCRBY', 'n', 'x')
    await d.same('SET', 'n', '007')
    await d.sameError('INCR', 'n')
  })

  test('GETRANGE, SETRANGE, APPEND, STRLEN', async () => {
    await d.same('SET', 's', 'Hello World')
    for (const [a, b] of [['0', '4'], ['-3', '-1'], ['-1', '-5'], ['5', '100'], ['-100', '2'], ['3', '2']]) {
      await d.same('GETRANGE', 's', a as string, b as string)
    }
    await d.same('SETRANGE', 's', '6', 'Redis')
    await d.same('SETRANGE', 'new', '5', 'x')
    await d.same('GET', 'new')
    await d.same('SETRANGE', 'empty', '3', '')
    await d.same('EXISTS', 'empty')
    await d.sameError('SETRANGE', 's', '-1', 'x')
    await d.same('APPEND', 's', '!!')
    await d.same('STRLEN', 's')
    await d.same('STRLEN', 'nope')
  })

  test('MGET, MSET, MSETNX', async () => {
    await d.same('MSET', 'a', '1', 'b', '2')
    await d.same('MGET', 'a', 'b', 'c')
    await d.sameError('MSET', 'a', '1', 'b')
    await d.same('MSETNX', 'a', '1', 'z', '2')
    await d.same('MSETNX', 'y', '1', 'z', '2')
  })
})
