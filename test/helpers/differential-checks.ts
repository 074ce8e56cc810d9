/** Checks shared by the differential suites of the command groups. */
import { expect, test } from 'vitest'
import type { DiffPair, Differential } from './differential.js'
import { parseReply } from './resp-client.js'

/** Every event the oracle's subscriber got, in order, against ours. */
export async function sameEvents(sub: DiffPair): Promise<void> {
  for (;;) {
    const [a, b] = await Promise.all([sub.redis.silentFor(50), sub.redlet.silentFor(50)])
    if (a && b) break
    const [ea, eb] = await Promise.all([sub.redis.read(500), sub.redlet.read(500)])
    expect(eb.toString('latin1')).toBe(ea.toString('latin1'))
  }
}

/** COMMAND DOCS with our own prose (summary, complexity, history notes) masked: the structure must match. */
export function maskDocs(v: unknown): unknown {
  if (!Array.isArray(v)) return v
  const out: unknown[] = []
  for (let i = 0; i < v.length; i++) {
    const item = v[i] as unknown
    if ((item === 'summary' || item === 'complexity') && i % 2 === 0) {
      out.push(item, '*')
      i++
    } else if (item === 'history' && i % 2 === 0) {
      out.push(item, (v[i + 1] as [string, string][]).map(([version]) => version))
      i++
    } else out.push(maskDocs(item))
  }
  return out
}

/** Two tests: COMMAND INFO of each of `names`, and its COMMAND DOCS with our prose masked, equal the oracle's. */
export function testCommandRecords(d: Differential, group: string, names: readonly string[]): void {
  test(`COMMAND INFO of every ${group} command`, async () => {
    for (const name of names) await d.same('COMMAND', 'INFO', name)
  })

  test(`COMMAND DOCS of every ${group} command (structure)`, async () => {
    for (const name of names) {
      const [a, b] = await d.both('COMMAND', 'DOCS', name)
      expect(maskDocs(parseReply(b)), name).toEqual(maskDocs(parseReply(a)))
    }
  })
}

/**
 * Turns keyspace events on and subscribes a new pair to the key events of db 0;
 * `next()` reads the next message on both connections and compares them.
 */
export async function keyeventSubscriber(d: Differential): Promise<{ sub: DiffPair; next: () => Promise<void> }> {
  await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
  const sub = await d.connect()
  await sub.same('PSUBSCRIBE', '__keyevent@0__:*')
  const next = async (): Promise<void> => {
    const [a, b] = await Promise.all([sub.redis.read(), sub.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  }
  return { sub, next }
}

/** Switches a pair to RESP3 (HELLO's reply carries the client id, which differs). */
export async function resp3(p: DiffPair): Promise<void> {
  const [a, b] = await p.both('HELLO', '3')
  expect(b[0]).toBe(a[0])
}
