/**
 * Runs the bundled Worker (dist/workers.js, built by setup.ts) in Miniflare, in
 * this process or in a child process (to kill its workerd), and talks to it:
 * RESP over WebSocket, REST, RPC.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare, type MiniflareOptions } from 'miniflare'
import WebSocket from 'ws'
import { encodeCommand } from '../../src/resp/index.js'
import { replyEnd, type Arg } from '../helpers/resp-client.js'

export const ROOT = join(import.meta.dirname, '..', '..')
export const SCRIPT = join(ROOT, 'dist', 'workers.js')
export const TOKEN = 'test-token'
export const RO_TOKEN = 'test-readonly-token'

process.env['WRANGLER_SEND_METRICS'] = 'false'
process.env['CLOUDFLARE_CF_FETCH_ENABLED'] = 'false'
process.env['WRANGLER_HIDE_BANNER'] = 'true'

export interface WorkerOptions {
  /** Durable Object storage directory (kept across restarts); a fresh temp dir by default. */
  persist?: string
  shards?: number
  /** The read-write token; null for none configured. */
  token?: string | null
  readonlyToken?: string
  port?: number
  /** REDLET_MAXMEMORY (the engine's maxmemory); 96mb by default. */
  maxmemory?: string
}

export function tempDir(prefix = 'redlet-workers-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * A second Worker bound to redlet's namespace, as a user's Worker would be: it
 * calls the object's RPC methods named in a JSON request and answers JSON
 * (bigints and bytes tagged, a thrown error as `{ error }`).
 */
const RPC_CLIENT = `
const enc = (v) => typeof v === 'bigint' ? { $big: String(v) } : v instanceof Uint8Array ? { $bytes: [...v] } : Array.isArray(v) ? v.map(enc) : v instanceof Error ? { $error: v.message } : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)])) : v
const dec = (v) => v && typeof v === 'object' && '$bytes' in v ? new Uint8Array(v.$bytes) : Array.isArray(v) ? v.map(dec) : v
export default {
  async fetch(request, env) {
    const { name, method, args } = await request.json()
    const stub = env.REDLET.get(env.REDLET.idFromName(name ?? 'default'))
    try {
      return Response.json({ ok: enc(await stub[method](...dec(args))) })
    } catch (e) {
      return Response.json({ error: String(e && e.message) })
    }
  },
}
`

export function miniflareOptions(o: WorkerOptions = {}): MiniflareOptions {
  const bindings: Record<string, string> = { REDLET_SHARDS: String(o.shards ?? 1), REDLET_READONLY_TOKEN: o.readonlyToken ?? RO_TOKEN }
  if (o.token !== null) bindings['REDLET_TOKEN'] = o.token ?? TOKEN
  if (o.maxmemory !== undefined) bindings['REDLET_MAXMEMORY'] = o.maxmemory
  return {
    cf: false,
    host: '127.0.0.1',
    port: o.port ?? 0,
    durableObjectsPersist: o.persist ?? tempDir(),
    workers: [
      {
        name: 'redlet',
        // the module given whole: letting Miniflare walk a 1 MB bundle for imports costs seconds per start
        modules: [{ type: 'ESModule', path: 'redlet-worker.mjs', contents: readFileSync(SCRIPT, 'utf8') }],
        compatibilityDate: '2026-04-01',
        bindings,
        durableObjects: { REDLET: { className: 'RedletDurableObject', useSQLite: true } },
      },
      {
        name: 'rpc-client',
        modules: [{ type: 'ESModule', path: 'rpc-client.mjs', contents: RPC_CLIENT }],
        compatibilityDate: '2026-04-01',
        durableObjects: { REDLET: { className: 'RedletDurableObject', scriptName: 'redlet', useSQLite: true } },
      },
    ],
  }
}

/** Calls an RPC method of the object named `name` from the bound client Worker. */
export async function rpc(w: RunningWorker, method: string, args: unknown[], name = 'default'): Promise<{ ok?: unknown; error?: string }> {
  const fetcher = await w.mf.getWorker('rpc-client')
  const enc = (v: unknown): unknown => (v instanceof Uint8Array ? { $bytes: [...v] } : Array.isArray(v) ? v.map(enc) : v)
  const res = await fetcher.fetch('http://rpc/', { method: 'POST', body: JSON.stringify({ name, method, args: enc(args) }) })
  const dec = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(dec)
      : v !== null && typeof v === 'object'
        ? '$big' in v
          ? BigInt((v as { $big: string }).$big)
          : '$bytes' in v
            ? new Uint8Array((v as { $bytes: number[] }).$bytes)
            : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dec(x)]))
        : v
  return dec(await res.json()) as { ok?: unknown; error?: string }
}

