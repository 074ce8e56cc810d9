/**
 * The TCP server: accepts clients, enforces maxclients, and drives the engine's
 * timed work (active expiry, blocking timeouts) from Node timers.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { Engine, Err, REDIS_VERSION, REDLET_VERSION, type EngineOptions } from '../../src/index.js'
import { Connection, type ConnectionHost } from './connection.js'

export interface ServerOptions extends Omit<EngineOptions, 'config'> {
  /** Port to listen on; 0 picks a free one. Default 6379. */
  port?: number
  /** Address to bind. Default 127.0.0.1. */
  host?: string
  /** Config settings by name (`requirepass`, `maxclients`, `timeout`...). */
  config?: Record<string, string | number>
  /** Serve this engine instead of a new one. */
  engine?: Engine
  /** Log lines (startup, warnings). Default: none. */
  log?: (line: string) => void
}

export interface RunningServer {
  readonly port: number
  readonly host: string
  readonly engine: Engine
  /** Stops accepting, disconnects every client and stops the timers. */
  close(): Promise<void>
}

class TcpHost implements ConnectionHost {
  readonly connections = new Set<Connection>()
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private readonly interval: NodeJS.Timeout

  constructor(
    readonly engine: Engine,
    private readonly server: Server,
  ) {
    // The engine tells when it next has work; the interval is a floor for active expiry at `hz`.
    this.interval = setInterval(() => this.tick(), Math.max(2, Math.floor(1000 / engine.config.getInt('hz'))))
  }

  private tick(): void {
    this.engine.tick()
    const next = this.engine.nextDeadline()
    if (next !== Infinity) this.armDeadline(next)
  }

  armDeadline(deadline: number): void {
    if (deadline >= this.timerAt) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = deadline
    const delay = Math.max(0, deadline - this.engine.clock.now())
    this.timer = setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      this.tick()
    }, delay)
  }

  accept(socket: Socket): void {
    const max = this.engine.config.getInt('maxclients')
    if (this.connections.size >= max) {
      this.engine.stats.rejectedConnections++
      socket.end(`-${Err.maxClients}\r\n`)
      return
    }
    this.connections.add(new Connection(this, socket))
  }

  closed(conn: Connection): void {
    this.connections.delete(conn)
  }

  stop(): void {
    clearInterval(this.interval)
    if (this.timer) clearTimeout(this.timer)
    for (const c of [...this.connections]) c.close()
    this.server.close()
  }
}

/**
 * Starts a TCP server speaking RESP, the programmatic twin of `redlet-server`.
 *
 * @example
 * ```ts
 * import { startServer } from 'redlet/node'
 * const server = await startServer({ port: 0, config: { requirepass: 'secret' } })
 * console.log(server.port)
 * await server.close()
 * ```
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = { ...(options.config ?? {}) }
  const port = options.port ?? Number(config['port'] ?? 6379)
  const host = options.host ?? String(config['bind'] ?? '127.0.0.1').split(/\s+/)[0] ?? '127.0.0.1'
  const engine =
    options.engine ??
    new Engine({
      ...options,
      config,
      hrtime: options.hrtime ?? (() => performance.now()),
      serverInfo: { process_id: process.pid, tcp_port: port, executable: process.argv[1] ?? '', ...(options.serverInfo ?? {}) },
    })
  const server = createServer()
  const tcp = new TcpHost(engine, server)
  server.on('connection', (socket) => tcp.accept(socket))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, backlog: engine.config.getInt('tcp-backlog') }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  engine.serverInfo['tcp_port'] = actualPort
  options.log?.(`redlet ${REDLET_VERSION} (Redis ${REDIS_VERSION} compatible) listening on ${host}:${actualPort}, pid ${process.pid}`)
  let closing: Promise<void> | null = null
  return {
    port: actualPort,
    host,
    engine,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.once('close', () => resolve())
        tcp.stop()
      })),
  }
}
