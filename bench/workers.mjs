// redlet in a Durable Object (Miniflare), against a bare echo Durable Object
// measured in the same run: the engine should cost little next to the transport.
//  - RESP over WebSocket: sequential and pipelined (100 per message) GET and SET;
//    the echo object sends each message straight back;
//  - REST: sequential (POST /) and pipelined (POST /pipeline, 100 commands);
//    the echo object answers each request with its body;
//  - the same echo object storing a SQLite row per command (100 rows for a
//    pipelined message) before it answers: the floor for durable writes, as
//    the output gate holds the answer until they are stored;
//  - start-up: an object holding 100,000 keys restarted (Miniflare on the same
//    persist directory) to its first reply, next to an empty object; and, inside
//    the echo object, 100,000 SQLite point lookups against one scan of the same
//    table (what lazy per-key loading would pay against loading all at start).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import WebSocket from 'ws'
import { fmt, median, ratio, ROOT, save, table } from './lib.mjs'

process.env.WRANGLER_SEND_METRICS = 'false'
process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
process.env.WRANGLER_HIDE_BANNER = 'true'

const TOKEN = 'bench-token'
const ROUNDS = 5
const SEQ_OPS = 2000
const PIPE = 100
const PIPE_MESSAGES = 100
const KEYS = 100_000
const VALUE = 'v'.repeat(16)

const ECHO = `
import { DurableObject } from 'cloudflare:workers'
export class Echo extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url)
    const parts = url.pathname.split('/')
    this.writes = parts[1] === 'write' ? Number(parts[2]) : 0
    this.ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS w (db INTEGER NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL, expire INTEGER, val BLOB, PRIMARY KEY (db, key)) WITHOUT ROWID')
    if (request.headers.get('Upgrade') === 'websocket') {
      const pair = new WebSocketPair()
      this.ctx.acceptWebSocket(pair[1])
      return new Response(null, { status: 101, webSocket: pair[0] })
    }
    if (url.pathname === '/sql') return this.sql(Number(url.searchParams.get('n')), url.searchParams.get('mode'))
    const body = await request.text()
    this.write(body)
    return new Response(body, { headers: { 'Content-Type': 'application/json' } })
  }
  webSocketMessage(ws, message) {
    // the "write" variant stores one row per command of the message first: the floor for durable writes
    this.write(message)
    ws.send(message)
  }
  write(body) {
    const n = this.writes ?? 0
    const sql = this.ctx.storage.sql
    for (let i = 0; i < n; i += 19) {
      const rows = []
      for (let j = i; j < Math.min(n, i + 19); j++) rows.push(0, 'key:' + j, 'string', null, body)
      sql.exec('INSERT OR REPLACE INTO w (db, key, type, expire, val) VALUES ' + Array(rows.length / 5).fill('(?, ?, ?, ?, ?)').join(', '), ...rows)
    }
  }
  webSocketClose(ws, code) { try { ws.close(code === 1005 ? 1000 : code, '') } catch {} }
  sql(n, mode) {
    const sql = this.ctx.storage.sql
    sql.exec('CREATE TABLE IF NOT EXISTS t (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID')
    const have = [...sql.exec('SELECT count(*) AS c FROM t')][0].c
    const enc = new TextEncoder()
    for (let i = have; i < n; i += 19) {
      const rows = []
      for (let j = i; j < Math.min(n, i + 19); j++) rows.push(enc.encode('key:' + j), enc.encode('value:' + j))
      sql.exec('INSERT INTO t VALUES ' + Array(rows.length / 2).fill('(?, ?)').join(', '), ...rows)
    }
    let got = 0
    if (mode === 'point') {
      for (let i = 0; i < n; i++) for (const r of sql.exec('SELECT v FROM t WHERE k = ?', enc.encode('key:' + i)).raw()) got += r[0].byteLength > 0 ? 1 : 0
    } else if (mode === 'scan') {
      for (const r of sql.exec('SELECT k, v FROM t').raw()) got += r[1].byteLength > 0 ? 1 : 0
    }
    return new Response(String(got))
  }
}
export default { fetch(request, env) { return env.ECHO.get(env.ECHO.idFromName('echo')).fetch(request) } }
`

