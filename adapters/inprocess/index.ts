/**
 * The in-process adapter: clients on an engine in the same JavaScript realm.
 * It uses ECMAScript built-ins only, so it runs in Node, browsers, Workers and
 * QuickJS.
 *
 * - `Redlet`: synchronous; a blocking command acts as its non-blocking form.
 * - `RedletAsync`: promises; blocking commands wait for a push or their timeout.
 * - `Subscription` (`r.pubsub()`): pub/sub messages as callbacks or an async iterator.
 * - `multi()` on either client: a transaction builder.
 * - `persistToIndexedDB(engine)`: a browser engine kept in IndexedDB.
 * - `redlet/ioredis` (a separate entry): an ioredis 6 compatible client.
 *
 * @example
 * ```ts
 * import { Redlet, ManualClock } from 'redlet/inprocess'
 * const clock = new ManualClock(Date.now())
 * const r = new Redlet({ clock })
 * r.set('k', 'v', 'PX', 100)
 * clock.advance(101)
 * r.get('k') // null
 * ```
 */
export { Redlet, toArg, type Arg, type RedletOptions } from './redlet.js'
export { Ticker, tickerFor } from './ticker.js'
export { RedletAsync, ClientClosedError } from './async.js'
export { Subscription, type SubscriptionOptions } from './subscription.js'
export { Multi, ExecAbortError } from './multi.js'
export { MessageHub, type PubSubMessage, type MessageListener, type Invalidation } from './messages.js'
export { ReplyError, toJs, type JsValue } from './reply.js'
export { IndexedDbPersistence, persistToIndexedDB, type IndexedDbOptions } from './indexeddb.js'
export { Engine, ManualClock, systemClock, type Clock } from '../../src/index.js'
