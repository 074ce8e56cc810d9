/** CLIENT TRACKING through the in-process clients: invalidations reach `invalidations`, never replies. */
import { describe, expect, test } from 'vitest'
import { Redlet, RedletAsync, type Invalidation } from '../../adapters/inprocess/index.js'

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('in-process client tracking', () => {
  test('Redlet (RESP3): own and others\' writes arrive as invalidations; replies stay plain', async () => {
    const r = new Redlet({ protocol: 3, autoTick: false })
    const other = r.client({ protocol: 2 })
    const got: Invalidation[] = []
    r.invalidations.on((m) => got.push(m))
    expect(r.call('CLIENT', 'TRACKING', 'ON')).toBe('OK')
    expect(r.get('k')).toBe(null)
    expect(r.call('SET', 'k', 'v')).toBe('OK')
    r.get('k')
    other.call('SET', 'k', 'w')
    r.call('FLUSHALL')
    await tick()
    expect(got).toEqual([{ keys: ['k'] }, { keys: ['k'] }, { keys: null }])
  })

  test('Redlet (RESP2) redirect target subscribed to __redis__:invalidate', async () => {
    const r = new Redlet({ autoTick: false })
    const target = r.client()
    const id = target.call('CLIENT', 'ID') as number
    target.call('SUBSCRIBE', '__redis__:invalidate')
    const got: Invalidation[] = []
    target.invalidations.on((m) => got.push(m))
    r.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'REDIRECT', id, 'PREFIX', 'u:')
    r.call('MSET', 'u:2', '1', 'u:1', '1', 'x', '1')
    await tick()
    expect(got).toEqual([{ keys: ['u:1', 'u:2'] }])
  })

  test('RedletAsync: invalidations hub, replies unaffected', async () => {
    const r = new RedletAsync({ protocol: 3, autoTick: false })
    const got: Invalidation[] = []
    r.invalidations.on((m) => got.push(m))
    await r.call('CLIENT', 'TRACKING', 'ON')
    await r.call('GET', 'k')
    expect(await r.call('SET', 'k', '1')).toBe('OK')
    await tick()
    expect(got).toEqual([{ keys: ['k'] }])
    r.close()
  })
})
