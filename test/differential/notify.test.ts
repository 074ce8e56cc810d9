/**
 * Keyspace notifications against the real redis-server: a subscriber to
 * `__key*__:*` on each server, the same script of writes on both, and the two
 * event streams compared frame by frame. Steps whose command redlet does not
 * have yet are skipped on both servers, so the script grows with the engine.
 */
import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type Differential, type DiffPair } from '../helpers/differential.js'

type Step = (string | number)[] | { sleep: number }

const MARKER = '__keyspace@0__:--end--'

/** Runs `steps` on the main pair and returns both event streams (RESP bytes per frame). */
async function events(d: Differential, steps: Step[]): Promise<{ redis: string[]; redlet: string[] }> {
  const sub: DiffPair = await d.connect()
  await sub.same('PSUBSCRIBE', '__key*__:*')
  for (const step of steps) {
    if (!Array.isArray(step)) {
      await new Promise((r) => setTimeout(r, step.sleep))
      continue
    }
    const name = String(step[0])
    if (d.server.engine.lookup(name) === undefined) continue
    await d.both(...step)
  }
  await d.both('PUBLISH', MARKER, 'end')
  const read = async (c: DiffPair['redis']): Promise<string[]> => {
    const out: string[] = []
    for (;;) {
      const frame = (await c.read()).toString('latin1')
      if (frame.includes(MARKER)) return out
      out.push(frame)
    }
  }
  const [redis, redlet] = await Promise.all([read(sub.redis), read(sub.redlet)])
  sub.close()
  return { redis, redlet }
}

/** Frames as `channel payload` lines, for readable diffs. */
function lines(frames: string[]): string[] {
  return frames.map((f) => {
    const parts = f.split('\r\n')
    return `${parts[6] ?? ''} ${parts[8] ?? ''}`
  })
}

async function sameEvents(d: Differential, steps: Step[]): Promise<void> {
  const { redis, redlet } = await events(d, steps)
  expect(lines(redlet)).toEqual(lines(redis))
  expect(redlet).toEqual(redis)
}

