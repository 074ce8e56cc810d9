/**
 * Types for the parts of fengari 0.1.5 (a Lua 5.3 VM in JavaScript) that the
 * Lua host uses. fengari ships no typings. Strings are Uint8Array ("luastrings").
 */
declare namespace Fengari {
  /** A lua_State (a thread). */
  interface State {
    readonly __luaState: never
  }
  type LuaString = Uint8Array
  type CFunction = (L: State) => number
  type Hook = (L: State, ar: Debug) => void

  interface Debug {
    currentline: number
    source: LuaString | null
    what: LuaString | null
    short_src: LuaString | null
  }

  /** A Lua table as fengari stores it; `readonly` is our mark (see patch.ts). */
  interface Table {
    readonly?: boolean
    /** The last integer key stored and its entry (see patch.ts). */
    lastInt?: { key: number; entry: TableEntry } | undefined
    readonly strong: Map<unknown, TableEntry>
    /** First and last entries of the insertion-ordered list `next` walks. */
    f: TableEntry | undefined
    l: TableEntry | undefined
  }

  interface TableEntry {
    p: TableEntry | undefined
    n: TableEntry | undefined
  }

  /** A stack slot or table value inside the VM. */
  interface TValue {
    readonly type: number
    readonly value: unknown
    setfltvalue(x: number): void
    setsvalue(ts: unknown): void
    ttisinteger(): boolean
    ttisfloat(): boolean
  }

  interface Lua {
    readonly LUA_OK: number
    readonly LUA_ERRRUN: number
    readonly LUA_ERRSYNTAX: number
    readonly LUA_ERRERR: number
    readonly LUA_MULTRET: number
    readonly LUA_REGISTRYINDEX: number
    readonly LUA_RIDX_GLOBALS: number
    readonly LUA_TNONE: number
    readonly LUA_TNIL: number
    readonly LUA_TBOOLEAN: number
    readonly LUA_TLIGHTUSERDATA: number
    readonly LUA_TNUMBER: number
    readonly LUA_TSTRING: number
    readonly LUA_TTABLE: number
    readonly LUA_TFUNCTION: number
    readonly LUA_TUSERDATA: number
    readonly LUA_TTHREAD: number
    readonly LUA_MASKCOUNT: number
    lua_Debug: new () => Debug
    lua_absindex(L: State, idx: number): number
    lua_atnativeerror(L: State, f: CFunction): void
    lua_call(L: State, nargs: number, nresults: number): void
    lua_checkstack(L: State, n: number): boolean
    lua_concat(L: State, n: number): void
    lua_createtable(L: State, narr: number, nrec: number): void
    lua_error(L: State): number
    lua_getfield(L: State, idx: number, k: string | LuaString): number
    lua_getglobal(L: State, name: string | LuaString): number
    lua_getinfo(L: State, what: string, ar: Debug): number
    lua_getmetatable(L: State, idx: number): boolean
    lua_getstack(L: State, level: number, ar: Debug): number
    lua_gettop(L: State): number
    lua_insert(L: State, idx: number): void
    lua_isnumber(L: State, idx: number): boolean
    lua_isstring(L: State, idx: number): boolean
    lua_newtable(L: State): void
    lua_newuserdata(L: State, size: number): unknown
    lua_next(L: State, idx: number): boolean
    lua_pcall(L: State, nargs: number, nresults: number, msgh: number): number
    lua_pop(L: State, n: number): void
    lua_pushboolean(L: State, b: boolean): void
    lua_pushcfunction(L: State, f: CFunction): void
    lua_pushcclosure(L: State, f: CFunction, n: number): void
    lua_pushinteger(L: State, n: number): void
    lua_pushlightuserdata(L: State, p: unknown): void
    lua_pushliteral(L: State, s: string): void
    lua_pushnil(L: State): void
    lua_pushnumber(L: State, n: number): void
    lua_pushstring(L: State, s: LuaString | string): void
    lua_pushvalue(L: State, idx: number): void
    lua_rawequal(L: State, a: number, b: number): boolean
    lua_rawget(L: State, idx: number): number
    lua_rawgeti(L: State, idx: number, n: number): number
    lua_rawlen(L: State, idx: number): number
    lua_rawset(L: State, idx: number): void
    lua_rawseti(L: State, idx: number, n: number): void
    lua_remove(L: State, idx: number): void
    lua_replace(L: State, idx: number): void
    lua_setfield(L: State, idx: number, k: string | LuaString): void
    lua_setglobal(L: State, name: string | LuaString): void
    lua_sethook(L: State, f: Hook | null, mask: number, count: number): void
    lua_setmetatable(L: State, idx: number): void
    lua_settop(L: State, idx: number): void
    lua_setupvalue(L: State, funcindex: number, n: number): LuaString | null
    lua_toboolean(L: State, idx: number): boolean
    lua_tonumber(L: State, idx: number): number
    lua_topointer(L: State, idx: number): unknown
    lua_tostring(L: State, idx: number): LuaString | null
    lua_touserdata(L: State, idx: number): unknown
    lua_type(L: State, idx: number): number
    lua_upvalueindex(i: number): number
  }

