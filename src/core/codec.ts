/**
 * The value codec (DESIGN.md §9): one serializer for any stored value with its
 * expiry time. Snapshots, SAVE, the Durable Object's rows and `restore()` all use
 * it. Every blob starts with a magic byte and a version and ends with a CRC-32.
 *
 *   value blob:  0xB7 version type flags [expireAt f64] payload crc32
 *   snapshot:    "REDLET" version { 0xF5 library-code }* { 0xFE db | 0x01 key value-body }* 0xFF crc32
 *
 * Each collection type says how it writes and reads itself in `codec-values.ts`;
 * a new type adds its entry there.
 */
import { CodecError } from './codec-error.js'
import { ByteReader, ByteWriter } from './codec-io.js'
import { valueCodecs } from './codec-values.js'
import { crc32 } from './crc32.js'
import type { Collection, EncodingLimits, Value } from './values/types.js'

export const CODEC_VERSION = 1
const VALUE_MAGIC = 0xb7
const SNAPSHOT_MAGIC = 'REDLET'
const OP_DB = 0xfe
const OP_ENTRY = 0x01
const OP_EOF = 0xff
const OP_LIBRARY = 0xf5
const FLAG_EXPIRE = 1
const TYPE_STRING = 0

/** How one collection type turns into bytes and back. */
export interface ValueTypeCodec<T extends Collection = Collection> {
  /** The type byte: stable forever once released. */
  readonly tag: number
  readonly type: T['type']
  write(w: ByteWriter, v: T): void
  read(r: ByteReader, limits: EncodingLimits): T
}

const byTag = new Map<number, ValueTypeCodec>()
const byType = new Map<string, ValueTypeCodec>()
for (const c of valueCodecs) {
  if (c.tag === TYPE_STRING || byTag.has(c.tag)) throw new Error(`value codec tag ${c.tag} is taken`)
  byTag.set(c.tag, c)
  byType.set(c.type, c)
}

function writeBody(w: ByteWriter, value: Value, expireAt: number | undefined): void {
  if (typeof value === 'string') w.byte(TYPE_STRING)
  else {
    const codec = byType.get(value.type)
    if (!codec) throw new CodecError(`no codec for type ${value.type}`)
    w.byte(codec.tag)
  }
  w.byte(expireAt === undefined ? 0 : FLAG_EXPIRE)
  if (expireAt !== undefined) w.f64(expireAt)
  if (typeof value === 'string') w.str(value)
  else (byType.get(value.type) as ValueTypeCodec).write(w, value)
}

function readBody(r: ByteReader, limits: EncodingLimits): { value: Value; expireAt: number | undefined } {
  const tag = r.byte()
  const flags = r.byte()
  const expireAt = flags & FLAG_EXPIRE ? r.f64() : undefined
  if (tag === TYPE_STRING) return { value: r.str(), expireAt }
  const codec = byTag.get(tag)
  if (!codec) throw new CodecError(`unknown value type ${tag}`)
  return { value: codec.read(r, limits), expireAt }
}

function sealed(w: ByteWriter): Uint8Array {
  const body = w.bytes()
  w.u32(crc32(body))
  return w.bytes()
}

function checked(bytes: Uint8Array): ByteReader {
  if (bytes.length < 4) throw new CodecError('truncated data')
  const end = bytes.length - 4
  const want = new DataView(bytes.buffer, bytes.byteOffset + end, 4).getUint32(0, true)
  if (crc32(bytes, 0, end) !== want) throw new CodecError('checksum mismatch')
  return new ByteReader(bytes, 0, end)
}

/** One value with its absolute expiry time (ms) as a self-contained blob. */
export function encodeValue(value: Value, expireAt?: number): Uint8Array {
  const w = new ByteWriter(typeof value === 'string' ? value.length + 24 : 256)
  w.byte(VALUE_MAGIC)
  w.byte(CODEC_VERSION)
  writeBody(w, value, expireAt)
  return sealed(w)
}

/** Reads a blob written by `encodeValue`; collections get the encoding a loaded value has under `limits`. */
export function decodeValue(bytes: Uint8Array, limits: EncodingLimits): { value: Value; expireAt: number | undefined } {
  const r = checked(bytes)
  if (r.byte() !== VALUE_MAGIC) throw new CodecError('not a redlet value')
  const version = r.byte()
  if (version !== CODEC_VERSION) throw new CodecError(`unsupported value version ${version}`)
  const out = readBody(r, limits)
  if (!r.done) throw new CodecError('trailing bytes')
  return out
}

