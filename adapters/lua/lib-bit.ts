import { lua, type State } from './lua-api.js'

export function openBit(L: State): void {
  lua.lua_newtable(L)
}
