import { lua, type State } from './lua-api.js'

export function openStruct(L: State): void {
  lua.lua_newtable(L)
}