/** What a snapshot holds: databases, each with its entries. */
export interface SnapshotSource {
  /** Databases as [index, entries]; an entry is [key, value, expireAt]. */
  databases(): Iterable<[number, Iterable<[string, Value, number | undefined]>]>
  /** Function libraries (FUNCTION LOAD code), kept with the data as Redis keeps them in its RDB. */
  libraries?(): Iterable<string>
}

export function encodeSnapshot(source: SnapshotSource): Uint8Array {
  const w = new ByteWriter(1 << 16)
  for (let i = 0; i < SNAPSHOT_MAGIC.length; i++) w.byte(SNAPSHOT_MAGIC.charCodeAt(i))
  w.byte(CODEC_VERSION)
  for (const code of source.libraries?.() ?? []) {
    w.byte(OP_LIBRARY)
    w.str(code)
  }
  for (const [db, entries] of source.databases()) {
    w.byte(OP_DB)
    w.varint(db)
    for (const [key, value, expireAt] of entries) {
      w.byte(OP_ENTRY)
      w.str(key)
      writeBody(w, value, expireAt)
    }
  }
  w.byte(OP_EOF)
  return sealed(w)
}

/**
 * A snapshot written piece by piece (background saves): entries in any order,
 * databases switching as needed; `take` hands out the bytes so far, `end` the
 * rest with the checksum. The result reads with `decodeSnapshot`.
 */
export class SnapshotStream {
  private readonly w = new ByteWriter(1 << 16)
  private crc = 0
  private db = -1
  /** Bytes handed out so far. */
  written = 0

  constructor() {
    for (let i = 0; i < SNAPSHOT_MAGIC.length; i++) this.w.byte(SNAPSHOT_MAGIC.charCodeAt(i))
    this.w.byte(CODEC_VERSION)
  }

  /** A function library: write them all before the first entry. */
  library(code: string): void {
    this.w.byte(OP_LIBRARY)
    this.w.str(code)
  }

  entry(db: number, key: string, value: Value, expireAt: number | undefined): void {
    const w = this.w
    if (db !== this.db) {
      w.byte(OP_DB)
      w.varint(db)
      this.db = db
    }
    w.byte(OP_ENTRY)
    w.str(key)
    writeBody(w, value, expireAt)
  }

  /** Bytes encoded and not yet taken. */
  get buffered(): number {
    return this.w.pos
  }

  take(): Uint8Array {
    const out = this.w.bytes().slice()
    this.w.pos = 0
    this.crc = crc32(out, 0, out.length, this.crc)
    this.written += out.length
    return out
  }

  /** The last bytes: end marker and checksum. */
  end(): Uint8Array {
    this.w.byte(OP_EOF)
    const body = this.take()
    const out = new Uint8Array(body.length + 4)
    out.set(body)
    new DataView(out.buffer).setUint32(body.length, this.crc, true)
    this.written += 4
    return out
  }
}

/**
 * Calls `put` for every entry of a snapshot, and `library` for every function
 * library, after checking its magic, version and checksum.
 */
export function decodeSnapshot(
  bytes: Uint8Array,
  limits: EncodingLimits,
  put: (db: number, key: string, value: Value, expireAt: number | undefined) => void,
  library?: (code: string) => void,
): void {
  const r = checked(bytes)
  for (let i = 0; i < SNAPSHOT_MAGIC.length; i++) if (r.byte() !== SNAPSHOT_MAGIC.charCodeAt(i)) throw new CodecError('not a redlet snapshot')
  const version = r.byte()
  if (version !== CODEC_VERSION) throw new CodecError(`unsupported snapshot version ${version}`)
  let db = -1
  for (;;) {
    const op = r.byte()
    if (op === OP_EOF) break
    if (op === OP_DB) db = r.varint()
    else if (op === OP_LIBRARY) {
      const code = r.str()
      library?.(code)
    } else if (op === OP_ENTRY) {
      if (db < 0) throw new CodecError('entry before database selector')
      const key = r.str()
      const { value, expireAt } = readBody(r, limits)
      put(db, key, value, expireAt)
    } else throw new CodecError(`bad opcode ${op}`)
  }
  if (!r.done) throw new CodecError('trailing bytes')
}
