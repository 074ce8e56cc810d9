/**
 * The crash test: writes stream in over WebSocket and REST while the process
 * running workerd is killed (SIGKILL to its process group) at random moments.
 * After each restart on the same persist directory, every write that had been
 * acknowledged must be there.
 */
import { expect, test } from 'vitest'
import { rest, sleep, startChildWorker, tempDir, WsClient, type ChildWorker } from './harness.js'

const KILLS = 10
const BATCH = 10

const resp = (argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`

interface Acked {
  counter: number
  listLength: number
  keys: Map<string, string>
}

/** Writes until the connection dies; records what was acknowledged. */
async function wsWriter(url: string, acked: Acked, round: number): Promise<void> {
  let c: WsClient
  try {
    c = await WsClient.connect(url)
  } catch {
    return
  }
  for (let i = 0; ; i += BATCH) {
    // batches of three writes each, pipelined in one message
    let raw = ''
    for (let j = i; j < i + BATCH; j++) raw += resp(['INCR', 'counter']) + resp(['SET', `ws:${round}:${j}`, `v${round}-${j}`]) + resp(['RPUSH', 'log', `ws:${round}:${j}`])
    c.sendRaw(raw)
    for (let j = i; j < i + BATCH; j++) {
      let n: string, ok: string, len: string
      try {
        ;[n, ok, len] = [await c.next(2000), await c.next(2000), await c.next(2000)]
      } catch {
        return
      }
      if (!n.startsWith(':') || ok !== '+OK\r\n' || !len.startsWith(':')) throw new Error(`unexpected replies ${n} ${ok} ${len}`)
      acked.counter = Math.max(acked.counter, Number(n.slice(1)))
      acked.keys.set(`ws:${round}:${j}`, `v${round}-${j}`)
      acked.listLength = Math.max(acked.listLength, Number(len.slice(1)))
    }
  }
}

async function restWriter(url: string, acked: Acked, round: number): Promise<void> {
  for (let i = 0; ; i++) {
    const key = `rest:${round}:${i}`
    let r: { status: number; json: unknown }
    try {
      r = await rest(url, '/pipeline', [
        ['SET', key, String(i)],
        ['HSET', 'hash', key, String(i)],
      ])
    } catch {
      return
    }
    if (r.status !== 200) return
    expect(r.json).toEqual([{ result: 'OK' }, { result: 1 }])
    acked.keys.set(key, String(i))
    acked.keys.set('hash/' + key, String(i))
  }
}

async function lost(url: string, acked: Acked): Promise<number> {
  let missing = 0
  const head = (await rest(url, '/pipeline', [['GET', 'counter'], ['LLEN', 'log']])).json as [{ result: string | null }, { result: number }]
  if (Number(head[0].result ?? 0) < acked.counter) missing += acked.counter - Number(head[0].result ?? 0)
  if (head[1].result < acked.listLength) missing += acked.listLength - head[1].result
  const entries = [...acked.keys]
  for (let i = 0; i < entries.length; i += 500) {
    const part = entries.slice(i, i + 500)
    const cmds = part.map(([k]) => (k.startsWith('hash/') ? ['HGET', 'hash', k.slice(5)] : ['GET', k]))
    const replies = (await rest(url, '/pipeline', cmds)).json as { result: string | null }[]
    part.forEach(([, v], j) => {
      if (replies[j]?.result !== v) missing++
    })
  }
  return missing
}

test(
  `${KILLS} kills of workerd under a write load lose no acknowledged write`,
  async () => {
    const dir = tempDir('redlet-crash-')
    const acked: Acked = { counter: 0, listLength: 0, keys: new Map() }
    let lostTotal = 0
    let child: ChildWorker | null = null
    try {
      for (let round = 0; round < KILLS; round++) {
        child = await startChildWorker({ persist: dir })
        lostTotal += await lost(child.url, acked)
        const writers = [wsWriter(child.url, acked, round), restWriter(child.url, acked, round)]
        await sleep(150 + Math.random() * 600)
        child.kill()
        await Promise.all(writers)
        await child.exited
        child = null
      }
      child = await startChildWorker({ persist: dir })
      lostTotal += await lost(child.url, acked)
    } finally {
      child?.kill()
    }
    console.log(`${KILLS} kills, ${lostTotal} acknowledged writes lost (${acked.keys.size} keys, counter ${acked.counter}, list ${acked.listLength})`)
    expect(acked.counter).toBeGreaterThan(KILLS * 5)
    expect(lostTotal).toBe(0)
  },
  180000,
)
