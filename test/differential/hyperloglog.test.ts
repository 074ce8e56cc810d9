import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { seeded } from '../helpers/engine.js'

/** `n` random elements (binary, of assorted lengths). */
function elements(rand: () => number, n: number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < n; i++) {
    const len = Math.floor(rand() * 24)
    const b = Buffer.alloc(len)
    for (let j = 0; j < len; j++) b[j] = Math.floor(rand() * 256)
    out.push(b)
  }
  return out
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex')
/** The header of a sparse HLL with a valid zero cache, then `body`. */
const sparse = (body: string): Buffer => hex('48594c4c01000000' + '0000000000000000' + body)

describeDiff('hyperloglog commands against redis-server', () => {
  const d = useDifferential()
  afterEach(async () => {
    await d.both('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000')
  })

  test('PFADD and PFCOUNT: the bytes equal Redis’s, sparse and dense', async () => {
    const rand = seeded(11)
    for (const n of [0, 1, 2, 10, 100, 500, 1000, 2000, 5000, 20000]) {
      const key = `h${n}`
      await d.same('PFADD', key, ...elements(rand, n))
      await d.same('GET', key)
      await d.same('PFDEBUG', 'ENCODING', key)
      await d.same('PFCOUNT', key)
      await d.same('GET', key)
      await d.same('PFCOUNT', key)
    }
  })

  test('PFADD in many small steps crosses the sparse limit the same way', async () => {
    const rand = seeded(5)
    for (let step = 0; step < 300; step++) {
      const batch = elements(rand, 1 + Math.floor(rand() * 8))
      await d.same('PFADD', 'h', ...batch)
      if (step % 20 === 0) {
        await d.same('GET', 'h')
        await d.same('PFCOUNT', 'h')
      }
    }
    await d.same('GET', 'h')
    await d.same('PFDEBUG', 'ENCODING', 'h')
    await d.same('PFADD', 'h', 'already-there', 'already-there')
    await d.same('PFADD', 'h', 'already-there')
    await d.same('PFADD', 'h')
    await d.same('GET', 'h')
  })

  test('hll-sparse-max-bytes moves the promotion', async () => {
    const rand = seeded(9)
    for (const max of ['0', '40', '300', '1k']) {
      await d.same('CONFIG', 'SET', 'hll-sparse-max-bytes', max)
      await d.same('DEL', 'h')
      for (let i = 0; i < 10; i++) {
        await d.same('PFADD', 'h', ...elements(rand, 15))
        await d.same('GET', 'h')
      }
    }
    await d.same('CONFIG', 'GET', 'hll-sparse-max-bytes')
  })

  test('a register beyond 32 makes a sparse value dense', async () => {
    // elements whose hash has a long run of zeros are rare: search a few, then add one to a sparse value
    await d.same('PFADD', 'h', 'a', 'b', 'c')
    await d.same('PFDEBUG', 'ENCODING', 'h')
    const rand = seeded(1)
    for (let i = 0; i < 50; i++) await d.same('PFADD', 'h', ...elements(rand, 100))
    await d.same('GET', 'h')
  })

  test('PFCOUNT of several keys, PFMERGE', async () => {
    const rand = seeded(21)
    await d.same('PFADD', 's1', ...elements(rand, 50))
    await d.same('PFADD', 's2', ...elements(rand, 80))
    await d.same('PFADD', 'd1', ...elements(rand, 3000))
    await d.same('PFADD', 'd2', ...elements(rand, 4000))
    await d.same('PFCOUNT', 's1', 's2')
    await d.same('PFCOUNT', 's1', 'd1', 'missing')
    await d.same('PFCOUNT', 'missing', 'missing2')
    await d.same('PFMERGE', 'm1', 's1', 's2')
    await d.same('GET', 'm1')
    await d.same('PFCOUNT', 'm1')
    await d.same('PFMERGE', 'm2', 's1', 'd1')
    await d.same('GET', 'm2')
    await d.same('PFMERGE', 's2', 'd2')
    await d.same('GET', 's2')
    await d.same('PFMERGE', 'd1', 's1')
    await d.same('GET', 'd1')
    await d.same('PFMERGE', 'empty')
    await d.same('GET', 'empty')
    await d.same('PFMERGE', 'empty2', 'missing')
    await d.same('GET', 'empty2')
    await d.same('PFMERGE', 'm1')
    await d.same('GET', 'm1')
    await d.same('CONFIG', 'SET', 'hll-sparse-max-bytes', '100')
    await d.same('PFMERGE', 'm3', 's1')
    await d.same('GET', 'm3')
    await d.same('PFCOUNT', 'm1', 'm2', 'm3', 's1', 's2', 'd1', 'd2')
  })

  test('PFCOUNT caches the estimate; PFADD invalidates it', async () => {
    await d.same('PFADD', 'h', 'x', 'y', 'z')
    await d.same('GET', 'h')
    await d.same('PFCOUNT', 'h')
    await d.same('GET', 'h')
    await d.same('PFADD', 'h', 'x')
    await d.same('GET', 'h')
    await d.same('PFADD', 'h', 'w')
    await d.same('GET', 'h')
    await d.same('OBJECT', 'ENCODING', 'h')
    // a copy made by SET is embstr until an HLL command unshares it
    await d.same('SET', 'copy', (await d.same('GET', 'h')).subarray(5, -2))
    await d.same('OBJECT', 'ENCODING', 'copy')
    await d.same('PFCOUNT', 'copy')
    await d.same('OBJECT', 'ENCODING', 'copy')
  })

  test('strings that are not HyperLogLogs, corrupted values', async () => {
    await d.same('SET', 's', 'abc')
    await d.sameError('PFADD', 's', 'a')
    await d.sameError('PFCOUNT', 's')
    await d.sameError('PFCOUNT', 'missing', 's')
    await d.sameError('PFMERGE', 's')
    await d.sameError('PFMERGE', 'd', 's')
    await d.sameError('PFDEBUG', 'DECODE', 's')
    await d.same('SET', 'i', '123')
    await d.sameError('PFADD', 'i', 'a')
    await d.same('SET', 'magic', 'HYLX\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff')
    await d.sameError('PFCOUNT', 'magic')
    await d.same('SET', 'enc', 'HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff')
    await d.sameError('PFADD', 'enc', 'x')
    await d.same('SET', 'short', 'HYLL\x01')
    await d.sameError('PFCOUNT', 'short')
    await d.same('SET', 'dense', 'HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80xx')
    await d.sameError('PFCOUNT', 'dense')
    // runs that do not cover 16384 registers
    await d.same('SET', 'bad', sparse('7ffe'))
    await d.same('PFCOUNT', 'bad')
    await d.same('SET', 'bad', sparse('7ffe').fill(0x80, 15, 16))
    await d.sameError('PFCOUNT', 'bad')
    await d.sameError('PFCOUNT', 'bad', 'missing')
    await d.sameError('PFMERGE', 'd', 'bad')
    await d.same('PFADD', 'bad', 'a', 'b', 'c', 'd', 'e', 'f', 'g')
    await d.same('GET', 'bad')
    await d.same('SET', 'over', sparse('7fff80'))
    await d.sameError('PFMERGE', 'd', 'over')
    await d.sameError('PFDEBUG', 'GETREG', 'over')
    await d.same('SET', 'ok', sparse('7fff'))
    await d.same('PFCOUNT', 'ok')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('PFADD', 'l', 'a')
    await d.sameError('PFCOUNT', 'l')
    await d.sameError('PFCOUNT', 'ok', 'l')
    await d.sameError('PFMERGE', 'l', 'ok')
    await d.sameError('PFMERGE', 'ok', 'l')
    await d.sameError('PFADD')
    await d.sameError('PFCOUNT')
    await d.sameError('PFMERGE')
  })

  test('PFDEBUG', async () => {
    await d.same('PFADD', 'h', 'a', 'b', 'c', 'd')
    await d.same('PFDEBUG', 'DECODE', 'h')
    await d.same('PFDEBUG', 'encoding', 'h')
    await d.same('PFDEBUG', 'TODENSE', 'h')
    await d.same('PFDEBUG', 'TODENSE', 'h')
    await d.same('GET', 'h')
    await d.sameError('PFDEBUG', 'DECODE', 'h')
    await d.same('SET', 'z', sparse('057ff9'))
    await d.same('PFDEBUG', 'DECODE', 'z')
    await d.same('PFADD', 'z', 'a', 'b', 'c', 'd', 'e', 'f')
    await d.same('PFDEBUG', 'DECODE', 'z')
    await d.same('PFADD', 'h2', 'a')
    await d.same('PFDEBUG', 'GETREG', 'h2')
    await d.same('PFDEBUG', 'ENCODING', 'h2')
    await d.sameError('PFDEBUG', 'foo', 'h')
    await d.sameError('PFDEBUG', 'foo', 'missing')
    await d.sameError('PFDEBUG', 'GETREG', 'missing')
    await d.sameError('PFDEBUG', 'GETREG')
    await d.sameError('PFDEBUG', 'GETREG', 'h', 'x')
  })

  test('PFSELFTEST', async () => {
    await d.same('PFSELFTEST')
    await d.sameError('PFSELFTEST', 'x')
  })

  test('keyspace events', async () => {
    const p = await d.connect()
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await p.same('PSUBSCRIBE', '__key*__:*')
    await d.same('PFADD', 'h', 'a')
    await d.same('PFADD', 'h', 'a')
    await d.same('PFCOUNT', 'h')
    await d.same('PFMERGE', 'm', 'h')
    for (let i = 0; i < 4; i++) {
      const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
      expect(b.toString('latin1')).toBe(a.toString('latin1'))
    }
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
