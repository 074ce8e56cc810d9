/** JS RPC on the Durable Object, called from another Worker bound to its namespace. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { rest, rpc, startWorker, type RunningWorker } from './harness.js'

let w: RunningWorker
beforeAll(async () => {
  w = await startWorker()
})
afterAll(async () => {
  await w?.close()
})

const command = async (argv: unknown[], options?: { bytes?: boolean }): Promise<unknown> => {
  const r = await rpc(w, 'command', options ? [argv, options] : [argv])
  if (r.error !== undefined) throw new Error(r.error)
  return r.ok
}

describe('JS RPC', () => {
  test('command: replies as JS values', async () => {
    expect(await command(['SET', 'k', 'välue'])).toBe('OK')
    expect(await command(['GET', 'k'])).toBe('välue')
    expect(await command(['INCRBY', 'n', 5])).toBe(5)
    expect(await command(['GET', 'nothing'])).toBe(null)
    expect(await command(['RPUSH', 'l', 'a', 'b'])).toBe(2)
    expect(await command(['LRANGE', 'l', 0, -1])).toEqual(['a', 'b'])
    expect(await command(['HSET', 'h', 'f', 'v'])).toBe(1)
    expect(await command(['HGETALL', 'h'])).toEqual(['f', 'v'])
    expect(await command(['SET', 'big', '9007199254740993'])).toBe('OK')
    expect(await command(['INCR', 'big'])).toBe(9007199254740994n)
  })

  test('the Worker sees what RPC wrote: one object per database name', async () => {
    expect((await rest(w.url, '/', ['GET', 'k'])).json).toEqual({ result: 'välue' })
    expect((await rpc(w, 'command', [['SET', 'k', 'elsewhere']], 'other')).ok).toBe('OK')
    expect((await rest(w.url, '/db/other/', ['GET', 'k'])).json).toEqual({ result: 'elsewhere' })
  })

  test('binary arguments and the bytes option', async () => {
    expect(await command(['SET', 'bin', new Uint8Array([0, 255, 128])])).toBe('OK')
    expect(await command(['GET', 'bin'], { bytes: true })).toEqual(new Uint8Array([0, 255, 128]))
  })

  test('an error reply throws with Redis’s message', async () => {
    await expect(command(['LPUSH', 'k', 'x'])).rejects.toThrow('WRONGTYPE Operation against a key holding the wrong kind of value')
    await expect(command(['NOPE'])).rejects.toThrow("ERR unknown command 'NOPE', with args beginning with: ")
  })

  test('pipeline: results and errors in order', async () => {
    expect((await rpc(w, 'pipeline', [[['SET', 'p', '1'], ['INCR', 'p'], ['LPUSH', 'p', 'x'], ['GET', 'p']]])).ok).toEqual([
      { result: 'OK' },
      { result: 2 },
      { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
      { result: '2' },
    ])
  })

  test('transaction: atomic, refused as a whole on a queueing error', async () => {
    expect((await rpc(w, 'transaction', [[['SET', 't', 'a'], ['APPEND', 't', 'b'], ['GET', 't']]])).ok).toEqual([{ result: 'OK' }, { result: 2 }, { result: 'ab' }])
    expect((await rpc(w, 'transaction', [[['SET', 't', 'c'], ['NOPE']]])).error).toBe('EXECABORT Transaction discarded because of previous errors.')
    expect(await command(['GET', 't'])).toBe('ab')
  })
})
