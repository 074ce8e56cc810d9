/**
 * The Upstash REST protocol: JSON commands in, `{"result": ...}` out.
 *
 * - `POST /` with `["SET", "k", "v"]`; `GET|POST /set/k/v` (path segments, and a
 *   POST body as the last argument);
 * - `POST /pipeline` and `POST /multi-exec` (atomic) with `[["SET", "k", "v"], ...]`,
 *   answered with `[{"result": ...}, {"error": "..."}]`;
 * - errors are `{"error": "..."}` with status 400;
 * - `Upstash-Encoding: base64` sends every string of a result base64-encoded,
 *   except "OK", so binary values survive JSON.
 *
 * Arguments are JSON strings (sent as their UTF-8 bytes), numbers or booleans.
 * Replies use RESP2's shapes, as Upstash does.
 */
import { formatDouble, utf8Decode, utf8Encode, WorkersErr, type Reply } from '../../src/index.js'

/** A request the REST layer refuses, with its HTTP status. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'RestError'
  }
}

/** Runs commands for a REST request (a Durable Object, or the shard router). */
export interface RestExecutor {
  /** In order, on one short-lived session. */
  pipeline(commands: string[][]): Promise<Reply[]> | Reply[]
  /** Atomically, as MULTI ... EXEC: the reply of EXEC. */
  transaction(commands: string[][]): Promise<Reply> | Reply
}

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
  'Access-Control-Max-Age': '86400',
}

/** The answer to a CORS preflight: every origin, the methods above, whatever headers were asked for. */
export function preflight(request: Request): Response {
  const asked = request.headers.get('Access-Control-Request-Headers')
  return new Response(null, {
    status: 204,
    headers: { ...CORS_HEADERS, 'Access-Control-Allow-Headers': asked ?? 'Authorization, Content-Type, Upstash-Encoding' },
  })
}

export function jsonResponse(status: number, body: string, extra: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...CORS_HEADERS, ...extra } })
}

export function errorResponse(status: number, message: string): Response {
  return jsonResponse(status, JSON.stringify({ error: message }))
}

/** One JSON argument as a byte string. */
export function argBytes(a: unknown): string {
  if (typeof a === 'string') return utf8Encode(a)
  if (typeof a === 'number' && Number.isFinite(a)) return String(a)
  if (typeof a === 'boolean') return a ? 'true' : 'false'
  throw new RestError(400, WorkersErr.badArgument)
}

/** A command: a non-empty JSON array of arguments. */
export function parseCommand(body: unknown): string[] {
  if (!Array.isArray(body)) throw new RestError(400, WorkersErr.badJson)
  if (body.length === 0) throw new RestError(400, WorkersErr.emptyCommand)
  return body.map(argBytes)
}

export function parseCommands(body: unknown): string[][] {
  if (!Array.isArray(body) || !body.every((c) => Array.isArray(c))) throw new RestError(400, WorkersErr.badPipeline)
  return body.map(parseCommand)
}

async function readJson(request: Request, message: string): Promise<unknown> {
  const text = await request.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new RestError(400, message)
  }
}

/** The bytes of a request body as a byte string. */
async function bodyBytes(request: Request): Promise<string> {
  const buf = new Uint8Array(await request.arrayBuffer())
  let s = ''
  for (let i = 0; i < buf.length; i += 8192) s += String.fromCharCode.apply(null, buf.subarray(i, i + 8192) as unknown as number[])
  return s
}

/** A path-style command: `/set/key/value` (segments URL-decoded as UTF-8), a POST body appended. */
async function pathCommand(request: Request, path: string): Promise<string[]> {
  const argv = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return utf8Encode(decodeURIComponent(p))
      } catch {
        throw new RestError(400, WorkersErr.badArgument)
      }
    })
  if (request.method === 'POST' || request.method === 'PUT') {
    const body = await bodyBytes(request)
    if (body.length !== 0) argv.push(body)
  }
  return argv
}

function str(s: string, base64: boolean): string {
  if (base64 && s !== 'OK') return '"' + btoa(s) + '"'
  return JSON.stringify(utf8Decode(s))
}

