/**
 * CLIENT LIST / CLIENT INFO lines and client types, in Redis 7.0's format, with
 * the values a session can honestly give.
 */
import type { Engine } from '../engine.js'
import { CommandError, Err } from '../errors.js'
import type { Session } from '../session.js'

/**
 * What a transport can tell about a client's buffers. A reply sink may offer
 * it as `clientIo()`; sinks without buffers report zeros.
 */
export interface ClientIoStats {
  /** Bytes received and not yet parsed into commands. */
  readonly queryBuffer: number
  /** Room left in the current receive buffer. */
  readonly queryBufferFree: number
  /** Size of the reply buffer, and its peak use since the last report. */
  readonly replyBufferSize: number
  readonly replyBufferPeak: number
  /** Reply bytes encoded but not yet handed to the socket. */
  readonly outputBuffer: number
  /** Reply bytes handed to the socket and not yet sent. */
  readonly outputMemory: number
}

export interface ClientIoSource {
  clientIo(): ClientIoStats
}

const NO_IO: ClientIoStats = {
  queryBuffer: 0,
  queryBufferFree: 0,
  replyBufferSize: 0,
  replyBufferPeak: 0,
  outputBuffer: 0,
  outputMemory: 0,
}

/** The buffer figures of a session's transport. */
export function clientIo(s: Session): ClientIoStats {
  const src = s.sink as Partial<ClientIoSource>
  return typeof src.clientIo === 'function' ? src.clientIo() : NO_IO
}

/** Client types of CLIENT LIST TYPE and CLIENT KILL TYPE. */
export type ClientType = 'normal' | 'master' | 'replica' | 'pubsub'

/** Parses a client type name as Redis does (`slave` is `replica`); null when unknown. */
export function parseClientType(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal'
    case 'master':
      return 'master'
    case 'replica':
    case 'slave':
      return 'replica'
    case 'pubsub':
      return 'pubsub'
    default:
      return null
  }
}

export function clientType(s: Session): ClientType {
  // Redis flags a client as pub/sub while it holds a subscription, in either protocol
  return s.subscriptionCount !== 0 ? 'pubsub' : 'normal'
}

/** The sessions that are clients (the engine's internal script session is not one). */
export function clientSessions(engine: Engine): Session[] {
  return [...engine.sessions.values()]
}

function flagsOf(s: Session): string {
  let f = s.monitor ? 'O' : ''
  if (s.subscriptionCount !== 0) f += 'P'
  if (s.multi !== null) f += 'x'
  if (s.blocked !== null) f += 'b'
  const t = s.tracking
  if (t !== null) f += 't' + (t.brokenRedirect ? 'R' : '') + (t.bcast ? 'B' : '')
  if (s.watchDirty) f += 'd'
  if (s.closing) f += 'c'
  if (s.noEvict) f += 'e'
  // 7.2 adds T for CLIENT NO-TOUCH after e
  if (s.noTouch) f += 'T'
  return f === '' ? 'N' : f
}

function argvBytes(argv: readonly string[]): number {
  let n = 0
  for (const a of argv) n += a.length
  return n
}

/** One client's line (without the trailing newline). `current` is the argv running now for this session. */
export function clientInfoLine(engine: Engine, s: Session, current: readonly string[] | null): string {
  const now = engine.clock.now()
  const io = clientIo(s)
  const argvMem = current !== null ? argvBytes(current) : s.blocked !== null ? argvBytes(s.blocked.argv) : 0
  let multiMem = 0
  if (s.multi !== null) for (const q of s.multi) multiMem += argvBytes(q.argv) + 8 * q.argv.length
  const totMem = io.queryBuffer + io.queryBufferFree + argvMem + multiMem + io.replyBufferSize + io.outputMemory
  return (
    `id=${s.id} addr=${s.addr} laddr=${s.laddr} fd=${s.fd} name=${s.name}` +
    ` age=${Math.floor((now - s.createdAt) / 1000)} idle=${Math.floor((now - s.lastInteraction) / 1000)}` +
    ` flags=${flagsOf(s)} db=${s.db} sub=${s.channels?.size ?? 0} psub=${s.patterns?.size ?? 0} ssub=${s.shardChannels?.size ?? 0}` +
    ` multi=${s.multi !== null ? s.multi.length : -1} qbuf=${io.queryBuffer} qbuf-free=${io.queryBufferFree}` +
    ` argv-mem=${argvMem} multi-mem=${multiMem} rbs=${io.replyBufferSize} rbp=${io.replyBufferPeak}` +
    ` obl=${io.outputBuffer} oll=0 omem=${io.outputMemory} tot-mem=${totMem}` +
    ` events=${io.outputMemory + io.outputBuffer > 0 ? 'rw' : 'r'} cmd=${s.lastCommand} user=${s.user} redir=${s.tracking?.redirect ?? -1} resp=${s.proto}`
  )
}

/** Validates a client name (CLIENT SETNAME, HELLO SETNAME): printable ASCII without spaces. */
export function checkClientName(name: string): void {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 33 || c > 126) throw new CommandError(Err.clientNameSpaces)
  }
}
