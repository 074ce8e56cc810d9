/**
 * The append-only file, portable parts: the RESP text of propagated writes (with
 * SELECT when the database changes), the reader that replays a log and tells a
 * cut-off tail from a damaged middle, and the manifest of Redis 7's multi-part
 * layout (one base file, then incremental files, listed in `<name>.manifest`).
 * File I/O lives in the adapters.
 */

/** One command as RESP (a multibulk of bulk strings), as a byte string. */
export function encodeCommand(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`
  return s
}

/**
 * Turns the engine's propagated writes into AOF text. A SELECT goes before a
 * write whose database differs from the last one written to this file; MULTI
 * and EXEC arrive from the engine around transactions and are kept.
 */
export class AofLog {
  private parts: string[] = []
  private db = -1
  /** Bytes waiting in `take`. */
  pending = 0

  feed(argv: readonly string[], db: number): void {
    if (db !== this.db) {
      const select = encodeCommand(['SELECT', String(db)])
      this.parts.push(select)
      this.pending += select.length
      this.db = db
    }
    const cmd = encodeCommand(argv)
    this.parts.push(cmd)
    this.pending += cmd.length
  }

  /** A new file starts: its first write will say SELECT again. */
  newFile(): void {
    this.db = -1
  }

  /** The text fed since the last call (one byte per char). */
  take(): string {
    const s = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('')
    this.parts = []
    this.pending = 0
    return s
  }
}

export type AofReadStatus = 'ok' | 'truncated' | 'corrupt'

export interface AofReadResult {
  status: AofReadStatus
  /** The end of the last complete command (outside an unfinished MULTI): where a cut-off file is cut. */
  validEnd: number
  /** Commands replayed. */
  commands: number
  /** For 'truncated': the unfinished transaction began at validEnd; for 'corrupt': where the bad byte is. */
  inMulti: boolean
  errorAt: number
}

const CR = 13
const STAR = 42
const DOLLAR = 36

function defaultSlice(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i += 8192) s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 8192)) as unknown as number[])
  return s
}

/** Thrown by `readAof` at the byte it could not accept. */
class Bad extends Error {
  constructor(readonly truncated: boolean) {
    super(truncated ? 'truncated' : 'corrupt')
  }
}

/**
 * Replays the commands of an AOF: `run` gets each command in order. A
 * transaction's commands are passed on only once its EXEC is read, so a log cut
 * inside MULTI replays nothing of it (MULTI and EXEC themselves are not passed).
 * Stops at the first damaged byte: 'truncated' when the data simply ends early
 * (a crash during a write), 'corrupt' when a byte is wrong.
 */
export function readAof(
  buf: Uint8Array,
  run: (argv: string[]) => void,
  slice: (buf: Uint8Array, start: number, end: number) => string = defaultSlice,
  start = 0,
): AofReadResult {
  const len = buf.length
  let pos = start
  let commands = 0
  let multi: string[][] | null = null
  let multiStart = 0
  /** A decimal number ending in CRLF at `pos`; moves past it. */
  const number = (): number => {
    let n = 0
    let digits = 0
    let neg = false
    if (pos < len && buf[pos] === 45) {
      neg = true
      pos++
    }
    for (;;) {
      if (pos >= len) throw new Bad(true)
      const b = buf[pos] as number
      if (b === CR) break
      if (b < 48 || b > 57 || digits > 15) throw new Bad(false)
      n = n * 10 + (b - 48)
      digits++
      pos++
    }
    if (digits === 0) throw new Bad(false)
    if (pos + 1 >= len) throw new Bad(true)
    if (buf[pos + 1] !== 10) throw new Bad(false)
    pos += 2
    return neg ? -n : n
  }
  let cmdStart = pos
  try {
    while (pos < len) {
      cmdStart = pos
      if (buf[pos] !== STAR) throw new Bad(false)
      pos++
      const argc = number()
      if (argc < 1) throw new Bad(false)
      const argv: string[] = new Array<string>(argc)
      for (let i = 0; i < argc; i++) {
        if (pos >= len) throw new Bad(true)
        if (buf[pos] !== DOLLAR) throw new Bad(false)
        pos++
        const n = number()
        if (n < 0) throw new Bad(false)
        if (pos + n + 2 > len) {
          // a cut-off argument; its CRLF, if present, must still be right
          if (pos + n < len && buf[pos + n] !== CR) throw new Bad(false)
          throw new Bad(true)
        }
        if (buf[pos + n] !== CR || buf[pos + n + 1] !== 10) throw new Bad(false)
        argv[i] = slice(buf, pos, pos + n)
        pos += n + 2
      }
      const name = (argv[0] as string).toLowerCase()
      if (name === 'multi') {
        multi = []
        multiStart = cmdStart
      } else if (name === 'exec' && multi !== null) {
        const body = multi
        multi = null
        for (const c of body) run(c)
        commands += body.length
      } else if (multi !== null) multi.push(argv)
      else {
        run(argv)
        commands++
      }
    }
  } catch (e) {
    if (!(e instanceof Bad)) throw e
    if (e.truncated) return { status: 'truncated', validEnd: multi !== null ? multiStart : cmdStart, commands, inMulti: multi !== null, errorAt: cmdStart }
    return { status: 'corrupt', validEnd: multi !== null ? multiStart : cmdStart, commands, inMulti: multi !== null, errorAt: pos }
  }
  if (multi !== null) return { status: 'truncated', validEnd: multiStart, commands, inMulti: true, errorAt: multiStart }
  return { status: 'ok', validEnd: len, commands, inMulti: false, errorAt: -1 }
}

// ---- the manifest (Redis 7 multi-part AOF) ----

export type AofFileType = 'b' | 'i' | 'h'

export interface AofFileInfo {
  readonly file: string
  readonly seq: number
  readonly type: AofFileType
}

/** The base (snapshot of the data when the last rewrite began), then the writes since, in order. */
export interface AofManifest {
  base: AofFileInfo | null
  incrs: AofFileInfo[]
}

/** What a manifest says went wrong: the loader refuses to start with it. */
export class AofManifestError extends Error {
  override name = 'AofManifestError'
}

/** File names as Redis 7 makes them; our base is a redlet snapshot, hence its own suffix. */
export const aofNames = {
  manifest: (prefix: string): string => `${prefix}.manifest`,
  base: (prefix: string, seq: number): string => `${prefix}.${seq}.base.redlet`,
  incr: (prefix: string, seq: number): string => `${prefix}.${seq}.incr.aof`,
  /** A base being written by a rewrite, until it is complete. */
  temp: (prefix: string, seq: number): string => `temp-${prefix}.${seq}.base.redlet`,
}

function quote(name: string): string {
  return /^[!-~]+$/.test(name) && !/["'\\]/.test(name) ? name : `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

export function formatManifest(m: AofManifest): string {
  const line = (f: AofFileInfo): string => `file ${quote(f.file)} seq ${f.seq} type ${f.type}\n`
  return (m.base ? line(m.base) : '') + m.incrs.map(line).join('')
}

function tokens(line: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++
    if (i >= line.length) break
    let t = ''
    if (line[i] === '"') {
      i++
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++
        t += line[i]
        i++
      }
      if (i >= line.length) throw new AofManifestError('Invalid AOF manifest file format: unbalanced quotes')
      i++
    } else while (i < line.length && line[i] !== ' ' && line[i] !== '\t') t += line[i++]
    out.push(t)
  }
  return out
}

