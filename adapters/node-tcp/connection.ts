/**
 * One TCP client: decodes commands from socket chunks, dispatches them in order,
 * and writes the replies of a batch in one write.
 */
import type { Socket } from 'node:net'
import {
  CommandDecoder,
  Engine,
  error,
  parseOutputBufferLimits,
  postponeUntil,
  protocolError,
  ProtocolError,
  ReplyWriter,
  type Protocol,
  type ClientIoSource,
  type ClientIoStats,
  type Reply,
  type ReplySink,
  type Session,
} from '../../src/index.js'
import { alloc, latin1Slice, latin1Write } from './buffers.js'

/** Stop reading from a client whose unread replies pile up past this (flow control, not a limit). */
const PAUSE_AT = 64 * 1024 * 1024
/** The reply writer's buffer size, reported as CLIENT LIST's rbs. */
const REPLY_BUFFER = 16384

/** An address as Redis prints it: `ip:port`, `[ipv6]:port`; IPv4 clients of a dual-stack socket as IPv4. */
function peerId(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? '?'
  if (a.startsWith('::ffff:') && a.includes('.')) a = a.slice(7)
  return a.includes(':') ? `[${a}]:${port ?? 0}` : `${a}:${port ?? 0}`
}

type OutputLimit = readonly [hard: number, soft: number, seconds: number]

/**
 * What every connection of one engine reads per command or per batch: settings
 * cached from the config (re-read when it changes) and the I/O counters INFO shows.
 */
export interface TcpShared {
  maxBulkLen: number
  maxQueryBuffer: number
  /** client-output-buffer-limit of normal and pub/sub clients. */
  normalLimit: OutputLimit
  pubsubLimit: OutputLimit
  netInput: number
  netOutput: number
  reads: number
  writes: number
}

const CACHED_CONFIG = new Set(['proto-max-bulk-len', 'client-query-buffer-limit', 'client-output-buffer-limit'])
const sharedState = new WeakMap<Engine, TcpShared>()

/** The engine's shared TCP state, created with its config listener on first use. */
export function tcpShared(engine: Engine): TcpShared {
  let st = sharedState.get(engine)
  if (st !== undefined) return st
  const state: TcpShared = { maxBulkLen: 0, maxQueryBuffer: 0, normalLimit: [0, 0, 0], pubsubLimit: [0, 0, 0], netInput: 0, netOutput: 0, reads: 0, writes: 0 }
  const read = (): void => {
    const c = engine.config
    state.maxBulkLen = c.getInt('proto-max-bulk-len')
    state.maxQueryBuffer = c.getInt('client-query-buffer-limit')
    const limits = parseOutputBufferLimits(c.get('client-output-buffer-limit'))
    state.normalLimit = limits['normal'] ?? [0, 0, 0]
    state.pubsubLimit = limits['pubsub'] ?? [0, 0, 0]
  }
  read()
  engine.config.onChange((name) => {
    if (CACHED_CONFIG.has(name)) read()
  })
  sharedState.set(engine, (st = state))
  return st
}

/** Connections whose replies go out at the end of this event-loop turn. */
const flushQueue: Connection[] = []

function flushAll(): void {
  for (let i = 0; i < flushQueue.length; i++) (flushQueue[i] as Connection).flushQueuedReplies()
  flushQueue.length = 0
}

export interface ConnectionHost {
  readonly engine: Engine
  /** A session blocked with a deadline: the host arms a timer for it. */
  armDeadline(deadline: number): void
  closed(conn: Connection): void
}

export class Connection implements ReplySink, ClientIoSource {
  readonly session: Session
  private readonly shared: TcpShared
  private readonly decoder: CommandDecoder
  private readonly writer = new ReplyWriter({ alloc, writeLatin1: latin1Write, size: REPLY_BUFFER })
  private replyPeak = 0
  private processing = false
  /** A command held back by CLIENT PAUSE. */
  private postponed: string[] | null = null
  private flushScheduled = false
  private flushQueued = false
  private ended = false
  private paused = false
  private softSince = 0
  /** Replies wait for the AOF (engine.persistence.holdReplies); `resume` sends them. */
  private held = false
  private endWhenSent = false
  private readonly resume = (): void => {
    this.held = false
    this.flush()
    if (this.endWhenSent && !this.held) this.end()
  }

  constructor(
    private readonly host: ConnectionHost,
    private readonly socket: Socket,
  ) {
    const engine = host.engine
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1
    this.session = engine.createSession(this, {
      kind: 'tcp',
      addr: peerId(socket.remoteAddress, socket.remotePort),
      laddr: peerId(socket.localAddress, socket.localPort),
      fd,
    })
    const shared = (this.shared = tcpShared(engine))
    this.decoder = new CommandDecoder({
      latin1Slice,
      alloc,
      maxBulkLen: () => shared.maxBulkLen,
      maxQueryBuffer: () => shared.maxQueryBuffer,
      authenticated: () => this.session.authenticated,
    })
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('drain', () => this.onDrain())
    socket.on('error', () => this.teardown())
    socket.on('close', () => this.teardown())
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return
    const shared = this.shared
    shared.netInput += chunk.length
    shared.reads++
    try {
      this.decoder.push(chunk)
    } catch (e) {
      this.protocolFailure(e)
      return
    }
    this.run()
  }

