/**
 * The TCP server: accepts clients, enforces maxclients, and drives the engine's
 * timed work (active expiry, blocking timeouts, idle clients) from Node timers.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { arch, release, totalmem, type } from 'node:os'
import { performance } from 'node:perf_hooks'
import { AclErr, Engine, Err, onUnpause, REDIS_VERSION, REDLET_VERSION, setConfigRewriter, type EngineOptions } from '../../src/index.js'
import { Connection, tcpShared, type ConnectionHost, type TcpShared } from './connection.js'
import { NodePersistence } from './persistence/index.js'
import { installLua } from '../lua/index.js'

export interface ServerOptions extends Omit<EngineOptions, 'config'> {
  /** Port to listen on; 0 picks a free one. Default 6379 (or the `port` config). */
  port?: number
  /** Address to bind. Default 127.0.0.1 (or the first `bind` address). */
  host?: string
  /** Config settings by name (`requirepass`, `maxclients`, `timeout`...). */
  config?: Record<string, string | number>
  /** Serve this engine instead of a new one. */
  engine?: Engine
  /** Log lines (startup, warnings). Default: none. */
  log?: (line: string) => void
  /** The config file the settings came from, for INFO's config_file. */
  configFile?: string
  /** Load and save data under `dir` (AOF, snapshots, SHUTDOWN) as redis-server does. Default true. */
  persistence?: boolean
  /** After SHUTDOWN (or `shutdown` from a signal) saved what it had to and the server closed. */
  onShutdown?: () => void
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
  private readonly stopUnpause: () => void

  constructor(
    readonly engine: Engine,
    private readonly servers: Server[],
  ) {
    // The engine tells when it next has work; the interval is a floor for active expiry at `hz`.
    this.interval = setInterval(() => this.tick(), Math.max(2, Math.floor(1000 / engine.config.getInt('hz'))))
    this.stopUnpause = onUnpause(engine, () => {
      for (const c of this.connections) c.resumePostponed()
    })
  }

  private tick(): void {
    this.engine.tick()
    for (const c of this.connections) c.resumePostponed()
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
    if (this.engine.sessions.size >= max) {
      this.engine.stats.rejectedConnections++
      socket.on('error', () => {})
      socket.end(`-${Err.maxClients}\r\n`)
      socket.resume() // read on to the client's FIN, or a half-closed socket keeps the server from closing
      return
    }
    // protected mode (core/acl.ts): no password for the default user, so only loopback clients
    if (this.engine.acl.protectedModeRefuses(this.engine.config.getBool('protected-mode'), socket.remoteAddress ?? '')) {
      this.engine.stats.rejectedConnections++
      socket.on('error', () => {})
      socket.end(`-${AclErr.protectedMode}\r\n`)
      socket.resume()
      return
    }
    this.connections.add(new Connection(this, socket))
  }

  closed(conn: Connection): void {
    this.connections.delete(conn)
  }

  stop(): void {
    clearInterval(this.interval)
    this.stopUnpause()
    if (this.timer) clearTimeout(this.timer)
    for (const c of [...this.connections]) c.close()
    for (const s of this.servers) s.close()
  }
}

