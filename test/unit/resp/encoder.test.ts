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
