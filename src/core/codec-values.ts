/** How each collection type is written by the value codec (codec.ts). Tags are stable forever. */
import type { ValueTypeCodec } from './codec.js'
import type { ByteReader, ByteWriter } from './codec-io.js'
import { HashValue } from './values/hash.js'
import { ListValue } from './values/list.js'
import { SetValue } from './values/set.js'
import { SortedSetValue } from './values/sorted-set.js'
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

export const valueCodecs: readonly ValueTypeCodec[] = [listCodec, setCodec, zsetCodec, hashCodec] as unknown as readonly ValueTypeCodec[]