  interface Lauxlib {
    luaL_argerror(L: State, arg: number, extramsg: string | LuaString): number
    luaL_checkany(L: State, arg: number): void
    luaL_checkinteger(L: State, arg: number): number
    luaL_checknumber(L: State, arg: number): number
    luaL_checkstring(L: State, arg: number): LuaString
    luaL_checktype(L: State, arg: number, t: number): void
    luaL_error(L: State, fmt: string | LuaString, ...args: unknown[]): number
    luaL_loadbuffer(L: State, buff: LuaString, size: number | null, name: string | LuaString | null): number
    luaL_newstate(): State
    luaL_optinteger(L: State, arg: number, def: number): number
    luaL_optnumber(L: State, arg: number, def: number): number
    luaL_ref(L: State, t: number): number
    luaL_requiref(L: State, modname: string | LuaString, openf: CFunction, glb: number): void
    luaL_tolstring(L: State, idx: number): LuaString
    luaL_typename(L: State, idx: number): LuaString
    luaL_unref(L: State, t: number, ref: number): void
    luaL_where(L: State, level: number): void
  }

  interface Lualib {
    luaopen_base: CFunction
    luaopen_coroutine: CFunction
    luaopen_math: CFunction
    luaopen_string: CFunction
    luaopen_table: CFunction
  }

  interface Lobject {
    TValue: new (type: number, value: unknown) => TValue
    pushsvalue2s(L: State, ts: TString): void
    pushobj2s(L: State, o: TValue): void
    luaO_str2num(s: LuaString, o: TValue): number
    luaO_tostring(L: State, obj: TValue): void
    luaO_pushvfstring(L: State, fmt: LuaString, argp: unknown[]): LuaString
    luaO_pushfstring(L: State, fmt: LuaString, ...argp: unknown[]): LuaString
  }

  interface Ltable {
    luaH_setfrom(L: State, t: Table, key: TValue, value: TValue): void
    luaH_setint(t: Table, key: number, value: TValue): void
    luaH_new(L: State): Table
  }

  interface Ldebug {
    luaG_runerror(L: State, fmt: LuaString, ...args: unknown[]): never
  }

  /** A Lua string (immutable bytes). */
  interface TString {
    readonly realstring: LuaString
  }

  interface Lstring {
    luaS_bless(L: State, s: LuaString): TString
  }

  interface Defs {
    to_luastring(s: string, cache?: boolean): LuaString
    readonly constant_types: { readonly LUA_TLNGSTR: number; readonly LUA_TTABLE: number }
  }
}

declare module 'fengari/src/lua.js' {
  const m: Fengari.Lua
  export default m
}
declare module 'fengari/src/lauxlib.js' {
  const m: Fengari.Lauxlib
  export default m
}
declare module 'fengari/src/lualib.js' {
  const m: Fengari.Lualib
  export default m
}
declare module 'fengari/src/lobject.js' {
  const m: Fengari.Lobject
  export default m
}
declare module 'fengari/src/ltable.js' {
  const m: Fengari.Ltable
  export default m
}
declare module 'fengari/src/ldebug.js' {
  const m: Fengari.Ldebug
  export default m
}
declare module 'fengari/src/lstring.js' {
  const m: Fengari.Lstring
  export default m
}
declare module 'fengari/src/defs.js' {
  const m: Fengari.Defs
  export default m
}
