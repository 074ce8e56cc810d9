/**
 * Clients blocked on keys (BLPOP and friends): who waits on which key, in
 * arrival order, and which keys became ready during the current command.
 */
import type { Session } from '../session.js'

function slot(db: number, key: string): string {
  return db + '\0' + key
}

export class Blocking {
  /** `db\0key` → sessions waiting on it, first come first served. */
  private readonly waiting = new Map<string, Session[]>()
  /** Keys signalled ready since the last serve, in order. */
  private readonly ready = new Map<string, { db: number; key: string }>()
  /** Every blocked session. */
  readonly blocked = new Set<Session>()

  get count(): number {
    return this.blocked.size
  }

  /** Registers a session already holding its BlockState. */
  add(s: Session): void {
    const b = s.blocked
    if (!b) return
    this.blocked.add(s)
    for (const k of b.keys) {
      const id = slot(b.db, k)
      const q = this.waiting.get(id)
      if (q) {
        if (!q.includes(s)) q.push(s)
      } else this.waiting.set(id, [s])
    }
  }

  /** Forgets a session's block (served, timed out, unblocked or gone). */
  remove(s: Session): void {
    const b = s.blocked
    if (!b) return
    this.blocked.delete(s)
    for (const k of b.keys) {
      const id = slot(b.db, k)
      const q = this.waiting.get(id)
      if (!q) continue
      const i = q.indexOf(s)
      if (i >= 0) q.splice(i, 1)
      if (q.length === 0) this.waiting.delete(id)
    }
    s.blocked = null
  }

  /** A key may now serve waiters; cheap when nobody waits on it. */
  signal(db: number, key: string): void {
    if (this.blocked.size === 0) return
    const id = slot(db, key)
    if (this.waiting.has(id) && !this.ready.has(id)) this.ready.set(id, { db, key })
  }

  /** Takes the keys signalled so far, or null. */
  takeReady(): { db: number; key: string; waiters: Session[] }[] | null {
    if (this.ready.size === 0) return null
    const out: { db: number; key: string; waiters: Session[] }[] = []
    for (const [id, k] of this.ready) {
      const q = this.waiting.get(id)
      if (q) out.push({ db: k.db, key: k.key, waiters: [...q] })
    }
    this.ready.clear()
    return out
  }

  /** The earliest deadline among blocked sessions, or Infinity. */
  nextDeadline(): number {
    let min = Infinity
    for (const s of this.blocked) {
      const d = s.blocked?.deadline ?? 0
      if (d !== 0 && d < min) min = d
    }
    return min
  }

  /** Sessions whose deadline has passed. */
  expired(now: number): Session[] {
    const out: Session[] = []
    for (const s of this.blocked) {
      const d = s.blocked?.deadline ?? 0
      if (d !== 0 && d < now) out.push(s)
    }
    return out
  }

  /** Signals every waited key of a database (after SWAPDB, waiters stay on their db index). */
  signalDb(db: number): void {
    for (const [id, q] of this.waiting) {
      const s0 = q[0]
      if (!s0 || !s0.blocked || !id.startsWith(db + '\0')) continue
      if (!this.ready.has(id)) this.ready.set(id, { db, key: id.slice(String(db).length + 1) })
    }
  }
}