function redletOptions(persist) {
  const script = join(ROOT, 'dist', 'workers.js')
  return {
    cf: false,
    host: '127.0.0.1',
    port: 0,
    durableObjectsPersist: persist,
    modules: [{ type: 'ESModule', path: 'redlet-worker.mjs', contents: readFileSync(script, 'utf8') }],
    compatibilityDate: '2026-04-01',
    bindings: { REDLET_TOKEN: TOKEN },
    durableObjects: { REDLET: { className: 'RedletDurableObject', useSQLite: true } },
  }
}

function echoOptions(persist) {
  return {
    cf: false,
    host: '127.0.0.1',
    port: 0,
    durableObjectsPersist: persist,
    modules: [{ type: 'ESModule', path: 'echo-worker.mjs', contents: ECHO }],
    compatibilityDate: '2026-04-01',
    durableObjects: { ECHO: { className: 'Echo', useSQLite: true } },
  }
}

async function start(options) {
  const mf = new Miniflare(options)
  const url = (await mf.ready).href.replace(/\/$/, '')
  return { mf, url }
}

const resp = (argv) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`

/** Counts complete top-level RESP replies of simple shapes (+, -, :, $). */
function countReplies(buf, from) {
  let n = 0
  let p = from
  for (;;) {
    const nl = buf.indexOf('\r\n', p)
    if (nl < 0) break
    if (buf[p] === 36 /* $ */) {
      const len = Number(buf.toString('latin1', p + 1, nl))
      const end = len < 0 ? nl + 2 : nl + 2 + len + 2
      if (end > buf.length) break
      p = end
    } else p = nl + 2
    n++
  }
  return [n, p]
}

async function openSocket(url) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/resp', { headers: { Authorization: `Bearer ${TOKEN}` }, perMessageDeflate: false })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return ws
}

/**
 * ops/s over a WebSocket: `messages` messages of `perMessage` commands, each
 * message waiting for its answer. `echo`: the answer is the message itself.
 */
async function wsRate(url, commands, perMessage, messages, echo) {
  const ws = await openSocket(url)
  const payload = Buffer.from(commands.slice(0, perMessage).join(''), 'latin1')
  let buf = Buffer.alloc(0)
  let waiter = null
  ws.on('message', (d) => {
    buf = buf.length === 0 ? d : Buffer.concat([buf, d])
    waiter?.()
  })
  const one = () =>
    new Promise((resolve) => {
      const check = () => {
        if (echo) {
          if (buf.length >= payload.length) {
            buf = buf.subarray(payload.length)
            waiter = null
            resolve()
          }
          return
        }
        const [n, end] = countReplies(buf, 0)
        if (n >= perMessage) {
          buf = buf.subarray(end)
          waiter = null
          resolve()
        }
      }
      waiter = check
      ws.send(payload)
    })
  for (let i = 0; i < 20; i++) await one()
  const t0 = performance.now()
  for (let i = 0; i < messages; i++) await one()
  const secs = (performance.now() - t0) / 1000
  ws.close(1000)
  return (messages * perMessage) / secs
}

async function restRate(url, path, body, requests) {
  const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }
  const text = JSON.stringify(body)
  const perRequest = path === '/pipeline' ? body.length : 1
  for (let i = 0; i < 20; i++) await (await fetch(url + path, { method: 'POST', headers, body: text })).text()
  const t0 = performance.now()
  for (let i = 0; i < requests; i++) await (await fetch(url + path, { method: 'POST', headers, body: text })).text()
  return (requests * perRequest) / ((performance.now() - t0) / 1000)
}

async function firstReplyMs(persist) {
  const t0 = performance.now()
  const r = await start(redletOptions(persist))
  const ws = await openSocket(r.url)
  await new Promise((resolve) => {
    ws.once('message', resolve)
    ws.send(resp(['GET', 'key:1']))
  })
  const ms = performance.now() - t0
  ws.close(1000)
  await r.mf.dispose()
  return ms
}

export async function run() {
  const dirs = [mkdtempSync(join(tmpdir(), 'redlet-bench-do-')), mkdtempSync(join(tmpdir(), 'redlet-bench-echo-')), mkdtempSync(join(tmpdir(), 'redlet-bench-empty-'))]
  const rows = []
  const data = {}
  let redlet = await start(redletOptions(dirs[0]))
  const echo = await start(echoOptions(dirs[1]))
  try {
    const sets = []
    const gets = []
    for (let i = 0; i < PIPE; i++) {
      sets.push(resp(['SET', `key:${i}`, VALUE]))
      gets.push(resp(['GET', `key:${i}`]))
    }
    const cases = [
      ['WebSocket SET sequential', (u, e) => wsRate(u, sets, 1, SEQ_OPS, e)],
      ['WebSocket GET sequential', (u, e) => wsRate(u, gets, 1, SEQ_OPS, e)],
      [`WebSocket SET pipelined (${PIPE}/message)`, (u, e) => wsRate(u, sets, PIPE, PIPE_MESSAGES, e)],
      [`WebSocket GET pipelined (${PIPE}/message)`, (u, e) => wsRate(u, gets, PIPE, PIPE_MESSAGES, e)],
      ['REST SET sequential', (u) => restRate(u, '/', ['SET', 'key:1', VALUE], SEQ_OPS / 4)],
      ['REST GET sequential', (u) => restRate(u, '/', ['GET', 'key:1'], SEQ_OPS / 4)],
      [`REST SET /pipeline (${PIPE})`, (u) => restRate(u, '/pipeline', Array.from({ length: PIPE }, (_, i) => ['SET', `key:${i}`, VALUE]), PIPE_MESSAGES)],
      [`REST GET /pipeline (${PIPE})`, (u) => restRate(u, '/pipeline', Array.from({ length: PIPE }, (_, i) => ['GET', `key:${i}`]), PIPE_MESSAGES)],
    ]
    // rows the echo's write variant stores per message: one per command, as redlet writes one per key
    const perCommand = (name) => (name.includes('pipeline') ? PIPE : 1)
    for (const [name, fn] of cases) {
      const a = []
      const b = []
      const c = []
      for (let i = 0; i < ROUNDS; i++) {
        a.push(await fn(redlet.url, false))
        b.push(await fn(echo.url, true))
        c.push(await fn(`${echo.url}/write/${perCommand(name)}`, true))
      }
      const [r, e, w] = [median(a), median(b), median(c)]
      rows.push([name, fmt(r), fmt(e), ratio(r, e), fmt(w), ratio(r, w)])
      data[name] = { redlet: r, echo: e, ratio: r / e, echoWrite: w, ratioWrite: r / w }
    }
    table('Durable Object: redlet against a bare echo object (ops/s, Miniflare)', ['case', 'redlet', 'echo DO', 'ratio', 'echo DO + a row per command', 'ratio'], rows)

    // 100,000 keys, then a restart to the first reply
    const ws = await openSocket(redlet.url)
    let buf = Buffer.alloc(0)
    for (let i = 0; i < KEYS; i += 1000) {
      const parts = []
      for (let j = i; j < i + 1000; j++) parts.push(resp(['SET', `key:${j}`, `value:${j}`]))
      await new Promise((resolve) => {
        const onMsg = (d) => {
          buf = Buffer.concat([buf, d])
          const [n, end] = countReplies(buf, 0)
          if (n >= 1000) {
            buf = buf.subarray(end)
            ws.off('message', onMsg)
            resolve()
          }
        }
        ws.on('message', onMsg)
        ws.send(Buffer.from(parts.join(''), 'latin1'))
      })
    }
    ws.close(1000)
    await redlet.mf.dispose()
    redlet = null
    const full = []
    const empty = []
    for (let i = 0; i < 3; i++) {
      full.push(await firstReplyMs(dirs[0]))
      empty.push(await firstReplyMs(dirs[2]))
    }
    const sqlMs = async (mode) => {
      const t0 = performance.now()
      await (await fetch(`${echo.url}/sql?n=${KEYS}&mode=${mode}`)).text()
      return performance.now() - t0
    }
    await sqlMs('none')
    const point = median([await sqlMs('point'), await sqlMs('point'), await sqlMs('point')])
    const scan = median([await sqlMs('scan'), await sqlMs('scan'), await sqlMs('scan')])
    const startRows = [
      [`restart to first reply, ${fmt(KEYS)} keys`, fmt(median(full))],
      ['restart to first reply, empty object', fmt(median(empty))],
      [`loading ${fmt(KEYS)} keys (the difference)`, fmt(median(full) - median(empty))],
      [`SQLite: ${fmt(KEYS)} point lookups (lazy per key)`, fmt(point)],
      [`SQLite: one scan of ${fmt(KEYS)} rows (load all)`, fmt(scan)],
    ]
    table('Durable Object start-up (ms)', ['case', 'ms'], startRows)
    data.startup = { fullMs: median(full), emptyMs: median(empty), pointLookupsMs: point, scanMs: scan, keys: KEYS }
    save('workers', data)
  } finally {
    await Promise.all([redlet?.mf.dispose(), echo.mf.dispose()])
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
