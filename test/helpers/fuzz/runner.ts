/**
 * Runs one fuzzed sequence against redis-server and redlet over TCP, pipelined
 * in segments, and compares every reply; then compares the full state of every
 * key the fuzzer can touch. A segment ends after each SPOP, whose random effect
 * is then reconciled so that later replies stay comparable.
 */
import { encodeCommand } from '../../../src/resp/index.js'
import { parseReply, RespClient } from '../resp-client.js'
import { exact, isError, isIntsetMember, multiset, pairsOf, randomPick, sameShape, scan, ttl } from './compare.js'
import type { Sequence } from './gen.js'
import { showStep, type Step } from './step.js'
import { ALL_KEYS } from './values.js'

type Replies = readonly Buffer[]
/** A check over the replies of both servers for the whole segment; null when they agree. */
type Check = (a: Replies, b: Replies) => string | null

export class Mismatch extends Error {}

/** Per-command counts: how often each command ran, and how often the oracle did not reply with an error. */
export class Stats {
  readonly byCommand = new Map<string, { n: number; ok: number }>()
  recording = true
  /** Lex-range commands left out because the set mixed scores in a skiplist. */
  skipped = 0

  add(args: readonly string[], reply: Buffer): void {
    if (!this.recording) return
    const name = (args[0] as string).toUpperCase() + (/^object$/i.test(args[0] as string) && args[1] ? ' ' + args[1].toUpperCase() : '')
    const s = this.byCommand.get(name) ?? { n: 0, ok: 0 }
    s.n++
    if (!isError(reply)) s.ok++
    this.byCommand.set(name, s)
  }

  get total(): number {
    let n = 0
    for (const s of this.byCommand.values()) n += s.n
    return n
  }

  get ok(): number {
    let n = 0
    for (const s of this.byCommand.values()) n += s.ok
    return n
  }

  report(): string {
    const rows = [...this.byCommand.entries()].sort((x, y) => y[1].n - x[1].n)
    const pct = (ok: number, n: number): string => `${((100 * ok) / n).toFixed(1)}%`
    const lines = rows.map(([name, s]) => `${name.padEnd(18)} ${String(s.n).padStart(6)}  ${pct(s.ok, s.n).padStart(6)}`)
    return [`${'command'.padEnd(18)} ${'runs'.padStart(6)}  ${'ok'.padStart(6)}`, ...lines, `${'TOTAL'.padEnd(18)} ${String(this.total).padStart(6)}  ${pct(this.ok, this.total).padStart(6)}`, `(${this.skipped} lex-range commands left out: mixed scores in a skiplist)`].join('\n')
  }
}

const SMALL = new Set(['listpack', 'intset'])
/** The encoding reported by an OBJECT ENCODING reply, '' for nil or an error. */
const encodingOf = (r: Buffer): string => {
  const v = parseReply(r)
  return typeof v === 'string' ? v : ''
}

class Segment {
  readonly argv: string[][] = []
  readonly checks: { check: Check; label: () => string }[] = []

  add(args: readonly string[], check: Check | null, label?: () => string): number {
    const at = this.argv.length
    this.argv.push([...args])
    if (check) this.checks.push({ check, label: label ?? (() => args.join(' ')) })
    return at
  }
}

export interface Pair {
  redis: RespClient
  redlet: RespClient
}

export class Runner {
  constructor(
    private readonly pair: Pair,
    private readonly stats: Stats,
    /** Internal errors redlet reported (non-strict server): a failure each. */
    private readonly internalErrors: unknown[],
  ) {}

