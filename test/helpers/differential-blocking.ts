/** Helpers for differential tests of blocking commands (lists, sorted sets, streams). */
import { expect } from 'vitest'
import type { DiffPair, Differential } from './differential.js'
import type { Arg, RespClient } from './resp-client.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const show = (b: Buffer) => JSON.stringify(b.toString('latin1'))

/** Sends a command to both servers without waiting (short timeouts, pipelining). */
export function sendBoth(p: DiffPair, ...args: Arg[]): void {
  p.redis.send(...args)
  p.redlet.send(...args)
}

/** `blocked_clients` of INFO clients. */
export async function blockedClients(c: RespClient): Promise<number> {
  const info = (await c.call('INFO', 'clients')).toString('latin1')
  return Number(/blocked_clients:(\d+)/.exec(info)?.[1] ?? NaN)
}

/** Sends a command that blocks on `p`, and waits until both servers of `d` count one more blocked client. */
export async function blockBoth(d: Differential, p: DiffPair, ...args: Arg[]): Promise<void> {
  const before = await Promise.all([blockedClients(d.redis), blockedClients(d.redlet)])
  sendBoth(p, ...args)
  for (let i = 0; i < 200; i++) {
    const now = await Promise.all([blockedClients(d.redis), blockedClients(d.redlet)])
    if (now[0] > before[0] && now[1] > before[1]) return
    await sleep(5)
  }
  throw new Error(`${args.join(' ')} did not block on both servers`)
}

/** The next reply on both connections of a pair: identical bytes. */
export async function served(p: DiffPair, what = 'served reply'): Promise<Buffer> {
  const [a, b] = await Promise.all([p.redis.read(3000), p.redlet.read(3000)])
  expect(show(b), what).toBe(show(a))
  return a
}

/** Neither connection of a pair got a reply within `ms`. */
export async function stillBlocked(p: DiffPair, ms = 60): Promise<void> {
  const [a, b] = await Promise.all([p.redis.silentFor(ms), p.redlet.silentFor(ms)])
  expect([a, b]).toEqual([true, true])
}
