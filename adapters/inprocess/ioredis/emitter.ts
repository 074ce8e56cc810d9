/**
 * A small EventEmitter with Node's semantics for the methods ioredis users
 * call (on, once, off, emit, listeners...), so the client imports no `events`.
 */

// A listener may take any arguments: `never[]` accepts every function type.
export type Listener = (...args: never[]) => void
type Call = (...args: unknown[]) => void

interface Entry {
  readonly fn: Call
  readonly listener: Listener
  readonly once: boolean
}

export class EventEmitter {
  private readonly handlers = new Map<string | symbol, Entry[]>()
  private maxListeners = 10

  private add(event: string | symbol, listener: Listener, once: boolean, prepend: boolean): this {
    let list = this.handlers.get(event)
    if (list === undefined) this.handlers.set(event, (list = []))
    // as Node does: tell `newListener` listeners first
    if (this.handlers.has('newListener')) this.emit('newListener', event, listener)
    const entry = { fn: listener as unknown as Call, listener, once }
    if (prepend) list.unshift(entry)
    else list.push(entry)
    return this
  }

  on(event: string | symbol, listener: Listener): this {
    return this.add(event, listener, false, false)
  }

  addListener(event: string | symbol, listener: Listener): this {
    return this.add(event, listener, false, false)
  }

  prependListener(event: string | symbol, listener: Listener): this {
    return this.add(event, listener, false, true)
  }

  once(event: string | symbol, listener: Listener): this {
    return this.add(event, listener, true, false)
  }

  prependOnceListener(event: string | symbol, listener: Listener): this {
    return this.add(event, listener, true, true)
  }

  off(event: string | symbol, listener: Listener): this {
    const list = this.handlers.get(event)
    if (list === undefined) return this
    for (let i = list.length - 1; i >= 0; i--) {
      if ((list[i] as Entry).listener === listener) {
        list.splice(i, 1)
        break
      }
    }
    if (list.length === 0) this.handlers.delete(event)
    return this
  }

  removeListener(event: string | symbol, listener: Listener): this {
    return this.off(event, listener)
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.handlers.clear()
    else this.handlers.delete(event)
    return this
  }

  /** Calls the listeners in order; an `error` nobody listens to is thrown, as Node does. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this.handlers.get(event)
    if (list === undefined || list.length === 0) {
      if (event === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${String(args[0])})`)
      return false
    }
    for (const e of [...list]) {
      if (e.once) this.off(event, e.listener)
      e.fn.apply(this, args)
    }
    return true
  }

  listeners(event: string | symbol): Listener[] {
    return (this.handlers.get(event) ?? []).map((e) => e.listener)
  }

  rawListeners(event: string | symbol): Listener[] {
    return this.listeners(event)
  }

  listenerCount(event: string | symbol): number {
    return this.handlers.get(event)?.length ?? 0
  }

  eventNames(): (string | symbol)[] {
    return [...this.handlers.keys()]
  }

  setMaxListeners(n: number): this {
    this.maxListeners = n
    return this
  }

  getMaxListeners(): number {
    return this.maxListeners
  }
}
