/**
 * ioredis's custom commands (`defineCommand`: EVALSHA first, EVAL on NOSCRIPT)
 * and its script helpers, against redlet's TCP server and redis-server.
 */
import Redis from 'ioredis'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'

interface Scripted extends Redis {
  rateLimit(key: string, limit: number, windowMs: number): Promise<[number, number]>
  swap(a: string, b: string): Promise<string>
  failing(key: string): Promise<unknown>
}

async function settle<T>(p: Promise<T>): Promise<unknown> {
  try {
    return { ok: await p }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

async function scenario(port: number): Promise<unknown[]> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true }) as Scripted
  r.defineCommand('rateLimit', {
    numberOfKeys: 1,
    lua: `
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      local ttl = redis.call('PTTL', KEYS[1])
      if n > tonumber(ARGV[1]) then return {0, n} end
      return {1, n}
    `,
  })
  r.defineCommand('swap', {
    numberOfKeys: 2,
    lua: `
      local a = redis.call('GET', KEYS[1])
      local b = redis.call('GET', KEYS[2])
      redis.call('SET', KEYS[1], b)
      redis.call('SET', KEYS[2], a)
      return cjson.encode({a = a, b = b})
    `,
  })
  r.defineCommand('failing', { numberOfKeys: 1, lua: "return redis.call('INCR', KEYS[1])" })
  await r.connect()
  const out: unknown[] = []
  try {
    out.push(await settle(r.flushall()))
    out.push(await settle(r.script('FLUSH')))
    for (let i = 0; i < 4; i++) out.push(await settle(r.rateLimit('rl', 3, 60000)))
    out.push(await settle(r.mset('x', '1', 'y', '2')))
    out.push(await settle(r.swap('x', 'y')))
    out.push(await settle(r.mget('x', 'y')))
    out.push(await settle(r.set('s', 'text')))
    out.push(await settle(r.failing('s')))
    const pipe = r.pipeline()
    pipe.rateLimit('rl2', 1, 60000)
    pipe.rateLimit('rl2', 1, 60000)
    pipe.swap('x', 'y')
    out.push(await settle(pipe.exec()))
    out.push(await settle(r.eval('return {KEYS[1], ARGV[1], 2.5, true, false}', 1, 'k', 'v')))
    const sha = (await r.script('LOAD', "return redis.call('GET', KEYS[1])")) as string
    out.push(sha)
    out.push(await settle(r.evalsha(sha, 1, 'x')))
    out.push(await settle(r.script('EXISTS', sha, '0000000000000000000000000000000000000000')))
    out.push(await settle(r.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=iolib\nredis.register_function('hello', function(keys, args) return 'hi ' .. args[1] end)")))
    out.push(await settle(r.call('FCALL', 'hello', '0', 'there')))
  } finally {
    r.disconnect()
  }
  return out
}

describeDiff('ioredis scripts', () => {
  const servers = useServerPair()

  test('defineCommand, pipelines, EVAL/EVALSHA and FCALL', async () => {
    const expected = await scenario(servers.oracle.port)
    const actual = await scenario(servers.redlet.port)
    expect(actual).toEqual(expected)
    expect(JSON.stringify(actual)).toContain('hi there')
  })
})
