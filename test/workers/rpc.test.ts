/** JS RPC on the Durable Object (a Worker binding's view), through Miniflare's namespace proxy. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RedletDurableObject } from '../../adapters/workers/index.js'
import { rest, startWorker, type RunningWorker } from './harness.js'

interface Stub {
  command(argv: unknown[], options?: { bytes?: boolean }): Promise<unknown>
  pipeline(commands: unknown[][], options?: { bytes?: boolean }): Promise<unknown>
  transaction(commands: unknown[][]): Promise<unknown>
}

let w: RunningWorker
let db: Stub
beforeAll(async () => {
  w = await startWorker()
  const ns = await w.mf.getDurableObjectNamespace('REDLET')
  db = ns.get(ns.idFromName('default')) as unknown as Stub & DurableObjectStub<RedletDurableObject>
})
afterAll(async () => {
  await w?.close()
})

describe('JS RPC', () => {
  test('command: replies as JS values', async () => {
    expect(await db.command(['SET', 'k', 'välue'])).toBe('OK')
    expect(await db.command(['GET', 'k'])).toBe('välue')
    expect(await db.command(['INCRBY', 'n', 5])).toBe(5)
    expect(await db.command(['GET', 'nothing'])).toBe(null)
    expect(await db.command(['RPUSH', 'l', 'a', 'b'])).toBe(2)
    expect(await db.command(['LRANGE', 'l', 0, -1])).toEqual(['a', 'b'])
    expect(await db.command(['HSET', 'h', 'f', 'v'])).toBe(1)
    expect(await db.command(['HGETALL', 'h'])).toEqual(['f', 'v'])
    expect(await db.command(['INCRBY', 'big', '9007199254740993'])).toBe(9007199254740993n)
  })

  test('the Worker sees what RPC wrote: one object per database name', async () => {
    expect((await rest(w.url, '/', ['GET', 'k'])).json).toEqual({ result: 'välue' })
  })

  test('binary arguments and the bytes option', async () => {
    expect(await db.command(['SET', 'bin', new Uint8Array([0, 255, 128])])).toBe('OK')
    expect(await db.command(['GET', 'bin'], { bytes: true })).toEqual(new Uint8Array([0, 255, 128]))
  })

  test('an error reply throws with Redis’s message', async () => {
    await expect(db.command(['LPUSH', 'k', 'x'])).rejects.toThrow('WRONGTYPE Operation against a key holding the wrong kind of value')
    await expect(db.command(['NOPE'])).rejects.toThrow("ERR unknown command 'NOPE'")
  })

  test('pipeline: results and errors in order', async () => {
    expect(await db.pipeline([['SET', 'p', '1'], ['INCR', 'p'], ['LPUSH', 'p', 'x'], ['GET', 'p']])).toEqual([
      { result: 'OK' },
      { result: 2 },
      { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
      { result: '2' },
    ])
  })

  test('transaction: atomic, refused as a whole on a queueing error', async () => {
    expect(await db.transaction([['SET', 't', 'a'], ['APPEND', 't', 'b'], ['GET', 't']])).toEqual([{ result: 'OK' }, { result: 2 }, { result: 'ab' }])
    await expect(db.transaction([['SET', 't', 'c'], ['NOPE']])).rejects.toThrow('EXECABORT')
    expect(await db.command(['GET', 't'])).toBe('ab')
  })
})
