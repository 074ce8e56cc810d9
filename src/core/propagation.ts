/**
 * The `propagate` stream (DESIGN.md §4): every write as it took effect goes to
 * the listeners (the AOF, a Durable Object's storage). Writes made inside a
 * batch (EXEC, a script) are held and emitted together, wrapped in MULTI/EXEC
 * when there is more than one, as Redis 7.0 replicates them.
 */
export type PropagateListener = (argv: readonly string[], db: number) => void

export class Propagation {
  private readonly listeners: PropagateListener[] = []
  private buffer: [readonly string[], number][] | null = null

  emit(argv: readonly string[], db: number): void {
    if (this.buffer !== null) {
      this.buffer.push([argv, db])
      return
    }
    for (const l of this.listeners) l(argv, db)
  }

  /** Adds a listener; returns the function that removes it. */
  listen(fn: PropagateListener): () => void {
    this.listeners.push(fn)
    return () => {
      const i = this.listeners.indexOf(fn)
      if (i >= 0) this.listeners.splice(i, 1)
    }
  }

  /** Starts holding writes; false (and nothing to end) when nobody listens or a batch is already open. */
  beginBatch(): boolean {
    if (this.listeners.length === 0 || this.buffer !== null) return false
    this.buffer = []
    return true
  }

  /** Emits the held writes, wrapped in MULTI/EXEC when more than one. */
  endBatch(): void {
    const ops = this.buffer ?? []
    this.buffer = null
    const wrap = ops.length > 1
    if (wrap) this.emit(['multi'], (ops[0] as [readonly string[], number])[1])
    for (const [argv, db] of ops) this.emit(argv, db)
    if (wrap) this.emit(['exec'], (ops[ops.length - 1] as [readonly string[], number])[1])
  }
}
