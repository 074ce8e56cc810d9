import { describe, expect, test } from 'vitest'
import { CommandDecoder, ProtocolError, splitArgs, type DecoderOptions, type ProtocolErrorKind } from '../../../src/resp/decoder.js'

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

/** Feeds `input` in one chunk, and again one byte at a time; both must decode to `expected`. */
function decodeBoth(input: string, options: DecoderOptions = {}): string[][] {
  const whole = drain(new CommandDecoder(options), [bytes(input)])
  const single = drain(new CommandDecoder(options), [...input].map(bytes))
  expect(single).toEqual(whole)
  return whole
}

function drain(dec: CommandDecoder, chunks: Uint8Array[]): string[][] {
  const out: string[][] = []
  for (const c of chunks) {
    dec.push(c)
    for (let argv = dec.next(); argv !== null; argv = dec.next()) out.push(argv)
  }
  return out
}

/** The protocol error `input` raises, fed whole and byte by byte (null when none). */
function errorOf(input: string, options: DecoderOptions = {}): ProtocolErrorKind | null {
  const kinds = [[bytes(input)], [...input].map(bytes)].map((chunks) => {
    try {
      drain(new CommandDecoder(options), chunks)
      return null
    } catch (e) {
      if (e instanceof ProtocolError) return e.kind
      throw e
    }
  })
  expect(kinds[1]).toBe(kinds[0])
  return kinds[0] ?? null
}