  private async exec(seg: Segment): Promise<[Replies, Replies]> {
    const bytes = Buffer.concat(seg.argv.map((a) => Buffer.from(encodeCommand(a))))
    const read = (c: RespClient): Promise<Buffer[]> => {
      const ps: Promise<Buffer>[] = []
      for (let i = 0; i < seg.argv.length; i++) ps.push(c.read(10000))
      return Promise.all(ps)
    }
    const pa = read(this.pair.redis)
    const pb = read(this.pair.redlet)
    this.pair.redis.writeRaw(bytes)
    this.pair.redlet.writeRaw(bytes)
    const [a, b] = await Promise.all([pa, pb])
    if (this.internalErrors.length > 0) {
      const e = this.internalErrors.splice(0)[0]
      throw new Mismatch(`redlet internal error: ${e instanceof Error ? e.stack : String(e)}`)
    }
    for (const { check, label } of seg.checks) {
      const problem = check(a, b)
      if (problem !== null) throw new Mismatch(`${label()}\n ${problem}`)
    }
    return [a, b]
  }

  /** Redlet alone (reconciling after SPOP). */
  private async redletOnly(argv: string[][]): Promise<Buffer[]> {
    const ps = argv.map(() => this.pair.redlet.read(10000))
    this.pair.redlet.writeRaw(Buffer.concat(argv.map((a) => Buffer.from(encodeCommand(a)))))
    return Promise.all(ps)
  }

  async setup(s: Sequence): Promise<void> {
    const seg = new Segment()
    seg.add(['FLUSHALL'], (a, b) => exact(a[0] as Buffer, b[0] as Buffer))
    seg.add(['CONFIG', 'SET', ...Object.entries(s.profile.config).flat()], (a, b) => exact(a[1] as Buffer, b[1] as Buffer))
    seg.add(['HELLO', s.resp3 ? '3' : '2'], null)
    await this.exec(seg)
  }

  /** Adds `step` (with the reads its comparison needs) to the segment; true when the segment must end after it. */
  private addStep(seg: Segment, st: Step, profileIntset: number): boolean {
    const m = st.mode
    const label = (): string => showStep(st)
    const at = seg.argv.length
    switch (m.k) {
      case 'exact':
      case 'lex':
        seg.add(st.args, (a, b) => exact(a[at] as Buffer, b[at] as Buffer), label)
        return false
      case 'multi': {
        seg.add(['MULTI'], (a, b) => exact(a[at] as Buffer, b[at] as Buffer), () => `MULTI (${label()})`)
        for (const inner of m.steps) {
          const i = seg.argv.length
          seg.add(inner.args, (a, b) => exact(a[i] as Buffer, b[i] as Buffer), () => `${showStep(inner)} (queued in ${label()})`)
        }
        const i = seg.argv.length
        seg.add(['EXEC'], (a, b) => exact(a[i] as Buffer, b[i] as Buffer), () => `EXEC of ${label()}`)
        return false
      }
      case 'ttl':
        seg.add(st.args, (a, b) => ttl(a[at] as Buffer, b[at] as Buffer), label)
        return false
      case 'keys':
        seg.add(st.args, (a, b) => multiset(a[at] as Buffer, b[at] as Buffer, false), label)
        return false
      case 'unordered': {
        const enc = seg.add(['OBJECT', 'ENCODING', m.key], (a, b) => exact(a[enc] as Buffer, b[enc] as Buffer), () => `OBJECT ENCODING ${m.key} (before ${label()})`)
        const i = seg.add(st.args, (a, b) => (SMALL.has(encodingOf(a[enc] as Buffer)) ? exact(a[i] as Buffer, b[i] as Buffer) : multiset(a[i] as Buffer, b[i] as Buffer, m.pairs)), label)
        return false
      }
      case 'scan': {
        if (m.key === null) {
          seg.add(st.args, (a, b) => scan(a[at] as Buffer, b[at] as Buffer, false, false, st.args[1] === '0'), label)
          return false
        }
        const enc = seg.add(['OBJECT', 'ENCODING', m.key], (a, b) => exact(a[enc] as Buffer, b[enc] as Buffer))
        const i = seg.add(st.args, (a, b) => {
          const e = encodingOf(a[enc] as Buffer)
          return scan(a[i] as Buffer, b[i] as Buffer, e === '' || SMALL.has(e), m.pairs, st.args[2] === '0')
        }, label)
        return false
      }
      case 'setop': {
        const ks = [...new Set(m.keys)]
        const read = (args: string[]): number => {
          const at = seg.argv.length
          return seg.add(args, (a, b) => exact(a[at] as Buffer, b[at] as Buffer), () => `${args.join(' ')} (before ${label()})`)
        }
        const reads = ks.map((k) => [read(['OBJECT', 'ENCODING', k]), read(['SCARD', k])] as const)
        const i = seg.add(st.args, (a, b) => {
          // SINTER walks the smallest input; SUNION/SDIFF build a temporary set that stays an intset
          // (sorted) while every member is an integer and it never outgrows set-max-intset-entries
          let total = 0
          let small = true
          for (const [e, c] of reads) {
            const enc = encodingOf(a[e] as Buffer)
            if (enc !== '' && enc !== 'intset') small = false
            const n = parseReply(a[c] as Buffer)
            total += typeof n === 'number' ? n : 0
          }
          return small && total <= profileIntset ? exact(a[i] as Buffer, b[i] as Buffer) : multiset(a[i] as Buffer, b[i] as Buffer, false)
        }, label)
        return false
      }
      case 'rand': {
        const read = { srandmember: ['SMEMBERS', m.key], spop: ['SMEMBERS', m.key], hrandfield: ['HGETALL', m.key], zrandmember: ['ZRANGE', m.key, '0', '-1', 'WITHSCORES'], randomkey: ['KEYS', '*'] }[m.kind]
        const pre = seg.add(read, (a, b) => multiset(a[pre] as Buffer, b[pre] as Buffer, m.kind === 'hrandfield'), () => `${read.join(' ')} (before ${label()})`)
        const i = seg.add(st.args, (a, b) => {
          const ra = a[i] as Buffer
          const rb = b[i] as Buffer
          if (isError(ra) || isError(rb) || isError(a[pre] as Buffer)) return exact(ra, rb)
          return (
            sameShape(ra, rb) ??
            prefixed('oracle', randomPick(m.kind, st.args, parseReply(a[pre] as Buffer), ra)) ??
            prefixed('redlet', randomPick(m.kind, st.args, parseReply(b[pre] as Buffer), rb))
          )
        }, label)
        return m.kind === 'spop'
      }
    }
  }