describeDiff('keyspace notifications (KEA)', () => {
  const d = useDifferential({ redisArgs: ['--notify-keyspace-events', 'KEA'], redlet: { config: { 'notify-keyspace-events': 'KEA' } } })

  test('CONFIG GET shows the flags', async () => {
    if (d.server.engine.lookup('config') === undefined) return
    await d.same('CONFIG', 'GET', 'notify-keyspace-events')
  })

  test('strings', async () => {
    await sameEvents(d, [
      ['SET', 's', 'v'],
      ['SET', 's', 'v', 'EX', 100],
      ['SET', 's', 'v', 'KEEPTTL'],
      ['SET', 's', 'v', 'NX'],
      ['SET', 's', 'w', 'XX', 'GET'],
      ['SETNX', 's2', 'v'],
      ['SETNX', 's2', 'v'],
      ['SETEX', 's3', 100, 'v'],
      ['PSETEX', 's4', 100000, 'v'],
      ['GETSET', 's', 'x'],
      ['MSET', 'm1', 'a', 'm2', 'b'],
      ['MSETNX', 'm3', 'a', 'm4', 'b'],
      ['MSETNX', 'm3', 'a', 'm5', 'b'],
      ['APPEND', 'ap', 'abc'],
      ['SETRANGE', 'ap', 1, 'ZZ'],
      ['SETRANGE', 'ap', 0, ''],
      ['INCR', 'n'],
      ['INCRBY', 'n', 5],
      ['DECR', 'n'],
      ['DECRBY', 'n', 2],
      ['INCRBYFLOAT', 'f', '1.5'],
      ['INCR', 's'],
      ['GETDEL', 'm1'],
      ['GETDEL', 'missing'],
      ['GETEX', 'm2', 'EX', 100],
      ['GETEX', 'm2', 'PERSIST'],
      ['GETEX', 'm2'],
      ['SETBIT', 'bits', 7, 1],
      ['BITFIELD', 'bf', 'SET', 'u8', 0, 255],
      ['BITOP', 'AND', 'dest', 'bits', 'bf'],
      ['BITOP', 'AND', 'dest', 'none1', 'none2'],
      ['SET', 'x', 'v', 'PX', 50],
      { sleep: 80 },
      ['GET', 'x'],
    ])
  })

  test('generic keys and expiry', async () => {
    await sameEvents(d, [
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['DEL', 'a', 'missing'],
      ['UNLINK', 'b'],
      ['SET', 'k', 'v'],
      ['EXPIRE', 'k', 100],
      ['PEXPIRE', 'k', 100000],
      ['EXPIREAT', 'k', 4000000000],
      ['PEXPIREAT', 'k', 4000000000000],
      ['EXPIRE', 'k', 100, 'NX'],
      ['PERSIST', 'k'],
      ['PERSIST', 'k'],
      ['EXPIRE', 'k', -1],
      ['SET', 'r', 'v'],
      ['RENAME', 'r', 'r2'],
      ['RENAME', 'r2', 'r2'],
      ['SET', 'other', 'x'],
      ['RENAMENX', 'r2', 'other'],
      ['RENAMENX', 'r2', 'r3'],
      ['MOVE', 'r3', 1],
      ['SET', 'c', 'v'],
      ['COPY', 'c', 'c2'],
      ['COPY', 'c', 'c2', 'REPLACE'],
      ['COPY', 'c', 'c3', 'DB', 2],
      ['TOUCH', 'c'],
      ['RPUSH', 'sortme', '3', '1', '2'],
      ['SORT', 'sortme', 'STORE', 'sorted'],
      ['SET', 'e', 'v', 'PX', 50],
      { sleep: 80 },
      ['EXISTS', 'e'],
      ['SET', 'active', 'v', 'PX', 30],
      { sleep: 400 },
    ])
  })

  test('SELECT: events name the database', async () => {
    await sameEvents(d, [['SELECT', 5], ['SET', 'k', 'v'], ['DEL', 'k'], ['SELECT', 0], ['SET', 'k', 'v']])
  })

  test('hashes', async () => {
    await sameEvents(d, [
      ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
      ['HSET', 'h', 'f1', 'v1'],
      ['HSETNX', 'h', 'f3', 'v'],
      ['HSETNX', 'h', 'f3', 'v'],
      ['HMSET', 'h', 'f4', 'v'],
      ['HINCRBY', 'h', 'n', 2],
      ['HINCRBYFLOAT', 'h', 'fl', '0.5'],
      ['HDEL', 'h', 'f1', 'missing'],
      ['HDEL', 'h', 'missing'],
      ['HDEL', 'h', 'f2', 'f3', 'f4', 'n', 'fl'],
    ])
  })

  test('lists', async () => {
    await sameEvents(d, [
      ['LPUSH', 'l', 'a', 'b'],
      ['RPUSH', 'l', 'c'],
      ['LPUSHX', 'l', 'x'],
      ['LPUSHX', 'nolist', 'x'],
      ['RPUSHX', 'l', 'y'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'z'],
      ['LINSERT', 'l', 'BEFORE', 'missing', 'z'],
      ['LSET', 'l', 0, 'first'],
      ['LREM', 'l', 0, 'z'],
      ['LTRIM', 'l', 0, 3],
      ['LPOP', 'l'],
      ['RPOP', 'l', 2],
      ['RPOPLPUSH', 'l', 'l2'],
      ['LMOVE', 'l2', 'l3', 'LEFT', 'RIGHT'],
      ['RPUSH', 'l4', 'a', 'b', 'c'],
      ['LMPOP', 1, 'l4', 'LEFT', 'COUNT', 2],
      ['BLPOP', 'l4', 0],
      ['BRPOP', 'nolist', '0.01'],
      ['RPUSH', 'l5', 'a'],
      ['LTRIM', 'l5', 1, 0],
    ])
  })

  test('sets', async () => {
    await sameEvents(d, [
      ['SADD', 's', 'a', 'b', 'c'],
      ['SADD', 's', 'a'],
      ['SREM', 's', 'a', 'missing'],
      ['SMOVE', 's', 't', 'b'],
      ['SADD', 'u', 'x', 'c'],
      ['SINTERSTORE', 'i', 's', 'u'],
      ['SUNIONSTORE', 'un', 's', 'u'],
      ['SDIFFSTORE', 'di', 's', 'u'],
      ['SINTERSTORE', 'i', 'nothing', 'u'],
      ['SADD', 'one', 'only'],
      ['SPOP', 'one'],
      ['SREM', 't', 'b'],
    ])
  })

  test('sorted sets', async () => {
    await sameEvents(d, [
      ['ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 4, 'd'],
      ['ZADD', 'z', 'XX', 'CH', 5, 'a'],
      ['ZADD', 'z', 'NX', 1, 'a'],
      ['ZINCRBY', 'z', 1, 'b'],
      ['ZADD', 'z', 'INCR', 1, 'c'],
      ['ZREM', 'z', 'a', 'missing'],
      ['ZREMRANGEBYSCORE', 'z', 0, 3],
      ['ZADD', 'z', 0, 'p', 0, 'q', 0, 'r'],
      ['ZADD', 'lex', 0, 'p', 0, 'q', 0, 'r'],
      ['ZREMRANGEBYLEX', 'lex', '[p', '[p'],
      ['ZREMRANGEBYLEX', 'lex', '-', '+'],
      ['ZREMRANGEBYRANK', 'z', 0, 0],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', 5],
      ['ZADD', 'z1', 1, 'a', 2, 'b'],
      ['ZADD', 'z2', 1, 'b', 3, 'c'],
      ['ZUNIONSTORE', 'zu', 2, 'z1', 'z2'],
      ['ZINTERSTORE', 'zi', 2, 'z1', 'z2'],
      ['ZDIFFSTORE', 'zd', 2, 'z1', 'z2'],
      ['ZRANGESTORE', 'zr', 'z1', 0, -1],
      ['ZINTERSTORE', 'zi', 2, 'nothing', 'z2'],
      ['ZMPOP', 1, 'z1', 'MIN'],
      ['BZPOPMIN', 'z1', 0],
      ['BZPOPMAX', 'z2', 0],
    ])
  })

  test('MULTI/EXEC emits the events of its commands', async () => {
    await sameEvents(d, [['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['DEL', 'a'], ['EXEC']])
  })
})

describeDiff('keyspace notifications (new, keymiss, single classes)', () => {
  const d = useDifferential({ redisArgs: ['--notify-keyspace-events', 'KEAnm'], redlet: { config: { 'notify-keyspace-events': 'KEAnm' } } })

  test('new and keymiss', async () => {
    await sameEvents(d, [
      ['GET', 'nokey'],
      ['SET', 'k', 'v'],
      ['SET', 'k', 'w'],
      ['GET', 'k'],
      ['EXISTS', 'nokey'],
      ['TYPE', 'nokey'],
      ['INCR', 'counter'],
      ['MGET', 'k', 'nokey'],
      ['STRLEN', 'nokey'],
      ['RPUSH', 'list', 'a'],
      ['LRANGE', 'nolist', 0, -1],
      ['HSET', 'h', 'f', 'v'],
      ['HGET', 'nohash', 'f'],
      ['SADD', 'set', 'm'],
      ['ZADD', 'z', 1, 'm'],
      ['SET', 'x', 'v', 'PX', 50],
      { sleep: 80 },
      ['GET', 'x'],
    ])
  })
})
