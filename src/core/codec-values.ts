/** How each collection type is written by the value codec (codec.ts). Tags are stable forever. */
import type { ValueTypeCodec } from './codec.js'
import type { ByteReader, ByteWriter } from './codec-io.js'
import { HashValue } from './values/hash.js'
import { ListValue } from './values/list.js'
import { SetValue } from './values/set.js'
import { SortedSetValue } from './values/sorted-set.js'
import { Stream, type StreamData } from './values/stream.js'
import type { StreamId, U64 } from './stream-id.js'
import type { EncodingLimits } from './values/types.js'

function* times<T>(n: number, read: () => T): IterableIterator<T> {
  for (let i = 0; i < n; i++) yield read()
}

const listCodec: ValueTypeCodec<ListValue> = {
  tag: 1,
  type: 'list',
  write(w: ByteWriter, v: ListValue) {
    w.varint(v.size)
    for (const s of v.values()) w.str(s)
  },
  read: (r: ByteReader) => ListValue.from(times(r.varint(), () => r.str())),
}

const setCodec: ValueTypeCodec<SetValue> = {
  tag: 2,
  type: 'set',
  write(w: ByteWriter, v: SetValue) {
    w.varint(v.size)
    for (const m of v.members()) w.str(m)
  },
  read: (r: ByteReader, limits: EncodingLimits) => SetValue.fromMembers(times(r.varint(), () => r.str()), limits),
}

const zsetCodec: ValueTypeCodec<SortedSetValue> = {
  tag: 3,
  type: 'zset',
  write(w: ByteWriter, v: SortedSetValue) {
    w.varint(v.size)
    for (const [m, score] of v.entries()) {
      w.str(m)
      w.f64(score)
    }
  },
  read: (r: ByteReader, limits: EncodingLimits) =>
    SortedSetValue.fromEntries(
      times(r.varint(), (): [string, number] => [r.str(), r.f64()]),
      limits,
    ),
}

const hashCodec: ValueTypeCodec<HashValue> = {
  tag: 4,
  type: 'hash',
  write(w: ByteWriter, v: HashValue) {
    w.varint(v.size)
    for (const [f, val] of v.entries()) {
      w.str(f)
      w.str(val)
    }
  },
  read: (r: ByteReader, limits: EncodingLimits) =>
    HashValue.fromEntries(
      times(r.varint(), (): [string, string] => [r.str(), r.str()]),
      limits,
    ),
}

/** 64-bit stream counters travel as decimal text: exact for any value. */
function writeBig(w: ByteWriter, v: U64 | number): void {
  w.str(String(v))
}

function readBig(r: ByteReader): U64 {
  const s = r.str()
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : BigInt(s)
}

function writeId(w: ByteWriter, id: StreamId): void {
  writeBig(w, id.ms)
  writeBig(w, id.seq)
}

function readId(r: ByteReader): StreamId {
  return { ms: readBig(r), seq: readBig(r) }
}

const streamCodec: ValueTypeCodec<Stream> = {
  tag: 5,
  type: 'stream',
  write(w: ByteWriter, v: Stream) {
    w.varint(v.size)
    for (const [id, fv] of v.entries()) {
      writeId(w, id)
      w.varint(fv.length)
      for (const s of fv) w.str(s)
    }
    const d = v.toData()
    writeId(w, d.lastId)
    writeId(w, d.firstId)
    writeId(w, d.maxDeletedId)
    writeBig(w, d.entriesAdded)
    w.varint(d.groups.length)
    for (const g of d.groups) {
      w.str(g.name)
      writeId(w, g.lastId)
      writeBig(w, g.entriesRead)
      w.varint(g.consumers.length)
      for (const c of g.consumers) {
        w.str(c.name)
        w.f64(c.seenTime)
      }
      w.varint(g.pending.length)
      for (const p of g.pending) {
        writeId(w, p.id)
        w.str(p.consumer)
        w.f64(p.time)
        w.varint(p.deliveries)
      }
    }
  },
  read(r: ByteReader, limits: EncodingLimits) {
    const entries: [StreamId, string[]][] = []
    const n = r.varint()
    for (let i = 0; i < n; i++) {
      const id = readId(r)
      entries.push([id, [...times(r.varint(), () => r.str())]])
    }
    const data: StreamData = {
      lastId: readId(r),
      firstId: readId(r),
      maxDeletedId: readId(r),
      entriesAdded: readBig(r),
      groups: [...times(r.varint(), () => ({
        name: r.str(),
        lastId: readId(r),
        entriesRead: readBig(r),
        consumers: [...times(r.varint(), () => ({ name: r.str(), seenTime: r.f64() }))],
        pending: [...times(r.varint(), () => ({ id: readId(r), consumer: r.str(), time: r.f64(), deliveries: r.varint() }))],
      }))],
    }
    return Stream.fromData(entries, data, { maxBytes: limits.streamNodeMaxBytes, maxEntries: limits.streamNodeMaxEntries })
  },
}

export const valueCodecs: readonly ValueTypeCodec[] = [listCodec, setCodec, zsetCodec, hashCodec, streamCodec] as unknown as readonly ValueTypeCodec[]
