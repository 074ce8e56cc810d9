import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { blockBoth, served, stillBlocked } from '../helpers/differential-blocking.js'
import { parseReply } from '../helpers/resp-client.js'

describeDiff('ROLE and WAIT against redis-server', () => {
  const d = useDifferential()

  test('ROLE: a master without replicas, in RESP2 and RESP3', async () => {
    await d.same('ROLE')
    await d.same('SET', 'k', 'v')
    await d.same('ROLE')
    await d.both('HELLO', '3')
    await d.same('ROLE')
    await d.both('HELLO', '2')
    await d.sameError('ROLE', 'x')
  })

  test('WAIT without replicas wanted answers 0 at once', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('WAIT', '0', '0')
    await d.same('WAIT', '0', '1000')
    await d.same('WAIT', '-1', '0')
    await d.both('HELLO', '3')
    await d.same('WAIT', '0', '0')
    await d.both('HELLO', '2')
  })

  test('WAIT for replicas waits out its timeout, then answers 0', async () => {
    const t0 = Date.now()
    await d.same('WAIT', '1', '150')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
  })

  test('WAIT with timeout 0 blocks until CLIENT UNBLOCK', async () => {
    const w = await d.connect()
    const [ia, ib] = (await w.both('CLIENT', 'ID')).map((b) => String(parseReply(b)))
    for (const reason of [[], ['ERROR']]) {
      await blockBoth(d, w, 'WAIT', '2', '0')
      await stillBlocked(w, 100)
      const [ua, ub] = await Promise.all([d.redis.call('CLIENT', 'UNBLOCK', ia as string, ...reason), d.redlet.call('CLIENT', 'UNBLOCK', ib as string, ...reason)])
      expect(ub.toString()).toBe(ua.toString())
      await served(w, `WAIT unblocked ${reason.join(' ')}`)
    }
  })

  test('WAIT inside MULTI does not block', async () => {
    await d.same('MULTI')
    await d.same('WAIT', '1', '0')
    await d.same('WAIT', '5', '100')
    await d.same('EXEC')
  })

  test('WAIT errors', async () => {
    for (const [n, t] of [
      ['x', 'x'],
      ['x', '0'],
      ['1.5', '0'],
      ['0', 'x'],
      ['0', '0.5'],
      ['0', '1e3'],
      ['0', '99999999999999999999'],
      ['0', '-1'],
      ['1', '-100'],
      ['x', '-1'],
    ])
      await d.sameError('WAIT', n as string, t as string)
    await d.sameError('WAIT', '1')
    await d.sameError('WAIT', '1', '2', '3')
  })
})
