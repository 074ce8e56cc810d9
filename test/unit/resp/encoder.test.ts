import { describe, expect, test } from 'vitest'
import { encodeCommand, encodeReply, ReplyWriter } from '../../../src/resp/encoder.js'
import {
  array,
  bignum,
  bool,
  bulk,
  bulks,
  double,
  error,
  int,
  map,
  NULL_ARRAY,
  NULL_BULK,
  push,
  set,
  simple,
  verbatim,
  type Protocol,
  type Reply,
} from '../../../src/resp/types.js'

const text = (r: Reply, proto: Protocol): string => String.fromCharCode(...encodeReply(r, proto))

describe('RESP2 and RESP3 encodings', () => {
  const cases: [string, Reply, string, string][] = [
    ['simple', simple('OK'), '+OK\r\n', '+OK\r\n'],
    ['error', error('ERR x'), '-ERR x\r\n', '-ERR x\r\n'],
    ['integer', int(-42), ':-42\r\n', ':-42\r\n'],
    ['big integer', int(-9223372036854775808n), ':-9223372036854775808\r\n', ':-9223372036854775808\r\n'],
    ['bulk', bulk('a\r\nb'), '$4\r\na\r\nb\r\n', '$4\r\na\r\nb\r\n'],
    ['empty bulk', bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['nil bulk', NULL_BULK, '$-1\r\n', '_\r\n'],
    ['nil array', NULL_ARRAY, '*-1\r\n', '_\r\n'],
    ['double', double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
    ['infinity', double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    ['boolean', bool(true), ':1\r\n', '#t\r\n'],
    ['false', bool(false), ':0\r\n', '#f\r\n'],
    ['big number', bignum('123456789012345678901234567890'), '$30\r\n123456789012345678901234567890\r\n', '(123456789012345678901234567890\r\n'],
    ['verbatim', verbatim('x\r\ny'), '$4\r\nx\r\ny\r\n', '=8\r\ntxt:x\r\ny\r\n'],
    ['array', array([int(1), bulk('a')]), '*2\r\n:1\r\n$1\r\na\r\n', '*2\r\n:1\r\n$1\r\na\r\n'],
    ['bulks with nil', bulks(['a', null]), '*2\r\n$1\r\na\r\n$-1\r\n', '*2\r\n$1\r\na\r\n_\r\n'],
    ['map', map([bulk('k'), int(1)]), '*2\r\n$1\r\nk\r\n:1\r\n', '%1\r\n$1\r\nk\r\n:1\r\n'],
    ['set', set([simple('a')]), '*1\r\n+a\r\n', '~1\r\n+a\r\n'],
    ['push', push([bulk('message'), bulk('c')]), '*2\r\n$7\r\nmessage\r\n$1\r\nc\r\n', '>2\r\n$7\r\nmessage\r\n$1\r\nc\r\n'],
    ['nested', map([bulk('m'), set([double(1.5)])]), '*2\r\n$1\r\nm\r\n*1\r\n$3\r\n1.5\r\n', '%1\r\n$1\r\nm\r\n~1\r\n,1.5\r\n'],
  ]
  for (const [name, reply, resp2, resp3] of cases) {
    test(name, () => {
      expect(text(reply, 2)).toBe(resp2)
      expect(text(reply, 3)).toBe(resp3)
    })
  }
})

describe('ReplyWriter', () => {
  test('batches replies into one buffer and hands each byte out once', () => {
    const w = new ReplyWriter({ size: 64 })
    w.write(simple('OK'), 2)
    w.write(int(1), 2)
    expect(w.pending).toBe(9)
    const first = w.take()
    expect(String.fromCharCode(...(first as Uint8Array))).toBe('+OK\r\n:1\r\n')
    expect(w.take()).toBe(null)
    w.write(bulk('x'.repeat(200)), 2)
    const second = w.take() as Uint8Array
    expect(second.length).toBe(208)
    expect(String.fromCharCode(...first!)).toBe('+OK\r\n:1\r\n')
  })

  test('long strings go through the platform writer', () => {
    let calls = 0
    const w = new ReplyWriter({
      writeLatin1: (buf, s, off) => {
        calls++
        for (let i = 0; i < s.length; i++) buf[off + i] = s.charCodeAt(i)
        return s.length
      },
    })
    w.write(bulk('y'.repeat(100)), 3)
    expect(calls).toBe(1)
    expect((w.take() as Uint8Array).length).toBe(108)
  })

  test('recycle writes over bytes that were used up, and only those', () => {
    const allocs: number[] = []
    const w = new ReplyWriter({ size: 64, alloc: (n) => (allocs.push(n), new Uint8Array(n)) })
    w.write(bulk('x'.repeat(1000)), 2)
    const first = w.take() as Uint8Array
    w.recycle()
    w.write(bulk('y'.repeat(1000)), 2)
    const second = w.take() as Uint8Array
    // the grown buffer is kept and filled again from its start
    expect(second.buffer).toBe(first.buffer)
    expect(second.byteOffset).toBe(0)
    expect(String.fromCharCode(...first.subarray(0, 8))).toBe('$1000\r\ny')
    expect(allocs).toEqual([64, 2048])
    // one grown past 256 KiB is let go, and so is one much bigger than the last batch
    w.recycle()
    w.write(bulk('z'.repeat(300 * 1024)), 2)
    w.take()
    w.recycle()
    expect(allocs.slice(2)).toEqual([2 * (300 * 1024 + 24), 64])
    w.write(bulk('z'.repeat(1000)), 2)
    w.take()
    w.recycle()
    w.write(simple('OK'), 2)
    w.take()
    w.recycle()
    expect(allocs.slice(4)).toEqual([2048, 64])
    // with replies not yet taken, recycling does nothing
    w.recycle()
    w.write(simple('OK'), 2)
    w.recycle()
    w.write(int(1), 2)
    expect(String.fromCharCode(...(w.take() as Uint8Array))).toBe('+OK\r\n:1\r\n')
  })

  test('discard drops what was not taken', () => {
    const w = new ReplyWriter()
    w.write(simple('A'), 2)
    w.discard()
    expect(w.take()).toBe(null)
  })

  test('encodeCommand writes a multibulk of byte strings', () => {
    expect(String.fromCharCode(...encodeCommand(['SET', 'k', '\xff']))).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n\xff\r\n')
  })
})

describe('fast paths write what the general rules say', () => {
  const long = (r: Reply, proto: Protocol): string => Array.from(encodeReply(r, proto), (c) => String.fromCharCode(c)).join('')
  test('cached replies: +OK, small integers, nils', () => {
    expect(text(simple('OK'), 2)).toBe('+OK\r\n')
    expect(text(simple('OKAY'), 2)).toBe('+OKAY\r\n')
    for (const n of [-2, -1, 0, 1, 9, 10, 99, 100, 1023, 1024, 1025, 2 ** 31, -(2 ** 40), 1.5]) expect(text(int(n), 2)).toBe(`:${n}\r\n`)
    expect(text(int(-0), 2)).toBe(':0\r\n')
    expect(text(int(7n), 3)).toBe(':7\r\n')
    expect(text(NULL_BULK, 2) + text(NULL_ARRAY, 2) + text(NULL_BULK, 3) + text(NULL_ARRAY, 3)).toBe('$-1\r\n*-1\r\n_\r\n_\r\n')
  })

  test('bulk lengths around every digit count and the long-string threshold', () => {
    for (const n of [0, 1, 9, 10, 48, 49, 99, 100, 999, 1000, 70_000]) {
      const s = 'a\xff'.repeat(n).slice(0, n)
      expect(long(bulk(s), 2)).toBe(`$${n}\r\n${s}\r\n`)
      expect(long(bulks([s, null, s]), 2)).toBe(`*3\r\n$${n}\r\n${s}\r\n$-1\r\n$${n}\r\n${s}\r\n`)
      expect(long(bulks([null, s]), 3)).toBe(`*2\r\n_\r\n$${n}\r\n${s}\r\n`)
    }
    const many = Array.from({ length: 150 }, (_, i) => `member:${i}`)
    expect(text(bulks(many), 2)).toBe(`*150\r\n${many.map((m) => `$${m.length}\r\n${m}\r\n`).join('')}`)
    expect(text(bulks([]), 2)).toBe('*0\r\n')
  })

  test('a batch that outgrows the buffer keeps every byte', () => {
    const w = new ReplyWriter({ size: 32 })
    let expected = ''
    for (let i = 0; i < 200; i++) {
      const s = 'v'.repeat(i % 70)
      w.write(i % 3 === 0 ? bulks([s, null]) : i % 3 === 1 ? bulk(s) : int(i), 2)
      expected += i % 3 === 0 ? `*2\r\n$${s.length}\r\n${s}\r\n$-1\r\n` : i % 3 === 1 ? `$${s.length}\r\n${s}\r\n` : `:${i}\r\n`
    }
    expect(String.fromCharCode(...(w.take() as Uint8Array))).toBe(expected)
  })
})
