/**
 * Streams in RDB_TYPE_STREAM_LISTPACKS(_2): radix tree nodes as (16-byte
 * big-endian master ID, listpack) pairs, then the counters, then the consumer
 * groups with their PELs. Each node's listpack holds the master entry (count,
 * deleted, master fields, 0) and per entry: flags, ID deltas from the master
 * ID, the fields (or only the values when they equal the master fields), and
 * the entry's element count.
 */
import { cmpId, idKeyBytes, u64, type StreamId, type U64 } from '../stream-id.js'
import { Stream, type StreamData } from '../values/stream.js'
import type { EncodingLimits } from '../values/types.js'
import { lpBuild, lpDecode, lpEntry } from './listpack.js'
import { fail, type RdbReader, type RdbWriter } from './rdb-io.js'

const F_DELETED = 1
const F_SAMEFIELDS = 2

function be64(s: string, at: number): bigint {
  let v = 0n
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(s.charCodeAt(at + i))
  return v
}

function rawId(s: string): StreamId {
  return { ms: u64(be64(s, 0)), seq: u64(be64(s, 8)) }
}

function int(s: string | undefined): bigint {
  if (s === undefined || !/^-?\d+$/.test(s)) fail('bad stream listpack integer')
  return BigInt(s)
}

function smallInt(s: string | undefined, max: number): number {
  const v = int(s)
  if (v < 0n || v > BigInt(max)) fail('bad stream listpack count')
  return Number(v)
}

/** The live entries of one node's listpack, appended to `out` in order. */
function readNode(key: string, lp: string, out: [StreamId, string[]][]): void {
  if (key.length !== 16) fail('bad stream node key')
  const items = lpDecode(lp)
  if (items.length === 0) fail('empty stream listpack')
  const masterMs = be64(key, 0)
  const masterSeq = be64(key, 8)
  let i = 2
  const nf = smallInt(items[i++], items.length)
  const fields = items.slice(i, i + nf)
  i += nf
  if (nf === 0 || fields.length !== nf || items[i++] !== '0') fail('bad master entry')
  while (i < items.length) {
    const start = i
    const flags = smallInt(items[i++], 3)
    const id = {
      ms: u64(BigInt.asUintN(64, masterMs + int(items[i++]))),
      seq: u64(BigInt.asUintN(64, masterSeq + int(items[i++]))),
    }
    const fv: string[] = []
    if (flags & F_SAMEFIELDS) {
      for (const f of fields) {
        const v = items[i++]
        if (v === undefined) fail('truncated stream entry')
        fv.push(f, v)
      }
    } else {
      const n = smallInt(items[i++], items.length)
      if (n === 0 || i + 2 * n > items.length) fail('truncated stream entry')
      for (let k = 0; k < 2 * n; k++) fv.push(items[i++] as string)
    }
    if (smallInt(items[i++], items.length) !== i - start - 1) fail('bad stream entry count')
    if (flags & F_DELETED) continue
    const prev = out[out.length - 1]
    if (prev !== undefined && cmpId(prev[0], id) >= 0) fail('stream IDs out of order')
    out.push([id, fv])
  }
}

function readId(r: RdbReader): StreamId {
  return { ms: r.u64(), seq: r.u64() }
}

