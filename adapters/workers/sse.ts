/**
 * Server-sent events for `/subscribe/<channels>` and `/psubscribe/<patterns>`
 * (channels separated by `/` or `,`): a session subscribed on this object whose
 * confirmations and messages stream out as `data: subscribe,news,1`,
 * `data: message,news,hello`, `data: pmessage,n*,news,hello`. The stream ends
 * when the client goes away. An open stream keeps the object awake (no
 * hibernation) and does not survive a restart of the object.
 */
import { WorkersErr, utf8Encode, type Reply } from '../../src/index.js'
import type { ObjectHost } from './host.js'
import { CORS_HEADERS, errorResponse, sseEvent } from './rest.js'

function flat(r: Reply): string[] {
  switch (r.t) {
    case 'push':
    case 'array':
      return r.v.flatMap(flat)
    case 'bulks':
      return r.v.map((s) => s ?? '')
    case 'int':
      return [r.v.toString()]
    case 'null':
      return ['']
    case 'simple':
    case 'bulk':
    case 'error':
      return [r.v]
    default:
      return []
  }
}

/** Opens an event stream subscribed to the channels (or patterns) named in `path`. */
export function serveSubscribe(host: ObjectHost, path: string, pattern: boolean): Response {
  const names = path
    .split(/[/,]/)
    .filter((p) => p !== '')
    .map((p) => utf8Encode(decodeURIComponent(p)))
  if (names.length === 0) return errorResponse(400, WorkersErr.noChannels)
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  const writer = writable.getWriter()
  const encoder = new TextEncoder()
  const engine = host.engine
  let open = true
  const session = engine.createSession(
    {
      write: (r) => {
        if (!open) return
        writer.write(encoder.encode(sseEvent(flat(r)))).catch(() => stop())
      },
      close: () => stop(),
      // a subscriber must be able to wait (the engine refuses SUBSCRIBE to clients that cannot)
      unblocked: () => {},
    },
    { kind: 'websocket' },
  )
  session.authenticated = true
  const stop = (): void => {
    if (!open) return
    open = false
    engine.closeSession(session)
    writer.close().catch(() => {})
  }
  engine.dispatch(session, [pattern ? 'psubscribe' : 'subscribe', ...names])
  writer.closed.catch(() => stop())
  return new Response(readable, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', ...CORS_HEADERS },
  })
}
