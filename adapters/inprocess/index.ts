/**
 * The in-process adapter: a synchronous client on an engine in the same
 * JavaScript realm. It uses ECMAScript built-ins only, so it runs in Node,
 * browsers, Workers and QuickJS.
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
export { ReplyError, toJs, type JsValue } from './reply.js'
export { Engine, ManualClock, systemClock, type Clock } from '../../src/index.js'
