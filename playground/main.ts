/**
 * The playground: a redis-cli-like console on an engine running in the page,
 * with command history and a live view of the keyspace (types, TTLs counting down).
 */
import { Redlet } from '../adapters/inprocess/index.js'
import { splitArgs, toBytes, utf8Encode, type Reply } from '../src/index.js'
import { formatReply } from './format.js'

const client = new Redlet()
const engine = client.engine

const output = document.getElementById('output') as HTMLPreElement
const input = document.getElementById('input') as HTMLInputElement
const keysBody = document.getElementById('keys') as HTMLTableSectionElement
const empty = document.getElementById('empty') as HTMLParagraphElement
const consoleBox = document.getElementById('console') as HTMLElement

const history: string[] = []
let cursor = 0

function append(text: string, className = ''): void {
  const span = document.createElement('span')
  if (className) span.className = className
  span.textContent = text + '\n'
  output.appendChild(span)
  consoleBox.scrollTop = consoleBox.scrollHeight
}

function echo(line: string): void {
  const span = document.createElement('span')
  span.className = 'cmd'
  span.append('redlet> ')
  const b = document.createElement('b')
  b.textContent = line
  span.append(b, '\n')
  output.appendChild(span)
}

/** Runs one console line as redis-cli would: split like sdssplitargs, replies printed in its format. */
function run(line: string): void {
  echo(line)
  const bytes = toBytes(utf8Encode(line))
  const argv = splitArgs(bytes, 0, bytes.length)
  if (argv === null) {
    append('Invalid argument(s)', 'error')
    return
  }
  if (argv.length === 0) return
  if (argv.length === 1 && (argv[0] as string).toLowerCase() === 'clear') {
    output.textContent = ''
    return
  }
  let replies: Reply[]
  try {
    replies = client.raw(...argv.map((a) => toBytes(a)))
  } catch (e) {
    append(String(e), 'error')
    return
  }
  for (const r of replies) append(formatReply(r, client.session.proto), r.t === 'error' ? 'error' : '')
  renderKeys()
}

function typeOf(value: unknown): string {
  return typeof value === 'string' ? 'string' : String((value as { type?: string }).type ?? 'unknown')
}

/** The keyspace of the console's database, read without running commands (no stats, no LRU touches). */
function renderKeys(): void {
  const db = engine.dbs[client.session.db]
  if (db === undefined) return
  const now = engine.clock.now()
  const rows: [string, string, string][] = []
  for (const [key, value] of db.entries()) {
    const at = db.getExpire(key)
    if (at !== undefined && at <= now) continue
    rows.push([key, typeOf(value), at === undefined ? '-' : `${((at - now) / 1000).toFixed(1)}s`])
    if (rows.length >= 200) break
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  keysBody.textContent = ''
  for (const [key, type, ttl] of rows) {
    const tr = document.createElement('tr')
    tr.dataset['key'] = key
    for (const [text, cls] of [
      [key, 'key'],
      [type, 'type'],
      [ttl, 'ttl'],
    ] as const) {
      const td = document.createElement('td')
      td.className = cls
      td.textContent = text
      tr.appendChild(td)
    }
    keysBody.appendChild(tr)
  }
  empty.style.display = rows.length === 0 ? '' : 'none'
}

input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    const line = input.value
    input.value = ''
    if (line.trim() !== '') history.push(line)
    cursor = history.length
    run(line)
  } else if (e.key === 'ArrowUp') {
    if (cursor > 0) input.value = history[--cursor] ?? ''
    e.preventDefault()
  } else if (e.key === 'ArrowDown') {
    if (cursor < history.length) cursor++
    input.value = history[cursor] ?? ''
    e.preventDefault()
  }
})

document.addEventListener('click', () => input.focus())
setInterval(renderKeys, 100)
renderKeys()
append('Connected to an in-page redlet engine. Try: SET greeting hello EX 30', 'cmd')