  /** Runs the steps; throws Mismatch on the first disagreement. */
  async run(s: Sequence): Promise<void> {
    await this.setup(s)
    const intsetLimit = Number(s.profile.config['set-max-intset-entries'])
    let seg = new Segment()
    let mains: [number, Step][] = []
    const flush = async (): Promise<[Replies, Replies]> => {
      const r = await this.exec(seg)
      for (const [i, st] of mains) this.stats.add(st.args, r[0][i] as Buffer)
      seg = new Segment()
      mains = []
      return r
    }
    for (const st of s.steps) {
      if (st.mode.k === 'lex') {
        await flush()
        if (!(await this.lexDefined(st.mode.key))) {
          if (this.stats.recording) this.stats.skipped++
          continue
        }
      }
      const before = seg.argv.length
      const ends = this.addStep(seg, st, intsetLimit)
      mains.push([seg.argv.length - 1, st])
      if (!ends) continue
      // SPOP: read what is left, then make redlet's set equal to the oracle's
      const k = st.mode.k === 'rand' ? st.mode.key : ''
      const encAt = seg.add(['OBJECT', 'ENCODING', k], null)
      const leftAt = seg.add(['SMEMBERS', k], null)
      const [a, b] = await flush()
      await this.reconcileSpop(k, st, a, b, before, encAt, leftAt)
    }
    await flush()
    await this.compareState()
  }

  /** Whether a lex range over `key` has one defined answer: equal scores, or a listpack (walked as Redis does, whatever the scores). */
  private async lexDefined(key: string): Promise<boolean> {
    const seg = new Segment()
    seg.add(['ZRANGE', key, '0', '-1', 'WITHSCORES'], (a, b) => exact(a[0] as Buffer, b[0] as Buffer), () => `ZRANGE ${key} 0 -1 WITHSCORES (before a lex range)`)
    seg.add(['OBJECT', 'ENCODING', key], (a, b) => exact(a[1] as Buffer, b[1] as Buffer), () => `OBJECT ENCODING ${key} (before a lex range)`)
    const [a] = await this.exec(seg)
    const enc = encodingOf(a[1] as Buffer)
    if (isError(a[0] as Buffer) || enc === '' || enc === 'listpack') return true
    const scores = new Set(pairsOf(parseReply(a[0] as Buffer)).map(([, s]) => s))
    return scores.size <= 1
  }

