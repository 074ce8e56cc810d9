/**
 * A dump.rdb from the real redis-server: redis-server SAVEs, redlet starts on
 * the file. Every type in small and large encodings, TTLs, streams with
 * consumer groups and a function library must come through equal.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startServer } from '../../adapters/node-tcp/index.js'
import { parseReply, RespClient } from '../helpers/resp-client.js'
import { requireRedis, startOracle } from '../helpers/servers.js'

const work = mkdtempSync(join(tmpdir(), 'redlet-rdb-interop-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
let dirs = 0
const newDir = (): string => mkdtempSync(join(work, `d${dirs++}-`))

type Resp = unknown

const parse = (text: string): Resp => parseReply(Buffer.from(text, 'latin1'))

const LIB = "#!lua name=interop\nredis.register_function('answer', function(keys, args) return 42 end)"

async function populate(c: RespClient): Promise<void> {
  const cmd = async (...args: (string | number)[]): Promise<void> => {
    const r = await c.cmd(...args)
    if (r.startsWith('-')) throw new Error(`${args.join(' ')}: ${r}`)
  }
  const at = Date.now() + 3_600_000
  await cmd('SET', 'str', 'hello')
  await cmd('SET', 'int', 12345)
  await cmd('SET', 'big-int', '-2147483648')
  await cmd('SET', 'long', 'abc'.repeat(200))
  await cmd('SET', 'bin', '\x00\xff\x01')
  await cmd('SET', 'ttl', 'v', 'PXAT', at)
  await cmd('RPUSH', 'list', 'a', 'b', '1', '-5', '')
  for (let i = 0; i < 400; i += 50) await cmd('RPUSH', 'biglist', ...Array.from({ length: 50 }, (_, j) => `item-${i + j}-${'q'.repeat((i + j) % 70)}`))
  await cmd('PEXPIREAT', 'biglist', at + 1)
  await cmd('SADD', 'intset', 1, 2, -3, 100000)
  await cmd('SADD', 'set', 'x', 'y', 'z')
  await cmd('SADD', 'bigset', ...Array.from({ length: 600 }, (_, i) => `m${i}`))
  await cmd('ZADD', 'zset', 1.5, 'a', -2, 'b', 'inf', 'c', 0, 'd')
  await cmd('ZADD', 'bigzset', ...Array.from({ length: 200 }, (_, i) => [i / 7, `member-${i}`]).flat())
  await cmd('HSET', 'hash', 'f', 'v', 'g', 7)
  await cmd('HSET', 'bighash', 'long', 'v'.repeat(100), 'short', 's')
  await cmd('PEXPIREAT', 'bighash', at + 2)
  await cmd('XADD', 'stream', '1-1', 'a', 1)
  await cmd('XADD', 'stream', '2-0', 'b', 2, 'c', 3)
  await cmd('XADD', 'stream', '3-0', 'a', 4)
  await cmd('XDEL', 'stream', '2-0')
  await cmd('XGROUP', 'CREATE', 'stream', 'g1', '0')
  await cmd('XGROUP', 'CREATE', 'stream', 'g2', '$', 'ENTRIESREAD', 2)
  await cmd('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 1, 'STREAMS', 'stream', '>')
  await cmd('XGROUP', 'CREATECONSUMER', 'stream', 'g1', 'bob')
  for (let i = 0; i < 250; i++) await cmd('XADD', 'bigstream', `${1000 + i}-${i % 3}`, 'field', i, 'other', `v${i}`)
  await cmd('XGROUP', 'CREATE', 'bigstream', 'readers', '0')
  await cmd('XREADGROUP', 'GROUP', 'readers', 'carol', 'COUNT', 120, 'STREAMS', 'bigstream', '>')
  await cmd('XACK', 'bigstream', 'readers', '1005-2', '1006-0')
  await cmd('XADD', 'emptied', '5-5', 'k', 'v')
  await cmd('XDEL', 'emptied', '5-5')
  await cmd('SET', 'gone', 'v', 'PX', 1)
  await cmd('SELECT', 3)
  await cmd('SET', 'in3', 'x', 'PXAT', at + 3)
  await cmd('LPUSH', 'l3', 'only')
  await cmd('SELECT', 0)
  await cmd('FUNCTION', 'LOAD', LIB)
}

/** Everything the data is: per key its type, encoding, content and expire time; the functions. */
async function describeData(c: RespClient): Promise<string> {
  const q = async (...args: (string | number)[]): Promise<Resp> => parse(await c.cmd(...args))
  const out: string[] = []
  for (const db of [0, 1, 3]) {
    await q('SELECT', db)
    const keys = ((await q('KEYS', '*')) as string[]).sort()
    for (const k of keys) {
      const type = (await q('TYPE', k)) as string
      let content: Resp
      if (type === 'string') content = await q('GET', k)
      else if (type === 'list') content = await q('LRANGE', k, 0, -1)
      else if (type === 'set') content = await q('SORT', k, 'ALPHA')
      else if (type === 'zset') content = await q('ZRANGE', k, 0, -1, 'WITHSCORES')
      else if (type === 'hash') {
        const flat = (await q('HGETALL', k)) as string[]
        const pairs: string[] = []
        for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`)
        content = pairs.sort()
      } else {
        const info = (await q('XINFO', 'STREAM', k)) as Resp[]
        const fields: Resp[] = []
        // the radix tree's shape is an implementation detail
        for (let i = 0; i < info.length; i += 2) if (!String(info[i]).startsWith('radix-tree')) fields.push(info[i] as Resp, info[i + 1] as Resp)
        const groups = (await q('XINFO', 'GROUPS', k)) as Resp[][]
        const perGroup: Resp[] = []
        for (const g of groups) {
          const name = g[1] as string
          const consumers = ((await q('XINFO', 'CONSUMERS', k, name)) as Resp[][]).map((x) => [x[1], x[3]]) // name, pending (idle varies)
          const pending = ((await q('XPENDING', k, name, '-', '+', 1000)) as Resp[][]).map((p) => [p[0], p[1], p[3]]) // id, consumer, deliveries
          perGroup.push([g, consumers, pending])
        }
        content = [fields, await q('XRANGE', k, '-', '+'), perGroup]
      }
      const enc = await q('OBJECT', 'ENCODING', k)
      const exp = await q('PEXPIRETIME', k)
      out.push(`${db} ${k} ${type} ${String(enc)} ${String(exp)} ${JSON.stringify(content)}`)
    }
  }
  await q('SELECT', 0)
  out.push(JSON.stringify(await q('FUNCTION', 'LIST', 'WITHCODE')))
  out.push(JSON.stringify(await q('FCALL', 'answer', 0)))
  return out.join('\n')
}

describe.runIf(requireRedis())('RDB files shared with redis-server', () => {
  test('redis-server SAVEs; redlet starts on the file and holds the same data', async () => {
    const dir = newDir()
    const oracle = await startOracle(['--dir', dir, '--dbfilename', 'from-redis.rdb'])
    const o = await RespClient.connect(oracle.port)
    let want: string
    try {
      await populate(o)
      await new Promise((r) => setTimeout(r, 5))
      want = await describeData(o)
      expect(await o.cmd('SAVE')).toBe('+OK\r\n')
    } finally {
      o.close()
      await oracle.stop()
    }
    const log: string[] = []
    const redlet = await startServer({ port: 0, strict: true, log: (l) => log.push(l), config: { dir, dbfilename: 'from-redis.rdb' } })
    const c = await RespClient.connect(redlet.port)
    try {
      expect(log.some((l) => l.startsWith('DB loaded from disk'))).toBe(true)
      expect(await describeData(c)).toBe(want)
      expect(want).toContain('bigzset zset skiplist')
    } finally {
      c.close()
      await redlet.close()
    }
  })
})
