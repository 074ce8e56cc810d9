/**
 * The bundles inside QuickJS compiled to WebAssembly (quickjs-emscripten): a
 * JavaScript engine with no TextEncoder, no timers, no Buffer and no console.
 * The same command sequence gives the same replies there as in Node.
 */
import { getQuickJS, type QuickJSContext } from 'quickjs-emscripten'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as inprocess from '../../adapters/inprocess/index.js'
import * as ioredis from '../../adapters/inprocess/ioredis/index.js'
import { buildBundle } from '../../playground/build.mjs'
import { ROOT } from '../browser/harness.js'
import { sequence } from './sequence.js'

let vm: QuickJSContext

/** Evaluates code in the context; throws what it threw. */
function run(code: string): unknown {
  const r = vm.evalCode(code)
  if (r.error) {
    const e = vm.dump(r.error)
    r.error.dispose()
    throw new Error(`QuickJS: ${JSON.stringify(e)}`)
  }
  const v = vm.dump(r.value)
  // true, false, null and undefined are shared handles
  if (r.value.alive) r.value.dispose()
  return v
}

describe('in QuickJS (WebAssembly)', () => {
  beforeAll(async () => {
    const QuickJS = await getQuickJS()
    vm = QuickJS.newContext()
    for (const name of ['redlet.global.js', 'redlet-ioredis.global.js']) run((await buildBundle(ROOT, name, false)).text ?? '')
  }, 60000)

  afterAll(() => {
    vm?.dispose()
  })

  test('the host is bare: no TextEncoder, timers, Buffer or console', () => {
    expect(run('[typeof TextEncoder, typeof setTimeout, typeof Buffer, typeof console, typeof redlet.Redlet, typeof redletIoredis.Redis]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'function',
      'function',
    ])
  })

  test('a command sequence gives the same replies as in Node', async () => {
    const node = JSON.parse(JSON.stringify(await sequence(inprocess, ioredis))) as unknown[]
    run(`globalThis.__done = false; (${sequence.toString()})(redlet, redletIoredis).then(
      (r) => { globalThis.__result = JSON.stringify(r); globalThis.__done = true },
      (e) => { globalThis.__result = JSON.stringify({ failed: String(e && e.stack || e) }); globalThis.__done = true })`)
    for (let i = 0; i < 1000 && run('globalThis.__done') !== true; i++) vm.runtime.executePendingJobs()
    const quick = JSON.parse(run('globalThis.__result') as string) as unknown[]
    // the one intended difference: the host has no TextEncoder
    expect(node.pop()).toBe('function')
    expect(quick.pop()).toBe('undefined')
    expect(quick).toEqual(node)
    expect(node.length).toBeGreaterThan(40)
  })

  test('snapshot bytes made in QuickJS restore in Node', () => {
    const bytes = run(`(() => {
      const r = new redlet.Redlet()
      r.set('a', '1', 'EX', 1000)
      r.call('RPUSH', 'l', 'x', 'y')
      r.call('ZADD', 'z', '1.5', 'm')
      return Array.from(r.engine.snapshot())
    })()`) as number[]
    const n = new inprocess.Redlet()
    expect(n.engine.restore(new Uint8Array(bytes))).toBe(3)
    expect([n.get('a'), n.call('LRANGE', 'l', 0, -1), n.call('ZSCORE', 'z', 'm'), (n.ttl('a') as number) > 990]).toEqual(['1', ['x', 'y'], '1.5', true])
  })
})
