/** Setup and inspection shared by the unit tests of the command groups. */
import type { Collection } from '../../src/core/values/types.js'
import { testEngine, type TestClient, type TestEngine } from './engine.js'

/** A test engine with `config` and one RESP2 client. */
export function setup(config: Record<string, string | number> = {}): { t: TestEngine; c: TestClient } {
  const t = testEngine({ config })
  return { t, c: t.client() }
}

/** The encoding of the collection at `key` in db 0. */
export function encoding(t: TestEngine, key: string): string {
  return (t.engine.dbs[0]?.get(key) as Collection).encoding()
}

/** Argv lists the engine logged (AOF view), collected from now on. */
export function propagated(t: TestEngine): string[][] {
  const out: string[][] = []
  t.engine.onPropagate((argv) => out.push([...argv]))
  return out
}

/** Argv lists the engine logged, each joined by spaces, collected from now on. */
export function logOf(t: TestEngine): string[] {
  const log: string[] = []
  t.engine.onPropagate((argv) => log.push(argv.join(' ')))
  return log
}

/** Turns keyevent notifications on; the returned function lists those received since, as `event key`. */
export function keyevents(t: TestEngine): () => string[] {
  t.engine.config.set('notify-keyspace-events', 'EA')
  const sub: TestClient = t.client()
  sub('PSUBSCRIBE', '__keyevent@*')
  return () => {
    const out: string[] = []
    const re = /\$\d+\r\n__keyevent@\d+__:([^\r]*)\r\n\$\d+\r\n([^\r]*)\r\n/g
    for (const m of sub.pending().matchAll(re)) out.push(`${m[1]} ${m[2]}`)
    return out
  }
}