/** Reads a manifest; history entries (`type h`) are left out. Throws AofManifestError. */
export function parseManifest(text: string): AofManifest {
  const m: AofManifest = { base: null, incrs: [] }
  let lineNo = 0
  for (const raw of text.split('\n')) {
    lineNo++
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const t = tokens(line)
    if (t.length % 2 !== 0) throw new AofManifestError(`Invalid AOF manifest file format at line ${lineNo}`)
    const kv = new Map<string, string>()
    for (let i = 0; i < t.length; i += 2) kv.set(t[i] as string, t[i + 1] as string)
    const file = kv.get('file')
    const seq = Number(kv.get('seq'))
    const type = kv.get('type')
    if (file === undefined || file === '' || !Number.isSafeInteger(seq) || seq < 1 || (type !== 'b' && type !== 'i' && type !== 'h')) {
      throw new AofManifestError(`Invalid AOF manifest file format at line ${lineNo}`)
    }
    if (file.includes('/')) throw new AofManifestError(`Invalid AOF file name in the manifest at line ${lineNo}: ${file}`)
    const info: AofFileInfo = { file, seq, type }
    if (type === 'b') {
      if (m.base !== null) throw new AofManifestError('Found duplicate base file information in the AOF manifest')
      m.base = info
    } else if (type === 'i') {
      const last = m.incrs[m.incrs.length - 1]
      if (last !== undefined && last.seq >= seq) throw new AofManifestError('Found a non-monotonic sequence number in the AOF manifest')
      m.incrs.push(info)
    }
  }
  if (m.base === null && m.incrs.length === 0) throw new AofManifestError('Found an empty AOF manifest')
  return m
}

/** The next sequence numbers for a rewrite: one past the highest in use. */
export function nextSeqs(m: AofManifest): { base: number; incr: number } {
  const lastIncr = m.incrs[m.incrs.length - 1]
  return { base: (m.base?.seq ?? 0) + 1, incr: (lastIncr?.seq ?? 0) + 1 }
}
