/**
 * The Lua host: compiles and runs EVAL scripts and function libraries on
 * fengari for the engine (core/scripting.ts is the contract).
 */
import { error, ScriptErr, type CompiledLibrary, type FunctionInfo, type Reply, type ScriptApi, type ScriptingHost } from '../../src/index.js'
import { toReply } from './convert.js'
import { ascii, bytesOf, pushStringArray, rawSetValue, setCurrentState, stringArray } from './patch.js'
import { lauxlib, lua, LUA_OK, LUA_REGISTRYINDEX, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, rawgetField, toBytes, type State } from './lua-api.js'
import { raiseTable, type LoadingLibrary, type RedisLibHost } from './redis-lib.js'
import { createEvalState, createFunctionState, type EvalState } from './state.js'
import { Rand48 } from './stdlib.js'

/** What `onBusy` learns about the script that passed busy-reply-threshold. */
export interface BusyScript {
  readonly kind: 'eval' | 'function'
  /** The script's sha, or the function's name. */
  readonly name: string
}

export interface LuaOptions {
  /** Where `redis.log` lines go (level 0 = debug ... 3 = warning). Default: dropped. */
  log?: (level: number, message: string) => void
  /**
   * Called from inside a script that runs past busy-reply-threshold, every few
   * thousand Lua instructions. The engine stays synchronous: this is the only
   * moment other work can happen. Commands dispatched here from other sessions
   * get BUSY, except SCRIPT KILL / FUNCTION KILL / FUNCTION STATS, which work.
   */
  onBusy?: (script: BusyScript) => void
  /** Lua instructions between two checks of the clock and the kill flag. Default 10000. */
  checkEvery?: number
}

interface LuaLibrary extends CompiledLibrary {
  readonly refs: Map<string, number>
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, ' ')
}

/** The error text of a failed call: `<err> script: <name>, on <source>:<line>.` */
function errorText(L: State, name: string | null): string {
  if (lua.lua_type(L, -1) !== LUA_TTABLE) return ScriptErr.running(name ?? '', toBytes(L, -1) ?? '')
  const err = rawgetField(L, -1, 'err') === LUA_TSTRING ? (toBytes(L, -1) as string) : ScriptErr.unknownError
  const source = rawgetField(L, -2, 'source') === LUA_TSTRING ? toBytes(L, -1) : null
  const line = rawgetField(L, -3, 'line') === LUA_TNUMBER ? lua.lua_tonumber(L, -1) : 0
  lua.lua_pop(L, 3)
  if (name === null || source === null || line === 0) return err
  return ScriptErr.where(err, name, source, line)
}

export class LuaHost implements ScriptingHost, RedisLibHost {
  readonly engineName = 'LUA'
  current: ScriptApi | null = null
  loading: LoadingLibrary | null = null
  private evalVm: EvalState | null = null
  private fnVm: ReturnType<typeof createFunctionState> | null = null
  private readonly scripts = new Map<string, number>()
  private readonly rand = new Rand48()
  private readonly checkEvery: number

  constructor(private readonly options: LuaOptions = {}) {
    this.checkEvery = options.checkEvery ?? 10000
  }

  log(level: number, message: string): void {
    this.options.log?.(level, message)
  }

  private get evalState(): EvalState {
    return (this.evalVm ??= createEvalState(this, this.rand))
  }

  private get fnState(): ReturnType<typeof createFunctionState> {
    return (this.fnVm ??= createFunctionState(this, this.rand))
  }