  /** Runs decoded commands until the input is used up, the session blocks or it is closing. */
  private run(): void {
    if (this.ended || this.processing) return
    const engine = this.host.engine
    const s = this.session
    this.processing = true
    let stamped = false
    try {
      while (s.blocked === null && !s.closing) {
        let argv: string[] | null = this.postponed
        if (argv === null) {
          try {
            argv = this.decoder.next()
          } catch (e) {
            this.processing = false
            this.protocolFailure(e)
            return
          }
        }
        if (argv === null) break
        // CLIENT PAUSE: the command waits, and the ones after it, until the pause ends
        const until = postponeUntil(engine, s, argv)
        if (until !== 0) {
          this.postponed = argv
          this.host.armDeadline(until)
          break
        }
        this.postponed = null
        if (!stamped) {
          // the engine leaves TCP sessions' lastInteraction to us: one clock read per batch
          s.lastInteraction = engine.clock.now()
          stamped = true
        }
        engine.dispatch(s, argv)
      }
    } finally {
      this.processing = false
    }
    if (s.blocked !== null && s.blocked.deadline !== 0) this.host.armDeadline(s.blocked.deadline)
    if (s.closing) {
      this.flush()
      this.end()
    } else this.flushLater()
  }

  /**
   * Sends this batch's replies at the end of the event-loop turn, after every
   * client that had input in it ran (as Redis writes in beforeSleep): the
   * writes leave together, and the peer wakes once for them, not once each.
   */
  private flushLater(): void {
    if (this.flushQueued || this.writer.pending === 0) return
    this.flushQueued = true
    if (flushQueue.push(this) === 1) setImmediate(flushAll)
  }

  /** Runs from flushAll. */
  flushQueuedReplies(): void {
    this.flushQueued = false
    this.flush()
  }

  private protocolFailure(e: unknown): void {
    if (!(e instanceof ProtocolError)) throw e
    const text = protocolError(e.kind, e.byte)
    if (text !== null) this.writer.write(error(text), this.session.proto)
    this.flush()
    this.end()
  }

  write(reply: Reply, proto: Protocol): void {
    if (this.ended) return
    this.writer.write(reply, proto)
    if (!this.processing) this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    queueMicrotask(() => {
      this.flushScheduled = false
      this.flush()
    })
  }

  private flush(): void {
    const pending = this.writer.pending
    // with the AOF on, replies leave once the writes they acknowledge are written (and fsynced under `always`)
    if (this.held || (pending !== 0 && !this.ended && this.host.engine.persistence?.holdReplies(this.resume) === true)) {
      this.held = true
      return
    }
    if (pending > this.replyPeak) this.replyPeak = pending
    const bytes = this.writer.take()
    if (bytes === null || this.ended) return
    const shared = this.shared
    shared.netOutput += bytes.length
    shared.writes++
    // client-output-buffer-limit: what waits to be sent, this batch included (Redis drops the client unsent)
    if (this.overOutputLimit(this.socket.writableLength + bytes.length)) {
      this.close()
      return
    }
    this.socket.write(bytes)
    const unsent = this.socket.writableLength
    // all of it went to the kernel at once: the writer may fill its buffer again from the start
    if (unsent === 0) this.writer.recycle()
    if (unsent > PAUSE_AT && !this.paused) {
      this.paused = true
      this.socket.pause()
    }
  }

  /** client-output-buffer-limit of the client's class (pubsub while subscribed, else normal): hard at once, soft after its seconds. */
  private overOutputLimit(pending: number): boolean {
    const limit = this.session.subscriptionCount !== 0 ? this.shared.pubsubLimit : this.shared.normalLimit
    const hard = limit[0]
    const soft = limit[1]
    if (hard === 0 && soft === 0) return false
    if (hard !== 0 && pending >= hard) return true
    if (soft !== 0 && pending >= soft) {
      const now = this.host.engine.clock.now()
      if (this.softSince === 0) this.softSince = now
      else if (now - this.softSince > limit[2] * 1000) return true
    } else this.softSince = 0
    return false
  }

  /** Buffer figures for CLIENT LIST and INFO. */
  clientIo(): ClientIoStats {
    const peak = Math.max(this.replyPeak, this.writer.pending)
    this.replyPeak = 0
    return {
      queryBuffer: this.decoder.buffered,
      queryBufferFree: 0,
      replyBufferSize: REPLY_BUFFER,
      replyBufferPeak: peak,
      outputBuffer: this.writer.pending,
      outputMemory: this.socket.writableLength,
    }
  }

  private onDrain(): void {
    if (this.paused) {
      this.paused = false
      this.socket.resume()
    }
  }

  /** Runs a command CLIENT PAUSE held back, once the pause is over. */
  resumePostponed(): void {
    if (this.postponed !== null) setImmediate(() => this.run())
  }

  unblocked(): void {
    // Replies of a blocked session arrive during another client's command: send them, then run what queued up.
    this.scheduleFlush()
    setImmediate(() => this.run())
  }

  /** Engine-initiated close (CLIENT KILL, timeout, limits): drop the client now. */
  close(): void {
    this.teardown()
    this.socket.destroy()
  }

  private end(): void {
    if (this.ended) return
    if (this.held) {
      this.endWhenSent = true
      return
    }
    this.socket.end()
    this.teardown()
  }

  private teardown(): void {
    if (this.ended) return
    this.ended = true
    this.host.engine.closeSession(this.session)
    this.host.closed(this)
  }
}