/** Live process figures for INFO (memory, CPU), read when INFO asks, at most every 10 ms. */
function processInfo(info: Record<string, string | number>, configFile: string | undefined, io: TcpShared): void {
  let at = 0
  let mem = process.memoryUsage()
  const memory = (): NodeJS.MemoryUsage => {
    const now = Date.now()
    if (now - at > 10) {
      mem = process.memoryUsage()
      at = now
    }
    return mem
  }
  const live = (name: string, get: () => number): void => {
    Object.defineProperty(info, name, { get, enumerable: true, configurable: true })
  }
  info['os'] = `${type()} ${release()} ${arch()}`
  info['arch_bits'] = /64/.test(arch()) ? 64 : 32
  info['multiplexing_api'] = 'libuv'
  info['monotonic_clock'] = 'Date.now()'
  info['mem_allocator'] = `v8-${process.versions.v8}`
  info['process_id'] = process.pid
  info['executable'] = process.argv[1] ?? process.execPath
  info['config_file'] = configFile ?? ''
  info['total_system_memory'] = totalmem()
  // the connections count into plain fields; CONFIG RESETSTAT zeroes them through the setters
  const counter = (name: string, field: 'netInput' | 'netOutput' | 'reads' | 'writes'): void => {
    Object.defineProperty(info, name, { get: () => io[field], set: (v: unknown) => void (io[field] = Number(v)), enumerable: true, configurable: true })
  }
  counter('total_net_input_bytes', 'netInput')
  counter('total_net_output_bytes', 'netOutput')
  counter('total_reads_processed', 'reads')
  counter('total_writes_processed', 'writes')
  // used_memory is the engine's estimate (what maxmemory limits); the process's own figures follow
  live('used_memory_rss', () => memory().rss)
  live('allocator_allocated', () => memory().heapUsed)
  live('allocator_active', () => memory().heapTotal)
  live('allocator_resident', () => memory().rss)
  live('used_cpu_sys', () => process.cpuUsage().system / 1e6)
  live('used_cpu_user', () => process.cpuUsage().user / 1e6)
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, backlog }, () => {
      server.off('error', reject)
      resolve()
    })
  })
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
  const hosts = options.host !== undefined ? [options.host] : String(config['bind'] ?? '127.0.0.1').split(/\s+/).filter((h) => h !== '')
  // Redis's `-::*` form means "this address if the system has it": plain addresses are enough here
  const binds = hosts.map((h) => h.replace(/^-/, '')).map((h) => (h === '*' ? '0.0.0.0' : h))
  if (binds.length === 0) binds.push('127.0.0.1')
  const engine =
    options.engine ??
    new Engine({
      ...options,
      config,
      hrtime: options.hrtime ?? (() => performance.now()),
      serverInfo: { ...(options.serverInfo ?? {}) },
    })
  if (engine.scripting === null) installLua(engine) // EVAL/FCALL for real clients (redlet/lua)
  processInfo(engine.serverInfo, options.configFile, tcpShared(engine))
  const configFile = options.configFile
  if (configFile) {
    // CONFIG REWRITE: the new text goes to a temporary file that then replaces the old one
    setConfigRewriter(engine, (render) => {
      try {
        const text = render(readFileSync(configFile, 'latin1'))
        writeFileSync(`${configFile}.tmp`, text, 'latin1')
        renameSync(`${configFile}.tmp`, configFile)
        return null
      } catch (e) {
        return (e as Error).message
      }
    })
  }
  // data is loaded before the port opens; SHUTDOWN closes the server, then onShutdown (the CLI exits)
  const persistence = options.persistence === false ? null : new NodePersistence(engine, { log: options.log, onShutdown: () => void running.close().then(() => options.onShutdown?.()) })
  persistence?.start()
  const servers: Server[] = []
  const tcp = new TcpHost(engine, servers)
  let actualPort = port
  try {
    for (const host of binds) {
      const server = createServer()
      server.on('connection', (socket) => tcp.accept(socket))
      await listen(server, actualPort, host, engine.config.getInt('tcp-backlog'))
      servers.push(server)
      const address = server.address()
      // every address listens on the port the first one got
      if (typeof address === 'object' && address) actualPort = address.port
    }
  } catch (e) {
    persistence?.stop()
    tcp.stop()
    throw e
  }
  engine.config.set('port', String(actualPort), true)
  engine.serverInfo['tcp_port'] = actualPort
  const host = binds[0] as string
  options.log?.(`redlet ${REDLET_VERSION} (Redis ${REDIS_VERSION} compatible) listening on ${binds.map((h) => `${h}:${actualPort}`).join(', ')}, pid ${process.pid}`)
  let closing: Promise<void> | null = null
  const running: RunningServer = {
    port: actualPort,
    host,
    engine,
    close: () => {
      if (closing === null) {
        const closed = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))))
        persistence?.stop()
        tcp.stop()
        closing = closed.then(() => undefined)
      }
      return closing
    },
  }
  return running
}