const cmd = (...args: string[]): string => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`

describe('multibulk commands', () => {
  test('one command, several, binary arguments', () => {
    expect(decodeBoth(cmd('SET', 'k', 'v'))).toEqual([['SET', 'k', 'v']])
    expect(decodeBoth(cmd('PING') + cmd('ECHO', 'a\r\nb') + cmd('GET', '\x00\xff'))).toEqual([['PING'], ['ECHO', 'a\r\nb'], ['GET', '\x00\xff']])
    expect(decodeBoth(cmd('ECHO', ''))).toEqual([['ECHO', '']])
  })

  test('empty and negative counts are skipped', () => {
    expect(decodeBoth('*0\r\n*-1\r\n' + cmd('PING'))).toEqual([['PING']])
  })

  test('a big argument, whole and trickled', () => {
    const big = 'x'.repeat(100_000) + '\r\n' + 'y'.repeat(40)
    expect(decodeBoth(cmd('SET', 'k', big) + cmd('GET', 'k'))).toEqual([['SET', 'k', big], ['GET', 'k']])
  })

  test('a big argument is not allocated from its header alone', () => {
    const sizes: number[] = []
    const dec = new CommandDecoder({ alloc: (n) => (sizes.push(n), new Uint8Array(n)) })
    dec.push(bytes('*2\r\n$4\r\nECHO\r\n$500000000\r\n'))
    expect(dec.next()).toBe(null)
    expect(Math.max(0, ...sizes)).toBeLessThan(1024 * 1024)
  })

  test('incomplete input waits', () => {
    const dec = new CommandDecoder()
    dec.push(bytes('*2\r\n$4\r\nECHO\r\n$5\r\nhel'))
    expect(dec.next()).toBe(null)
    expect(dec.buffered).toBeGreaterThan(0)
    dec.push(bytes('lo\r\n'))
    expect(dec.next()).toEqual(['ECHO', 'hello'])
    expect(dec.next()).toBe(null)
  })

  test('a header line stops at a NUL byte, as strchr does', () => {
    expect(decodeBoth('*1\x00\r\n$4\r\nPING\r\n')).toEqual([])
  })
})

describe('inline commands', () => {
  test('words, quotes and escapes', () => {
    expect(decodeBoth('PING\r\n')).toEqual([['PING']])
    expect(decodeBoth('SET k v\n')).toEqual([['SET', 'k', 'v']])
    expect(decodeBoth('ECHO "a b\\x41\\n\\t"\r\n')).toEqual([['ECHO', 'a bA\n\t']])
    expect(decodeBoth("ECHO 'it\\'s'\r\n")).toEqual([['ECHO', "it's"]])
    expect(decodeBoth('ECHO ""\r\n')).toEqual([['ECHO', '']])
  })

  test('blank lines are skipped', () => {
    expect(decodeBoth('\r\n  \r\n\nPING\r\n')).toEqual([['PING']])
  })

  test('mixed with multibulk', () => {
    expect(decodeBoth('PING\r\n' + cmd('ECHO', 'x') + 'ECHO y\r\n')).toEqual([['PING'], ['ECHO', 'x'], ['ECHO', 'y']])
  })

  test('splitArgs reports unbalanced quotes', () => {
    expect(splitArgs(bytes('a "b'), 0, 4)).toBe(null)
    expect(splitArgs(bytes('"a"b'), 0, 4)).toBe(null)
    expect(splitArgs(bytes("'a"), 0, 2)).toBe(null)
    expect(splitArgs(bytes('a  b'), 0, 4)).toEqual(['a', 'b'])
  })
})

describe('protocol errors', () => {
  test('each kind, whole and byte by byte', () => {
    expect(errorOf('*abc\r\n')).toBe('invalid-mbulk-length')
    expect(errorOf('*2147483648\r\n')).toBe('invalid-mbulk-length')
    expect(errorOf('*2147483647\r\n')).toBe(null)
    expect(errorOf('*1\r\n$x\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*1\r\n$-1\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*1\r\n$536870913\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*1\r\nx\r\n')).toBe('expected-dollar')
    expect(errorOf('"abc\r\n')).toBe('unbalanced-quotes')
    expect(errorOf('*' + '1'.repeat(70_000))).toBe('too-big-mbulk-count')
    expect(errorOf('*1\r\n$' + '1'.repeat(70_000))).toBe('too-big-bulk-count')
    expect(errorOf('PING' + ' '.repeat(70_000))).toBe('too-big-inline')
  })

  test('the offending byte of expected-dollar', () => {
    const dec = new CommandDecoder()
    dec.push(bytes('*1\r\n:1\r\n'))
    expect(() => dec.next()).toThrow(expect.objectContaining({ kind: 'expected-dollar', byte: 58 }))
  })

  test('limits before authentication', () => {
    const auth = { authenticated: () => false }
    expect(errorOf('*10\r\n', auth)).toBe(null)
    expect(errorOf('*11\r\n', auth)).toBe('unauthenticated-mbulk')
    expect(errorOf('*1\r\n$16384\r\n', auth)).toBe(null)
    expect(errorOf('*1\r\n$16385\r\n', auth)).toBe('unauthenticated-bulk')
    expect(errorOf('*11\r\n')).toBe(null)
  })

  test('proto-max-bulk-len and the query buffer limit are read live', () => {
    let max = 1024 * 1024
    expect(errorOf('*1\r\n$1048577\r\n', { maxBulkLen: () => max })).toBe('invalid-bulk-length')
    max = 2 * 1024 * 1024
    expect(errorOf('*1\r\n$1048577\r\n', { maxBulkLen: () => max })).toBe(null)
    const dec = new CommandDecoder({ maxQueryBuffer: () => 100 })
    dec.push(bytes('*1\r\n$200\r\n'))
    expect(dec.next()).toBe(null)
    expect(() => dec.push(bytes('x'.repeat(120)))).toThrow(expect.objectContaining({ kind: 'query-buffer-limit' }))
  })
})

describe('the one-pass path for whole frames', () => {
  const sizes = [0, 1, 2, 8, 15, 16, 17, 48, 100, 32 * 1024 - 1, 32 * 1024]
  const arg = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => String.fromCharCode((i * 31 + seed * 7) & 255)).join('')

  test('arguments of every length class decode the same whole, byte by byte and split anywhere', () => {
    const cmds = sizes.map((n, i) => ['SET', arg(n, i), arg(sizes[(i + 3) % sizes.length] as number, i + 1)])
    const input = cmds.map((c) => cmd(...c)).join('')
    expect(decodeBoth(input)).toEqual(cmds)
    for (const cut of [1, 5, 13, 4000, 32 * 1024 + 20, input.length - 3]) {
      expect(drain(new CommandDecoder(), [bytes(input.slice(0, cut)), bytes(input.slice(cut))])).toEqual(cmds)
    }
  })

  test('many arguments, binary bytes and CRLF inside arguments', () => {
    const many = Array.from({ length: 300 }, (_, i) => `m${i}`)
    expect(decodeBoth(cmd('SADD', 's', ...many))).toEqual([['SADD', 's', ...many]])
    const more = Array.from({ length: 5000 }, (_, i) => `${i}`)
    expect(drain(new CommandDecoder(), [bytes(cmd('SADD', 's', ...more))])).toEqual([['SADD', 's', ...more]])
    expect(decodeBoth(cmd('SET', '\r\n', '\x00\xff\r'))).toEqual([['SET', '\r\n', '\x00\xff\r']])
  })

  test('a repeated command name is reused only when its bytes match', () => {
    const dec = new CommandDecoder()
    dec.push(bytes(cmd('GET', 'a') + cmd('GET', 'b') + cmd('SET', 'a', '1') + cmd('get', 'c')))
    const [a, b, c, d] = [dec.next(), dec.next(), dec.next(), dec.next()] as string[][]
    expect([a?.[0], b?.[0], c?.[0], d?.[0]]).toEqual(['GET', 'GET', 'SET', 'get'])
    expect(dec.next()).toBe(null)
  })

  test('odd headers take the general path and fail or pass as before', () => {
    expect(errorOf('*01\r\n$4\r\nPING\r\n')).toBe('invalid-mbulk-length')
    expect(errorOf('*1\r\n$04\r\nPING\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*1\r\n$+4\r\nPING\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*1\r\n$-0\r\nPING\r\n')).toBe('invalid-bulk-length')
    expect(errorOf('*2\r\n$4\r\nPING\r\n:1\r\n')).toBe('expected-dollar')
    // the byte after CR is skipped unchecked, as Redis does
    expect(decodeBoth('*1\rx$4\rxPING\r\n')).toEqual([['PING']])
    expect(decodeBoth('*1\r\n$0\r\n\r\n')).toEqual([['']])
  })

  test('limits hold on whole frames', () => {
    expect(errorOf(cmd(...Array.from({ length: 11 }, () => 'a')), { authenticated: () => false })).toBe('unauthenticated-mbulk')
    expect(errorOf(cmd('SET', 'k', 'x'.repeat(16385)), { authenticated: () => false })).toBe('unauthenticated-bulk')
    expect(errorOf(cmd('SET', 'k', 'x'.repeat(2000)), { maxBulkLen: () => 1024 })).toBe('invalid-bulk-length')
    expect(errorOf(cmd('SET', 'k', 'x'.repeat(1024)), { maxBulkLen: () => 1024 })).toBe(null)
  })
})