export function readStream(r: RdbReader, v2: boolean, limits: EncodingLimits): Stream {
  const entries: [StreamId, string[]][] = []
  const nodes = r.count(2)
  for (let i = 0; i < nodes; i++) readNode(r.string(), r.string(), entries)
  const length = r.u64()
  if (length !== entries.length) fail('stream length mismatch')
  const lastId = readId(r)
  const data: StreamData = {
    lastId,
    firstId: v2 ? readId(r) : (entries[0]?.[0] ?? { ms: 0, seq: 0 }),
    maxDeletedId: v2 ? readId(r) : { ms: 0, seq: 0 },
    entriesAdded: v2 ? r.u64() : entries.length,
    groups: [],
  }
  const last = entries[entries.length - 1]
  if (last !== undefined && cmpId(last[0], lastId) > 0) fail('entry beyond last ID')
  const ngroups = r.count()
  const names = new Set<string>()
  for (let g = 0; g < ngroups; g++) {
    const name = r.string()
    if (names.has(name)) fail('duplicate group')
    names.add(name)
    const groupLast = readId(r)
    const entriesRead = v2 ? r.u64() : 0
    const pel = new Map<string, { id: StreamId; time: number; deliveries: number; consumer: string | null }>()
    const npel = r.count(16)
    for (let k = 0; k < npel; k++) {
      const raw = r.raw(16)
      if (pel.has(raw)) fail('duplicate PEL entry')
      const time = r.millis()
      const deliveries = r.u64()
      pel.set(raw, { id: rawId(raw), time, deliveries: Number(deliveries), consumer: null })
    }
    const consumers: { name: string; seenTime: number }[] = []
    const cnames = new Set<string>()
    const ncons = r.count()
    for (let c = 0; c < ncons; c++) {
      const cname = r.string()
      if (cnames.has(cname)) fail('duplicate consumer')
      cnames.add(cname)
      consumers.push({ name: cname, seenTime: r.millis() })
      const n = r.count(16)
      for (let k = 0; k < n; k++) {
        const nack = pel.get(r.raw(16))
        if (nack === undefined || nack.consumer !== null) fail('consumer PEL entry not in group PEL')
        nack.consumer = cname
      }
    }
    const pending = [...pel.values()].sort((a, b) => cmpId(a.id, b.id)).map((p) => {
      if (p.consumer === null) fail('PEL entry without consumer')
      return { id: p.id, consumer: p.consumer, time: p.time, deliveries: p.deliveries }
    })
    data.groups.push({ name, lastId: groupLast, entriesRead: entriesRead === 2n ** 64n - 1n ? -1 : entriesRead, consumers, pending })
  }
  const s = Stream.fromData(entries, data, { maxBytes: limits.streamNodeMaxBytes, maxEntries: limits.streamNodeMaxEntries })
  if (!v2 && s.groups !== null) for (const g of s.groups.values()) g.entriesRead = s.estimateEntriesRead(g.lastId)
  return s
}

function writeId(w: RdbWriter, id: StreamId): void {
  w.u64(id.ms)
  w.u64(id.seq)
}

function delta(a: U64, b: U64): bigint {
  return BigInt.asIntN(64, BigInt(a) - BigInt(b))
}

/** RDB_TYPE_STREAM_LISTPACKS_2 body, node by node as redlet keeps them (which follows Redis's node rules). */
export function writeStream(w: RdbWriter, s: Stream): void {
  w.length(s.nodes.length)
  for (const node of s.nodes) {
    const master = node.id(0)
    const fields = node.fields
    const body: string[] = []
    let live = 0
    for (let i = 0; i < node.total; i++) {
      const deleted = node.isDeleted(i)
      if (!deleted) live++
      const id = node.id(i)
      const fv = node.fieldValues(i)
      const n = fv.length / 2
      let same = n === fields.length
      for (let k = 0; same && k < n; k++) same = fv[2 * k] === fields[k]
      body.push(lpEntry((deleted ? F_DELETED : 0) | (same ? F_SAMEFIELDS : 0)), lpEntry(delta(id.ms, master.ms)), lpEntry(delta(id.seq, master.seq)))
      if (same) {
        for (let k = 1; k < fv.length; k += 2) body.push(lpEntry(fv[k] as string))
        body.push(lpEntry(n + 3))
      } else {
        body.push(lpEntry(n))
        for (const x of fv) body.push(lpEntry(x))
        body.push(lpEntry(2 * n + 4))
      }
    }
    const head = [lpEntry(live), lpEntry(node.total - live), lpEntry(fields.length), ...fields.map((f) => lpEntry(f)), lpEntry(0)]
    w.string(idKeyBytes(master))
    w.string(lpBuild(head.concat(body)))
  }
  const d = s.toData()
  w.u64(s.size)
  writeId(w, d.lastId)
  writeId(w, d.firstId)
  writeId(w, d.maxDeletedId)
  w.u64(d.entriesAdded)
  w.length(d.groups.length)
  for (const g of d.groups) {
    w.string(g.name)
    writeId(w, g.lastId)
    w.u64(g.entriesRead)
    const pending = [...g.pending].sort((a, b) => cmpId(a.id, b.id))
    w.length(pending.length)
    for (const p of pending) {
      w.raw(idKeyBytes(p.id))
      w.uintLE(p.time, 8)
      w.u64(p.deliveries)
    }
    const byConsumer = new Map<string, StreamId[]>()
    for (const p of pending) {
      const ids = byConsumer.get(p.consumer)
      if (ids === undefined) byConsumer.set(p.consumer, [p.id])
      else ids.push(p.id)
    }
    w.length(g.consumers.length)
    for (const c of g.consumers) {
      w.string(c.name)
      w.uintLE(c.seenTime, 8)
      const mine = byConsumer.get(c.name) ?? []
      w.length(mine.length)
      for (const id of mine) w.raw(idKeyBytes(id))
    }
  }
}