function items(v: readonly Reply[], base64: boolean): string {
  let out = '['
  for (let i = 0; i < v.length; i++) {
    if (i !== 0) out += ','
    out += replyJson(v[i] as Reply, base64)
  }
  return out + ']'
}

/** A reply as JSON text, in RESP2's shapes. An error inside an array becomes `{"error": ...}`. */
export function replyJson(r: Reply, base64: boolean): string {
  switch (r.t) {
    case 'simple':
    case 'bulk':
    case 'bignum':
    case 'verbatim':
      return str(r.v, base64)
    case 'error':
      return '{"error":' + JSON.stringify(utf8Decode(r.v)) + '}'
    case 'int':
      return r.v.toString()
    case 'null':
      return 'null'
    case 'double':
      return str(r.text ?? formatDouble(r.v), base64)
    case 'bool':
      return r.v ? '1' : '0'
    case 'bulks': {
      let out = '['
      const v = r.v
      for (let i = 0; i < v.length; i++) {
        if (i !== 0) out += ','
        const s = v[i]
        out += s === null || s === undefined ? 'null' : str(s, base64)
      }
      return out + ']'
    }
    case 'array':
    case 'set':
    case 'push':
    case 'map':
      return items(r.v, base64)
  }
}

/** `{"result": ...}` or `{"error": ...}` for one reply. */
export function resultJson(r: Reply, base64: boolean): string {
  if (r.t === 'error') return '{"error":' + JSON.stringify(utf8Decode(r.v)) + '}'
  return '{"result":' + replyJson(r, base64) + '}'
}

/** Whether the client asked for base64-encoded strings. */
export function wantsBase64(request: Request): boolean {
  return (request.headers.get('Upstash-Encoding') ?? '').toLowerCase() === 'base64'
}

/**
 * Serves one REST request (`path` is the part after any `/db/<name>` prefix):
 * a command, `/pipeline` or `/multi-exec`. Subscriptions are served elsewhere.
 */
export async function serveRest(request: Request, path: string, exec: RestExecutor): Promise<Response> {
  try {
    const method = request.method
    if (method !== 'POST' && method !== 'GET' && method !== 'PUT') throw new RestError(405, WorkersErr.methodNotAllowed(method))
    const base64 = wantsBase64(request)
    if (path === '/pipeline' || path === '/multi-exec') {
      if (method === 'GET') throw new RestError(405, WorkersErr.methodNotAllowed(method))
      const commands = parseCommands(await readJson(request, WorkersErr.badPipeline))
      if (path === '/pipeline') {
        const replies = await exec.pipeline(commands)
        return jsonResponse(200, '[' + replies.map((r) => resultJson(r, base64)).join(',') + ']')
      }
      const r = await exec.transaction(commands)
      if (r.t === 'error') return errorResponse(400, utf8Decode(r.v))
      if (r.t === 'null') return jsonResponse(200, 'null')
      const replies = r.t === 'array' || r.t === 'set' || r.t === 'push' || r.t === 'map' ? r.v : []
      return jsonResponse(200, '[' + replies.map((x) => resultJson(x, base64)).join(',') + ']')
    }
    let argv: string[]
    if (path === '/' || path === '') {
      if (method === 'GET') throw new RestError(405, WorkersErr.methodNotAllowed(method))
      argv = parseCommand(await readJson(request, WorkersErr.badJson))
    } else argv = await pathCommand(request, path)
    if (argv.length === 0) throw new RestError(400, WorkersErr.emptyCommand)
    const [r] = await exec.pipeline([argv])
    if (r === undefined) return jsonResponse(200, '{"result":null}')
    if (r.t === 'error') return errorResponse(400, utf8Decode(r.v))
    return jsonResponse(200, resultJson(r, base64))
  } catch (e) {
    if (e instanceof RestError) return errorResponse(e.status, e.message)
    throw e
  }
}

/** One server-sent event: `data: <kind>,<channel>,<message>`, a line per line of text. */
export function sseEvent(parts: readonly string[]): string {
  const text = parts.map((p) => utf8Decode(p)).join(',')
  return (
    text
      .split(/\r?\n/)
      .map((line) => 'data: ' + line)
      .join('\n') + '\n\n'
  )
}