export interface RunningWorker {
  readonly mf: Miniflare
  readonly url: string
  close(): Promise<void>
}

export async function startWorker(o: WorkerOptions = {}): Promise<RunningWorker> {
  const mf = new Miniflare(miniflareOptions(o))
  const url = (await mf.ready).href.replace(/\/$/, '')
  return { mf, url, close: () => mf.dispose() }
}

/** A Miniflare in a child process of its own (process group), so a test can kill -9 it and its workerd. */
export interface ChildWorker {
  readonly url: string
  readonly pid: number
  kill(): void
  exited: Promise<void>
}

/** The options as a JSON file (the bundle inside is too big for an environment variable). */
function optionsFile(o: WorkerOptions): string {
  const file = join(tempDir('redlet-child-'), 'options.json')
  writeFileSync(file, JSON.stringify(miniflareOptions(o)))
  return file
}

export function startChildWorker(o: WorkerOptions & { persist: string }): Promise<ChildWorker> {
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, 'child.mjs')], {
    cwd: ROOT,
    env: { ...process.env, REDLET_CHILD_OPTIONS: optionsFile(o) },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  })
  const exited = new Promise<void>((r) => child.on('exit', () => r()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /READY (\S+)/.exec(out)
      if (m) {
        resolve({
          url: m[1] as string,
          pid: child.pid as number,
          kill: () => {
            try {
              process.kill(-(child.pid as number), 'SIGKILL')
            } catch {
              // gone already
            }
          },
          exited,
        })
      }
    })
    child.on('exit', (code) => reject(new Error(`worker child exited (${code}) before it was ready: ${out}`)))
  })
}

export function wsUrl(url: string, path = '/resp'): string {
  return url.replace(/^http/, 'ws') + path
}

/** A RESP client over the Worker's WebSocket: replies as raw RESP text (latin1). */
export class WsClient {
  private buf = Buffer.alloc(0)
  private readonly replies: string[] = []
  private waiters: ((r: string) => void)[] = []
  closeCode: number | null = null
  readonly closed: Promise<number>

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d])
      for (;;) {
        const end = replyEnd(this.buf, 0)
        if (end < 0) break
        const r = this.buf.toString('latin1', 0, end)
        this.buf = this.buf.subarray(end)
        const w = this.waiters.shift()
        if (w) w(r)
        else this.replies.push(r)
      }
    })
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code
        resolve(code)
      }),
    )
  }

  static async connect(url: string, token: string = TOKEN, path = '/resp'): Promise<WsClient> {
    const ws = new WebSocket(wsUrl(url, path), { headers: { Authorization: `Bearer ${token}` } })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    })
    return new WsClient(ws)
  }

  /** The next reply (or push). */
  next(timeoutMs = 10000): Promise<string> {
    const r = this.replies.shift()
    if (r !== undefined) return Promise.resolve(r)
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(w)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(new Error('no reply in time'))
      }, timeoutMs)
      const w = (x: string): void => {
        clearTimeout(t)
        resolve(x)
      }
      this.waiters.push(w)
    })
  }

  /** True when no reply is waiting (after `ms`). */
  async quiet(ms = 300): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms))
    return this.replies.length === 0
  }

  sendRaw(bytes: Buffer | string): void {
    this.ws.send(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes)
  }

  send(...args: Arg[]): void {
    const argv = args.map((a) => (Buffer.isBuffer(a) ? a.toString('latin1') : Buffer.from(String(a), 'utf8').toString('latin1')))
    this.ws.send(Buffer.from(encodeCommand(argv)))
  }

  call(...args: Arg[]): Promise<string> {
    this.send(...args)
    return this.next()
  }

  close(code?: number): Promise<number> {
    this.ws.close(code)
    return this.closed
  }
}

/** POST a JSON body to the Worker with a token. */
export async function rest(url: string, path: string, body: unknown, token: string | null = TOKEN, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const h: Record<string, string> = { 'Content-Type': 'application/json', ...headers }
  if (token !== null) h['Authorization'] = `Bearer ${token}`
  const res = await fetch(url + path, { method: 'POST', headers: h, body: JSON.stringify(body) })
  const text = await res.text()
  let json: unknown = text
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: res.status, json }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
