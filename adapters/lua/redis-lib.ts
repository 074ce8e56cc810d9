/**
 * The `redis` library of scripts: `redis.call` and friends for EVAL and FCALL,
 * and `redis.register_function` while FUNCTION LOAD runs a library.
 */
import {
  error,
  formatDouble,
  isScriptFlag,
  REDIS_VERSION,
  SCRIPT_FLAGS,
  ScriptErr,
  sha1Hex,
  validName,
  type FunctionInfo,
  type Reply,
  type ScriptApi,
  type ScriptFlag,
} from '../../src/index.js'
import { pushErrorTable, pushReply } from './convert.js'
import {
  lauxlib,
  lua,
  LUA_REGISTRYINDEX,
  LUA_TFUNCTION,
  LUA_TNUMBER,
  LUA_TSTRING,
  LUA_TTABLE,
  pushBytes,
  rawgetField,
  setFunctions,
  toBytes,
  type State,
} from './lua-api.js'

/** A library being loaded: what `register_function` collects. */
export interface LoadingLibrary {
  readonly functions: FunctionInfo[]
  /** Function name → registry reference of its callback. */
  readonly refs: Map<string, number>
}

/** What the library needs from the host. */
export interface RedisLibHost {
  readonly current: ScriptApi | null
  readonly loading: LoadingLibrary | null
  log(level: number, message: string): void
}

/** Raises Redis's error table `{err = ...}` (no position: the error handler adds where). */
export function raiseTable(L: State, message: string): number {
  pushErrorTable(L, message, false)
  return lua.lua_error(L)
}

function args(L: State, from: number): string[] | null {
  const n = lua.lua_gettop(L)
  const argv: string[] = []
  for (let i = from; i <= n; i++) {
    const t = lua.lua_type(L, i)
    if (t === LUA_TSTRING) argv.push(toBytes(L, i) as string)
    else if (t === LUA_TNUMBER) argv.push(formatDouble(lua.lua_tonumber(L, i)))
    else return null
  }
  return argv
}

function call(host: RedisLibHost, raise: boolean): Fengari.CFunction {
  return (L) => {
    const api = host.current
    let reply: Reply
    const argv = args(L, 1)
    if (api === null) reply = error(ScriptErr.notAllowed)
    else if (lua.lua_gettop(L) === 0) reply = error(ScriptErr.noArgs)
    else if (argv === null) reply = error(ScriptErr.argType)
    else reply = api.call(argv)
    if (reply.t === 'error') {
      pushErrorTable(L, reply.v, true)
      return raise ? lua.lua_error(L) : 1
    }
    pushReply(L, reply, api?.resp ?? 2)
    return 1
  }
}

function log(host: RedisLibHost): Fengari.CFunction {
  return (L) => {
    const n = lua.lua_gettop(L)
    if (n < 2) return raiseTable(L, ScriptErr.logArgs)
    if (lua.lua_type(L, 1) !== LUA_TNUMBER) return raiseTable(L, ScriptErr.logLevelType)
    const level = lua.lua_tonumber(L, 1)
    if (level < 0 || level > 3) return raiseTable(L, ScriptErr.logLevel)
    const parts: string[] = []
    for (let i = 2; i <= n; i++) {
      const s = toBytes(L, i)
      if (s !== null) parts.push(s)
    }
    host.log(Math.trunc(level), parts.join(' '))
    return 0
  }
}

function pushConstants(L: State, withRepl: boolean): void {
  const [major = 0, minor = 0, patch = 0] = REDIS_VERSION.split('.').map(Number)
  const nums: [string, number][] = [
    ['LOG_DEBUG', 0],
    ['LOG_VERBOSE', 1],
    ['LOG_NOTICE', 2],
    ['LOG_WARNING', 3],
    ['REDIS_VERSION_NUM', (major << 16) | (minor << 8) | patch],
  ]
  if (withRepl) nums.push(['REPL_NONE', 0], ['REPL_AOF', 1], ['REPL_SLAVE', 2], ['REPL_REPLICA', 2], ['REPL_ALL', 3])
  for (const [k, v] of nums) {
    lua.lua_pushnumber(L, v)
    lua.lua_setfield(L, -2, k)
  }
  pushBytes(L, REDIS_VERSION)
  lua.lua_setfield(L, -2, 'REDIS_VERSION')
}

