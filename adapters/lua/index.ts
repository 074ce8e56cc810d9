/**
 * Lua scripting for redlet: EVAL, EVALSHA, FCALL and FUNCTION on fengari (Lua
 * in JavaScript), shaped as the Lua 5.1 of Redis 7.0 with its libraries
 * (cjson, cmsgpack, bit, struct). The core has no script engine of its own;
 * this installs one. The Node server installs it by default.
 *
 * @example
 * ```ts
 * import { Engine } from 'redlet'
 * import { installLua } from 'redlet/lua'
 * const engine = new Engine()
 * installLua(engine, { log: (level, line) => console.log(line) })
 * ```
 */
import type { Engine } from '../../src/index.js'
import { LuaHost, type LuaOptions } from './host.js'

export { LuaHost, type BusyScript, type LuaOptions } from './host.js'

/** Gives `engine` a Lua host (replacing any other script engine) and returns it. */
export function installLua(engine: Engine, options: LuaOptions = {}): LuaHost {
  const host = new LuaHost(options)
  engine.scripting = host
  return host
}