  private readonly hook = (L: State): void => {
    const api = this.current
    if (api === null) return
    if (!api.interrupted() && api.busy) this.options.onBusy?.({ kind: api.kind, name: api.name })
    if (api.interrupted()) {
      // keep raising at every instruction, so a pcall in the script cannot swallow the kill
      lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, 1)
      raiseTable(L, ScriptErr.killed)
    }
  }

  compileScript(sha: string, body: string): string | null {
    const L = this.evalState.L
    if (lauxlib.luaL_loadbuffer(L, bytesOf(body), null, ascii('@user_script')) !== LUA_OK) {
      const msg = toBytes(L, -1) ?? ''
      lua.lua_pop(L, 1)
      return ScriptErr.compile(msg)
    }
    const old = this.scripts.get(sha)
    if (old !== undefined) lauxlib.luaL_unref(L, LUA_REGISTRYINDEX, old)
    this.scripts.set(sha, lauxlib.luaL_ref(L, LUA_REGISTRYINDEX))
    return null
  }

  runScript(sha: string, api: ScriptApi): Reply {
    const vm = this.evalState
    const ref = this.scripts.get(sha)
    if (ref === undefined) return error(ScriptErr.unknownError)
    const L = vm.L
    // fresh KEYS and ARGV tables each call, set into the read-only globals (a raw set: no metamethod is involved)
    rawSetValue(L, vm.globals, vm.keysName, stringArray(L, api.keys))
    rawSetValue(L, vm.globals, vm.argvName, stringArray(L, api.args))
    return this.call(L, vm.handler, api, ref, false)
  }

  flushScripts(): void {
    this.evalVm = null
    this.scripts.clear()
  }

  loadLibrary(code: string): CompiledLibrary | string {
    const vm = this.fnState
    const L = vm.L
    const base = lua.lua_gettop(L)
    if (lauxlib.luaL_loadbuffer(L, bytesOf(code), null, ascii('@user_function')) !== LUA_OK) {
      const msg = toBytes(L, -1) ?? ''
      lua.lua_settop(L, base)
      return ScriptErr.compileFunction(msg)
    }
    // the chunk's _ENV is the load environment while it runs, then the runtime globals
    // (functions it defined share that upvalue, so they see the runtime globals)
    lua.lua_rawgeti(L, LUA_REGISTRYINDEX, vm.loadEnv)
    lua.lua_setupvalue(L, -2, 1)
    lua.lua_rawgeti(L, LUA_REGISTRYINDEX, vm.handler)
    lua.lua_pushvalue(L, base + 1)
    const lib: LoadingLibrary = { functions: [], refs: new Map() }
    this.loading = lib
    setCurrentState(L)
    let status: number
    try {
      status = lua.lua_pcall(L, 0, 0, base + 2)
    } finally {
      this.loading = null
      setCurrentState(null)
    }
    if (status !== LUA_OK) {
      const msg = errorText(L, null)
      for (const ref of lib.refs.values()) lauxlib.luaL_unref(L, LUA_REGISTRYINDEX, ref)
      lua.lua_settop(L, base)
      return ScriptErr.registering(oneLine(msg))
    }
    lua.lua_rawgeti(L, LUA_REGISTRYINDEX, vm.globals)
    lua.lua_setupvalue(L, base + 1, 1)
    lua.lua_settop(L, base)
    const compiled: LuaLibrary = { functions: lib.functions as readonly FunctionInfo[], refs: lib.refs }
    return compiled
  }

  runFunction(lib: CompiledLibrary, name: string, api: ScriptApi): Reply {
    const vm = this.fnState
    const ref = (lib as LuaLibrary).refs.get(name)
    if (ref === undefined) return error(ScriptErr.functionNotFound)
    const L = vm.L
    return this.call(L, vm.handler, api, ref, true)
  }

  releaseLibrary(lib: CompiledLibrary): void {
    if (this.fnVm === null) return
    for (const ref of (lib as LuaLibrary).refs.values()) lauxlib.luaL_unref(this.fnVm.L, LUA_REGISTRYINDEX, ref)
  }

  memory(): { eval: number; functions: number } {
    // fengari lives on the JavaScript heap and cannot measure itself: a rough estimate
    return { eval: this.evalVm === null ? 0 : 32768 + this.scripts.size * 1024, functions: this.fnVm === null ? 0 : 32768 }
  }

  /** Calls the function at registry `ref` under the error handler, with KEYS and ARGV as arguments for a function. */
  private call(L: State, handler: number, api: ScriptApi, ref: number, withArgs: boolean): Reply {
    const base = lua.lua_gettop(L)
    lua.lua_rawgeti(L, LUA_REGISTRYINDEX, handler)
    lua.lua_rawgeti(L, LUA_REGISTRYINDEX, ref)
    if (withArgs) {
      pushStringArray(L, api.keys)
      pushStringArray(L, api.args)
    }
    this.current = api
    setCurrentState(L)
    lua.lua_sethook(L, this.hook, lua.LUA_MASKCOUNT, this.checkEvery)
    try {
      const status = lua.lua_pcall(L, withArgs ? 2 : 0, 1, base + 1)
      if (status === LUA_OK) return toReply(L, -1)
      return error(oneLine(errorText(L, api.name)))
    } finally {
      lua.lua_sethook(L, null, 0, 0)
      this.current = null
      setCurrentState(null)
      lua.lua_settop(L, base)
    }
  }
}
