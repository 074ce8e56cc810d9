import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import type { Arg, RespClient } from '../helpers/resp-client.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const show = (b: Buffer) => JSON.stringify(b.toString('latin1'))

async function blockedClients(c: RespClient): Promise<number> {
  const info = (await c.call('INFO', 'clients')).toString('latin1')
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? NaN)
}

/** The next reply on both connections of a pair: identical bytes. */
async function served(p: DiffPair, what = 'served reply'): Promise<Buffer> {
  const [a, b] = await Promise.all([p.redis.read(3000), p.redlet.read(3000)])
  expect(show(b), what).toBe(show(a))
  return a
}

/** Neither connection of a pair got a reply within `ms`. */
async function stillBlocked(p: DiffPair, ms = 60): Promise<void> {
  const [a, b] = await Promise.all([p.redis.silentFor(ms), p.redlet.silentFor(ms)])
  expect([a, b]).toEqual([true, true])
}

describeDiff('blocking XREAD and XREADGROUP against redis-server', () => {
  const d = useDifferential()

  /** Sends a command that blocks, and waits until both servers count one more blocked client. */
  async function block(p: DiffPair, ...args: Arg[]): Promise<void> {
    const before = await Promise.all([blockedClients(d.redis), blockedClients(d.redlet)])
    p.redis.send(...args)
    p.redlet.send(...args)
    for (let i = 0; i < 200; i++) {
      const now = await Promise.all([blockedClients(d.redis), blockedClients(d.redlet)])
      if (now[0] > before[0] && now[1] > before[1]) return
      await sleep(5)
    }
    throw new Error(`${args.join(' ')} did not block on both servers`)
  }

  test('XREAD BLOCK with $ is served by the next XADD', async () => {
    const p = await d.connect()
    await d.same('XADD', 's', '1-1', 'a', '1')
    await block(p, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    await d.same('XADD', 's', '1-2', 'b', '2')
    await served(p)
    // a missing key: $ is 0-0
    await block(p, 'XREAD', 'BLOCK', '0', 'STREAMS', 'none', 'other', '$', '$')
    await d.same('XADD', 'other', '5-5', 'c', '3')
    await served(p)
  })

  test('XREAD BLOCK times out with a nil reply', async () => {
    const p = await d.connect()
    await d.same('XREAD', 'BLOCK', '1', 'STREAMS', 's', '0')
    p.redis.send('XREAD', 'BLOCK', '50', 'STREAMS', 's', '$')
    p.redlet.send('XREAD', 'BLOCK', '50', 'STREAMS', 's', '$')
    await served(p, 'timeout')
    await d.same('XADD', 's', '1-1', 'a', '1')
    await d.same('XREAD', 'BLOCK', '50', 'STREAMS', 's', '0')
    await d.same('XREAD', 'COUNT', '1', 'BLOCK', '50', 'STREAMS', 's', '$', '0')
    await d.sameError('XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'BLOCK', 'abc', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'BLOCK', '9223372036854775808', 'STREAMS', 's', '0')
  })

  test('waiters after different IDs are served independently', async () => {
    const a = await d.connect()
    const b = await d.connect()
    await d.same('XADD', 's', '1-1', 'a', '1')
    await block(a, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '5-0')
    await block(b, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    await d.same('XADD', 's', '2-0', 'a', '2')
    await served(b, 'the waiter after 1-1')
    await stillBlocked(a)
    await d.same('XADD', 's', '6-0', 'a', '3')
    await served(a, 'the waiter after 5-0')
  })

  test('COUNT, several keys and EXEC: the served reply', async () => {
    const p = await d.connect()
    await block(p, 'XREAD', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$')
    await d.same('MULTI')
    for (let i = 1; i <= 4; i++) await d.same('XADD', 'b', `1-${i}`, 'f', String(i))
    await d.same('XADD', 'a', '1-1', 'f', 'x')
    await d.same('EXEC')
    await served(p)
    await block(p, 'XREAD', 'BLOCK', '0', 'STREAMS', 'b', '$')
    await d.same('MULTI')
    for (let i = 5; i <= 8; i++) await d.same('XADD', 'b', `1-${i}`, 'f', String(i))
    await d.same('EXEC')
    await served(p)
  })

  test('XREAD stays blocked through DEL, type changes and smaller IDs', async () => {
    const p = await d.connect()
    await d.same('XADD', 's', '5-0', 'a', '1')
    await block(p, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    await d.same('DEL', 's')
    await stillBlocked(p)
    await d.same('XADD', 's', '1-0', 'a', '1')
    await stillBlocked(p)
    await d.same('DEL', 's')
    await d.same('SET', 's', 'x')
    await stillBlocked(p)
    await d.same('DEL', 's')
    await d.same('XADD', 's', '7-0', 'a', '1')
    await served(p)
  })

  test('XREADGROUP BLOCK: served entries become pending, NOACK does not', async () => {
    const p = await d.connect()
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('XADD', 's', '1-1', 'a', '1')
    await served(p)
    await d.same('XPENDING', 's', 'g')
    await d.same('XINFO', 'GROUPS', 's')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'n', 'NOACK', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('MULTI')
    await d.same('XADD', 's', '1-2', 'a', '2')
    await d.same('XADD', 's', '1-3', 'a', '3')
    await d.same('EXEC')
    await served(p)
    await d.same('XPENDING', 's', 'g')
    await d.same('XINFO', 'GROUPS', 's')
    p.redis.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '30', 'STREAMS', 's', '>')
    p.redlet.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '30', 'STREAMS', 's', '>')
    await served(p, 'not blocking: an entry is waiting')
    p.redis.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '30', 'STREAMS', 's', '>')
    p.redlet.send('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '30', 'STREAMS', 's', '>')
    await served(p, 'timeout')
  })

  test('two consumers of a group: one entry serves one of them', async () => {
    const a = await d.connect()
    const b = await d.connect()
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(a, 'XREADGROUP', 'GROUP', 'g', 'ca', 'BLOCK', '0', 'STREAMS', 's', '>')
    await block(b, 'XREADGROUP', 'GROUP', 'g', 'cb', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('XADD', 's', '1-1', 'a', '1')
    await served(a)
    await stillBlocked(b)
    await d.same('XADD', 's', '1-2', 'a', '2')
    await served(b)
    await d.same('XPENDING', 's', 'g')
  })

  test('XREADGROUP unblocks with an error when its group or key goes', async () => {
    const p = await d.connect()
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('XGROUP', 'DESTROY', 's', 'g')
    await served(p, 'group destroyed')
    await d.same('XGROUP', 'CREATE', 's', 'g', '$')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('DEL', 's')
    await served(p, 'key deleted')
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('SET', 's', 'x')
    await served(p, 'key overwritten')
    await d.same('DEL', 's')
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('XGROUP', 'CREATECONSUMER', 's', 'g', 'other')
    await d.same('XGROUP', 'SETID', 's', 'g', '$')
    await stillBlocked(p)
    await d.same('MULTI')
    await d.same('XGROUP', 'DESTROY', 's', 'g')
    await d.same('XGROUP', 'CREATE', 's', 'g', '$')
    await d.same('EXEC')
    await stillBlocked(p)
    await d.same('XADD', 's', '1-1', 'a', '1')
    await served(p, 'the new group')
  })

  test('the served reply in RESP3 is a map', async () => {
    const p = await d.connect()
    await p.both('HELLO', '3')
    await d.same('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM')
    await block(p, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')
    await d.same('XADD', 's', '1-1', 'a', '1')
    await served(p)
    await d.same('XGROUP', 'SETID', 's', 'g', '$')
    await block(p, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')
    await d.same('XADD', 's', '1-2', 'a', '1')
    await served(p)
    p.redis.send('XREAD', 'BLOCK', '20', 'STREAMS', 's', '$')
    p.redlet.send('XREAD', 'BLOCK', '20', 'STREAMS', 's', '$')
    await served(p, 'timeout in RESP3')
  })

  test('XREAD argument errors and the non-blocking forms', async () => {
    await d.same('XADD', 's', '1-1', 'a', '1', 'b', '2')
    await d.same('XADD', 's', '1-2', 'a', '1', 'c', '2')
    await d.same('XREAD', 'STREAMS', 's', '0')
    await d.same('XREAD', 'COUNT', '1', 'STREAMS', 's', '0')
    await d.same('XREAD', 'count', '0', 'streams', 's', '0')
    await d.same('XREAD', 'COUNT', '-1', 'STREAMS', 's', '0')
    await d.same('XREAD', 'COUNT', '1', 'COUNT', '2', 'STREAMS', 's', '0')
    await d.same('XREAD', 'STREAMS', 's', '$')
    await d.same('XREAD', 'STREAMS', 'none', '0')
    await d.same('XREAD', 'STREAMS', 'none', 's', '0', '0')
    await d.same('XREAD', 'STREAMS', 's', 't', 'u', '0', '0', '0')
    await d.same('XREAD', 'STREAMS', 's', '1-1')
    await d.same('XREAD', 'STREAMS', 's', '18446744073709551615-18446744073709551615')
    await d.same('XREAD', 'STREAMS', 's', 's', '0', '1-1')
    await d.sameError('XREAD', 'COUNT', 'abc', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'STREAMS', 's', 't', '0')
    await d.sameError('XREAD', 'STREAMS', 's', '0', 't')
    await d.sameError('XREAD', 'STREAMS', 's')
    await d.sameError('XREAD', 's', '0')
    await d.sameError('XREAD', 'foo', '1', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'COUNT', '1', 'COUNT')
    await d.sameError('XREAD', 'STREAMS', 's', '>')
    await d.sameError('XREAD', 'STREAMS', 's', '+')
    await d.sameError('XREAD', 'STREAMS', 's', '-')
    await d.sameError('XREAD', 'STREAMS', 's', 'x')
    await d.sameError('XREAD', 'NOACK', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0')
    await d.sameError('XREAD', 'COUNT', '5', 'GROUP', 'g', 'STREAMS', 's', '0')
    await d.same('SET', 'str', 'x')
    await d.sameError('XREAD', 'STREAMS', 'str', '0')
    await d.sameError('XREAD', 'STREAMS', 's', 'str', '0', '0')
    await d.sameError('XREAD', 'STREAMS', 'str', 's', '$', 'x')
    const p3 = await d.connect()
    await p3.both('HELLO', '3')
    await p3.same('XREAD', 'STREAMS', 's', 'none', '0', '0')
    await p3.same('XREAD', 'STREAMS', 'none', '0')
  })
})