/** Pushes the `redis` table of EVAL scripts (`eval`) or of functions at run time (`function`). */
export function pushRedisLib(L: State, host: RedisLibHost, kind: 'eval' | 'function'): void {
  lua.lua_newtable(L)
  pushConstants(L, true)
  setFunctions(L, {
    call: call(host, true),
    pcall: call(host, false),
    log: log(host),
    error_reply: (L1) => {
      if (lua.lua_gettop(L1) !== 1 || lua.lua_type(L1, 1) !== LUA_TSTRING) pushErrorTable(L1, ScriptErr.replyArgs, false)
      else pushErrorTable(L1, toBytes(L1, 1) as string, false)
      return 1
    },
    status_reply: (L1) => {
      if (lua.lua_gettop(L1) !== 1 || lua.lua_type(L1, 1) !== LUA_TSTRING) {
        pushErrorTable(L1, ScriptErr.replyArgs, false)
        return 1
      }
      lua.lua_createtable(L1, 0, 1)
      lua.lua_pushvalue(L1, 1)
      lua.lua_setfield(L1, -2, 'ok')
      return 1
    },
    sha1hex: (L1) => {
      if (lua.lua_gettop(L1) !== 1) return raiseTable(L1, ScriptErr.sha1Args)
      pushBytes(L1, sha1Hex(toBytes(L1, 1) ?? ''))
      return 1
    },
    setresp: (L1) => {
      if (lua.lua_gettop(L1) !== 1) return raiseTable(L1, ScriptErr.setrespArgs)
      const v = lua.lua_tonumber(L1, 1)
      if (v !== 2 && v !== 3) return raiseTable(L1, ScriptErr.setrespVersion)
      host.current?.setResp(v)
      return 0
    },
    set_repl: (L1) => {
      if (lua.lua_gettop(L1) !== 1) return raiseTable(L1, ScriptErr.setReplArgs)
      const v = lua.lua_tonumber(L1, 1)
      if (!Number.isInteger(v) || (v & ~3) !== 0) return raiseTable(L1, ScriptErr.setReplFlags)
      // effects always replicate whole in redlet: the flags are accepted and have no effect
      return 0
    },
    acl_check_cmd: (L1) => {
      if (lua.lua_gettop(L1) === 0) return raiseTable(L1, ScriptErr.noArgs)
      const argv = args(L1, 1)
      if (argv === null) return raiseTable(L1, ScriptErr.argType)
      const ok = host.current?.aclCheck(argv) ?? null
      if (ok === null) return raiseTable(L1, ScriptErr.aclCheckCommand)
      lua.lua_pushboolean(L1, ok)
      return 1
    },
  })
  if (kind === 'eval') {
    setFunctions(L, {
      replicate_commands: (L1) => {
        lua.lua_pushboolean(L1, true)
        return 1
      },
      breakpoint: (L1) => {
        lua.lua_pushboolean(L1, false)
        return 1
      },
      debug: () => 0,
    })
  }
}

function register(host: RedisLibHost): Fengari.CFunction {
  return (L) => {
    const lib = host.loading
    if (lib === null) return raiseTable(L, ScriptErr.notAllowed)
    const n = lua.lua_gettop(L)
    let name: string | null = null
    let description: string | null = null
    const flags = new Set<ScriptFlag>()
    if (n === 1) {
      if (lua.lua_type(L, 1) !== LUA_TTABLE) return raiseTable(L, ScriptErr.registerSingleArg)
      let callback = false
      lua.lua_pushnil(L)
      while (lua.lua_next(L, 1)) {
        lua.lua_pushvalue(L, -2)
        const key = lua.lua_type(L, -1) === LUA_TSTRING ? toBytes(L, -1) : null
        lua.lua_pop(L, 1)
        const vt = lua.lua_type(L, -1)
        if (key === 'function_name') name = vt === LUA_TSTRING || vt === LUA_TNUMBER ? toBytes(L, -1) : null
        else if (key === 'description') description = vt === LUA_TSTRING || vt === LUA_TNUMBER ? toBytes(L, -1) : null
        else if (key === 'callback') {
          if (vt !== LUA_TFUNCTION) return raiseTable(L, ScriptErr.registerCallbackType)
          callback = true
        } else if (key === 'flags') {
          if (vt !== LUA_TTABLE) return raiseTable(L, ScriptErr.registerFlagsType)
          lua.lua_pushnil(L)
          while (lua.lua_next(L, -2)) {
            const f = lua.lua_type(L, -1) === LUA_TSTRING ? (toBytes(L, -1) as string) : ''
            if (!isScriptFlag(f)) return raiseTable(L, ScriptErr.registerUnknownFlag)
            flags.add(f)
            lua.lua_pop(L, 1)
          }
        } else return raiseTable(L, ScriptErr.registerUnknownArg)
        lua.lua_pop(L, 1)
      }
      if (name === null) return raiseTable(L, ScriptErr.registerNoName)
      if (!callback) return raiseTable(L, ScriptErr.registerNoCallback)
      rawgetField(L, 1, 'callback')
    } else if (n === 2) {
      name = toBytes(L, 1) ?? ''
      if (lua.lua_type(L, 2) !== LUA_TFUNCTION) return raiseTable(L, ScriptErr.registerNotFunction)
      lua.lua_pushvalue(L, 2)
    } else return raiseTable(L, ScriptErr.registerArity)
    if (!validName(name)) return raiseTable(L, ScriptErr.badName)
    if (lib.refs.has(name)) return raiseTable(L, ScriptErr.registerDuplicate)
    lib.refs.set(name, lauxlib.luaL_ref(L, LUA_REGISTRYINDEX))
    lib.functions.push({ name, description, flags: SCRIPT_FLAGS.filter((f) => flags.has(f)) })
    return 0
  }
}

/** Pushes the `redis` table a library sees while it loads: registering and logging only. */
export function pushLoadRedisLib(L: State, host: RedisLibHost): void {
  lua.lua_newtable(L)
  pushConstants(L, false)
  setFunctions(L, { register_function: register(host), log: log(host) })
}
