/**
 * Property tests of the command decoder: random and mutated bytes, at any
 * chunking, only ever yield commands or a ProtocolError; encoded commands come
 * back unchanged; headers that claim huge sizes allocate nothing of the kind.
 * Over 100,000 cases in all, a few seconds.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { CommandDecoder, ProtocolError, type DecoderOptions } from '../../../src/resp/decoder.js'
import { encodeCommand } from '../../../src/resp/encoder.js'

interface Outcome {
  commands: string[][]
  error: string | null
  /** The largest buffer the decoder asked for. */
  maxAlloc: number
}

/** Feeds chunks to a fresh decoder, taking every command out after each; stops at a protocol error. */
function run(chunks: readonly Uint8Array[], options: DecoderOptions = {}): Outcome {
  let maxAlloc = 0
  const dec = new CommandDecoder({
    ...options,
    alloc: (n) => {
      maxAlloc = Math.max(maxAlloc, n)
      return new Uint8Array(n)
    },
  })
  const commands: string[][] = []
  let total = 0
  try {
    for (const c of chunks) {
      total += c.length
      dec.push(c)
      // each call consumes input or returns null: a command per byte is the most there can be
      for (let i = 0; i <= total + 1; i++) {
        const argv = dec.next()
        if (argv === null) break
        commands.push(argv)
        if (i === total + 1) throw new Error('the decoder does not make progress')
      }
      expect(dec.buffered).toBeLessThanOrEqual(total)
    }
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e
    return { commands, error: e.kind, maxAlloc }
  }
  return { commands, error: null, maxAlloc }
}

/** Splits bytes at the given cut points. */
function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let prev = 0
  for (const p of points) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  out.push(bytes.subarray(prev))
  return out
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

const byteString = fc.uint8Array({ maxLength: 40 }).map((b) => String.fromCharCode(...b))
const command = fc.array(byteString, { minLength: 1, maxLength: 6 })
/** Bytes that look like RESP more often than random bytes do. */
const respish = fc
  .array(fc.constantFrom('*', '$', '\r\n', '\r', '\n', '0', '1', '-1', '2', '9', '3\r\n', 'PING', ' ', '"', "'", '\\x', '\x00', 'a', '2147483648', '99999999999999999999'), { maxLength: 30 })
  .map((parts) => Uint8Array.from(parts.join(''), (c) => c.charCodeAt(0)))

describe('decoder fuzzing', () => {
  test('random bytes: commands or a protocol error, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 4 }), (bytes, cuts) => {
        const r = run(chunked(bytes, cuts))
        // splitting never changes the outcome
        const whole = run([bytes])
        expect(r.commands).toEqual(whole.commands)
        expect(r.error).toEqual(whole.error)
      }),
      { numRuns: 30_000 },
    )
  })

  test('RESP-like noise: same outcome whole and byte by byte', () => {
    fc.assert(
      fc.property(respish, (bytes) => {
        const whole = run([bytes])
        const single = run([...bytes].map((b) => Uint8Array.of(b)))
        expect(single.commands).toEqual(whole.commands)
        expect(single.error).toEqual(whole.error)
      }),
      { numRuns: 20_000 },
    )
  })

  test('encoded commands decode unchanged at any chunking', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 6 }), (cmds, cuts) => {
        const bytes = concat(cmds.map((c) => encodeCommand(c)))
        const r = run(chunked(bytes, cuts))
        expect(r.error).toBe(null)
        expect(r.commands).toEqual(cmds)
      }),
      { numRuns: 25_000 },
    )
  })

  test('mutated commands: a byte changed, inserted or dropped', () => {
    const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('flip', 'insert', 'delete'), byte: fc.integer({ min: 0, max: 255 }) })
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 3 }), (cmds, muts, cuts) => {
        const bytes = [...concat(cmds.map((c) => encodeCommand(c)))]
        for (const m of muts) {
          const at = m.at % (bytes.length + 1)
          if (m.op === 'flip' && at < bytes.length) bytes[at] = m.byte
          else if (m.op === 'insert') bytes.splice(at, 0, m.byte)
          else bytes.splice(at, 1)
        }
        const input = Uint8Array.from(bytes)
        const r = run(chunked(input, cuts))
        const whole = run([input])
        expect(r.commands).toEqual(whole.commands)
        expect(r.error).toEqual(whole.error)
      }),
      { numRuns: 25_000 },
    )
  })

  test('huge counts and lengths in headers allocate nothing like them', () => {
    const header = fc.tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 512 * 1024 * 1024 }), fc.uint8Array({ maxLength: 100 }))
    fc.assert(
      fc.property(header, ([count, len, tail]) => {
        const text = `*${count}\r\n$4\r\nECHO\r\n$${len}\r\n`
        const r = run([Uint8Array.from(text, (c) => c.charCodeAt(0)), tail])
        // the first big allocation is at most 256 KiB, whatever the header claims
        expect(r.maxAlloc).toBeLessThanOrEqual(Math.max(256 * 1024, text.length + tail.length))
      }),
      { numRuns: 5_000 },
    )
  })

  test('limits: unauthenticated headers, proto-max-bulk-len, the query buffer', () => {
    const options: DecoderOptions = { authenticated: () => false, maxBulkLen: () => 1024, maxQueryBuffer: () => 4096 }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 3 }), (bytes, cuts) => {
        const r = run(chunked(bytes, cuts), options)
        for (const c of r.commands) {
          expect(c.length).toBeLessThanOrEqual(bytes.length)
        }
      }),
      { numRuns: 5_000 },
    )
    expect(run([Uint8Array.from('*11\r\n', (c) => c.charCodeAt(0))], options).error).toBe('unauthenticated-mbulk')
    expect(run([Uint8Array.from('*1\r\n$2000\r\n', (c) => c.charCodeAt(0))], { maxBulkLen: () => 1024 }).error).toBe('invalid-bulk-length')
    expect(run([new Uint8Array(5000).fill(65)], options).error).toBe('query-buffer-limit')
  })
})
