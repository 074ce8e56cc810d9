/** The wire protocol against redis-server: raw bytes in, identical bytes out. */
import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

const cmd = (...args: string[]): string => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`

async function bothClosed(p: DiffPair): Promise<void> {
  expect(await Promise.all([p.redis.waitClosed(), p.redlet.waitClosed()])).toEqual([true, true])
}

/** Reads `n` more replies from both and compares them. */
async function sameReplies(p: DiffPair, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  }
}

describeDiff('RESP protocol against redis-server', () => {
  const d = useDifferential()

  test('inline commands', async () => {
    const p = await d.connect()
    await p.sameRaw('PING\r\n')
    await p.sameRaw('ECHO hello\n')
    await p.sameRaw('SET k "a b\\x41\\n"\r\n')
    await p.sameRaw("GET k\r\n")
    await p.sameRaw("ECHO 'it\\'s'\r\n")
    await p.sameRaw('\r\n\r\n   \r\nPING\r\n')
    await p.sameRaw('ECHO ""\r\n')
    await p.sameRaw('NOSUCH a b\r\n')
  })

  test('pipelined commands reply in order', async () => {
    const p = await d.connect()
    let batch = ''
    for (let i = 0; i < 200; i++) batch += cmd('INCR', 'n') + cmd('ECHO', `m${i}`)
    batch += 'PING\r\n' + cmd('GET', 'n')
    await p.sameRaw(batch)
    await sameReplies(p, 401)
  })

  test('commands split at every byte', async () => {
    const p = await d.connect()
    const data = cmd('SET', 'split', 'x'.repeat(40)) + cmd('GET', 'split') + 'ECHO inline\r\n'
    const ra = p.redis.read()
    const rb = p.redlet.read()
    for (const ch of data) {
      p.redis.writeRaw(ch)
      p.redlet.writeRaw(ch)
      await new Promise((r) => setImmediate(r))
    }
    const [a, b] = await Promise.all([ra, rb])
    expect(b.toString()).toBe(a.toString())
    await sameReplies(p, 2)
  })

  test('big arguments', async () => {
    const p = await d.connect()
    const big = 'v'.repeat(300_000)
    await p.sameRaw(cmd('SET', 'big', big))
    await p.same('STRLEN', 'big')
    await p.same('GETRANGE', 'big', '299990', '-1')
  })

  test('empty and negative multibulk counts are skipped', async () => {
    const p = await d.connect()
    await p.sameRaw('*0\r\n*-1\r\n' + cmd('PING'))
    await p.sameRaw('*1\r\n$0\r\n\r\n')
  })

  test('protocol errors reply and close only that connection', async () => {
    const cases = [
      '*abc\r\n',
      '*2147483648\r\n',
      '*1\r\n$x\r\n',
      '*1\r\n$-1\r\n',
      '*1\r\n$536870913\r\n',
      '*1\r\nx\r\n',
      '*2\r\n$4\r\nECHO\r\n:1\r\n',
      '"unbalanced\r\n',
      "'unbalanced\r\n",
      'ECHO "a"b\r\n',
      '*1\r\n$4\r\nPING\r\n*1\r\n$y\r\n',
    ]
    for (const raw of cases) {
      const p = await d.connect()
      if (raw.startsWith('*1\r\n$4\r\nPING')) {
        await p.sameRaw(raw)
        await sameReplies(p, 1)
      } else await p.sameRaw(raw)
      await bothClosed(p)
    }
    await d.same('PING')
  })

  test('oversized headers and inline lines', async () => {
    for (const raw of ['*' + '1'.repeat(70_000), '*1\r\n$' + '1'.repeat(70_000), 'PING' + ' '.repeat(70_000)]) {
      const p = await d.connect()
      await p.sameRaw(raw)
      await bothClosed(p)
    }
  })

  test('a huge multibulk count is accepted without allocating', async () => {
    const p = await d.connect()
    p.redis.writeRaw('*2147483647\r\n')
    p.redlet.writeRaw('*2147483647\r\n')
    expect(await Promise.all([p.redis.silentFor(100), p.redlet.silentFor(100)])).toEqual([true, true])
    expect([p.redis.closed, p.redlet.closed]).toEqual([false, false])
    await d.same('PING')
  })

  test('proto-max-bulk-len is read at once from CONFIG SET', async () => {
    const p = await d.connect()
    await p.same('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    const q = await d.connect()
    await q.sameRaw('*2\r\n$4\r\nECHO\r\n$1048577\r\n')
    await bothClosed(q)
    await p.same('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')
  })

  test('client-query-buffer-limit drops the client without a reply', async () => {
    const p = await d.connect()
    await p.same('CONFIG', 'SET', 'client-query-buffer-limit', '1mb')
    const q = await d.connect()
    const chunk = '*2\r\n$4\r\nECHO\r\n$3000000\r\n' + 'x'.repeat(1_200_000)
    q.redis.writeRaw(chunk)
    q.redlet.writeRaw(chunk)
    await bothClosed(q)
    await p.same('CONFIG', 'SET', 'client-query-buffer-limit', '1gb')
  })

  test('RESP3 replies after HELLO 3', async () => {
    const p = await d.connect()
    await p.both('HELLO', '3', 'SETNAME', 'r3')
    await p.same('SET', 'k', 'v')
    await p.same('GET', 'nope')
    await p.same('CONFIG', 'GET', 'hz')
    await p.same('INFO', 'cluster')
    await p.same('CLIENT', 'GETNAME')
  })
})
