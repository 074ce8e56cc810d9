/**
 * A raw RESP test client: sends commands as bytes and returns each reply as the
 * exact bytes the server wrote, so tests can compare servers byte for byte.
 */
import { connect, type Socket } from 'node:net'
import { encodeCommand } from '../../src/resp/index.js'

/** End offset of the complete RESP value starting at `pos`, or -1 if incomplete. */
export function replyEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1
  const nl = buf.indexOf('\r\n', pos)
  if (nl < 0) return -1
  const type = String.fromCharCode(buf[pos] as number)
  const head = buf.toString('latin1', pos + 1, nl)
  const after = nl + 2
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return after
    case '$':
    case '=':
    case '!': {
      const n = Number(head)
      if (n < 0) return after
      return buf.length >= after + n + 2 ? after + n + 2 : -1
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = Number(head)
      if (n < 0) return after
      if (type === '%' || type === '|') n *= 2
      let p = after
      for (let i = 0; i < n; i++) {
        p = replyEnd(buf, p)
        if (p < 0) return -1
      }
      if (type === '|') {
        // an attribute precedes the actual reply
        return replyEnd(buf, p)
      }
      return p
    }
    default:
      throw new Error(`bad RESP type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.toString('latin1', pos, pos + 40))}`)
  }
}

export type Arg = string | number | Buffer

function toByteString(a: Arg): string {
  if (Buffer.isBuffer(a)) return a.toString('latin1')
  return Buffer.from(String(a), 'utf8').toString('latin1')
}

export class RespClient {
  private buf = Buffer.alloc(0)
  private waiters: { resolve: (b: Buffer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = []
  private closedFlag = false
  private closeWaiters: (() => void)[] = []

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d])
      this.drain()
    })
    socket.on('close', () => {
      this.closedFlag = true
      for (const w of this.waiters.splice(0)) {
        clearTimeout(w.timer)
        w.reject(new Error('connection closed'))
      }
      for (const c of this.closeWaiters.splice(0)) c()
    })
    socket.on('error', () => {})
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => resolve(new RespClient(s)))
      s.once('error', reject)
    })
  }

  get closed(): boolean {
    return this.closedFlag
  }

  /** Resolves when the server closes the connection. */
  waitClosed(timeoutMs = 2000): Promise<boolean> {
    if (this.closedFlag) return Promise.resolve(true)
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs)
      this.closeWaiters.push(() => {
        clearTimeout(t)
        resolve(true)
      })
    })
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const end = replyEnd(this.buf, 0)
      if (end < 0) return
      const w = this.waiters.shift()
      if (!w) return
      clearTimeout(w.timer)
      const out = this.buf.subarray(0, end)
      this.buf = this.buf.subarray(end)
      w.resolve(Buffer.from(out))
    }
  }

  /** Writes raw bytes without waiting for anything. */
  writeRaw(data: Buffer | string): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data)
  }

  /** Sends a command without waiting for its reply. */
  send(...args: Arg[]): void {
    this.socket.write(encodeCommand(args.map(toByteString)))
  }

  /** The next reply's bytes. */
  read(timeoutMs = 5000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.findIndex((w) => w.timer === timer)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(new Error(`no reply within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiters.push({ resolve, reject, timer })
      this.drain()
    })
  }

  /** True when no reply arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms))
    return replyEnd(this.buf, 0) < 0
  }

  /** Sends a command and returns its reply bytes. */
  async call(...args: Arg[]): Promise<Buffer> {
    const p = this.read()
    this.send(...args)
    return p
  }

  /** Sends a command and returns its reply as a latin1 string (easy to compare and print). */
  async cmd(...args: Arg[]): Promise<string> {
    return (await this.call(...args)).toString('latin1')
  }

  close(): void {
    this.socket.destroy()
  }
}

/** Parses one reply's bytes into JS values, for assertions that ignore order. */
export function parseReply(buf: Buffer): unknown {
  const [v] = parseAt(buf, 0)
  return v
}

function parseAt(buf: Buffer, pos: number): [unknown, number] {
  const nl = buf.indexOf('\r\n', pos)
  const type = String.fromCharCode(buf[pos] as number)
  const head = buf.toString('latin1', pos + 1, nl)
  const after = nl + 2
  switch (type) {
    case '+':
      return [head, after]
    case '-':
      return [{ error: head }, after]
    case ':':
      return [BigInt(head) >= BigInt(Number.MIN_SAFE_INTEGER) && BigInt(head) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(head) : BigInt(head), after]
    case '_':
      return [null, after]
    case ',':
      return [head, after]
    case '#':
      return [head === 't', after]
    case '(':
      return [BigInt(head), after]
    case '$':
    case '=': {
      const n = Number(head)
      if (n < 0) return [null, after]
      return [buf.toString('latin1', after, after + n), after + n + 2]
    }
    default: {
      let n = Number(head)
      if (n < 0) return [null, after]
      if (type === '%') n *= 2
      const out: unknown[] = []
      let p = after
      for (let i = 0; i < n; i++) {
        const [v, np] = parseAt(buf, p)
        out.push(v)
        p = np
      }
      return [out, p]
    }
  }
}
