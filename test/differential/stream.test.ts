import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

const MAX = '18446744073709551615'

describeDiff('stream commands against redis-server', () => {
  const d = useDifferential()

  /** Adds entries `ms-1..ms-n` (explicit IDs, so both servers agree). */
  async function fill(key: string, n: number, ms = 1, fields: string[] = ['f', 'v']): Promise<void> {
    for (let i = 1; i <= n; i++) await d.same('XADD', key, `${ms}-${i}`, ...fields)
  }

  test('XADD IDs: explicit, <ms>-*, incomplete, and their errors', async () => {
    await d.same('XADD', 's', '1-1', 'a', '1')
    await d.sameError('XADD', 's', '1-1', 'a', '1')
    await d.sameError('XADD', 's', '0-5', 'a', '1')
    await d.same('XADD', 's', '1-*', 'a', '1')
    await d.same('XADD', 's', '5', 'a', '1')
    await d.sameError('XADD', 's', '5', 'a', '1')
    await d.same('XADD', 's', '7-*', 'a', '1')
    await d.sameError('XADD', 's', '6-*', 'a', '1')
    await d.sameError('XADD', 't', '0-0', 'a', '1')
    await d.sameError('XADD', 't', '0', 'a', '1')
    await d.same('XADD', 't', '0-*', 'a', '1')
    await d.same('XADD', 't', '0-*', 'a', '1')
    await d.same('XADD', 'u', `5-${MAX}`, 'a', '1')
    await d.sameError('XADD', 'u', '5-*', 'a', '1')
    await d.same('XADD', 'u', `${MAX}-18446744073709551614`, 'a', '1')
    await d.same('XADD', 'u', `${MAX}-*`, 'a', '1')
    await d.sameError('XADD', 'u', `${MAX}-*`, 'a', '1')
    await d.sameError('XADD', 'u', '*', 'a', '1')
    await d.same('XRANGE', 'u', '-', '+')
    for (const bad of ['abc', '1-x', '-1', '1-', '-', '+', '1.5', '0x1', '', '18446744073709551616', '1-18446744073709551616', '1-1-1', '-5-1']) {
      await d.sameError('XADD', 'v', bad, 'a', '1')
    }
    // strtoull's leniency: spaces, a plus sign, leading zeros, a wrapped minus
    for (const odd of ['010-1', '+11-1', ' 12-1', '13- 1', '14--0', '15-+2', '16--05']) await d.same('XADD', 'w', odd, 'a', '1')
    await d.same('XRANGE', 'w', '-', '+')
    await d.same('XADD', 'x', '1-1\x00junk', 'a', '1')
    await d.sameError('XADD', 'x', '9'.repeat(130), 'a', '1')
    await d.same('EXISTS', 'v')
  })

  test('field and value bytes round-trip, integer-looking or not', async () => {
    const values = ['0', '-0', '7', '-7', '007', '+7', '127', '128', '-4096', '4096', '2147483648', '9007199254740991', '-9007199254740991', '9007199254740993', '9223372036854775807', '9223372036854775808', '1e3', '1.5', ' 1', '', '\x00\xff\r\n', 'x'.repeat(5000)]
    let i = 0
    for (const v of values) await d.same('XADD', 's', `1-${++i}`, 'v', v, v, 'f')
    for (const v of values) await d.same('XADD', 's', `1-${++i}`, 'v', v)
    await d.same('XRANGE', 's', '-', '+')
    await d.same('XREVRANGE', 's', '+', '-')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XREAD', 'STREAMS', 's', 's', '1-40', '1-42')
  })

  test('XADD with *: a fresh ID from the clock', async () => {
    const [a, b] = await d.sameShape('XADD', 's', '*', 'a', '1')
    for (const v of [a, b]) expect(String(v)).toMatch(/^\d{13}-0$/)
    await d.same('XLEN', 's')
    await d.same('XADD', 'future', `${MAX}-1`, 'a', '1')
    await d.same('XADD', 'future', '*', 'a', '1')
    await d.same('XADD', 'future', '*', 'a', '1')
    await d.same('XRANGE', 'future', '-', '+')
  })

  test('XADD arguments: NOMKSTREAM, field counts, option errors', async () => {
    await d.same('XADD', 's', 'NOMKSTREAM', '*', 'a', '1')
    await d.same('EXISTS', 's')
    await d.same('XADD', 's', 'nomkstream', 'nomkstream', '1-1', 'a', '1')
    await d.same('XADD', 's', '1-2', 'a', '1', 'b', '2', 'c', '')
    await d.same('XADD', 's', 'NOMKSTREAM', '1-3', 'a', '1')
    await d.sameError('XADD', 's', '1-4', 'a')
    await d.sameError('XADD', 's', '1-4', 'a', '1', 'b')
    await d.sameError('XADD', 's', 'NOMKSTREAM', 'MAXLEN', '1')
    await d.sameError('XADD', 's', 'foo', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '0', 'MINID', '0', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '1', 'MAXLEN', '2', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '=', '0', 'LIMIT', '10', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '0', 'LIMIT', '10', '*', 'a', '1')
    await d.sameError('XADD', 's', 'LIMIT', '5', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '-1', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '~', '-1', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', 'abc', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '9223372036854775808', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '~', '=', '1', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', 'abc', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MINID', 'abc', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MINID', '-', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MINID', '=', '~', '1', '*', 'a', '1')
    await d.sameError('XADD', 's', 'MAXLEN', '1', 'LIMIT', '0', '*', 'a', '1')
    await d.same('SET', 'str', 'x')
    await d.sameError('XADD', 'str', '*', 'a', '1')
    await d.sameError('XADD', 'str', '0-0', 'a', '1')
    await d.sameError('XADD', 'str', 'MAXLEN', 'x', '*', 'a', '1')
    await d.sameError('XADD', 's')
    const p3 = await d.connect()
    await p3.both('HELLO', '3')
    await p3.same('XADD', 'none', 'NOMKSTREAM', '*', 'a', '1')
    await p3.same('XADD', 's', '2-1', 'a', '1')
  })

  test('XADD trimming: MAXLEN and MINID, exact and approximate, LIMIT', async () => {
    await d.same('XADD', 's', 'MAXLEN', '~', '0', 'LIMIT', '10', '1-1', 'a', '1')
    await d.same('XLEN', 's')
    await d.same('XADD', 's', 'MINID', '~', '0', 'LIMIT', '5', '1-2', 'a', '1')
    await d.same('XADD', 's', 'MAXLEN', '9223372036854775807', '1-3', 'a', '1')
    await d.same('XADD', 's', 'MINID', '=', '1-3', '1-4', 'a', '1')
    await d.same('XRANGE', 's', '-', '+')
    await d.same('XADD', 's', 'MAXLEN', '=', '1', '1-5', 'a', '1')
    await d.same('XRANGE', 's', '-', '+')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '3')
    for (let i = 6; i < 20; i++) await d.same('XADD', 's', 'MAXLEN', '~', '5', `1-${i}`, 'a', '1')
    await d.same('XLEN', 's')
    await d.same('XINFO', 'STREAM', 's')
    for (let i = 20; i < 30; i++) await d.same('XADD', 's', 'MINID', '~', `1-${i - 4}`, 'LIMIT', '3', `1-${i}`, 'a', '1')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XADD', 's', 'MAXLEN', '~', '2', 'LIMIT', '0', '1-30', 'a', '1')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '100')
  })

  test('XRANGE and XREVRANGE: bounds, exclusive bounds, COUNT', async () => {
    await d.same('XRANGE', 'none', '-', '+')
    await d.same('XRANGE', 'none', '-', '+', 'COUNT', '0')
    await fill('s', 5, 1)
    await fill('s', 3, 2, ['g', 'w', 'h', 'x'])
    const bounds = ['-', '+', '0', '1', '1-3', '(1-3', '(1', '2', '(2', '2-2', '(2-2', `(${MAX}`, '(0-0', `${MAX}-${MAX}`, `(${MAX}-${MAX}`, '3']
    for (const a of bounds) {
      for (const b of bounds) {
        const [x] = await d.both('XRANGE', 's', a, b)
        if (x[0] === 45) await d.sameError('XRANGE', 's', a, b)
        else await d.same('XRANGE', 's', a, b)
        const [y] = await d.both('XREVRANGE', 's', b, a)
        if (y[0] === 45) await d.sameError('XREVRANGE', 's', b, a)
        else await d.same('XREVRANGE', 's', b, a)
      }
    }
    for (const n of ['0', '-1', '1', '3', '100']) {
      await d.same('XRANGE', 's', '-', '+', 'COUNT', n)
      await d.same('XREVRANGE', 's', '+', '-', 'COUNT', n)
    }
    await d.same('XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '2')
    await d.same('XRANGE', 's', '-', '+', 'count', '2')
    await d.sameError('XRANGE', 's', '-', '+', 'COUNT', 'abc')
    await d.sameError('XRANGE', 'none', '-', '+', 'COUNT', 'abc')
    await d.sameError('XRANGE', 's', '-', '+', 'COUNT')
    await d.sameError('XRANGE', 's', '-', '+', 'foo')
    await d.sameError('XRANGE', 's', '(-', '+')
    await d.sameError('XRANGE', 's', '-', '(+')
    await d.sameError('XRANGE', 's', '((1', '+')
    await d.sameError('XRANGE', 's', '(', '+')
    await d.sameError('XRANGE', 'none', 'x', '+')
    await d.sameError('XREVRANGE', 's', '+', '-', 'COUNT', 'x')
    await d.sameError('XREVRANGE', 's', '+')
    await d.same('SET', 'str', 'x')
    await d.sameError('XRANGE', 'str', '-', '+')
    await d.sameError('XREVRANGE', 'str', '+', '-')
    const p3 = await d.connect()
    await p3.both('HELLO', '3')
    await p3.same('XRANGE', 's', '-', '+', 'COUNT', '2')
    await p3.same('XRANGE', 's', '-', '+', 'COUNT', '0')
    await p3.same('XREVRANGE', 's', '+', '-', 'COUNT', '2')
  })

  test('ranges across many macro nodes, with deletions', async () => {
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '4')
    for (let i = 1; i <= 40; i++) await d.same('XADD', 's', `${i}-0`, 'n', String(i), ...(i % 3 === 0 ? ['extra', 'x'.repeat(i)] : []))
    await d.same('XDEL', 's', '1-0', '5-0', '6-0', '7-0', '8-0', '20-0', '40-0', '99-0')
    for (const [a, b] of [['-', '+'], ['3', '12'], ['(4', '(9'], ['8', '9'], ['39', '+'], ['-', '2'], ['21', '21']]) {
      await d.same('XRANGE', 's', a as string, b as string)
      await d.same('XREVRANGE', 's', b as string, a as string)
      await d.same('XRANGE', 's', a as string, b as string, 'COUNT', '3')
      await d.same('XREVRANGE', 's', b as string, a as string, 'COUNT', '3')
    }
    await d.same('XINFO', 'STREAM', 's')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '100')
  })

  test('XLEN and XDEL', async () => {
    await d.same('XLEN', 'none')
    await d.same('XDEL', 'none', '1-1')
    await fill('s', 4)
    await d.same('XDEL', 's', '1-2', '1-2', '1-9', '1')
    await d.same('XLEN', 's')
    await d.same('XDEL', 's', '1-1')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XDEL', 's', '1-3', '1-4')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('EXISTS', 's')
    await d.same('XADD', 's', '1-5', 'a', '1')
    await d.same('XINFO', 'STREAM', 's')
    await d.sameError('XDEL', 's', '1-5', 'x')
    await d.same('XLEN', 's')
    await d.sameError('XDEL', 's', '-')
    await d.sameError('XDEL', 's', '+')
    await d.sameError('XDEL', 's')
    await d.same('SET', 'str', 'x')
    await d.sameError('XDEL', 'str', '1-1')
    await d.sameError('XLEN', 'str')
    await d.sameError('XLEN', 'str', 'x')
  })

  test('XTRIM: strategies, thresholds, LIMIT and errors', async () => {
    await d.same('XTRIM', 'none', 'MAXLEN', '1')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '5')
    await fill('s', 23)
    await d.same('XTRIM', 's', 'MAXLEN', '~', '20')
    await d.same('XTRIM', 's', 'MAXLEN', '~', '17')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'MAXLEN', '16')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'MINID', '~', '1-12')
    await d.same('XTRIM', 's', 'MINID', '1-12')
    await d.same('XTRIM', 's', 'MINID', '=', '1-12')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'maxlen', '~', '0', 'LIMIT', '4')
    await d.same('XTRIM', 's', 'MAXLEN', '~', '0', 'LIMIT', '5')
    await d.same('XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '0')
    await d.same('XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '9223372036854775807')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'MAXLEN', '0')
    await d.same('XINFO', 'STREAM', 's')
    // MINID looks at a node's last ID, tombstones included
    await fill('m', 10, 2)
    await d.same('XDEL', 'm', '2-5', '2-10')
    await d.same('XTRIM', 'm', 'MINID', '~', '2-5')
    await d.same('XTRIM', 'm', 'MINID', '~', '2-6')
    await d.same('XINFO', 'STREAM', 'm')
    await d.same('XTRIM', 'm', 'MINID', '2-8')
    await d.same('XINFO', 'STREAM', 'm')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '100')
    await d.sameError('XTRIM', 's', 'MAXLEN', '1', 'foo')
    await d.sameError('XTRIM', 's', 'foo', '1')
    await d.sameError('XTRIM', 's', 'MAXLEN', '~')
    await d.sameError('XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT')
    await d.sameError('XTRIM', 's', 'MAXLEN', '1', 'LIMIT', '0')
    await d.sameError('XTRIM', 's', 'LIMIT', '5', 'MAXLEN')
    await d.sameError('XTRIM', 's', 'LIMIT', '5')
    await d.sameError('XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1')
    await d.sameError('XTRIM', 's', 'MAXLEN', '~', '1', 'LIMIT', '9223372036854775808')
    await d.sameError('XTRIM', 's', 'MAXLEN', '9223372036854775808')
    await d.sameError('XTRIM', 's', 'MAXLEN', '-1')
    await d.sameError('XTRIM', 's', 'MINID', '1-x')
    await d.sameError('XTRIM', 's', 'MINID', '+')
    await d.sameError('XTRIM', 's', 'MINID', '1-*')
    await d.sameError('XTRIM', 's', 'MAXLEN', '1', 'MINID', '1')
    await d.sameError('XTRIM', 's', 'MAXLEN')
    await d.same('SET', 'str', 'x')
    await d.sameError('XTRIM', 'str', 'MAXLEN', '1')
    await d.sameError('XTRIM', 'str', 'MAXLEN', 'x')
  })

  test('macro nodes follow stream-node-max-entries and stream-node-max-bytes', async () => {
    await fill('s', 250)
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'MAXLEN', '~', '120')
    await d.same('XINFO', 'STREAM', 's')
    // big values fill a node by bytes; integer-like values take listpack integer sizes
    for (let i = 1; i <= 60; i++) await d.same('XADD', 'b', `${i}-1`, 'field', 'x'.repeat((i * 37) % 300), 'n', String(i * 99991))
    await d.same('XINFO', 'STREAM', 'b')
    await d.same('XTRIM', 'b', 'MAXLEN', '~', '30')
    await d.same('XINFO', 'STREAM', 'b')
    for (let i = 1; i <= 40; i++) await d.same('XADD', 'c', `${i}-1`, `f${i % 4}`, String(-i * 1000), 'g', i % 2 ? '12345678901' : '-0')
    await d.same('XINFO', 'STREAM', 'c')
    await d.same('CONFIG', 'SET', 'stream-node-max-bytes', '200')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '0')
    for (let i = 1; i <= 50; i++) await d.same('XADD', 'e', `${i}-${i}`, 'a', 'y'.repeat(i % 7), ...(i % 5 === 0 ? ['b', '1'] : []))
    await d.same('XINFO', 'STREAM', 'e')
    await d.same('XTRIM', 'e', 'MAXLEN', '~', '20')
    await d.same('XINFO', 'STREAM', 'e')
    await d.same('CONFIG', 'SET', 'stream-node-max-bytes', '0')
    for (let i = 1; i <= 20; i++) await d.same('XADD', 'f', `${i}-0`, 'a', '1')
    await d.same('XINFO', 'STREAM', 'f')
    await d.same('CONFIG', 'SET', 'stream-node-max-bytes', '4096')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '100')
  })

  test('XINFO STREAM radix-tree-nodes across ID shapes', async () => {
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '1')
    const ids = ['1-1', '1-2', '2-0', '255-0', '256-0', '65536-5', '4294967296-0', '1099511627776-1', `${MAX}-0`]
    for (const id of ids) {
      await d.same('XADD', 's', id, 'a', '1')
      await d.same('XINFO', 'STREAM', 's')
    }
    await d.same('XDEL', 's', '256-0', '2-0')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XTRIM', 's', 'MAXLEN', '3')
    await d.same('XINFO', 'STREAM', 's')
    for (let i = 0; i < 30; i++) await d.same('XADD', 't', `${1700000000000 + i * 7919}-${i % 3}`, 'a', '1')
    await d.same('XINFO', 'STREAM', 't')
    await d.same('XDEL', 't', `${1700000000000 + 3 * 7919}-0`, `${1700000000000 + 4 * 7919}-1`)
    await d.same('XINFO', 'STREAM', 't')
    await d.same('CONFIG', 'SET', 'stream-node-max-entries', '100')
  })

  test('XINFO STREAM fields in both protocols, and its errors', async () => {
    await d.sameError('XINFO', 'STREAM', 'none')
    await d.sameError('XINFO', 'STREAM', 'none', 'foo')
    await d.same('XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM')
    await d.same('XINFO', 'STREAM', 'e')
    await d.same('XINFO', 'STREAM', 'e', 'FULL')
    await fill('s', 12)
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XINFO', 'STREAM', 's', 'FULL')
    await d.same('XINFO', 'STREAM', 's', 'full', 'COUNT', '3')
    await d.same('XINFO', 'STREAM', 's', 'FULL', 'count', '0')
    await d.same('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1')
    await d.sameError('XINFO', 'STREAM', 's', 'foo')
    await d.sameError('XINFO', 'STREAM', 's', 'FULL', 'COUNT')
    await d.sameError('XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x')
    await d.sameError('XINFO', 'STREAM', 's', 'FULL', 'foo', '1')
    await d.sameError('XINFO', 'STREAM', 's', 'FULL', '5')
    await d.sameError('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1', 'COUNT', '2')
    await d.sameError('XINFO', 'STREAM')
    await d.same('SET', 'str', 'x')
    await d.sameError('XINFO', 'STREAM', 'str')
    const p3 = await d.connect()
    await p3.both('HELLO', '3')
    await p3.same('XINFO', 'STREAM', 's')
    await p3.same('XINFO', 'STREAM', 'e')
    await p3.same('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2')
  })

  test('XINFO HELP and unknown subcommands', async () => {
    await d.same('XINFO', 'HELP')
    await d.same('XINFO', 'help')
    await d.sameError('XINFO', 'HELP', 'x')
    await d.sameError('XINFO', 'foo')
    await d.sameError('XINFO')
  })

  test('XSETID: last ID, ENTRIESADDED, MAXDELETEDID and their checks', async () => {
    await d.sameError('XSETID', 'none', '1-1')
    await d.sameError('XSETID', 'none', 'x')
    await d.sameError('XSETID', 'none', '1', 'foo')
    await d.sameError('XSETID', 'none', '1-1', 'MAXDELETEDID', '5-5')
    await fill('s', 2, 0)
    await d.sameError('XSETID', 's', '0-1')
    await d.same('XSETID', 's', '0-2')
    await d.same('XSETID', 's', '0-9')
    await d.same('XSETID', 's', '0-4')
    await d.sameError('XSETID', 's', '0-5', 'ENTRIESADDED', '1')
    await d.same('XSETID', 's', '0-5', 'ENTRIESADDED', '2')
    await d.sameError('XSETID', 's', '0-5', 'ENTRIESADDED', '-1')
    await d.sameError('XSETID', 's', '0-5', 'ENTRIESADDED', 'abc')
    await d.sameError('XSETID', 's', '0-5', 'MAXDELETEDID', '0-6')
    await d.same('XSETID', 's', '0-5', 'MAXDELETEDID', '0-5')
    await d.sameError('XSETID', 's', '0-5', 'MAXDELETEDID', '0-x')
    await d.sameError('XSETID', 's', '0-5', 'foo')
    await d.sameError('XSETID', 's', '0-5', 'ENTRIESADDED')
    await d.sameError('XSETID', 's', 'x')
    await d.sameError('XSETID', 's', '-')
    await d.sameError('XSETID', 's', '+')
    await d.sameError('XSETID', 's', '0-1', 'ENTRIESADDED', '1', 'MAXDELETEDID', '5-5')
    await d.sameError('XSETID', 's', '9-1', 'ENTRIESADDED', '1', 'MAXDELETEDID', '9-5')
    await d.sameError('XSETID', 's', '0-1', 'ENTRIESADDED', '1')
    await d.same('XSETID', 's', '7')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XSETID', 's', '0-9', 'entriesadded', '9223372036854775807', 'maxdeletedid', '0-7')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XSETID', 's', '0-9', 'MAXDELETEDID', '0-0')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XDEL', 's', '0-1', '0-2')
    await d.same('XSETID', 's', '0-1')
    await d.same('XINFO', 'STREAM', 's')
    await d.sameError('XADD', 's', '0-1', 'a', '1')
    await d.same('XADD', 's', '0-2', 'a', '1')
    await d.same('XSETID', 's', `${MAX}-${MAX}`)
    await d.sameError('XADD', 's', '*', 'a', '1')
    await d.same('SET', 'str', 'x')
    await d.sameError('XSETID', 'str', '1-1')
    await d.sameError('XSETID', 'str', '1-1', 'MAXDELETEDID', '5-5')
  })

  test('TYPE, OBJECT ENCODING, and other keyspace commands on streams', async () => {
    await d.same('XADD', 's', '1-1', 'a', '1')
    await d.same('TYPE', 's')
    await d.same('OBJECT', 'ENCODING', 's')
    await d.same('XTRIM', 's', 'MAXLEN', '0')
    await d.same('TYPE', 's')
    await d.same('EXISTS', 's')
    await d.same('OBJECT', 'ENCODING', 's')
    await d.same('COPY', 's', 't')
    await d.same('XADD', 't', '2-1', 'b', '2')
    await d.same('XINFO', 'STREAM', 's')
    await d.same('XINFO', 'STREAM', 't')
    await d.sameError('GET', 's')
  })

  test('WATCH: XADD, XDEL and XTRIM touch the key, group commands and XSETID do not', async () => {
    const other: DiffPair = await d.connect()
    const cases: [string[], boolean][] = [
      [['XADD', 's', '9-1', 'a', '1'], true],
      [['XDEL', 's', '9-9'], false],
      [['XDEL', 's', '1-1'], true],
      [['XTRIM', 's', 'MAXLEN', '5'], false],
      [['XTRIM', 's', 'MAXLEN', '0'], true],
      [['XSETID', 's', '5-5'], false],
      [['XGROUP', 'CREATE', 's', 'g2', '0'], false],
      [['XGROUP', 'SETID', 's', 'g', '0'], false],
      [['XACK', 's', 'g', '1-1'], false],
      [['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'], false],
      [['XCLAIM', 's', 'g', 'c2', '0', '1-1'], false],
      [['XGROUP', 'DESTROY', 's', 'g'], false],
    ]
    for (const [cmd, touches] of cases) {
      await d.same('FLUSHALL')
      await d.same('XADD', 's', '1-1', 'a', '1')
      await d.same('XADD', 's', '1-2', 'a', '1')
      await d.same('XGROUP', 'CREATE', 's', 'g', '0')
      await d.same('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>')
      await d.same('WATCH', 's')
      const [ra, rb] = await other.both(...cmd)
      expect(rb.toString('latin1'), cmd.join(' ')).toBe(ra.toString('latin1'))
      await d.same('MULTI')
      await d.same('PING')
      const r = await d.same('EXEC')
      expect(r.toString('latin1') === '*-1\r\n', cmd.join(' ')).toBe(touches)
    }
  })

  test('keyspace events of the stream commands', async () => {
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    const sub = await d.connect()
    await sub.same('PSUBSCRIBE', '__keyevent@0__:*')
    await sub.same('PSUBSCRIBE', 'end')
    const steps: string[][] = [
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', 'MAXLEN', '0', '1-2', 'a', '1'],
      ['XADD', 's', '1-3', 'a', '1'],
      ['XADD', 's', '1-4', 'a', '1'],
      ['XDEL', 's', '1-3'],
      ['XDEL', 's', '1-3'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XTRIM', 's', 'MAXLEN', '0'],
      ['XSETID', 's', '5-5'],
      ['XGROUP', 'CREATE', 's', 'g', '$'],
      ['XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM'],
      ['XGROUP', 'SETID', 's', 'g', '0'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'],
      ['XGROUP', 'DESTROY', 's', 'g'],
      ['XGROUP', 'DESTROY', 's', 'g'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XADD', 's', '6-1', 'a', '1'],
      ['XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c2b', 'STREAMS', 's', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c3', 'NOACK', 'STREAMS', 's', '0'],
      ['XCLAIM', 's', 'g', 'c4', '0', '6-1'],
      ['XCLAIM', 's', 'g', 'c5', '0', '6-9'],
      ['XAUTOCLAIM', 's', 'g', 'c6', '0', '0'],
      ['XAUTOCLAIM', 's', 'g', 'c7', '0', '9'],
      ['XACK', 's', 'g', '6-1'],
      ['DEL', 's'],
    ]
    for (const s of steps) await d.both(...s)
    await d.both('PUBLISH', 'end', 'x')
    const read = async (c: DiffPair['redis']): Promise<string[]> => {
      const out: string[] = []
      for (;;) {
        const frame = (parseReply(await c.read()) as string[]).slice(2).join(' ')
        if (frame.startsWith('__keyevent@0__:') === false) return out
        out.push(frame)
      }
    }
    const [a, b] = await Promise.all([read(sub.redis), read(sub.redlet)])
    expect(b).toEqual(a)
    expect(a.length).toBeGreaterThan(10)
    sub.close()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })

  test('command arity errors', async () => {
    await d.sameError('XADD', 's', '*', 'a')
    await d.sameError('XRANGE', 's', '-')
    await d.sameError('XREVRANGE', 's')
    await d.sameError('XTRIM', 's', 'MAXLEN')
    await d.sameError('XSETID', 's')
  })
})