  private async reconcileSpop(k: string, st: Step, a: Replies, b: Replies, preAt: number, encAt: number, leftAt: number): Promise<void> {
    if (isError(a[leftAt] as Buffer)) return
    const before = parseReply(a[preAt] as Buffer)
    const left = parseReply(a[leftAt] as Buffer) as string[]
    const mine = parseReply(b[leftAt] as Buffer) as string[]
    if (left.length !== mine.length) throw new Mismatch(`${showStep(st)}\n oracle kept ${left.length} members, redlet ${mine.length}`)
    if (left.length === 0) return
    const ints = (before as string[]).filter(isIntsetMember).length
    const homogeneous = ints === 0 || ints === (before as string[]).length
    if (homogeneous) {
      // the encoding after SPOP does not depend on which members were picked
      const problem = exact(a[encAt] as Buffer, b[encAt] as Buffer)
      if (problem) throw new Mismatch(`OBJECT ENCODING ${k} after ${showStep(st)}\n ${problem}`)
      const keep = new Set(left)
      const have = new Set(mine)
      const extra = mine.filter((m) => !keep.has(m))
      const missing = left.filter((m) => !have.has(m))
      // an intset must not outgrow its limit (remove first; emptied, it comes back as an intset);
      // a hash table must not be emptied (add first; it never turns back into an intset)
      const rem = extra.length > 0 ? [['SREM', k, ...extra]] : []
      const add = missing.length > 0 ? [['SADD', k, ...missing]] : []
      await this.redletOnly(encodingOf(a[encAt] as Buffer) === 'intset' ? [...rem, ...add] : [...add, ...rem])
      return
    }
    // mixed members: SPOP may rebuild the set, and its encoding then depends on the picks; rebuild both
    const seg = new Segment()
    seg.add(['DEL', k], null)
    seg.add(['SADD', k, ...left], (x, y) => exact(x[1] as Buffer, y[1] as Buffer))
    await this.exec(seg)
  }

  /** TYPE, OBJECT ENCODING, TTL presence and content of every key, plus DBSIZE and KEYS. */
  async compareState(): Promise<void> {
    const seg = new Segment()
    for (const k of ALL_KEYS) {
      for (const args of [['TYPE', k], ['OBJECT', 'ENCODING', k], ['GET', k], ['LRANGE', k, '0', '-1'], ['ZRANGE', k, '0', '-1', 'WITHSCORES']]) {
        const at = seg.argv.length
        seg.add(args, (a, b) => exact(a[at] as Buffer, b[at] as Buffer), () => `final state: ${args.join(' ')}`)
      }
      this.addStep(seg, { args: ['PTTL', k], mode: { k: 'ttl' } }, 0)
      this.addStep(seg, { args: ['HGETALL', k], mode: { k: 'unordered', key: k, pairs: true } }, 0)
      this.addStep(seg, { args: ['SMEMBERS', k], mode: { k: 'unordered', key: k, pairs: false } }, 0)
    }
    const n = seg.argv.length
    seg.add(['DBSIZE'], (a, b) => exact(a[n] as Buffer, b[n] as Buffer), () => 'final state: DBSIZE')
    seg.add(['KEYS', '*'], (a, b) => multiset(a[n + 1] as Buffer, b[n + 1] as Buffer, false), () => 'final state: KEYS *')
    try {
      await this.exec(seg)
    } catch (e) {
      if (e instanceof Mismatch) throw new Mismatch(`(after the whole sequence) ${e.message}`)
      throw e
    }
  }
}

function prefixed(who: string, problem: string | null): string | null {
  return problem === null ? null : `${who}: ${problem}`
}

