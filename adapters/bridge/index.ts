/**
 * `redlet-bridge`: a local TCP port that relays RESP to a redlet Worker over
 * WebSocket, one WebSocket per TCP client, so redis-cli, redis-py or redigo can
 * talk to a Durable-Object-backed redlet.
 *
 * @example
 * ```sh
 * redlet-bridge --port 6380 --url ws://127.0.0.1:8787/resp --token "$REDLET_TOKEN"
 * redis-cli -p 6380 set greeting hello
 * ```
 *
 * @example
 * ```ts
 * import { startBridge } from 'redlet/bridge'
 * const bridge = await startBridge({ port: 0, url: 'wss://redlet.example.workers.dev/resp', token })
 * // ... connect any Redis client to 127.0.0.1:bridge.port
 * await bridge.close()
 * ```
 */
import { createServer, type Server, type Socket } from 'node:net'
import WebSocket from 'ws'
import { WorkersErr } from '../../src/index.js'

export interface BridgeOptions {
  /** Local TCP port (0 picks a free one). */
  port: number
  /** Local address to listen on (default 127.0.0.1). */
  host?: string
  /** The Worker's RESP endpoint: ws(s)://host/resp, or /db/<name>/resp. */
  url: string
  /** The Worker's token (REDLET_TOKEN, or the read-only token). */
  token?: string
  /** Called with connection problems (default: stderr). */
  log?: (line: string) => void
}

export interface RunningBridge {
  readonly port: number
  close(): Promise<void>
}

/** A WebSocket message carries at most 1 MiB. */
const MESSAGE_MAX = 1024 * 1024
/** Stop reading from the TCP client while this much waits to go out on the WebSocket. */
const PAUSE_AT = 16 * 1024 * 1024

function relay(socket: Socket, o: BridgeOptions): void {
  const headers: Record<string, string> = {}
  if (o.token) headers['Authorization'] = `Bearer ${o.token}`
  const ws = new WebSocket(o.url, { headers, perMessageDeflate: false })
  const early: Buffer[] = []
  let unsent = 0
  let paused = false
  const send = (chunk: Buffer): void => {
    for (let i = 0; i < chunk.length; i += MESSAGE_MAX) {
      const part = chunk.subarray(i, Math.min(chunk.length, i + MESSAGE_MAX))
      unsent += part.length
      ws.send(part, { binary: true }, () => {
        unsent -= part.length
        if (paused && unsent < PAUSE_AT / 4) {
          paused = false
          socket.resume()
        }
      })
    }
    if (!paused && unsent > PAUSE_AT) {
      paused = true
      socket.pause()
    }
  }
  socket.setNoDelay(true)
  socket.on('data', (chunk: Buffer) => {
    if (ws.readyState === WebSocket.OPEN) send(chunk)
    else early.push(chunk)
  })
  ws.on('open', () => {
    for (const chunk of early.splice(0)) send(chunk)
  })
  ws.on('message', (data: Buffer) => {
    if (!socket.write(data)) {
      ws.pause()
      socket.once('drain', () => ws.resume())
    }
  })
  ws.on('unexpected-response', (_req, res) => {
    const reason = `HTTP ${res.statusCode ?? '?'}`
    ;(o.log ?? ((l) => process.stderr.write(l + '\n')))(`redlet-bridge: ${o.url}: ${reason}`)
    socket.end(`-${WorkersErr.bridgeFailed(reason)}\r\n`)
  })
  ws.on('error', (e) => {
    ;(o.log ?? ((l) => process.stderr.write(l + '\n')))(`redlet-bridge: ${o.url}: ${e.message}`)
    if (!socket.destroyed) socket.end(`-${WorkersErr.bridgeFailed(e.message)}\r\n`)
  })
  ws.on('close', () => socket.end())
  const closeWs = (): void => {
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000)
  }
  socket.on('close', closeWs)
  socket.on('error', closeWs)
}

export function startBridge(o: BridgeOptions): Promise<RunningBridge> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    relay(socket, o)
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port, o.host ?? '127.0.0.1', () => {
      const a = server.address()
      resolve({
        port: typeof a === 'object' && a !== null ? a.port : o.port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}

const USAGE = `Usage: redlet-bridge --url ws://127.0.0.1:8787/resp [--token T] [--port 6380] [--host 127.0.0.1]

Listens on a local TCP port and relays RESP to a redlet Worker over WebSocket.
The token may also come from the REDLET_TOKEN environment variable.
`

/** The CLI. */
export async function main(argv: readonly string[]): Promise<void> {
  const o: BridgeOptions = { port: 6380, url: 'ws://127.0.0.1:8787/resp', token: process.env['REDLET_TOKEN'] }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    const v = argv[i + 1]
    if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE)
      return
    }
    if (v === undefined) throw new Error(`redlet-bridge: ${a} needs a value\n${USAGE}`)
    if (a === '--port' || a === '-p') o.port = Number(v)
    else if (a === '--host') o.host = v
    else if (a === '--url') o.url = v
    else if (a === '--token') o.token = v
    else throw new Error(`redlet-bridge: unknown option ${a}\n${USAGE}`)
    i++
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`redlet-bridge: bad --port\n${USAGE}`)
  const bridge = await startBridge(o)
  process.stdout.write(`redlet-bridge: 127.0.0.1:${bridge.port} -> ${o.url}\n`)
  const stop = (): void => {
    bridge.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
